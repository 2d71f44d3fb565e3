package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

var (
	baseNameRe     = regexp.MustCompile(`([A-Za-z_]\w*)\s*(?:\[.*)?$`)
	directoryKwRe  = regexp.MustCompile(`\bdirectory\s*=\s*`)
	flaskStaticRe  = regexp.MustCompile(`\bFlask\s*\(`)
	staticFolderRe = regexp.MustCompile(`\bstatic_folder\s*=\s*`)
	moduleAssignRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?=\s*(.+)$`)
	// computedDirRe is a folder read at run time from a setting: a name
	// or an attribute of one (settings.STATIC_DIR), nothing pydock reads.
	computedDirRe = regexp.MustCompile(`^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+$|^[A-Z_][A-Z0-9_]*$`)
)

// servedStaticDirs finds the folders the app serves static files from,
// not in the checkout: StaticFiles(directory=…) (Starlette, FastAPI) is
// relative to the working directory, Flask's static_folder to the app's
// module. The folder is a literal, a path built from __file__ or the
// working directory, or a module-level name of the same file holding one.
// The project's own subclasses of StaticFiles (a single-page client's
// fallback to its index page) serve the folder they are given alike.
func servedStaticDirs(fsys fs.FS, f *Facts) []servedDir {
	var out []servedDir
	roots := readLayout(fsys).sourceRoots(fsys)
	staticFilesRe := staticFilesCallRe(fsys, roots)
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
				call := staticFilesRe.FindString(l.text)
				kw, what = directoryKwRe, strings.TrimRight(call, " \t(")+"(directory=…)"
			case flaskStaticRe.MatchString(l.text) && staticFolderRe.MatchString(l.text):
				kw, what, flask = staticFolderRe, "Flask(static_folder=…)", true
			default:
				continue
			}
			loc := kw.FindStringIndex(l.text)
			if loc == nil {
				continue
			}
			expr := pyExpr(l.text[loc[1]:])
			sp, ok := resolveStartPath(expr, file, vars)
			if !ok {
				if computedDirRe.MatchString(expr) {
					out = append(out, servedDir{Dir: expr, What: what, Source: Source{File: file, Line: l.line}, computed: true})
				}
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
			placeholders, only := placeholderOnly(fsys, p)
			if _, err := fs.Stat(fsys, p); err == nil && !only {
				continue // committed: served as it is
			}
			out = append(out, servedDir{Dir: p, What: what, Source: Source{File: file, Line: l.line}, placeholders: placeholders})
		}
	})
	return out
}

// placeholderFiles are the files that keep an otherwise empty folder in
// git (a build fills it, and .gitignore leaves the rest out): by
// convention, git itself tracks no empty folder
// (https://git.wiki.kernel.org/index.php/GitFaq#Can_I_add_empty_directories.3F).
var placeholderFiles = map[string]bool{".keep": true, ".gitkeep": true, ".gitignore": true, ".empty": true, ".placeholder": true}

// placeholderOnly reports whether dir is a folder holding nothing but
// placeholder files (at least one), and their names.
func placeholderOnly(fsys fs.FS, dir string) ([]string, bool) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil || len(entries) == 0 {
		return nil, false
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() || !placeholderFiles[e.Name()] {
			return nil, false
		}
		names = append(names, e.Name())
	}
	return names, true
}

// staticFilesCallRe matches a call of StaticFiles or of a class of the
// project derived from it, directly or through another: a subclass takes
// the same directory argument.
func staticFilesCallRe(fsys fs.FS, roots []string) *regexp.Regexp {
	bases := map[string][]string{} // class name → its bases' last names
	_ = walkPython(fsys, roots, func(_, _ string, data []byte) {
		if !bytes.Contains(data, []byte("class ")) {
			return
		}
		for _, l := range pyLines(data) {
			m := classHeaderRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			for _, b := range strings.Split(m[2], ",") {
				if n := baseNameRe.FindStringSubmatch(strings.TrimSpace(b)); n != nil && !strings.Contains(b, "=") {
					bases[m[1]] = append(bases[m[1]], n[1])
				}
			}
		}
	})
	served := map[string]bool{"StaticFiles": true}
	for grew := true; grew; {
		grew = false
		for name, bs := range bases {
			if !served[name] && slices.ContainsFunc(bs, func(b string) bool { return served[b] }) {
				served[name], grew = true, true
			}
		}
	}
	names := make([]string, 0, len(served))
	for n := range served {
		names = append(names, regexp.QuoteMeta(n))
	}
	slices.Sort(names)
	return regexp.MustCompile(`\b(?:` + strings.Join(names, "|") + `)\s*\(`)
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
