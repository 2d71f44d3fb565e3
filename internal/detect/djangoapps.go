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
				_, init := locateModule(fsys, mod)
				if !strings.HasSuffix(init, "/__init__.py") {
					continue // not a package of the project
				}
				dir := path.Dir(init)
				models := isRegularFile(fsys, path.Join(dir, "models.py")) || isRegularFile(fsys, path.Join(dir, "models", "__init__.py"))
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

// moduleRe is a dotted module path.
var moduleRe = regexp.MustCompile(`^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$`)
