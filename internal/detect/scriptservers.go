package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// ScriptServer is a server the authors start from one of their shell
// scripts (run.sh, bin/docker-entrypoint.sh): how they run it.
type ScriptServer struct {
	Argv   []string `json:"argv"` // from the server's program on
	Source Source   `json:"source"`
	// Vars are the values the script gives its variables before the
	// server's line (PORT="${PORT:-9090}": 9090), so a bind written
	// with them ($HOST:$PORT) reads as the authors' default.
	Vars []ScriptVar `json:"vars,omitempty"`
	// When is the test of the script's if that must hold for the line to
	// run, "" on its default run.
	When string `json:"when,omitempty"`
}

// ScriptVar is a script's variable and the value it gets by default.
type ScriptVar struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source Source `json:"source"`
}

var (
	// NAME=value, NAME="${OTHER:-value}", export NAME=…, one a line.
	scriptVarRe = regexp.MustCompile(`^\s*(?:export\s+)?([A-Za-z_]\w*)=["']?(?:\$\{[A-Za-z_]\w*:?[-=]([^}"'$]*)\}|([^$"'\s;&|]*))["']?\s*$`)
	// : "${NAME:=value}"
	scriptColonRe = regexp.MustCompile(`^\s*:\s+["']?\$\{([A-Za-z_]\w*):?=([^}"'$]*)\}["']?\s*$`)
)

// scriptVars reads the defaults a script assigns before line before.
func scriptVars(data []byte, file string, before int) []ScriptVar {
	var out []ScriptVar
	for i, l := range strings.Split(string(data), "\n") {
		if i+1 >= before {
			break
		}
		name, value := "", ""
		if m := scriptVarRe.FindStringSubmatch(l); m != nil {
			name, value = m[1], m[2]+m[3]
		} else if m := scriptColonRe.FindStringSubmatch(l); m != nil {
			name, value = m[1], m[2]
		} else {
			continue
		}
		out = slices.DeleteFunc(out, func(v ScriptVar) bool { return v.Name == name })
		out = append(out, ScriptVar{Name: name, Value: value, Source: Source{File: file, Line: i + 1}})
	}
	return out
}

// scriptDirs are where projects keep the scripts that start them.
var scriptDirs = []string{".", "bin", "scripts", "docker", "deploy"}

const maxScriptSize = 64 << 10

// shellScripts are the authors' shell scripts (*.sh) in scriptDirs under
// base, in scriptDirs' order and then by name: where the start, release and
// console-script readings all look.
func shellScripts(fsys fs.FS, base string) []string {
	var out []string
	for _, d := range scriptDirs {
		dir := path.Join(base, d)
		entries, err := fs.ReadDir(fsys, path.Clean("./"+dir))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".sh") {
				out = append(out, path.Join(dir, e.Name()))
			}
		}
	}
	return out
}

// scriptRuns are what the authors' shell scripts start.
type scriptRuns struct {
	// servers start a server pydock knows on the script's default run.
	servers []ScriptServer
	// untaken start a server only when the environment sets a variable
	// the script tests (When): an alternative, not what the image runs.
	untaken []ScriptServer
	// pyFiles run a Python file (python app.py) on the default run.
	pyFiles []ScriptServer
}

// findScriptServers reads the shell scripts at the root and in the usual
// script folders for a line that starts a server pydock knows.
func findScriptServers(fsys fs.FS, base string) []ScriptServer {
	return findScriptRuns(fsys, base).servers
}

// findScriptRuns reads the shell scripts at the root and in the usual
// script folders for the servers and Python files they start. A branch of
// an if that does not run when the environment sets none of the variables
// it tests (if [ "$DEMO" = true ]; then … else … fi) is an alternative.
func findScriptRuns(fsys fs.FS, base string) scriptRuns {
	var out scriptRuns
	for _, file := range shellScripts(fsys, base) {
		data, err := readBounded(fsys, file, maxScriptSize, "shell scripts")
		if err != nil {
			continue
		}
		untaken, _ := shellcmd.UntakenBranches(string(data))
		for _, c := range scriptCommands(data) {
			if len(c.argv) == 0 {
				continue
			}
			at := Source{File: file, Line: c.line}
			when := ""
			for _, u := range untaken {
				if c.line >= u.From && c.line <= u.To {
					when = u.When
				}
			}
			switch {
			case slices.Contains(serverNames, path.Base(c.argv[0])) && when != "":
				out.untaken = append(out.untaken, ScriptServer{Argv: c.argv, Source: at, When: when})
			case slices.Contains(serverNames, path.Base(c.argv[0])):
				out.servers = append(out.servers, ScriptServer{Argv: c.argv, Source: at, Vars: scriptVars(data, file, c.line)})
			case when == "":
				if py := pythonFileArg(c.argv); py != "" {
					out.pyFiles = append(out.pyFiles, ScriptServer{Argv: c.argv, Source: at})
				}
			}
		}
	}
	return out
}

// pythonFileArg is the file a `python [options] file.py …` command runs,
// or "".
func pythonFileArg(argv []string) string {
	if !pythonProgRe.MatchString(path.Base(argv[0])) {
		return ""
	}
	for _, a := range argv[1:] {
		switch {
		case a == "-m" || a == "-c":
			return ""
		case strings.HasPrefix(a, "-"):
			continue
		case strings.HasSuffix(a, ".py"):
			return path.Clean(a)
		}
		return ""
	}
	return ""
}

// scriptCommand is one simple command of a shell script, with any leading
// `exec` dropped, and the line its logical line starts on.
type scriptCommand struct {
	argv []string
	cmd  *shellcmd.Command
	line int
}

// scriptCommands splits a script into logical lines (backslash
// continuations joined, CRLF ends included) and returns their commands in
// order; comments, blank lines and lines the shell parser refuses are left
// out.
func scriptCommands(data []byte) []scriptCommand {
	var out []scriptCommand
	for _, l := range scriptLines(data) {
		line, err := shellcmd.Parse(l.text)
		if err != nil {
			continue
		}
		for _, c := range line.Commands() {
			vals := c.Values()
			for len(vals) > 0 && vals[0] == "exec" {
				vals = vals[1:]
			}
			out = append(out, scriptCommand{argv: vals, cmd: c, line: l.line})
		}
	}
	return out
}
