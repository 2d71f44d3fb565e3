package detect

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pydock/pydock/internal/shellcmd"
)

// maxProcfileSize: a Procfile is a handful of lines; anything bigger is not one.
const maxProcfileSize = 64 << 10

var procfileRe = regexp.MustCompile(`^([A-Za-z0-9_-]+)\s*:\s*(.*)$`)

// readProcfile returns the web process of a root Procfile, else the first
// process that starts a server (a Procfile run whole by honcho or foreman
// names its processes as it likes: api:, rest:), else its worker process
// (a bot or consumer deployed with no web dyno), or nil when there is no
// Procfile or it declares none of them.
func readProcfile(fsys fs.FS) (*Procfile, error) {
	procs, err := readProcfileAll(fsys)
	if err != nil {
		return nil, err
	}
	return serviceProcess(procs), nil
}

// serviceProcess is the process of a Procfile's list that is the service:
// web, else the first that starts a server, else worker; nil for none.
func serviceProcess(procs []Procfile) *Procfile {
	var worker, server *Procfile
	for i := range procs {
		switch p := &procs[i]; {
		case p.Process == "web":
			return p
		case p.Process == "worker":
			if worker == nil {
				worker = p
			}
		case server == nil && startsServer(p.Command):
			server = p
		}
	}
	if server != nil {
		return server
	}
	return worker
}

// startsServer reports whether a command line's last command runs one of
// the servers pydock knows (gunicorn -c conf.py wsgi).
func startsServer(cmd string) bool {
	l, err := shellcmd.Parse(cmd)
	if err != nil {
		return false
	}
	cmds := l.Commands()
	if len(cmds) == 0 {
		return false
	}
	vals := cmds[len(cmds)-1].Values()
	for len(vals) > 1 && vals[0] == "exec" {
		vals = vals[1:]
	}
	return len(vals) > 0 && slices.Contains(serverNames, path.Base(vals[0]))
}

// readProcfileAll returns every process of a root Procfile in file order.
func readProcfileAll(fsys fs.FS) ([]Procfile, error) {
	return readProcfileNamed(fsys, "Procfile")
}

// readProcfileNamed returns every process of a Procfile-format file.
func readProcfileNamed(fsys fs.FS, name string) ([]Procfile, error) {
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
	if err := CheckText(name, data, true); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // editors' BOM
	var out []Procfile
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
		out = append(out, Procfile{Process: m[1], Command: cmd, Source: Source{File: name, Line: i + 1}})
	}
	return out, nil
}

// portDefault returns the fallback port a command gives $PORT, 5000 from
// ${PORT:-5000}, so the image can listen where the authors expect.
func portDefault(cmd string) (int, bool) {
	l, err := shellcmd.Parse(cmd)
	if err != nil {
		return 0, false
	}
	d, ok := l.Default("PORT")
	if !ok || len(d) > 5 || strings.TrimLeft(d, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(d)
	if err != nil || n < 1 || n > 65535 {
		return 0, false
	}
	return n, true
}
