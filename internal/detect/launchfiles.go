package detect

// Background processes the authors' own launch files run beside the server:
// a uwsgi.ini's attach-daemons, a supervisord file's [program:x] sections.
// Each becomes a Procfile-like process (plan makes it a compose service of
// the same image); the server itself, and what runs only when a variable is
// set, are left out, the latter with a note.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// launchDirs are where projects keep their uwsgi and supervisord files.
var launchDirs = []string{".", "bin", "scripts", "docker", "deploy", "config", "conf"}

// uwsgiDaemons are the uwsgi options that run a program beside the
// workers; Skip is how many words come before the command (the pidfile of
// the smart variants).
var uwsgiDaemons = []struct {
	Option string
	Skip   int
	Source string
}{
	{"attach-daemon", 0, "https://uwsgi-docs.readthedocs.io/en/latest/AttachingDaemons.html"},
	{"attach-control-daemon", 0, "https://uwsgi-docs.readthedocs.io/en/latest/AttachingDaemons.html"},
	{"smart-attach-daemon", 1, "https://uwsgi-docs.readthedocs.io/en/latest/AttachingDaemons.html"},
	{"smart-attach-daemon2", 1, "https://uwsgi-docs.readthedocs.io/en/latest/AttachingDaemons.html"},
}

var (
	// a key alone (uwsgi's "master") sets it.
	launchKeyRe = regexp.MustCompile(`^([A-Za-z0-9_.-]+)\s*(?:[=:]\s*(.*?))?\s*$`)
	// supervisord's %(ENV_X)s as a whole word: a variable it passes.
	supervisordEnvRe   = regexp.MustCompile(`^%\(ENV_(\w+)\)s$`)
	supervisordExpRe   = regexp.MustCompile(`%\([\w.]+\)[sd]`)
	supervisordExpBack = regexp.MustCompile(`PYDOCKEXP\d+X`)
	// a launch file named for development or tests is not how it deploys.
	devLaunchRe = regexp.MustCompile(`(?i)(?:^|[._-])(?:dev|develop|development|local|test|tests|testing|debug)(?:[._-]|$)`)
)

// findLaunchProcesses reads the uwsgi and supervisord files in launchDirs
// for the processes they run beside the server; notes say what is left out.
func findLaunchProcesses(fsys fs.FS) (procs []Procfile, notes []string) {
	seen := map[string]bool{}
	add := func(p Procfile) {
		if key := p.Process + "\x00" + p.Command; !seen[key] {
			seen[key] = true
			procs = append(procs, p)
		}
	}
	for _, d := range launchDirs {
		entries, err := fs.ReadDir(fsys, d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			ext := path.Ext(name)
			if !e.IsDir() && (ext == ".sh" || strings.Contains(strings.ToLower(name), "entrypoint")) {
				file := path.Join(d, name)
				for _, p := range entrypointProcs(fsys, file) {
					add(p)
				}
				continue
			}
			if e.IsDir() || (ext != ".ini" && ext != ".conf") || devLaunchRe.MatchString(strings.TrimSuffix(name, ext)) {
				continue
			}
			file := path.Join(d, name)
			data, err := readBounded(fsys, file, maxScriptSize, "launch files")
			if err != nil || CheckText(file, data, true) != nil {
				continue
			}
			ps, ns := uwsgiDaemonProcs(file, data)
			ps2, ns2 := supervisordProcs(file, data)
			ps3, ns3 := circusProcs(file, data)
			for _, p := range append(append(ps, ps2...), ps3...) {
				add(p)
			}
			notes = append(append(append(notes, ns...), ns2...), ns3...)
		}
	}
	return procs, notes
}

// launchLine is one key = value line of an ini file, in its section.
type launchLine struct {
	section, key, value string
	line                int
}

func launchLines(data []byte) []launchLine {
	var out []launchLine
	section := ""
	for i, raw := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(strings.TrimRight(raw, "\r"))
		if t == "" || t[0] == '#' || t[0] == ';' {
			continue
		}
		if m := iniSectionRe.FindStringSubmatch(t); m != nil {
			section = strings.TrimSpace(m[1])
			continue
		}
		if m := launchKeyRe.FindStringSubmatch(t); m != nil {
			out = append(out, launchLine{section, m[1], m[2], i + 1})
		}
	}
	return out
}

// uwsgiDaemonProcs reads the [uwsgi] section's daemons. One inside an
// if-env/if-exists… block runs only in that case: a note.
func uwsgiDaemonProcs(file string, data []byte) (procs []Procfile, notes []string) {
	var cond []string
	for _, l := range launchLines(data) {
		if l.section != "uwsgi" {
			continue
		}
		switch {
		case strings.HasPrefix(l.key, "if-"):
			cond = append(cond, l.key+" = "+l.value)
			continue
		case l.key == "endif" || l.key == "end-if":
			if len(cond) > 0 {
				cond = cond[:len(cond)-1]
			}
			continue
		}
		for _, d := range uwsgiDaemons {
			if l.key != d.Option {
				continue
			}
			at := Source{File: file, Line: l.line}
			cmd := l.value
			for range d.Skip {
				_, cmd, _ = strings.Cut(strings.TrimSpace(cmd), " ")
			}
			cmd = strings.TrimSpace(cmd)
			switch {
			case cmd == "":
			case len(cond) > 0:
				notes = append(notes, fmt.Sprintf("%s: the %s %q runs %s: not a compose service; add one if you set that", at, d.Option, cmd, uwsgiCondition(cond[len(cond)-1])))
			case strings.Contains(cmd, "%(") || strings.Contains(cmd, "$("):
				notes = append(notes, fmt.Sprintf("%s: the %s %q takes values from uwsgi's own expansions: not a compose service", at, d.Option, cmd))
			default:
				p, note := launchProcess(cmd, at, d.Option+" of "+at.String())
				if note != "" {
					notes = append(notes, note)
				}
				if p != nil {
					procs = append(procs, *p)
				}
			}
		}
	}
	return procs, notes
}

// uwsgiCondition says when a conditional block of a uwsgi.ini applies.
func uwsgiCondition(c string) string {
	key, val, _ := strings.Cut(c, " = ")
	switch key {
	case "if-env":
		return "only when " + val + " is set"
	case "if-not-env":
		return "only when " + val + " is unset"
	}
	return "only under " + c
}

// supervisordProcs reads a supervisord file's [program:x] commands.
// supervisord splits a command like a shell and expands %(name)s itself: a
// whole-word %(ENV_X)s is left out (exec form has no such expansion), any
// other expansion leaves the program out; both with a note.
func supervisordProcs(file string, data []byte) (procs []Procfile, notes []string) {
	for _, l := range launchLines(data) {
		name, ok := strings.CutPrefix(l.section, "program:")
		if !ok || l.key != "command" || name == "" {
			continue
		}
		at := Source{File: file, Line: l.line}
		// supervisord expands %(name)s before it splits the words: each
		// stands in as a plain word while the shell parser splits them.
		var exps []string
		value := supervisordExpRe.ReplaceAllStringFunc(l.value, func(e string) string {
			exps = append(exps, e)
			return fmt.Sprintf("PYDOCKEXP%dX", len(exps)-1)
		})
		line, err := shellcmd.Parse(value)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s: [program:%s]: %v", at, name, err))
			continue
		}
		argv, ok := line.Argv()
		if !ok {
			notes = append(notes, fmt.Sprintf("%s: [program:%s] is not one command: not a compose service", at, name))
			continue
		}
		var words []string
		keep := true
		for _, a := range argv {
			a = supervisordExpBack.ReplaceAllStringFunc(a, func(w string) string {
				var i int
				if _, err := fmt.Sscanf(w, "PYDOCKEXP%dX", &i); err != nil || i >= len(exps) {
					return w // the authors' own word
				}
				return exps[i]
			})
			if m := supervisordEnvRe.FindStringSubmatch(a); m != nil {
				notes = append(notes, fmt.Sprintf("%s passes %s to [program:%s], which supervisord takes from $%s: the compose service leaves it out; add it to the service's command if you set %s", at, a, name, m[1], m[1]))
				continue
			}
			if strings.Contains(a, "%(") {
				notes = append(notes, fmt.Sprintf("%s: [program:%s] takes %q from supervisord's own expansions: not a compose service", at, name, a))
				keep = false
				break
			}
			q, err := shellcmd.Quote(a)
			if err != nil {
				keep = false
				break
			}
			words = append(words, q)
		}
		if !keep || len(words) == 0 {
			continue
		}
		p, note := launchProcess(strings.Join(words, " "), at, "[program:"+name+"] of "+at.String())
		if note != "" {
			notes = append(notes, note)
		}
		if p != nil {
			p.Process = name
			procs = append(procs, *p)
		}
	}
	return procs, notes
}

// launchProcess makes a launch file's command a process: nil when it is the
// server itself (pydock runs that) or a supervisord (its programs are read
// from its own file). The name is the subcommand of a management script
// (sendalerts) or the program's.
func launchProcess(cmd string, at Source, via string) (*Procfile, string) {
	line, err := shellcmd.Parse(cmd)
	if err != nil {
		return nil, fmt.Sprintf("%s: %v", at, err)
	}
	cmds := line.Commands()
	if len(cmds) == 0 {
		return nil, ""
	}
	argv := cmds[len(cmds)-1].Values()
	if len(argv) > 2 && isShellName(argv[0]) && argv[1] == "-c" {
		if inner, err := shellcmd.Parse(argv[2]); err == nil {
			if ic := inner.Commands(); len(ic) > 0 {
				argv = ic[len(ic)-1].Values()
			}
		}
	}
	for len(argv) > 0 && argv[0] == "exec" {
		argv = argv[1:]
	}
	if len(argv) == 0 {
		return nil, ""
	}
	prog := path.Base(argv[0])
	if path.IsAbs(argv[0]) && strings.HasPrefix(prog, "python") && len(cmds) == 1 {
		// /usr/local/bin/python is the base image's interpreter, outside
		// the image's venv: the venv's python runs the same command.
		words := []string{"python"}
		for _, a := range argv[1:] {
			q, err := shellcmd.Quote(a)
			if err != nil {
				return nil, fmt.Sprintf("%s: %v", at, err)
			}
			words = append(words, q)
		}
		cmd = strings.Join(words, " ")
	}
	switch {
	case contains(serverNames, prog):
		return nil, "" // the server: pydock's CMD
	case prog == "supervisord":
		return nil, ""
	}
	name := prog
	if strings.HasSuffix(prog, ".py") || strings.HasPrefix(prog, "python") {
		// python manage.py sendalerts, ./manage.py rq worker: the first
		// word after the script that is not an option.
		rest := argv[1:]
		if strings.HasPrefix(prog, "python") {
			for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
				rest = rest[1:]
			}
			if len(rest) > 0 {
				rest = rest[1:]
			}
		}
		for _, a := range rest {
			if !strings.HasPrefix(a, "-") {
				name = a
				break
			}
		}
	}
	if strings.HasSuffix(prog, ".py") && len(cmds) == 1 && argv[0] == cmds[0].Values()[0] {
		// ./manage.py, /app/manage.py: through python, so the image needs
		// no executable bit, from the working directory.
		script := path.Clean(argv[0])
		if path.IsAbs(script) {
			script = prog
		}
		words := []string{"python"}
		for _, a := range append([]string{script}, argv[1:]...) {
			q, err := shellcmd.Quote(a)
			if err != nil {
				return nil, fmt.Sprintf("%s: %v", at, err)
			}
			words = append(words, q)
		}
		cmd = strings.Join(words, " ")
	}
	return &Procfile{Process: serviceName(name), Command: cmd, Source: at, Via: via}, ""
}

func isShellName(p string) bool {
	switch path.Base(p) {
	case "sh", "bash", "dash":
		return true
	}
	return false
}

// serviceName makes a compose service name of a word: lower case, letters,
// digits, - and _.
func serviceName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case b.Len() > 0:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-_")
	if out == "" {
		return "process"
	}
	return out
}

// backgroundWords name an entrypoint's branch that starts a background
// process (worker, rq_scheduler, celery-beat); skipWords one that is not a
// service whatever else it says (workers_healthcheck, dev_worker).
var (
	backgroundWords = map[string]bool{"worker": true, "workers": true, "scheduler": true, "beat": true, "celerybeat": true,
		"consumer": true, "consumers": true, "jobs": true, "tasks": true, "queue": true, "rqworker": true, "rqscheduler": true}
	skipWords = map[string]bool{"dev": true, "develop": true, "development": true, "local": true, "test": true, "tests": true,
		"debug": true, "healthcheck": true, "health": true, "check": true, "status": true, "shell": true, "help": true}
)

// entrypointProcs reads a start script's case on its first argument for
// the branches that start a background process: their command (through
// the script's own functions) becomes a process named for the branch.
func entrypointProcs(fsys fs.FS, file string) []Procfile {
	data, err := readBounded(fsys, file, maxScriptSize, "shell scripts")
	if err != nil || CheckText(file, data, true) != nil || !strings.Contains(string(data), "case") {
		return nil
	}
	branches, err := shellcmd.CaseBranches(string(data))
	if err != nil {
		return nil
	}
	var out []Procfile
	for _, b := range branches {
		if len(b.Patterns) != 1 {
			continue
		}
		name := strings.Trim(b.Patterns[0], `"'`)
		words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '_' || r == '-' })
		background := false
		for _, w := range words {
			if skipWords[w] {
				background = false
				break
			}
			background = background || backgroundWords[w]
		}
		if !background {
			continue
		}
		var last *shellcmd.Command
		for _, c := range b.Commands {
			if n := c.Name(); n != "" && !shellBuiltins[n] {
				last = c
			}
		}
		if last == nil {
			continue
		}
		text := strings.TrimSpace(last.String())
		if t, ok := strings.CutPrefix(text, "exec "); ok {
			text = strings.TrimSpace(t)
		}
		at := Source{File: file, Line: b.Line}
		p, _ := launchProcess(text, at, "the "+name+" branch of "+at.String())
		if p != nil {
			p.Process = serviceName(name)
			out = append(out, *p)
		}
	}
	return out
}
