package lint

import (
	"path"
	"strings"
)

// splitCommands cuts a shell script into simple commands, each an argv with
// quotes removed. It is deliberately small: it understands quoting, escapes
// and the separators && || ; | & ( ) and newlines, which is all the rules
// need to find `pip install`, `apt-get install` or `. venv/bin/activate`.
// It runs in linear time on any input.
func splitCommands(script string) [][]string {
	var (
		cmds [][]string
		argv []string
		word strings.Builder
		in   bool // a word has started (so "" is an empty argument)
	)
	endWord := func() {
		if in {
			argv = append(argv, word.String())
			word.Reset()
			in = false
		}
	}
	endCmd := func() {
		endWord()
		if len(argv) > 0 {
			cmds = append(cmds, argv)
			argv = nil
		}
	}
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch c {
		case '\\':
			if i+1 < len(script) {
				i++
				if script[i] != '\n' {
					word.WriteByte(script[i])
					in = true
				}
			}
		case '\'':
			in = true
			j := strings.IndexByte(script[i+1:], '\'')
			if j < 0 {
				word.WriteString(script[i+1:])
				i = len(script)
			} else {
				word.WriteString(script[i+1 : i+1+j])
				i += j + 1
			}
		case '"':
			in = true
			for i++; i < len(script) && script[i] != '"'; i++ {
				if script[i] == '\\' && i+1 < len(script) && strings.IndexByte("\"\\$`", script[i+1]) >= 0 {
					i++
				}
				word.WriteByte(script[i])
			}
		case ' ', '\t', '\r':
			endWord()
		case '#':
			if in {
				word.WriteByte(c)
				continue
			}
			// A comment runs to the end of the line.
			if j := strings.IndexByte(script[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(script)
			}
		case '\n', ';', '&', '|', '(', ')':
			endCmd()
		default:
			word.WriteByte(c)
			in = true
		}
	}
	endCmd()
	for i, cmd := range cmds {
		cmds[i] = stripPrefix(cmd)
	}
	return cmds
}

// stripPrefix drops what runs before the real program: VAR=value
// assignments, sudo, env, exec, time, nohup and shell keywords.
func stripPrefix(argv []string) []string {
	for len(argv) > 0 {
		a := argv[0]
		switch {
		case isAssignment(a):
		case a == "sudo" || a == "env" || a == "exec" || a == "time" || a == "nohup" || a == "command":
		case a == "then" || a == "do" || a == "else" || a == "if" || a == "!" || a == "{" || a == "}":
		default:
			return argv
		}
		argv = argv[1:]
	}
	return argv
}

func isAssignment(s string) bool {
	k, _, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return false
	}
	for i, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// invocation is one recognised tool call: tool is a normalised name (pip,
// uv, poetry, pipenv, pdm, apt, apt-get, apk, source (venv activation), rm, python, …),
// sub its subcommand ("install", "sync", …) and args what follows it.
type invocation struct {
	tool string
	sub  string
	args []string
	argv []string
}

// invocations recognises the tool calls in each command.
func invocations(cmds [][]string) []invocation {
	var out []invocation
	for _, argv := range cmds {
		if inv, ok := recognise(argv); ok {
			out = append(out, inv)
		}
	}
	return out
}

func recognise(argv []string) (invocation, bool) {
	if len(argv) == 0 {
		return invocation{}, false
	}
	name := path.Base(argv[0])
	rest := argv[1:]
	switch {
	case name == "." || name == "source":
		if len(rest) > 0 && strings.HasSuffix(rest[0], "bin/activate") {
			return invocation{tool: "source", args: rest, argv: argv}, true
		}
		return invocation{}, false
	case isPython(name):
		// python -m pip / python -m venv / python manage.py …
		for i := 0; i < len(rest); i++ {
			a := rest[i]
			if a == "-m" && i+1 < len(rest) {
				mod := rest[i+1]
				if mod == "pip" || mod == "uv" || mod == "poetry" || mod == "pipenv" {
					return subcommand(mod, rest[i+2:], argv), true
				}
				return invocation{tool: "python", sub: "-m " + mod, args: rest[i+2:], argv: argv}, true
			}
			if strings.HasPrefix(a, "-") {
				continue
			}
			return invocation{tool: "python", sub: a, args: rest[i+1:], argv: argv}, true
		}
		return invocation{tool: "python", argv: argv}, true
	case name == "pip" || strings.HasPrefix(name, "pip3"):
		return subcommand("pip", rest, argv), true
	case name == "uv" || name == "poetry" || name == "pipenv" || name == "pdm" ||
		name == "apt-get" || name == "apt" || name == "apk" || name == "pipx":
		inv := subcommand(name, rest, argv)
		if name == "uv" && inv.sub == "pip" && len(inv.args) > 0 {
			// uv pip install behaves like pip install.
			inv2 := subcommand("pip", inv.args, argv)
			inv2.tool = "uv-pip"
			return inv2, true
		}
		return inv, true
	}
	return invocation{tool: name, args: rest, argv: argv}, true
}

func isPython(name string) bool {
	if !strings.HasPrefix(name, "python") {
		return false
	}
	v := strings.TrimPrefix(name, "python")
	return strings.Trim(v, "0123456789.") == ""
}

// pipValueFlags are pip's global and install options that take a value, so
// their value is not mistaken for the subcommand or a package.
var pipValueFlags = map[string]bool{
	"-r": true, "--requirement": true, "-c": true, "--constraint": true, "-e": true, "--editable": true,
	"-i": true, "--index-url": true, "--extra-index-url": true, "-f": true, "--find-links": true,
	"-t": true, "--target": true, "--prefix": true, "--root": true, "--python": true, "--cache-dir": true,
	"--platform": true, "--python-version": true, "--implementation": true, "--abi": true,
	"--progress-bar": true, "--src": true, "--trusted-host": true, "--upgrade-strategy": true,
	"-C": true, "--config-settings": true, "--global-option": true, "--no-binary": true,
	"--only-binary": true, "--report": true, "--log": true, "--timeout": true, "--retries": true,
	"--proxy": true, "--exists-action": true, "--cert": true, "--client-cert": true,
	"--keyring-provider": true, "--use-feature": true, "--use-deprecated": true, "--root-user-action": true,
	"-w": true, "--wheel-dir": true, "-d": true, "--dest": true, "--group": true,
	// poetry, uv, apt
	"--only": true, "--with": true, "--without": true, "-E": true, "--extras": true, "--directory": true,
	"-P": true, "--project": true, "--package": true, "--only-group": true, "--no-group": true,
	"--extra": true, "--python-preference": true, "-o": true, "--option": true,
	"--categories": true,
	// uv pip install (docs.astral.sh/uv/reference/cli/#uv-pip-install)
	"--link-mode": true, "--index-strategy": true, "--resolution": true, "--prerelease": true,
	"--fork-strategy": true, "--exclude-newer": true, "--exclude-newer-package": true,
	"--index": true, "--default-index": true, "--overrides": true, "--override": true, "--exclude": true, "--build-constraints": true, "-b": true,
	"--no-build-isolation-package": true, "--reinstall-package": true, "--upgrade-package": true,
	"--refresh-package": true, "--python-platform": true, "--torch-backend": true, "--config-file": true,
	"--color": true, "--config-settings-package": true, "--no-sources-package": true, "-p": true,
}

// subcommand finds the first word that is not an option (or an option's
// value): pip --python X install → install.
func subcommand(tool string, rest, argv []string) invocation {
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if strings.HasPrefix(a, "-") {
			if !strings.Contains(a, "=") && pipValueFlags[a] {
				i++
			}
			continue
		}
		return invocation{tool: tool, sub: a, args: rest[i+1:], argv: argv}
	}
	return invocation{tool: tool, argv: argv}
}

// has reports whether any of the flags is among args, also as --flag=value.
func (inv invocation) has(flags ...string) bool {
	for _, a := range inv.argv {
		for _, f := range flags {
			if a == f || strings.HasPrefix(a, f+"=") {
				return true
			}
		}
	}
	return false
}

// values returns the values given to a flag (--flag v, --flag=v, -rv).
func (inv invocation) values(flags ...string) []string {
	var out []string
	for i := 0; i < len(inv.args); i++ {
		a := inv.args[i]
		for _, f := range flags {
			switch {
			case a == f && i+1 < len(inv.args):
				out = append(out, inv.args[i+1])
			case strings.HasPrefix(a, f+"="):
				out = append(out, a[len(f)+1:])
			case len(f) == 2 && f[0] == '-' && f[1] != '-' && strings.HasPrefix(a, f) && len(a) > 2 && a[2] != '-':
				out = append(out, a[2:])
			}
		}
	}
	return out
}

// positionals returns the arguments that are not options or their values.
func (inv invocation) positionals() []string {
	var out []string
	for i := 0; i < len(inv.args); i++ {
		a := inv.args[i]
		if strings.HasPrefix(a, "-") {
			if !strings.Contains(a, "=") && pipValueFlags[a] {
				i++
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

// hasShortFlag reports whether a short option letter is set, alone or in a
// cluster (-yq).
func (inv invocation) hasShortFlag(letter byte) bool {
	for _, a := range inv.args {
		if len(a) >= 2 && a[0] == '-' && a[1] != '-' && strings.IndexByte(a[1:], letter) >= 0 && !strings.Contains(a, "=") {
			return true
		}
	}
	return false
}
