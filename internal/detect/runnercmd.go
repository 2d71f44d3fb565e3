package detect

// A parallel runner in the CMD of the authors' Dockerfile (bugsink's
// `monofy … && migrate … && gunicorn … ||| bugsink-runsnappea`) starts,
// in one container, the commands its own arguments list: some once before
// the rest (release steps), the others side by side (the server, and the
// processes beside it). The server is pydock's CMD; the others become
// compose services and the migrate one-off's steps, as a Procfile's do.

import (
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// parallelRunner is a program that runs the commands in its arguments:
// sep splits the processes it runs side by side, pre the commands it runs
// once, in order, before them.
type parallelRunner struct{ sep, pre, source string }

var parallelRunners = map[string]parallelRunner{
	"monofy": {sep: "|||", pre: "&&", source: "https://pypi.org/project/monofy/ (README, Usage: the processes separated by |||, pre-commands before them by &&)"},
}

// runnerCommands reads the last CMD of the authors' Dockerfiles (not one
// named for development) for a parallel runner, the first that starts
// one: its pre-commands as start steps, its processes other than the
// server as processes beside it.
func runnerCommands(fsys fs.FS) (steps []ScriptStep, procs []Procfile, notes []string) {
	for _, af := range readAuthorsFiles(fsys, authorsContainerFiles(fsys)) {
		if devLaunchRe.MatchString(path.Base(af.name)) {
			continue // how they develop, not how they deploy
		}
		var argv []string
		at := Source{File: af.name}
		for _, l := range dockerfileLines(af.text) {
			word, rest, _ := strings.Cut(l.text, " ")
			if !strings.EqualFold(word, "CMD") {
				continue
			}
			argv, at.Line = nil, l.line
			rest = strings.TrimSpace(rest)
			if strings.HasPrefix(rest, "[") {
				_ = json.Unmarshal([]byte(rest), &argv)
			} else if line, err := shellcmd.Parse(rest); err == nil {
				if cmds := line.Commands(); len(cmds) == 1 {
					argv = cmds[0].Values()
				}
			}
		}
		for len(argv) > 0 && argv[0] == "exec" {
			argv = argv[1:]
		}
		if len(argv) == 0 {
			continue
		}
		name := path.Base(argv[0])
		r, ok := parallelRunners[name]
		if !ok {
			continue
		}
		via := name + " in the CMD of " + at.String()
		groups := splitWords(argv[1:], r.sep)
		pre := splitWords(groups[0], r.pre)
		groups[0] = pre[len(pre)-1]
		for _, words := range pre[:len(pre)-1] {
			if text, ok := shellJoin(words); ok && len(words) > 0 {
				steps = append(steps, ScriptStep{Argv: words, Text: text, Source: at})
			}
		}
		for _, words := range groups {
			if len(words) == 0 {
				continue
			}
			cmd, ok := shellJoin(words)
			if !ok {
				continue
			}
			p, note := launchProcess(cmd, at, via)
			if note != "" {
				notes = append(notes, note)
			}
			if p == nil {
				continue // the server: pydock's CMD
			}
			p.Process, p.Via = serviceName(p.Process), via
			procs = append(procs, *p)
		}
		// The first such Dockerfile: its variants start the same.
		return steps, procs, notes
	}
	return steps, procs, notes
}

// splitWords splits argv at each word equal to sep.
func splitWords(argv []string, sep string) [][]string {
	out := [][]string{nil}
	for _, w := range argv {
		if w == sep {
			out = append(out, nil)
			continue
		}
		out[len(out)-1] = append(out[len(out)-1], w)
	}
	return out
}

// shellJoin writes argv as one shell line, each word quoted as needed;
// false when a word cannot be (shellcmd.Quote).
func shellJoin(argv []string) (string, bool) {
	words := make([]string, 0, len(argv))
	for _, a := range argv {
		q, err := shellcmd.Quote(a)
		if err != nil {
			return "", false
		}
		words = append(words, q)
	}
	return strings.Join(words, " "), true
}
