package detect

import (
	"path"
	"regexp"
	"strings"
)

var (
	// app = Flask(__name__, …), app = flask.Flask("site", …).
	flaskAppAssignRe = regexp.MustCompile(`^(\w+)\s*(?::[^=]*)?=\s*(?:flask\s*\.\s*)?Flask\s*\(`)
	// instance_path= of the Flask call.
	instancePathKwRe = regexp.MustCompile(`\binstance_path\s*=\s*`)
)

// flaskInstancePaths gives vars the instance folder of each Flask app a
// file builds (app.instance_path), so a write under it resolves like any
// path of the code. Flask puts it beside the app's top-level package or
// module when that is not installed in the venv (the image runs the code
// from /app, or an import root on PYTHONPATH): <import root>/instance
// (https://flask.palletsprojects.com/en/stable/config/#instance-folders).
// Flask creates nothing there itself; the code's own makedirs, a SQLite
// file or a file opened under it is the write.
func (s *startScanner) flaskInstancePaths(file string, lines []pyLine, vars map[string]startPath) {
	root, ok := s.importRootOf(file)
	if !ok {
		return
	}
	for _, l := range lines {
		m := flaskAppAssignRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		p := startPath{path.Join(root, "instance"), true}
		if loc := instancePathKwRe.FindStringIndex(l.text); loc != nil {
			arg := pyExpr(l.text[loc[1]:])
			switch {
			case stringLiteral(arg) != "":
				// An absolute folder the code names (Flask requires one).
				lit := stringLiteral(arg)
				if !path.IsAbs(lit) {
					continue
				}
				p = startPath{path.Clean(lit), false}
			case arg == "None" || identOnlyRe.MatchString(arg):
				// The factory's parameter, None unless a caller says:
				// Flask's own folder.
			default:
				continue // computed: not known before run time
			}
		}
		vars[m[1]+".instance_path"] = p
	}
}

var identOnlyRe = regexp.MustCompile(`^[A-Za-z_]\w*$`)

// importRootOf is the import root a file's top-level package or module
// sits in, relative to the project: the longest of the scanner's roots
// that holds it as a module.
func (s *startScanner) importRootOf(file string) (string, bool) {
	best, found := "", false
	for _, r := range s.roots {
		r = path.Clean("./" + r)
		if moduleName(r, file) == "" {
			continue
		}
		if !found || len(r) > len(best) {
			best, found = r, true
		}
	}
	if found && best == "." {
		best = ""
	}
	return strings.TrimPrefix(best, "./"), found
}
