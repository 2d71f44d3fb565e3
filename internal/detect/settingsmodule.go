package detect

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Finding a settings module's file: by its dotted name under the import
// roots, or by looking when manage.py does not say, and the configuration
// class django-configurations names.

// locateModule finds the file of a dotted module under the Django roots:
// a/b.py or the package a/b/__init__.py.
func locateModule(fsys fs.FS, module string) (root, file string) {
	if module == "" {
		return "", ""
	}
	rel := strings.ReplaceAll(module, ".", "/")
	for _, r := range djangoRoots {
		for _, f := range []string{rel + ".py", rel + "/__init__.py"} {
			f = path.Join(r, f)
			if isRegularFile(fsys, f) {
				return r, f
			}
		}
	}
	return "", ""
}

func moduleExists(fsys fs.FS, module string) bool {
	_, f := locateModule(fsys, module)
	return f != ""
}

// guessSettings finds the one top-level package (under a Django root)
// holding settings.py or a settings package.
func guessSettings(fsys fs.FS) (module, file string) {
	var found [][2]string
	for _, r := range djangoRoots {
		dir := path.Clean("./" + r)
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !e.IsDir() || !isIdentifier(e.Name()) || (r == "" && e.Name() == "src") {
				continue
			}
			if _, f := locateModule(fsys, e.Name()+".settings"); f != "" && strings.HasPrefix(f, path.Join(r, e.Name())+"/") {
				found = append(found, [2]string{e.Name() + ".settings", f})
			}
		}
	}
	if len(found) == 0 {
		found = deepSettings(fsys)
	}
	if len(found) != 1 {
		return "", ""
	}
	return found[0][0], found[0][1]
}

// deepSettings finds settings modules deeper down (registrar/config/
// settings.py) in the package that also holds wsgi.py or asgi.py, as
// startproject lays them out.
func deepSettings(fsys fs.FS) [][2]string {
	var found [][2]string
	var walk func(dir string, parts []string)
	walk = func(dir string, parts []string) {
		if len(parts) > 3 || len(found) > 1 {
			return
		}
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return
		}
		if len(parts) >= 2 && (isRegularFile(fsys, path.Join(dir, "wsgi.py")) || isRegularFile(fsys, path.Join(dir, "asgi.py"))) {
			mod := strings.Join(parts, ".") + ".settings"
			if _, f := locateModule(fsys, mod); f != "" {
				found = append(found, [2]string{mod, f})
			}
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() && isIdentifier(n) && !pySkipDirs[n] && isRegularFile(fsys, path.Join(dir, n, "__init__.py")) {
				walk(path.Join(dir, n), append(slices.Clone(parts), n))
			}
		}
	}
	walk(".", nil)
	return found
}

// isRegularFile reports whether name is a regular file, not following a
// symlink where the FS can tell.
func isRegularFile(fsys fs.FS, name string) bool {
	st, err := fs.Lstat(fsys, name)
	return err == nil && st.Mode().IsRegular()
}

// readPySource reads a Python file the project relies on (manage.py,
// settings), bounded like any source file.
func readPySource(fsys fs.FS, name string) ([]byte, error) {
	return readBounded(fsys, name, maxPyFileSize, "Python files")
}

// configurationDefault is the DJANGO_CONFIGURATION class manage.py gives
// django-configurations by default, "" when it uses none.
func configurationDefault(manage []byte) string {
	for _, l := range pyLines(manage) {
		if m := configurationDefaultRe.FindStringSubmatch(l.text); m != nil {
			return m[1]
		}
	}
	return ""
}

// configurationClass picks the configuration class a settings module
// defines for itself: the one named after the module (Production in
// production.py, Prod or Production in prod.py), else its only class.
func configurationClass(fsys fs.FS, module string) string {
	_, file := locateModule(fsys, module)
	if file == "" {
		return ""
	}
	data, err := readPySource(fsys, file)
	if err != nil {
		return ""
	}
	last := strings.ToLower(module[strings.LastIndex(module, ".")+1:])
	var classes []string
	for _, l := range pyLines(data) {
		if m := configClassRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			classes = append(classes, m[1])
		}
	}
	for _, c := range classes {
		if lc := strings.ToLower(c); lc == last || strings.HasPrefix(lc, last) {
			return c
		}
	}
	if len(classes) == 1 {
		return classes[0]
	}
	return ""
}
