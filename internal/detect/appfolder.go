package detect

// An app module in a folder that imports the modules beside it by their
// bare names (`import settings` in app/app.py, app/settings.py beside it)
// runs only with that folder on the import path, as its authors run it
// (cd app && uvicorn app:app, pytest's pythonpath = ["app"]). Imported by
// its dotted name from the root, its first sibling import fails.

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// appFolderImports serves the app by its bare module name from its own
// folder when the module imports its siblings by bare name: the folder
// becomes an import root (PYTHONPATH) and the target's ImportDir, which a
// server that can put a folder ahead of its working directory is given.
func (f *Facts) appFolderImports(fsys fs.FS, roots []string) {
	a := f.App
	if a == nil || a.ImportDir != "" {
		return
	}
	file := ""
	for _, r := range append([]string{""}, roots...) {
		if file = moduleFile(fsys, r, a.Module); file != "" {
			break
		}
	}
	if file == "" || path.Base(file) == "__init__.py" {
		return
	}
	dir := path.Dir(file)
	if dir == "." || contains(roots, dir) || contains(f.ImportRoots, dir) || !importsSibling(fsys, roots, dir, file) {
		return
	}
	mod := strings.TrimSuffix(path.Base(file), ".py")
	f.Notes = append(f.Notes, fmt.Sprintf("%s imports the modules beside it by their bare names: served as %s:%s from %s/ on the import path, not as %s", file, mod, a.Attr, dir, a))
	a.Module, a.ImportDir = mod, dir
	f.ImportRoots = append(f.ImportRoots, dir)
}
