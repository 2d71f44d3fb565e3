package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// UnmigratedApp is an app in INSTALLED_APPS with models and no migrations
// folder: `migrate` creates none of its tables until someone runs
// makemigrations and commits the result.
type UnmigratedApp struct {
	Module string `json:"module"`
	Source Source `json:"source"` // the INSTALLED_APPS line naming it
}

// installedAppsRe is INSTALLED_APPS (or a *_APPS list it is built from).
var installedAppsRe = regexp.MustCompile(`^(?:INSTALLED_APPS|[A-Z_]*_APPS)\s*(?::[^=]*)?\+?=\s*(.*)$`)

// maxInstalledApps bounds the apps read.
const maxInstalledApps = 200

// readInstalledApps reads the project's own apps from INSTALLED_APPS (the
// ones whose package is in the project): those with models.py and no
// migrations/ folder, and the management commands they define.
func readInstalledApps(fsys fs.FS, dj *Django, root, file string) {
	seen := map[string]bool{}
	order, files := settingsLines(fsys, root, file)
	for _, f := range order {
		for _, l := range files[f] {
			m := installedAppsRe.FindStringSubmatch(l.text)
			if m == nil || l.indent != 0 {
				continue
			}
			for _, lit := range pyLiterals(m[1]) {
				mod := lit
				// "shop.apps.ShopConfig" names the app shop by its AppConfig.
				if i := strings.Index(mod, ".apps."); i > 0 {
					mod = mod[:i]
				}
				if seen[mod] || len(seen) >= maxInstalledApps || !moduleRe.MatchString(mod) {
					continue
				}
				seen[mod] = true
				dj.apps = append(dj.apps, installedApp{Name: mod, Source: Source{File: f, Line: l.line}})
				_, init := locateModule(fsys, mod)
				if !strings.HasSuffix(init, "/__init__.py") {
					continue // not a package of the project
				}
				dir := path.Dir(init)
				dj.appStatics = append(dj.appStatics, servedDir{Dir: path.Join(dir, "static"), What: "AppDirectoriesFinder, from the static folder of the Django app " + mod, Source: Source{File: f, Line: l.line}})
				models := isRegularFile(fsys, path.Join(dir, "models", "__init__.py")) || concreteModels(fsys, path.Join(dir, "models.py"))
				if st, err := fs.Stat(fsys, path.Join(dir, "migrations")); models && (err != nil || !st.IsDir()) {
					dj.UnmigratedApps = append(dj.UnmigratedApps, UnmigratedApp{Module: mod, Source: Source{File: f, Line: l.line}})
				}
				entries, _ := fs.ReadDir(fsys, path.Join(dir, "management", "commands"))
				for _, e := range entries {
					name, ok := strings.CutSuffix(e.Name(), ".py")
					if ok && !e.IsDir() && !strings.HasPrefix(name, "_") && isIdentifier(name) && !slices.Contains(dj.Commands, name) {
						dj.Commands = append(dj.Commands, name)
					}
				}
			}
		}
	}
}

var (
	// class Name(bases): at module level.
	modelClassRe = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*:`)
	// abstract = True in a model's Meta.
	abstractRe = regexp.MustCompile(`^abstract\s*=\s*True\b`)
	// A base class named as a model: models.Model, TimeStampedModel.
	modelBaseRe = regexp.MustCompile(`(?:^|\.)\w*Model$`)
)

// concreteModels reports whether a models.py defines a model with a table:
// a class built on a model (a base named *Model, or a model of the file)
// whose Meta is not abstract. Abstract bases, managers and plain classes
// need no migrations. A file pydock cannot read counts as having one.
func concreteModels(fsys fs.FS, file string) bool {
	if !isRegularFile(fsys, file) {
		return false
	}
	data, err := readPySource(fsys, file)
	if err != nil {
		return true
	}
	lines := pyLines(data)
	models := map[string]bool{}
	for i, l := range lines {
		m := modelClassRe.FindStringSubmatch(l.text)
		if m == nil || l.indent != 0 {
			continue
		}
		isModel := false
		for b := range strings.SplitSeq(m[2], ",") {
			b = strings.TrimSpace(b)
			if modelBaseRe.MatchString(b) || models[b] {
				isModel = true
			}
		}
		if !isModel {
			continue
		}
		models[m[1]] = true
		abstract := false
		for _, b := range lines[i+1:] {
			if b.indent == 0 {
				break
			}
			abstract = abstract || abstractRe.MatchString(b.text)
		}
		if !abstract {
			return true
		}
	}
	return false
}

// moduleRe is a dotted module path.
var moduleRe = regexp.MustCompile(`^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$`)
