package detect

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// frameworkOrder is the order frameworks are tried when several are
// dependencies: the more specific one wins (FastAPI depends on Starlette).
var frameworkOrder = []Framework{
	FrameworkDjango, FrameworkFastAPI, FrameworkLitestar, FrameworkStarlette, FrameworkFlask, FrameworkAiohttp,
}

// serverNames are the servers pydock knows how to run, in preference order.
var serverNames = []string{"uvicorn", "gunicorn", "granian", "hypercorn"}

// detectApp finds the framework, the servers and what to run.
func detectApp(fsys fs.FS, f *Facts, exists func(string) bool) error {
	for _, fw := range frameworkOrder {
		if d := f.Dep(string(fw)); d != nil {
			if fw == FrameworkDjango && !exists("manage.py") {
				// A Django dependency without manage.py is a library use
				// (an ORM script, a test helper), not a Django site.
				f.Notes = append(f.Notes, "django is a dependency but there is no manage.py; not treated as a Django site")
				continue
			}
			f.Framework, f.FrameworkFrom = fw, d.Source
			break
		}
	}
	for _, s := range serverNames {
		if f.Has(s) {
			f.Servers = append(f.Servers, s)
		}
	}
	// fastapi[standard] brings uvicorn with it.
	if d := f.Dep("fastapi"); d != nil && !f.Has("uvicorn") {
		for _, e := range d.Extras {
			if e == "standard" || e == "all" {
				f.Servers = append([]string{"uvicorn"}, f.Servers...)
			}
		}
	}

	roots := []string{""}
	if st, err := fs.Stat(fsys, "src"); err == nil && st.IsDir() {
		roots = []string{"src", ""}
	}

	proc, err := readProcfile(fsys)
	if err != nil {
		return err
	}
	f.Procfile = proc

	switch f.Framework {
	case FrameworkDjango:
		dj, err := readDjango(fsys)
		if err != nil {
			return err
		}
		f.Django = dj
		if dj != nil {
			mod := dj.WSGIModule
			if mod == "" {
				mod = dj.ASGIModule
			}
			if mod != "" {
				f.App = &AppTarget{Module: mod, Attr: "application", Source: dj.Source}
			}
			f.AppDir = dirOfModule(fsys, dj.SettingsModule, roots)
			f.DataPaths = readDataPaths(fsys, dj)
		}
	case FrameworkNone:
		if len(f.Scripts) == 0 && proc == nil {
			if entry, src := findEntryFile(fsys); entry != "" {
				f.EntryFile = entry
				f.Notes = append(f.Notes, fmt.Sprintf("no web framework: runs %s with python (%s)", entry, src))
			}
		}
	default:
		app, dir, err := findApp(fsys, f.Framework, roots)
		if err != nil {
			return err
		}
		f.App, f.AppDir = app, dir
		if app == nil && proc == nil {
			f.Warnings = append(f.Warnings, fmt.Sprintf("%s is a dependency but no module creates the app; pass --app module:attribute", f.Framework))
		}
	}
	f.Health = findHealthRoute(fsys, roots)
	return nil
}

// dirOfModule turns "mysite.settings" into the folder holding it ("mysite"),
// looking under each import root.
func dirOfModule(fsys fs.FS, module string, roots []string) string {
	pkg, _, _ := strings.Cut(module, ".")
	if i := strings.LastIndex(module, "."); i >= 0 {
		pkg = module[:i]
	}
	dir := strings.ReplaceAll(pkg, ".", "/")
	for _, r := range roots {
		d := path.Join(r, dir)
		if st, err := fs.Stat(fsys, d); err == nil && st.IsDir() {
			return d
		}
	}
	return dir
}
