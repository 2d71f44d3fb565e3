package detect

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxProcfileSize: a Procfile is a handful of lines; anything bigger is not one.
const maxProcfileSize = 64 << 10

var procfileRe = regexp.MustCompile(`^(web|worker)\s*:\s*(.*)$`)

// readProcfile returns the web process of a root Procfile, else its worker
// process (a bot or consumer deployed with no web dyno), or nil when there
// is no Procfile or it declares neither.
func readProcfile(fsys fs.FS) (*Procfile, error) {
	const name = "Procfile"
	st, err := fs.Stat(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	if st.Size() > maxProcfileSize {
		return nil, fmt.Errorf("%s: file is %d bytes; a Procfile is at most %d KiB", name, st.Size(), maxProcfileSize>>10)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxProcfileSize {
		return nil, fmt.Errorf("%s: file is over %d KiB", name, maxProcfileSize>>10)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // editors' BOM
	var worker *Procfile
	for i, line := range strings.Split(string(data), "\n") {
		if !utf8.ValidString(line) || strings.IndexByte(line, 0) >= 0 {
			return nil, fmt.Errorf("%s:%d: not a text file (binary data)", name, i+1)
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := procfileRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		cmd := strings.TrimSpace(m[2])
		if cmd == "" {
			return nil, fmt.Errorf("%s:%d: the %s process has no command", name, i+1, m[1])
		}
		p := &Procfile{Process: m[1], Command: cmd, Source: Source{File: name, Line: i + 1}}
		if m[1] == "web" {
			return p, nil
		}
		if worker == nil {
			worker = p
		}
	}
	return worker, nil
}

// shellBuiltins cannot be run by exec form: there is no such program.
var shellBuiltins = map[string]bool{
	"cd": true, "exec": true, "export": true, "source": true, ".": true,
	"eval": true, "set": true, "ulimit": true, "umask": true, "trap": true,
}

var envAssignRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// splitCommand splits cmd into words the way a POSIX shell would (quotes
// and backslashes; no expansion). shell is true when the command needs a
// shell that exec form cannot give it: operators (&& || ; | & > < ( )),
// command substitution (` and $(), a leading VAR=value or a builtin. When
// shell is true argv is only indicative: operators appear as words.
// Variables such as $PORT are left as written (see substitutePort).
func splitCommand(cmd string) (argv []string, shell bool, err error) {
	var (
		word    strings.Builder
		inWord  bool
		quoted  []bool // per word: did it contain quotes (VAR=value detection)
		hadQuot bool
	)
	flush := func() {
		if inWord {
			argv = append(argv, word.String())
			quoted = append(quoted, hadQuot)
		}
		word.Reset()
		inWord, hadQuot = false, false
	}
	op := func(s string) {
		flush()
		argv = append(argv, s)
		quoted = append(quoted, true)
		shell = true
	}
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			flush()
		case '\\':
			if i+1 >= len(cmd) {
				return argv, shell, errors.New("command ends with a backslash")
			}
			i++
			if cmd[i] != '\n' { // backslash-newline joins lines
				word.WriteByte(cmd[i])
				inWord = true
			}
		case '\'':
			j := strings.IndexByte(cmd[i+1:], '\'')
			if j < 0 {
				return argv, shell, errors.New("unterminated single quote")
			}
			word.WriteString(cmd[i+1 : i+1+j])
			inWord, hadQuot = true, true
			i += 1 + j
		case '"':
			inWord, hadQuot = true, true
			closed := false
			for i++; i < len(cmd); i++ {
				c := cmd[i]
				if c == '"' {
					closed = true
					break
				}
				if c == '\\' && i+1 < len(cmd) && strings.IndexByte("$`\"\\\n", cmd[i+1]) >= 0 {
					i++
					if cmd[i] != '\n' {
						word.WriteByte(cmd[i])
					}
					continue
				}
				if c == '`' || (c == '$' && i+1 < len(cmd) && cmd[i+1] == '(') {
					shell = true
				}
				word.WriteByte(c)
			}
			if !closed {
				return argv, shell, errors.New("unterminated double quote")
			}
		case '&', '|', ';', '>', '<':
			if i+1 < len(cmd) && (cmd[i+1] == c || (c == '>' && cmd[i+1] == '&')) && c != ';' {
				op(cmd[i : i+2])
				i++
			} else {
				op(cmd[i : i+1])
			}
		case '(', ')':
			op(cmd[i : i+1])
		case '`':
			shell = true
			word.WriteByte(c)
			inWord = true
		case '$':
			if i+1 < len(cmd) && cmd[i+1] == '(' {
				shell = true
			}
			word.WriteByte(c)
			inWord = true
		case '#':
			if !inWord {
				i = len(cmd) // a comment runs to the end
				continue
			}
			word.WriteByte(c)
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	flush()
	if len(argv) == 0 {
		return nil, false, errors.New("empty command")
	}
	if shellBuiltins[argv[0]] || (!quoted[0] && envAssignRe.MatchString(argv[0])) {
		shell = true
	}
	return argv, shell, nil
}

// portRefRe matches $PORT, ${PORT}, ${PORT:-8000}, ${PORT-8000} (and the
// := / = forms), but not $PORTS or ${PORT:+x}.
var portRefRe = regexp.MustCompile(`\$(?:PORT\b|\{PORT(?::?[-=][^}]*)?\})`)

// substitutePort returns argv with every reference to $PORT replaced by the
// port, and whether there was any. argv itself is not modified.
func substitutePort(argv []string, port int) ([]string, bool) {
	out := make([]string, len(argv))
	p := strconv.Itoa(port)
	found := false
	for i, a := range argv {
		if portRefRe.MatchString(a) {
			found = true
			a = portRefRe.ReplaceAllLiteralString(a, p)
		}
		out[i] = a
	}
	return out, found
}

var portDefaultRe = regexp.MustCompile(`\$\{PORT:?[-=]([0-9]{1,5})\}`)

// portDefault returns the fallback port a command gives $PORT, 5000 from
// ${PORT:-5000}, so the image can listen where the authors expect.
func portDefault(cmd string) (int, bool) {
	m := portDefaultRe.FindStringSubmatch(cmd)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n < 1 || n > 65535 {
		return 0, false
	}
	return n, true
}
