package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// scriptTargetRe is a server argument that names an app the way gunicorn,
// uvicorn and their kin take it: module:attr, or module:factory() called
// with no arguments.
var scriptTargetRe = regexp.MustCompile(`^([A-Za-z_][\w.]*):([A-Za-z_]\w*)(\(\))?$`)

// scriptTarget is the app the authors' own start script serves
// (exec gunicorn "pkg:create_app()" in docker-entrypoint.sh), when its
// module is found under the roots and binds the attribute: the authors'
// word for what runs, above any object found by scanning the source.
// file is the module's file.
func scriptTarget(fsys fs.FS, roots []string, servers []ScriptServer) (*AppTarget, string) {
	for _, sc := range servers {
		for _, a := range sc.Argv[1:] {
			m := scriptTargetRe.FindStringSubmatch(strings.TrimSpace(a))
			if m == nil {
				continue
			}
			for _, root := range roots {
				if f := moduleFile(fsys, root, m[1]); f != "" && definesName(fsys, f, m[2]) {
					return &AppTarget{Module: m[1], Attr: m[2], Factory: m[3] != "", Source: sc.Source}, f
				}
			}
		}
	}
	return nil, ""
}
