package detect

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// staleProcfileTarget reports a Procfile command whose server argument
// (module:attr) names a module of the project that is not there: the
// module's top-level package is in the tree, the module itself is not
// (the code moved and the Procfile kept the old name). Such a line would
// exit at import, so it is not the authors' command. A command that moves
// the import path (cd, --chdir, --app-dir, --pythonpath, an assignment
// before the program) is not judged: its module resolves elsewhere.
func staleProcfileTarget(fsys fs.FS, roots []string, p *Procfile) (string, bool) {
	l, err := shellcmd.Parse(p.Command)
	if err != nil {
		return "", false
	}
	cmds := l.Commands()
	for _, c := range cmds {
		if c.Name() == "cd" || c.Assigns() {
			return "", false
		}
		for _, v := range c.Values() {
			for _, moves := range []string{"--chdir", "--app-dir", "--pythonpath"} {
				if v == moves || strings.HasPrefix(v, moves+"=") {
					return "", false
				}
			}
		}
	}
	for _, c := range cmds {
		for _, v := range c.Values()[1:] {
			m := scriptTargetRe.FindStringSubmatch(v)
			if m == nil || !strings.Contains(m[1], ".") {
				continue
			}
			top, _, _ := strings.Cut(m[1], ".")
			inTree, found := false, false
			for _, r := range roots {
				inTree = inTree || moduleFile(fsys, r, top) != ""
				found = found || moduleFile(fsys, r, m[1]) != ""
			}
			if inTree && !found {
				return fmt.Sprintf("%s serves %s, but the project has no module %s (%s is in the tree, %s is not): not used as the command, pydock serves what it finds in the source", p.Source, v, m[1], top, m[1]), true
			}
		}
	}
	return "", false
}
