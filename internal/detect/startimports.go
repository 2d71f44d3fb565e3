package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// maxStartFiles bounds the files the start is followed through.
const maxStartFiles = 3000

// typeCheckingRe opens a block that only type checkers run.
var typeCheckingRe = regexp.MustCompile(`^if\s+(?:typing\.)?TYPE_CHECKING\s*:`)

// moduleLevelLines are the lines a module runs when it is imported: not
// def or class bodies, nor `if TYPE_CHECKING:` blocks.
func moduleLevelLines(lines []pyLine) []pyLine {
	var out []pyLine
	block := -1
	for _, l := range lines {
		if block >= 0 && l.indent > block {
			continue
		}
		block = -1
		if blockStartRe.MatchString(l.text) || typeCheckingRe.MatchString(l.text) {
			block = l.indent
			continue
		}
		out = append(out, l)
	}
	return out
}

// fileModule is the dotted name of a project file under one of the roots
// and whether it is a package's __init__.
func fileModule(roots []string, file string) (string, bool) {
	for _, r := range roots {
		if m := moduleName(r, file); m != "" {
			return m, path.Base(file) == "__init__.py"
		}
	}
	return "", false
}

// importTargets are the project files an import names: for `import a.b`
// the file of a.b (as pkg); for `from a import b` the file of a (as pkg) and
// of the module a.b when b is one (as sub). Relative imports are resolved
// against the importing module; "" where no project file is.
func importTargets(fsys fs.FS, roots []string, file string, im pyImport) (pkg, sub string) {
	find := func(m string) string {
		if mf := moduleFileIn(fsys, roots, m); mf != "" {
			return mf
		}
		return ""
	}
	if im.module != "" {
		return find(im.module), ""
	}
	from := im.from
	if strings.HasPrefix(from, ".") {
		mod, isPkg := fileModule(roots, file)
		if mod == "" && !isPkg {
			return "", ""
		}
		from = absImport(mod, isPkg, from)
	}
	if from == "" {
		return "", ""
	}
	pkg = find(from)
	if im.name != "*" {
		sub = find(from + "." + im.name)
	}
	return pkg, sub
}

// importClosure extends the files the start runs with the project modules
// they import at module level, and those modules' imports in turn, with
// the __init__ of each package on the way (it runs first). Files in seen
// are left out; the result is in the order they were reached.
func importClosure(fsys fs.FS, roots []string, files []string, seen map[string]bool) []string {
	return importClosureOf(fsys, roots, files, seen, moduleLevelLines)
}

// everyImportClosure is importClosure through every import, those in
// functions too: the modules a process may reach at all.
func everyImportClosure(fsys fs.FS, roots []string, files []string) []string {
	return importClosureOf(fsys, roots, files, map[string]bool{}, func(l []pyLine) []pyLine { return l })
}

// importClosureOf is importClosure following the imports of the lines
// which selects.
func importClosureOf(fsys fs.FS, roots []string, files []string, seen map[string]bool, which func([]pyLine) []pyLine) []string {
	var out []string
	queue := append([]string(nil), files...)
	for len(queue) > 0 && len(seen) < maxStartFiles {
		fl := queue[0]
		queue = queue[1:]
		if seen[fl] {
			continue
		}
		seen[fl] = true
		out = append(out, fl)
		for dir := path.Dir(fl); dir != "." && dir != "/"; dir = path.Dir(dir) {
			init := path.Join(dir, "__init__.py")
			if !isRegularFile(fsys, init) {
				break
			}
			queue = append(queue, init)
		}
		data, err := readPySource(fsys, fl)
		if err != nil {
			continue
		}
		for _, im := range pyImports(which(pyLines(data))) {
			for _, t := range [2]string(importPair(importTargets(fsys, roots, fl, im))) {
				if t != "" {
					queue = append(queue, t)
				}
			}
		}
	}
	return out
}

// imported seeds a file's names with the paths of the project modules it
// imports: `from pkg import settings` gives settings.X for each path name X
// of pkg/settings.py, `from pkg.settings import X as Y` gives Y, `import
// pkg.settings` gives pkg.settings.X, `from .base import *` gives X.
func (s *startScanner) imported(file string, lines []pyLine) map[string]startPath {
	vars := map[string]startPath{}
	if s.roots == nil {
		return vars
	}
	for _, im := range pyImports(moduleLevelLines(lines)) {
		pkg, sub := importTargets(s.fsys, s.roots, file, im)
		switch {
		case im.name == "*":
			// from .base import *: the base's names, unprefixed.
			if pkg != "" {
				for k, v := range s.moduleVars(pkg) {
					vars[k] = v
				}
			}
		case im.module != "":
			prefix := im.module
			if im.alias != "" {
				prefix = im.alias
			}
			if pkg != "" {
				for k, v := range s.moduleVars(pkg) {
					vars[prefix+"."+k] = v
				}
			}
		case sub != "":
			// A module: its names under the name it is imported as.
			for k, v := range s.moduleVars(sub) {
				vars[im.bound()+"."+k] = v
			}
		case pkg != "":
			for k, v := range s.moduleVars(pkg) {
				if k == im.name {
					vars[im.bound()] = v
				} else if rest, ok := strings.CutPrefix(k, im.name+"."); ok {
					vars[im.bound()+"."+rest] = v // a class's constants
				}
			}
		}
	}
	return vars
}

func importPair(pkg, sub string) [2]string { return [2]string{pkg, sub} }

// bound is the name a from-import binds.
func (im pyImport) bound() string {
	if im.alias != "" {
		return im.alias
	}
	return im.name
}
