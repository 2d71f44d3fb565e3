package detect

// Task queue workers found from the code, as Celery's app is: a row of
// codeworkers.toml per tool says what object the worker loads and how it
// starts. Each becomes a process beside the server (plan makes it a compose
// service of the same image).

import (
	_ "embed"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed codeworkers.toml
var codeWorkersTOML []byte

type codeWorker struct {
	Tool       string   `toml:"tool"`
	Package    string   `toml:"package"`
	ClassAttrs []string `toml:"class_attrs"`
	Calls      []string `toml:"calls"`
	Decorators []string `toml:"decorators"`
	Argv       []string `toml:"argv"`
	What       string   `toml:"what"`
	Source     string   `toml:"source"`
}

var codeWorkers = func() []codeWorker {
	var t struct{ Worker []codeWorker }
	if err := toml.Unmarshal(codeWorkersTOML, &t); err != nil {
		panic("codeworkers.toml: " + err.Error())
	}
	for _, w := range t.Worker {
		if w.Tool == "" || w.Package == "" || w.Source == "" || w.What == "" || !slices.Contains(w.Argv, "{target}") || evidenceKinds(w) != 1 {
			panic("codeworkers.toml: bad row " + w.Tool)
		}
	}
	return t.Worker
}()

func evidenceKinds(w codeWorker) int {
	n := 0
	for _, has := range []bool{len(w.ClassAttrs) > 0, len(w.Calls) > 0, len(w.Decorators) > 0} {
		if has {
			n++
		}
	}
	return n
}

var (
	// @dramatiq.actor, @actor(queue_name="x").
	decoratorRe = regexp.MustCompile(`^@\s*([A-Za-z_][\w.]*)`)
	classRe     = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)\s*[:(]`)
	// name = Call(…) or name: T = mod.Call(…) at module level.
	workerCallRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\(`)
)

// findCodeWorkers returns, for each installed tool of codeworkers.toml, the
// first object the project's code (tests, examples and scripts left out)
// defines for its worker, as a process; name is "worker" unless Celery,
// whose worker compose names so, is a dependency too. The tools in
// replaced run through their Django integration's command instead.
func findCodeWorkers(fsys fs.FS, f *Facts, roots []string, replaced map[string]bool) []Procfile {
	var out []Procfile
	for _, w := range codeWorkers {
		if !f.IsInstalled(w.Package) || replaced[w.Tool] {
			continue
		}
		var targets []string
		var at []Source
		_ = walkPython(fsys, roots, func(file, module string, data []byte) {
			if notAppCode(file) || !strings.Contains(string(data), w.Tool) || len(at) > 0 && len(w.Decorators) == 0 {
				return
			}
			if target, line := workerObject(w, data); target != "" {
				if len(w.Decorators) == 0 {
					module += "." + target
				}
				targets, at = append(targets, module), append(at, Source{File: file, Line: line})
			}
		})
		if len(targets) > 0 {
			var argv []string
			for _, a := range w.Argv {
				if a == "{target}" {
					argv = append(argv, targets...)
				} else {
					argv = append(argv, a)
				}
			}
			var where []string
			for _, s := range at {
				where = append(where, s.String())
			}
			via := w.What + " at " + strings.Join(where, ", ")
			found := &Procfile{Process: "worker", Command: strings.Join(argv, " "), Source: at[0], Via: via, Why: via + ": what its worker loads (" + w.Source + ")"}
			if f.Dep("celery") != nil || slices.ContainsFunc(out, func(p Procfile) bool { return p.Process == "worker" }) || slices.ContainsFunc(f.Processes, func(p Procfile) bool { return p.Process == "worker" && p.Why != "" }) {
				found.Process = w.Tool + "-worker"
			}
			out = append(out, *found)
		}
	}
	return out
}

// workerObject is the module-level object of data a row's worker loads,
// and its line; "" when the file has none.
func workerObject(w codeWorker, data []byte) (string, int) {
	lines := pyLines(data)
	for i, l := range lines {
		if l.indent != 0 {
			continue
		}
		if len(w.ClassAttrs) > 0 {
			m := classRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			// The class body's own lines (not its methods'): the lines after
			// it at the first one's indent, up to the next module-level line.
			body := -1
			for _, b := range lines[i+1:] {
				if b.indent == 0 {
					break
				}
				if body < 0 {
					body = b.indent
				}
				if b.indent != body {
					continue
				}
				if k := assignNameRe.FindStringSubmatch(b.text); k != nil && slices.Contains(w.ClassAttrs, k[1]) {
					return m[1], l.line
				}
			}
			continue
		}
		if m := workerCallRe.FindStringSubmatch(l.text); m != nil && slices.Contains(w.Calls, m[2]) {
			return m[1], l.line
		}
		if m := decoratorRe.FindStringSubmatch(l.text); m != nil && slices.Contains(w.Decorators, m[1]) {
			return "module", l.line
		}
	}
	return "", 0
}

// assignNameRe is an assignment's target name: `functions = [...]`,
// `functions: list = [...]`.
var assignNameRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=[^=]`)
