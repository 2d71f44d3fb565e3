package detect

import (
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
)

// databasesAssignRe is a module-level DATABASES assignment: what makes a
// file a settings module of its own.
var databasesAssignRe = regexp.MustCompile(`^DATABASES\s*(?::[^=]*)?=`)

// settingsNotRun lists the Django settings files the image does not run,
// slash paths under fsys: the other modules of the settings package the
// image runs (docker.py beside prod.py), and, anywhere under the Django
// roots, files that build DATABASES on a star import (a config.py the
// authors' image copies into the settings package). The run module and
// every module it builds on are left out, whatever their names.
func settingsNotRun(fsys fs.FS, dj *Django) []string {
	if dj == nil || dj.SettingsFile == "" {
		return nil
	}
	root, file := locateModule(fsys, dj.SettingsModule)
	if file == "" {
		return nil
	}
	run := map[string]bool{}
	walkSettings(fsys, root, file, func(f string, _ pyLine) { run[f] = true })
	// What the run modules import by name runs too (from .logging import
	// LOGGING, from . import database), one level beyond the star imports.
	for f := range maps.Clone(run) {
		data, err := readPySource(fsys, f)
		if err != nil {
			continue
		}
		module, isPkg := moduleName(root, f), strings.HasSuffix(f, "/__init__.py")
		for _, l := range pyLines(data) {
			m := fromImportRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			from := absImport(module, isPkg, m[1])
			cands := []string{from}
			for _, n := range strings.Split(strings.Trim(m[2], "() \\"), ",") {
				if w := strings.Fields(n); len(w) > 0 && isIdentifier(w[0]) {
					n = w[0]
					cands = append(cands, from+"."+n) // from . import database
				}
			}
			for _, c := range cands {
				if _, g := locateModule(fsys, c); g != "" {
					run[g] = true
				}
			}
		}
	}
	var out []string
	// The package's other modules, when the settings are a package of
	// their own (mysite/settings/prod.py): beside a lone settings.py sit
	// the project's views and urls.
	if dir := path.Dir(file); path.Base(dir) == "settings" {
		if entries, err := fs.ReadDir(fsys, dir); err == nil {
			for _, e := range entries {
				f := path.Join(dir, e.Name())
				if !e.IsDir() && strings.HasSuffix(e.Name(), ".py") && e.Name() != "__init__.py" && !run[f] {
					out = append(out, f)
				}
			}
		}
	}
	_ = walkPython(fsys, djangoRoots, func(f, _ string, data []byte) {
		if run[f] || slices.Contains(out, f) || !strings.Contains(string(data), "DATABASES") {
			return
		}
		star, dbs := false, false
		for _, l := range pyLines(data) {
			if l.indent == 0 {
				star = star || starImportRe.MatchString(l.text)
				dbs = dbs || databasesAssignRe.MatchString(l.text)
			}
		}
		if star && dbs {
			out = append(out, f)
		}
	})
	return out
}
