package detect

// Console scripts of a project whose wheel the image does not build. The
// scripts are not installed then, but the functions they name are code in
// the source tree the image runs from: a script whose target module is
// found under the import roots still runs (plan starts its function with
// python -c), while one whose module is elsewhere cannot.

import (
	"io/fs"
	"strings"
)

// runnableScripts returns the console scripts the image can start: all of
// them when the project's wheel is installed; when it is not built, those
// whose target module and function are in the source tree.
func (f *Facts) runnableScripts(fsys fs.FS, roots []string) []Script {
	if f.Packaged {
		return f.Scripts
	}
	if f.NotBuilt == "" {
		// Nothing declares these scripts installable: not a wheel left
		// unbuilt, a project that is not one.
		return nil
	}
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	var out []Script
	for _, sc := range f.Scripts {
		if !SourceScriptTarget(sc.Target) {
			continue
		}
		if r.targetProblem(sc) == "" {
			out = append(out, sc)
		}
	}
	return out
}

// SourceScriptTarget reports whether a console script's target is a plain
// module:function (or module:object.method) of Python names, which plan
// can import and call by itself.
func SourceScriptTarget(target string) bool {
	mod, fn, ok := strings.Cut(target, ":")
	if !ok {
		return false
	}
	return dottedNames(strings.TrimSpace(mod)) && dottedNames(strings.TrimSpace(fn))
}

func dottedNames(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if !asciiIdentifier(part) {
			return false
		}
	}
	return true
}

// asciiIdentifier: a Python name in ASCII, safe to write into the python -c
// line plan builds.
func asciiIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
