package detect

// The authors' compose file may run several services from the one build:
// the app pydock serves, and the project's own program beside it (a bot
// next to its admin panel, started as `python -m pkg`, an API script next
// to a UI script). That program is a
// compose service of the image too, with the authors' arguments.

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// projectRunners run a command inside the project's environment, which
// the image's venv already is (poetry run, uv run …).
var projectRunners = []string{"poetry", "uv", "pipenv", "pdm", "hatch", "rye"}

// authorsComposeFiles are the authors' compose files at the root and in
// docker/, also as pydock keeps one it took over (NAME.pydock-bak).
func authorsComposeFiles(fsys fs.FS) []string {
	var out []string
	for _, dir := range []string{".", "docker"} {
		entries, _ := fs.ReadDir(fsys, dir)
		for _, e := range entries {
			n := strings.TrimSuffix(e.Name(), ".pydock-bak")
			if e.Type().IsRegular() && strings.Contains(n, "compose") && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) && !devLaunchRe.MatchString(strings.TrimSuffix(n, path.Ext(n))) {
				out = append(out, path.Join(dir, e.Name()))
			}
		}
	}
	return out
}

// ownProgram reports whether argv runs the project's own code with
// python: a package of it with -m other than mainModule, or a script of
// it other than skipFiles (the image's own command runs those).
func ownProgram(fsys fs.FS, roots []string, argv []string, mainModule string, skipFiles []string) bool {
	if len(argv) < 2 || !strings.HasPrefix(path.Base(argv[0]), "python") {
		return false
	}
	i := 1
	for i < len(argv) && strings.HasPrefix(argv[i], "-") && argv[i] != "-m" {
		i++ // -u, -O: the interpreter's own flags
	}
	switch {
	case i+1 < len(argv) && argv[i] == "-m":
		pkg := argv[i+1]
		return pkg != mainModule && slices.ContainsFunc(roots, func(r string) bool {
			return isRegularFile(fsys, path.Join(path.Clean("./"+r), strings.ReplaceAll(pkg, ".", "/"), "__main__.py"))
		})
	case i < len(argv) && strings.HasSuffix(argv[i], ".py"):
		file := path.Clean(argv[i])
		return !path.IsAbs(file) && !strings.HasPrefix(file, "../") && !slices.Contains(skipFiles, file) && isRegularFile(fsys, file)
	}
	return false
}

// composePrograms are the services of the authors' compose files that run
// the project's own code with python (ownProgram), other than the image's
// own command, as processes beside the app.
//
// A subcommand of one of the project's console scripts (scripts) counts
// too, in a service that publishes no port: one that does is a server,
// the web one pydock serves itself; a migration verb is a one-off.
func composePrograms(fsys fs.FS, roots []string, mainModule string, skipFiles, scripts []string) []Procfile {
	var out []Procfile
	for _, file := range authorsComposeFiles(fsys) {
		data, err := readBounded(fsys, file, 1<<20, "compose files")
		if err != nil || generatedByPydock(data) || CheckText(file, data, true) != nil {
			continue
		}
		served := servicesWithPorts(string(data))
		take := func(service string, line int, words []string) {
			if len(words) > 2 && slices.Contains(projectRunners, words[0]) && words[1] == "run" {
				words = words[2:]
			}
			script := len(words) > 1 && slices.Contains(scripts, words[0]) && !strings.HasPrefix(words[1], "-") &&
				!isMigrationVerb(words[1]) && !served[service]
			if !script && !ownProgram(fsys, roots, words, mainModule, skipFiles) {
				return
			}
			var quoted []string
			for _, w := range words {
				q, err := shellcmd.Quote(w)
				if err != nil {
					return
				}
				quoted = append(quoted, q)
			}
			if slices.ContainsFunc(out, func(p Procfile) bool { return p.Process == serviceName(service) }) {
				return
			}
			// The authors' file by its own name, also from the copy pydock keeps.
			at := Source{File: strings.TrimSuffix(file, ".pydock-bak"), Line: line}
			out = append(out, Procfile{Process: serviceName(service), Command: strings.Join(quoted, " "), Source: at,
				Via: fmt.Sprintf("the %s service of %s", service, at), Why: fmt.Sprintf("the authors' %s service runs the project's own program beside the app (%s)", service, at)})
		}
		service := ""
		for i, l := range strings.Split(string(data), "\n") {
			if composeServiceRe.MatchString(l) {
				service = strings.TrimSuffix(strings.TrimSpace(l), ":")
				continue
			}
			m := composeCmdRe.FindStringSubmatch(l)
			if m == nil || m[1] != "command" || service == "" {
				continue
			}
			take(service, i+1, composeWords(m[2]))
		}
		// A command in a block (a list, or > and |), through a shell with
		// one command in it (- /bin/sh - -c - prog args).
		for _, c := range composeCommands(string(data)) {
			if !c.block {
				continue
			}
			words := c.words
			if len(words) == 3 && (path.Base(words[0]) == "sh" || path.Base(words[0]) == "bash") && words[1] == "-c" {
				words = shellWords(words[2])
			}
			take(c.service, c.line, words)
		}
	}
	return out
}

// servicesWithPorts are the services of a compose file that publish a
// port (ports:), at the usual two-space indentation.
func servicesWithPorts(data string) map[string]bool {
	out := map[string]bool{}
	service := ""
	for _, l := range strings.Split(data, "\n") {
		if l != "" && l[0] != ' ' && l[0] != '#' {
			service = ""
		}
		if composeServiceRe.MatchString(l) {
			service = strings.TrimSuffix(strings.TrimSpace(l), ":")
			continue
		}
		if service != "" && strings.HasPrefix(strings.TrimSpace(l), "ports:") {
			out[service] = true
		}
	}
	return out
}
