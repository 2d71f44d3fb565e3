package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// A manage.py that refuses direct use: under a test of sys.argv it exits
// before execute_from_command_line (ArchiveBox's "Don't run ./manage.py
// directly", allowing only makemigrations and migrate). The authors then
// start the site through their own launcher, and serving the WSGI module
// directly skips what that launcher sets up.
var (
	argvTestRe = regexp.MustCompile(`^(?:if|elif)\b.*\bsys\.argv\b`)
	exitRe     = regexp.MustCompile(`^(?:raise\s+SystemExit\b|sys\.exit\s*\(|exit\s*\()`)
)

// manageGuard returns where manage.py refuses the commands it does not
// allow, or nil.
func manageGuard(fsys fs.FS, manage string) *Source {
	data, err := readPySource(fsys, manage)
	if err != nil {
		return nil
	}
	cond := -1 // indent of the sys.argv test whose body we are in
	for _, l := range pyLines(data) {
		if strings.Contains(l.text, "execute_from_command_line(") {
			return nil
		}
		if cond >= 0 && l.indent <= cond {
			cond = -1
		}
		if argvTestRe.MatchString(l.text) {
			cond = l.indent
			continue
		}
		if cond >= 0 && exitRe.MatchString(l.text) {
			return &Source{File: manage, Line: l.line}
		}
	}
	return nil
}
