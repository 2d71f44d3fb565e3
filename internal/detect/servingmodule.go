package detect

// A package's __main__ may be its command-line tool while the long-running
// service is another module of the package that the authors start by its
// own `if __name__ == "__main__":` guard (`python -m pkg.service`). When
// nothing `python -m pkg` can run reaches the code that serves, that
// module is the program.

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// servingMainModule finds the module of the package run as `python -m
// pkg` (its __main__.py at mainFile) that has a __main__ guard and whose
// code reaches serving, the file that starts the server: the serving file
// itself first, else the only such module. It returns the dotted module
// and its guard's line.
func servingMainModule(fsys fs.FS, roots []string, pkg, mainFile, serving string) (string, Source) {
	dir := path.Dir(mainFile)
	if !strings.HasPrefix(serving, dir+"/") {
		return "", Source{} // the server is not the package's own code
	}
	var found []Source
	var modules []string
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && (pySkipDirs[d.Name()] || testsDir(d.Name()) || !isIdentifier(d.Name()) || !isRegularFile(fsys, p+"/__init__.py")) {
				return fs.SkipDir
			}
			return nil
		}
		base := path.Base(p)
		if !strings.HasSuffix(p, ".py") || base == "__main__.py" || base == "__init__.py" || notAppCode(p) || !isIdentifier(strings.TrimSuffix(base, ".py")) {
			return nil
		}
		data, err := readPySource(fsys, p)
		if err != nil {
			return nil
		}
		line, ok := mainGuardLine(data)
		if !ok || !slices.Contains(codeClosure(fsys, roots, p), serving) {
			return nil
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, dir+"/"), ".py")
		found = append(found, Source{File: p, Line: line})
		modules = append(modules, pkg+"."+strings.ReplaceAll(rel, "/", "."))
		return nil
	})
	for i, s := range found {
		if s.File == serving {
			return modules[i], s
		}
	}
	if len(found) == 1 {
		return modules[0], found[0]
	}
	return "", Source{}
}

// runServingModule makes the module that serves the program when `python
// -m pkg` reaches no server (served is false) while the package's code
// serves.
func (f *Facts) runServingModule(fsys fs.FS, roots []string, served bool) {
	if served || f.MainModule == "" || f.MainIsModule || f.Serves == nil || f.EntryFile != "" {
		return
	}
	mod, src := servingMainModule(fsys, roots, f.MainModule, f.MainModuleFrom.File, f.Serves.Source.File)
	if mod == "" {
		return
	}
	f.MainModuleWhy = fmt.Sprintf("nothing python -m %s runs (%s) reaches the server (%s); %s starts it under its own __main__ guard", f.MainModule, f.MainModuleFrom.File, f.Serves.Source, src.File)
	f.MainModule, f.MainModuleFrom, f.MainIsModule = mod, src, true
	if sv := entryCodeServing(fsys, roots, src.File); sv != nil {
		f.Serves = sv
	}
}

// mainModuleFile is the module `python -m MainModule` runs: the package's
// __main__, or the module itself when it runs by its own guard.
func (f *Facts) mainModuleFile() string {
	if f.MainIsModule {
		return f.MainModule
	}
	return f.MainModule + ".__main__"
}
