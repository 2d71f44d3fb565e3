package detect

import (
	"bytes"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// ScriptStart is the start script a Procfile's process runs (web: bash
// Procfile.sh) and its server line. Server is set when the script is a
// plain list of commands ending with a server pydock knows, whose words
// take nothing from the script itself: the image runs that line, and the
// commands before it are the script's steps. NoExec is the server line
// when it lacks exec and cannot be run by itself: the shell stays PID 1.
type ScriptStart struct {
	Script string  `json:"script"`
	Text   string  `json:"text,omitempty"` // the server line, as the shell reads it
	Server *Source `json:"server,omitempty"`
	NoExec *Source `json:"no_exec,omitempty"`
	Runs   Source  `json:"runs"` // the Procfile line that runs the script
	// Program is the server the last line starts (gunicorn).
	Program string `json:"program"`
	// NoShebang is the script's first line when it is no #! line
	// (#/bin/bash): exec form cannot start the script, so the image runs
	// its server line, from Dir, the folder the script changes into.
	NoShebang *Source `json:"no_shebang,omitempty"`
	Dir       string  `json:"dir,omitempty"`
}

// procfileScript reads the script a Procfile command runs, nil when the
// command runs none of the project's.
func procfileScript(fsys fs.FS, p *Procfile) *ScriptStart {
	line, err := shellcmd.Parse(p.Command)
	if err != nil {
		return nil
	}
	argv, ok := line.Argv()
	if !ok || len(argv) == 0 || len(argv) > 2 {
		return nil
	}
	file := argv[0]
	if len(argv) == 2 {
		if !isShellName(argv[0]) || strings.HasPrefix(argv[1], "-") {
			return nil
		}
		file = argv[1]
	}
	file = path.Clean(file)
	if path.IsAbs(file) || strings.HasPrefix(file, "../") || !isRegularFile(fsys, file) {
		return nil
	}
	data, err := readBounded(fsys, file, maxScriptSize, "shell scripts")
	if err != nil || CheckText(file, data, true) != nil {
		return nil
	}
	out := &ScriptStart{Script: file, Runs: p.Source}
	var last *shellcmd.Line
	var lastAt int
	set := map[string]bool{}
	plain := true
	dir, dirKnown := "", true // where the script's cd lines take it
	for _, l := range scriptLines(data) {
		parsed, err := shellcmd.Parse(l.text)
		if err != nil {
			plain = false
			continue
		}
		cmds, ok := parsed.Chain()
		if !ok {
			plain = false
		}
		for _, c := range cmds {
			for _, n := range c.Sets() {
				set[n] = true
			}
			if c.Name() == "cd" {
				if v := c.Values(); len(v) == 2 && !path.IsAbs(v[1]) && !strings.ContainsAny(v[1], "$`~*?") && !strings.HasPrefix(path.Clean(v[1]), "..") {
					dir = path.Join(dir, v[1])
				} else {
					dirKnown = false
				}
			}
			switch c.Name() {
			case "cd", "source", ".", "exec", "trap", "umask", "ulimit", "exit":
				if c.Name() != "exec" || last != nil {
					plain = false
				}
			}
		}
		last, lastAt = parsed, l.line
	}
	if last == nil {
		return nil
	}
	cmds, ok := last.Chain()
	if !ok || len(cmds) == 0 {
		return nil
	}
	server := cmds[len(cmds)-1]
	vals := server.Values()
	hasExec := len(vals) > 0 && vals[0] == "exec"
	for len(vals) > 0 && vals[0] == "exec" {
		vals = vals[1:]
	}
	if len(vals) == 0 || !slices.Contains(serverNames, path.Base(vals[0])) {
		return nil
	}
	at := Source{File: file, Line: lastAt}
	out.Program = path.Base(vals[0])
	reads := slices.ContainsFunc(server.Params(), func(n string) bool { return set[n] })
	if plain && len(cmds) == 1 && !reads && !server.Assigns() {
		text := server.String()
		if hasExec {
			text = strings.TrimSpace(strings.TrimPrefix(text, "exec"))
		}
		out.Text, out.Server = text, &at
		return out
	}
	if !bytes.HasPrefix(data, []byte("#!")) && len(argv) == 1 && len(cmds) == 1 && !reads && !server.Assigns() && dirKnown && (dir == "" || targetUnder(fsys, dir, vals)) {
		// Exec form cannot start a script without a #! line (exec
		// format error): its server line, which takes nothing from the
		// script, is what it would have started.
		text := server.String()
		if hasExec {
			text = strings.TrimSpace(strings.TrimPrefix(text, "exec"))
		}
		out.Text, out.Server, out.Dir = text, &at, dir
		out.NoShebang = &Source{File: file, Line: 1}
		return out
	}
	if !hasExec {
		out.NoExec = &at
	}
	return out
}

// targetUnder reports whether a server's words name an app (module:attr)
// whose module is found under dir.
func targetUnder(fsys fs.FS, dir string, argv []string) bool {
	for _, a := range argv[1:] {
		if m := scriptTargetRe.FindStringSubmatch(a); m != nil && moduleFile(fsys, dir, m[1]) != "" {
			return true
		}
	}
	return false
}

// scriptLine is one logical line of a script and the line it starts on.
type scriptLine struct {
	text string
	line int
}

// scriptLines splits a script into logical lines (backslash continuations
// joined, CRLF ends included), without comments and blank lines.
func scriptLines(data []byte) []scriptLine {
	var out []scriptLine
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		start, text := i+1, strings.TrimRight(lines[i], "\r")
		for strings.HasSuffix(strings.TrimRight(text, " \t"), "\\") && i+1 < len(lines) {
			i++
			text = strings.TrimSuffix(strings.TrimRight(text, " \t"), "\\") + " " + strings.TrimRight(lines[i], "\r")
		}
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, scriptLine{text, start})
	}
	return out
}
