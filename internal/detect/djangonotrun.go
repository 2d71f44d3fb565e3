package detect

import (
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
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
	root, file := settingsLocation(fsys, dj)
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

var (
	// The HOST of a DATABASES entry and the expression that gives it.
	dbHostRe = regexp.MustCompile(`["']HOST["']\s*:\s*(.+?)\s*,?\s*(?:["'][A-Z_]+["']\s*:|\})`)
	// What reads the environment in such an expression: os.environ,
	// getenv, a reader object or helper called with a variable's name.
	envExprRe = regexp.MustCompile(`\benviron\b|\bgetenv\b|\bvalues\s*\.|\(\s*["'][A-Z][A-Z0-9_]*["']`)
	// A DATABASES that reads the environment as a whole (a URL).
	dbURLExprRe = regexp.MustCompile(`dj_database_url|\.db(?:_url)?\s*\(|\bdatabase_url\b|DATABASE_URL`)
)

// fixedDBHost finds the database host the run settings fix in code (a
// literal, a secrets file's value): what compose's db service cannot
// change. It returns "file:line\x00expression" (dbHostWarning words it),
// "" when the host comes from the environment, the database is SQLite or
// pydock cannot tell.
func fixedDBHost(fsys fs.FS, dj *Django, root, file string) string {
	var first *pyLine
	var firstFile string
	fromEnv := false
	assigns := map[string]*pyLine{} // each file's first DATABASES
	walkSettings(fsys, root, file, func(f string, l pyLine) {
		if l.indent != 0 || !strings.HasPrefix(l.text, "DATABASES") {
			return
		}
		if dbURLExprRe.MatchString(l.text) {
			fromEnv = true
		}
		if databasesAssignRe.MatchString(l.text) && assigns[f] == nil {
			assigns[f] = &l
		}
		if first == nil && databasesAssignRe.MatchString(l.text) {
			first, firstFile = &l, f
		}
	})
	// A module the image makes, imported below that assignment (an
	// override, try: from .local_settings import *), sets it last.
	for _, m := range dj.LocalModules {
		if a := assigns[m.Template]; first != nil && a != nil && m.Source.File == firstFile && m.Source.Line > first.line {
			first, firstFile = a, m.Template
		}
	}
	if fromEnv || first == nil || strings.Contains(first.text, "sqlite3") {
		return ""
	}
	m := dbHostRe.FindStringSubmatch(first.text)
	if m == nil {
		return ""
	}
	expr := strings.TrimSpace(m[1])
	if envExprRe.MatchString(expr) {
		return ""
	}
	return firstFile + ":" + strconv.Itoa(first.line) + "\x00" + clip(expr, 60)
}

// dbHostWarning words fixedDBHost's finding, its file under dir.
func dbHostWarning(dir, found string) string {
	at, expr, _ := strings.Cut(found, "\x00")
	return path.Join(dir, at) + ": the settings take the database host from " + expr + ", not from the environment: compose's db service is not what the app connects to, and migrate fails there; read it from a variable (os.environ[\"DB_HOST\"])"
}

// testSettingsDB finds the settings the site runs (file under root in
// sub, the Django folder dir of the project top) star-importing the
// project's test settings (a test file: test_settings.py), in the Django
// folder or, as an installed package of the project, above it, whose
// DATABASES is then the site's: no production configuration (modoboa's
// test_project on modoboa/test_settings.py). It returns "importer:line\x00
// test file\x00test file:line", paths in top, for testSettingsWarning; ""
// when there is none.
func testSettingsDB(sub fs.FS, root, file string, top fs.FS, dir string) string {
	found, own := "", false
	walkSettings(sub, root, file, func(f string, l pyLine) {
		if l.indent == 0 && !isTestFile(f) && databasesAssignRe.MatchString(l.text) {
			own = true // the run settings set their own: pydock does not weigh which wins
		}
		m := starImportRe.FindStringSubmatch(l.text)
		if found != "" || m == nil || l.indent != 0 || isTestFile(f) {
			return
		}
		name := strings.ReplaceAll(m[1], ".", "/") + ".py"
		if !isTestFile(name) {
			return
		}
		at := ""
		for _, c := range []struct {
			fsys fs.FS
			dir  string
		}{{sub, dir}, {top, ""}} {
			if _, t := locateModule(c.fsys, m[1]); t != "" {
				at = path.Join(c.dir, t)
				break
			}
		}
		data, err := readPySource(top, at)
		if at == "" || err != nil {
			return
		}
		for _, t := range pyLines(data) {
			if databasesAssignRe.MatchString(t.text) && !strings.Contains(t.text, "sqlite3") {
				found = path.Join(dir, f) + ":" + strconv.Itoa(l.line) + "\x00" + at + "\x00" + at + ":" + strconv.Itoa(t.line)
				return
			}
		}
	})
	if own {
		return ""
	}
	return found
}

// testSettingsWarning words testSettingsDB's finding.
func testSettingsWarning(found string) string {
	parts := strings.SplitN(found, "\x00", 3)
	return parts[0] + ": the settings star-import " + parts[1] + ", test settings, whose DATABASES (" + parts[2] +
		") is the database the site runs on: test settings are no production configuration, so compose runs no database for them and passes none of their names; give the settings the image runs their own DATABASES, read from the environment (os.environ[\"DB_HOST\"], dj-database-url)"
}
