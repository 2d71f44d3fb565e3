package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// DevImport is a package the settings import unconditionally that only a
// development set (a dev requirements file, an extra or group the image
// does not install) provides: the image cannot import the settings.
type DevImport struct {
	Module  string `json:"module"`  // as the settings name it: debug_toolbar
	Package string `json:"package"` // django-debug-toolbar
	Set     string `json:"set"`     // where it is declared: requirements-dev.txt, group dev
	Source  Source `json:"source"`
}

// importDists are import names whose distribution is not the import name
// spelled with hyphens. Source: each project's PyPI page.
var importDists = map[string]string{
	"debug_toolbar":  "django-debug-toolbar", // https://pypi.org/project/django-debug-toolbar/
	"silk":           "django-silk",          // https://pypi.org/project/django-silk/
	"factory":        "factory-boy",          // https://pypi.org/project/factory-boy/
	"querycount":     "django-querycount",    // https://pypi.org/project/django-querycount/
	"rest_framework": "djangorestframework",  // https://pypi.org/project/djangorestframework/
}

var (
	// INSTALLED_APPS = [...], MIDDLEWARE += [...]: the strings name modules.
	appListRe = regexp.MustCompile(`^(?:INSTALLED_APPS|MIDDLEWARE|[A-Z_]*_APPS)\s*(?::[^=]*)?\+?=\s*(.*)$`)
	// "debug_toolbar", "django_extensions.apps.Config": a module path string.
	moduleStringRe = regexp.MustCompile(`["']([A-Za-z_]\w*)(?:\.[\w.]*)?["']`)
)

// devOnlySets maps each package a development set declares to that set,
// for packages the image does not install.
func devOnlySets(fsys fs.FS, f *Facts) map[string]string {
	out := map[string]string{}
	add := func(name, set string) {
		name = NormalizeName(name)
		if _, ok := out[name]; !ok && !f.IsInstalled(name) {
			out[name] = set
		}
	}
	for _, s := range f.Optional {
		if slices.Contains(f.Extras, s.Name) || slices.Contains(f.Groups, s.Name) {
			continue
		}
		for _, d := range s.Deps {
			add(d, s.Kind+" "+s.Name+" ("+s.Source.File+")")
		}
	}
	if f.Manager == ManagerPipenv {
		if pf, err := readPipfile(fsys, "Pipfile"); err == nil {
			for name := range pf.DevPackages {
				add(name, "dev-packages (Pipfile)")
			}
		}
	}
	for _, file := range devRequirementFiles(fsys, f.RequirementsFile) {
		if req, err := readRequirements(fsys, file); err == nil {
			for _, d := range req.Deps {
				add(d.Name, file)
			}
		}
	}
	return out
}

// devRequirementFiles are requirements files for development beside the
// one the image installs, or in a requirements/ folder: named dev, test,
// local… (requirements-dev.txt, requirements/dev.txt, dev-requirements.txt).
func devRequirementFiles(fsys fs.FS, main string) []string {
	var out []string
	for _, dir := range []string{".", "requirements", path.Dir(main)} {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".txt") {
				continue
			}
			stem := strings.TrimSuffix(n, ".txt")
			stem = strings.Trim(strings.ReplaceAll(stem, "requirements", ""), "-_.")
			file := path.Join(dir, n)
			if (devSetNames[stem] || stem == "local") && file != main && !slices.Contains(out, file) {
				out = append(out, file)
			}
		}
	}
	return out
}

// readDevImports finds the modules the settings (and their star imports)
// import unconditionally, at module level or in INSTALLED_APPS/MIDDLEWARE,
// that only a development set provides.
func readDevImports(fsys, sub fs.FS, f *Facts, dj *Django, dir string) []DevImport {
	root, file := locateModule(sub, dj.SettingsModule)
	if file == "" {
		return nil
	}
	dev := devOnlySets(fsys, f)
	if len(dev) == 0 {
		return nil
	}
	var out []DevImport
	seen := map[string]bool{}
	check := func(module, shown string, src Source) {
		top, _, _ := strings.Cut(module, ".")
		// The project's own packages, wherever manage.py sits, are not
		// installed from a set (a self-referencing extra names the project).
		if top == "" || seen[top] || moduleExists(sub, top) || moduleExists(fsys, top) || NormalizeName(top) == NormalizeName(f.Name) {
			return
		}
		dist, ok := importDists[top]
		if !ok {
			dist = NormalizeName(top)
		}
		if set, ok := dev[dist]; ok {
			seen[top] = true
			src.File = path.Join(dir, src.File)
			out = append(out, DevImport{Module: shown, Package: dist, Set: set, Source: src})
		}
	}
	walkSettings(sub, root, file, func(file string, l pyLine) {
		if l.indent != 0 {
			return // guarded (if DEBUG:, try:): not at every import
		}
		src := Source{File: file, Line: l.line}
		for _, im := range pyImports([]pyLine{l}) {
			m := im.module
			if im.from != "" {
				m = im.from
			}
			if !strings.HasPrefix(m, ".") {
				check(m, m, src)
			}
		}
		if m := appListRe.FindStringSubmatch(l.text); m != nil {
			for _, s := range moduleStringRe.FindAllStringSubmatch(m[1], -1) {
				check(s[1], `"`+strings.Trim(s[0], `"'`)+`"`, src)
			}
		}
	})
	return out
}

// String is detect's report of a dev-only import.
func (d DevImport) String() string {
	return d.Source.String() + ": the settings import " + d.Module + " (" + d.Package + "), which only " + d.Set + " installs: the image does not have it, so the settings fail to import; move it to the main dependencies, or import it only where DEBUG is on"
}
