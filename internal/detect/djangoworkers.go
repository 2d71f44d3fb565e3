package detect

// Workers of task libraries' Django integrations: an app of
// djangoworkers.toml in INSTALLED_APPS runs its management command as the
// worker, which sets Django up and reads the library's settings; the
// library's own program (codeworkers.toml's row) does neither.

import (
	_ "embed"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed djangoworkers.toml
var djangoWorkersTOML []byte

type djangoWorker struct {
	App           string   `toml:"app"`
	Packages      []string `toml:"packages"`
	Tool          string   `toml:"tool"`
	Command       []string `toml:"command"`
	QueuesSetting string   `toml:"queues_setting"`
	Source        string   `toml:"source"`
}

var djangoWorkers = func() []djangoWorker {
	var t struct{ Worker []djangoWorker }
	if err := toml.Unmarshal(djangoWorkersTOML, &t); err != nil {
		panic("djangoworkers.toml: " + err.Error())
	}
	for _, w := range t.Worker {
		if w.App == "" || len(w.Packages) == 0 || w.Tool == "" || len(w.Command) == 0 || w.Source == "" {
			panic("djangoworkers.toml: bad row " + w.App)
		}
	}
	return t.Worker
}()

// installedApp is an INSTALLED_APPS entry (an AppConfig path cut to its
// app) and the line that lists it.
type installedApp struct {
	Name   string
	Source Source
}

// findDjangoWorkers returns the workers of the Django integrations the
// site installs, and the codeworkers.toml tools they replace. A command
// the authors' own files already run (a Procfile's or launch file's
// `manage.py rundramatiq`) is theirs: not added twice.
func findDjangoWorkers(f *Facts) (procs []Procfile, replaced map[string]bool) {
	dj := f.Django
	if dj == nil {
		return nil, nil
	}
	replaced = map[string]bool{}
	manage := path.Join(dj.Dir, "manage.py")
	for _, w := range djangoWorkers {
		i := slices.IndexFunc(dj.apps, func(a installedApp) bool { return a.Name == w.App })
		if i < 0 || !slices.ContainsFunc(w.Packages, f.IsInstalled) {
			continue
		}
		replaced[w.Tool] = true
		sub := "manage.py " + strings.Join(w.Command, " ")
		if slices.ContainsFunc(f.Processes, func(p Procfile) bool { return strings.Contains(p.Command, sub) }) {
			continue
		}
		argv := append([]string{"python", manage}, w.Command...)
		at := Source{File: path.Join(dj.Dir, dj.apps[i].Source.File), Line: dj.apps[i].Source.Line}
		via := w.App + " in INSTALLED_APPS (" + at.String() + ")"
		why := via + ": its management command is the worker, with Django set up and the library's settings read (" + w.Source + ")"
		if w.QueuesSetting != "" && len(dj.queues[w.QueuesSetting]) > 0 {
			argv = append(argv, dj.queues[w.QueuesSetting]...)
			why += "; the queues of " + w.QueuesSetting
		}
		name := "worker"
		if f.Dep("celery") != nil || len(procs) > 0 || slices.ContainsFunc(f.Processes, func(p Procfile) bool { return p.Process == "worker" }) {
			name = w.Tool + "-worker"
		}
		procs = append(procs, Procfile{Process: name, Command: strings.Join(argv, " "), Source: at, Via: via, Why: why})
	}
	return procs, replaced
}

// readWorkerQueues reads, for each queues_setting of the table, the keys of
// the dict the settings assign it at module level, in order.
func readWorkerQueues(fsys fs.FS, root, file string) map[string][]string {
	var names []string
	for _, w := range djangoWorkers {
		if w.QueuesSetting != "" {
			names = append(names, w.QueuesSetting)
		}
	}
	var out map[string][]string
	walkSettings(fsys, root, file, func(_ string, l pyLine) {
		if l.indent != 0 {
			return
		}
		m := assignNameRe.FindStringSubmatch(l.text)
		if m == nil || !slices.Contains(names, m[1]) {
			return
		}
		rhs := strings.TrimSpace(l.text[strings.Index(l.text, "=")+1:])
		if keys := dictKeys(rhs); len(keys) > 0 {
			if out == nil {
				out = map[string][]string{}
			}
			out[m[1]] = keys
		}
	})
	return out
}

// dictKeys are the string keys of a dict literal's top level ({"a": …,
// 'b': {…}}), in order; nil when text is not a dict literal or a key is
// not a plain name.
func dictKeys(text string) []string {
	if !strings.HasPrefix(text, "{") {
		return nil
	}
	var keys []string
	depth := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
		case '"', '\'':
			end := strings.IndexByte(text[i+1:], c)
			if end < 0 {
				return nil
			}
			lit := text[i+1 : i+1+end]
			i += end + 1
			if depth == 1 && strings.HasPrefix(strings.TrimSpace(text[i+1:]), ":") {
				if !isIdentifier(strings.ReplaceAll(lit, "-", "_")) {
					return nil
				}
				keys = append(keys, lit)
			}
		}
	}
	return keys
}
