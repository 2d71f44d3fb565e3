package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// Typelib is a GObject-introspection namespace the app's code uses through
// PyGObject: gi.require_version("Gst", "1.0") or from gi.repository import
// Gst. The typelib file (Gst-1.0.typelib) comes from a Debian package,
// never from a wheel; plan looks the namespace up in typelibs.toml.
type Typelib struct {
	Namespace string `json:"namespace"`
	Version   string `json:"version,omitempty"` // "" when only imported
	Source    Source `json:"source"`
}

// Name is the typelib's file name without .typelib (Gst-1.0), or the bare
// namespace when no version is required.
func (t Typelib) Name() string {
	if t.Version == "" {
		return t.Namespace
	}
	return t.Namespace + "-" + t.Version
}

var requireVersionRe = regexp.MustCompile(`\brequire_version\(\s*["'](\w+)["']\s*,\s*["']([\w.]+)["']`)

// findTypelibs lists the namespaces the code the start reaches requires or
// imports from gi.repository, in file order; a required version wins over
// a bare import of the same namespace. Tests are not the app.
func findTypelibs(fsys fs.FS, f *Facts) {
	_, names := startCodeFiles(fsys, f)
	at := map[string]int{} // namespace → index in f.Typelibs
	add := func(t Typelib) {
		if i, ok := at[t.Namespace]; ok {
			if f.Typelibs[i].Version == "" && t.Version != "" {
				f.Typelibs[i] = t
			}
			return
		}
		at[t.Namespace] = len(f.Typelibs)
		f.Typelibs = append(f.Typelibs, t)
	}
	for _, file := range names {
		if notProgramCode(file) {
			continue
		}
		data, err := readPySource(fsys, file)
		if err != nil || !strings.Contains(string(data), "gi.repository") && !strings.Contains(string(data), "require_version") {
			continue
		}
		ls := pyLines(data)
		for _, l := range ls {
			if m := requireVersionRe.FindStringSubmatch(l.text); m != nil {
				add(Typelib{Namespace: m[1], Version: m[2], Source: Source{File: file, Line: l.line}})
			}
		}
		for _, im := range pyImports(ls) {
			if im.from == "gi.repository" && im.name != "*" {
				add(Typelib{Namespace: im.name, Source: Source{File: file, Line: importLine(ls, im)}})
			}
		}
	}
	slices.SortStableFunc(f.Typelibs, func(a, b Typelib) int { return strings.Compare(a.Namespace, b.Namespace) })
}
