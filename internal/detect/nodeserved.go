package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

var (
	staticFilesRe  = regexp.MustCompile(`\bStaticFiles\s*\(`)
	directoryKwRe  = regexp.MustCompile(`\bdirectory\s*=\s*`)
	flaskStaticRe  = regexp.MustCompile(`\bFlask\s*\(`)
	staticFolderRe = regexp.MustCompile(`\bstatic_folder\s*=\s*`)
	moduleAssignRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?=\s*(.+)$`)
)

// servedStaticDirs finds the folders the app serves static files from,
// not in the checkout: StaticFiles(directory=…) (Starlette, FastAPI) is
// relative to the working directory, Flask's static_folder to the app's
// module. The folder is a literal, a path built from __file__ or the
// working directory, or a module-level name of the same file holding one.
func servedStaticDirs(fsys fs.FS, f *Facts) []servedDir {
	var out []servedDir
	roots := readLayout(fsys).sourceRoots(fsys)
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !staticFilesRe.Match(data) && !staticFolderRe.Match(data) {
			return
		}
		lines := pyLines(data)
		vars := map[string]startPath{}
		for _, l := range lines {
			if l.indent != 0 {
				continue
			}
			if m := moduleAssignRe.FindStringSubmatch(l.text); m != nil {
				if sp, ok := resolveStartPath(strings.TrimSpace(m[2]), file, vars); ok {
					vars[m[1]] = sp
				}
			}
		}
		for _, l := range lines {
			var kw *regexp.Regexp
			var what string
			flask := false
			switch {
			case staticFilesRe.MatchString(l.text):
				kw, what = directoryKwRe, "StaticFiles(directory=…)"
			case flaskStaticRe.MatchString(l.text) && staticFolderRe.MatchString(l.text):
				kw, what, flask = staticFolderRe, "Flask(static_folder=…)", true
			default:
				continue
			}
			loc := kw.FindStringIndex(l.text)
			if loc == nil {
				continue
			}
			sp, ok := resolveStartPath(pyExpr(l.text[loc[1]:]), file, vars)
			if !ok {
				continue
			}
			p := sp.path
			if flask && !sp.beside && !path.IsAbs(p) {
				p = path.Join(path.Dir(file), p)
			}
			p = path.Clean(p)
			if path.IsAbs(p) || p == "." || strings.HasPrefix(p, "../") || !fs.ValidPath(p) {
				continue
			}
			if _, err := fs.Stat(fsys, p); err == nil {
				continue // committed: served as it is
			}
			out = append(out, servedDir{Dir: p, What: what, Source: Source{File: file, Line: l.line}})
		}
	})
	return out
}

// anyBase reports whether expr names one of the base folders.
func anyBase(expr string, bases map[string]string) bool {
	for name := range bases {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(expr) {
			return true
		}
	}
	return false
}
