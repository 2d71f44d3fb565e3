package detect

import (
	"bufio"
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Migration is the evidence that the project manages its schema with a
// migration tool other than Django's (plan's table says what to run).
// Missing says which part of the evidence is absent ("" when complete):
// the tool is used, but pydock cannot run it as found.
type Migration struct {
	Tool   string `json:"tool"`   // alembic, flask-migrate (plan's table keys)
	Source Source `json:"source"` // alembic.ini:3, the file importing flask_migrate
	// Scripts is the folder holding env.py, relative to the project root.
	Scripts string `json:"scripts,omitempty"`
	// App is the application the flask command loads (FLASK_APP of
	// .flaskenv), AppFrom where it was read; "" when not set there.
	App     string `json:"app,omitempty"`
	AppFrom Source `json:"app_from,omitempty"`
	Missing string `json:"missing,omitempty"`
	// Dir is the folder the tool runs from when it is not the project
	// root: alembic.ini beside an import root (src/alembic.ini), whose
	// script_location is relative to that folder.
	Dir string `json:"dir,omitempty"`
}

var (
	iniSectionRe = regexp.MustCompile(`^\[([^\]]+)\]\s*$`)
	// ConfigParser's "key = value" and "key: value".
	iniKeyRe = regexp.MustCompile(`^([A-Za-z_][\w.]*)\s*[=:]\s*(.*?)\s*$`)
	// Migrate(app, db, directory="db/migrations") or init_app(…, directory=…).
	migrateDirRe = regexp.MustCompile(`\bdirectory\s*=\s*["']([^"'\n]+)["']`)
	flaskAppRe   = regexp.MustCompile(`^\s*(?:export\s+)?FLASK_APP\s*=\s*(.*?)\s*$`)
	// import flask_migrate, from flask_migrate import Migrate.
	flaskMigrateImportRe = regexp.MustCompile(`(?m)^\s*(?:from\s+flask_migrate(?:\.[\w.]+)?\s+import\b|import\s+flask_migrate\b)`)
)

// readMigrations finds Alembic run directly (alembic.ini at the root, whose
// [alembic] script_location holds env.py: alembic.sqlalchemy.org/en/latest/
// tutorial.html, "The Migration Environment") and Flask-Migrate
// (flask_migrate imported, its directory, "migrations" by default, holding
// env.py: flask-migrate.readthedocs.io, "Command Reference"). The scripts
// folder joins RuntimeFiles: the one-off reads it from the image.
func readMigrations(fsys fs.FS, f *Facts) {
	// The root's alembic.ini, else one beside an import root (src/): the
	// authors run alembic from the folder that holds it.
	roots := f.layout.sourceRoots(fsys)
	for _, dir := range append([]string{""}, roots[:len(roots)-1]...) {
		if m := readAlembicIni(fsys, dir); m != nil {
			f.Migrations = append(f.Migrations, *m)
			if dir != "" && m.Missing == "" && !coveredBy(f.RuntimeFiles, m.Source.File) {
				f.RuntimeFiles = append(f.RuntimeFiles, m.Source.File)
			}
			break
		}
	}
	if m := readFlaskMigrate(fsys, f); m != nil {
		f.Migrations = append(f.Migrations, *m)
	}
	f.ScriptSteps = findScriptSteps(fsys)
	if st := f.ProcfileStart; st != nil && st.Server != nil {
		// The script the Procfile runs is the start script: its steps.
		if steps, ok := scriptSteps(fsys, st.Script); ok {
			f.ScriptSteps = steps
		}
	}
	// The pre-commands of a parallel runner in the authors' CMD.
	f.ScriptSteps = append(f.ScriptSteps, f.runnerSteps...)
	f.CLIMigrations = findCLIMigrations(fsys, f)
	if len(f.Migrations) > 0 {
		if f.SchemaInit = findSchemaInit(fsys, f.layout.sourceRoots(fsys)); f.SchemaInit != nil {
			if a := f.SchemaInit.Argv; len(a) > 1 && strings.HasPrefix(a[0], "python") && isRegularFile(fsys, a[1]) && !coveredBy(f.RuntimeFiles, a[1]) {
				f.RuntimeFiles = append(f.RuntimeFiles, a[1])
			}
		}
	}
	f.SQLMigrations = findSQLMigrations(fsys)
	f.Dbmate = FindDbmateMigrations(fsys, "")
	for _, st := range f.ScriptSteps {
		// The pre-start script's own python files run in the one-off.
		if st.OwnScript != "" && !coveredBy(f.RuntimeFiles, st.OwnScript) {
			f.RuntimeFiles = append(f.RuntimeFiles, st.OwnScript)
		}
	}
	for _, m := range f.Migrations {
		if m.Missing == "" && m.Scripts != "" && !coveredBy(f.RuntimeFiles, m.Scripts) {
			f.RuntimeFiles = append(f.RuntimeFiles, m.Scripts)
		}
	}
}

func readAlembicIni(fsys fs.FS, dir string) *Migration {
	ini := path.Join(dir, "alembic.ini")
	if !isRegularFile(fsys, ini) {
		return nil
	}
	m := &Migration{Tool: "alembic", Source: Source{File: ini}, Dir: dir}
	data, err := readBounded(fsys, ini, maxManifestSize, "alembic.ini")
	if err != nil {
		m.Missing = err.Error()
		return m
	}
	section, loc := "", ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if s := iniSectionRe.FindStringSubmatch(line); s != nil {
			section = s[1]
			continue
		}
		if k := iniKeyRe.FindStringSubmatch(line); k != nil && section == "alembic" && k[1] == "script_location" {
			loc, m.Source.Line = k[2], n
		}
	}
	if loc == "" {
		m.Missing = ini + " has no script_location in [alembic]"
		return m
	}
	// %(here)s is the ini's own folder, and so is the working directory a
	// relative location is read from (alembic runs beside its ini); a
	// package resource (pkg.sub:folder) is a folder of that package in the
	// source tree, imported from there too.
	rel := strings.TrimPrefix(strings.TrimPrefix(loc, "%(here)s"), "/")
	if pkg, sub, ok := strings.Cut(rel, ":"); ok {
		rel = path.Join(strings.ReplaceAll(pkg, ".", "/"), sub)
	}
	rel = path.Clean(rel)
	if strings.Contains(rel, "%(") || path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
		m.Missing = "script_location " + loc + " is not a folder of the project"
		return m
	}
	m.Scripts = findScripts(fsys, path.Join(dir, rel))
	if m.Scripts == "" {
		m.Missing = "script_location " + loc + " has no env.py"
	}
	return m
}

// findScripts returns dir when it holds env.py, or src/dir for a package
// resource under src/; "" when neither does.
func findScripts(fsys fs.FS, dir string) string {
	for _, d := range []string{dir, path.Join("src", dir)} {
		if isRegularFile(fsys, path.Join(d, "env.py")) {
			return d
		}
	}
	return ""
}

func readFlaskMigrate(fsys fs.FS, f *Facts) *Migration {
	var m *Migration
	_ = walkPython(fsys, f.layout.sourceRoots(fsys), func(file, _ string, data []byte) {
		if m != nil || notAppCode(file) || !flaskMigrateImportRe.Match(data) {
			return
		}
		m = &Migration{Tool: "flask-migrate", Source: Source{File: file, Line: matchLine(data, flaskMigrateImportRe)}}
		dir := "migrations"
		if d := migrateDirRe.FindSubmatch(data); d != nil {
			dir = path.Clean(strings.TrimPrefix(string(d[1]), "./"))
		}
		if run := appRunDir(f); !path.IsAbs(dir) && !isRegularFile(fsys, path.Join(dir, "env.py")) && run != "" && isRegularFile(fsys, path.Join(run, dir, "env.py")) {
			// The app runs from its own folder, where the directory is.
			m.Scripts, m.Dir = path.Join(run, dir), run
			return
		}
		if path.IsAbs(dir) || strings.HasPrefix(dir, "../") || !isRegularFile(fsys, path.Join(dir, "env.py")) {
			m.Missing = "there is no " + path.Join(dir, "env.py") + " where `flask db upgrade` looks (Migrate's directory, from the working directory)"
			return
		}
		m.Scripts = dir
	})
	if m == nil {
		return nil
	}
	if m.Missing == "" && !bindsMigrate(fsys, f.layout.sourceRoots(fsys)) {
		// `flask db` reads the extension Migrate registers on the app.
		m.Missing = "no module binds Migrate(app, db) or migrate.init_app(app, db), so `flask db upgrade` finds no migrate extension on the app (" + m.Source.File + " only imports flask_migrate)"
	}
	if data, err := readBounded(fsys, ".flaskenv", maxManifestSize, ".flaskenv"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for n := 1; sc.Scan(); n++ {
			if a := flaskAppRe.FindStringSubmatch(sc.Text()); a != nil {
				m.App, m.AppFrom = strings.Trim(a[1], `"'`), Source{File: ".flaskenv", Line: n}
			}
		}
	}
	return m
}

// appRunDir is the folder the app runs from when it is not the project
// root: its module's, when it runs as a script from there or imports its
// siblings by their bare names (the authors run it from that folder).
func appRunDir(f *Facts) string {
	if l := f.Launcher; l != nil && l.Dir != "" {
		return l.Dir
	}
	if f.App != nil {
		return f.App.ImportDir
	}
	return ""
}

// migrateBindRe is Flask-Migrate's extension made: Migrate(…) or
// flask_migrate.Migrate(…), bound at once or later with init_app.
// https://flask-migrate.readthedocs.io/en/latest/#api-reference
var migrateBindRe = regexp.MustCompile(`\bMigrate\s*\(`)

// bindsMigrate reports whether some module of the app's code makes the
// Migrate extension.
func bindsMigrate(fsys fs.FS, roots []string) bool {
	found := false
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !found && !notAppCode(file) && migrateBindRe.Match(data) {
			found = true
		}
	})
	return found
}

// matchLine is the 1-based line where re first matches, 0 if nowhere.
func matchLine(data []byte, re *regexp.Regexp) int {
	loc := re.FindIndex(data)
	if loc == nil {
		return 0
	}
	// The match may begin with blank lines before the import.
	start := loc[0] + len(data[loc[0]:loc[1]]) - len(bytes.TrimLeft(data[loc[0]:loc[1]], " \t\r\n"))
	return bytes.Count(data[:start], []byte("\n")) + 1
}

// coveredBy reports whether p or a folder above it is in list.
func coveredBy(list []string, p string) bool {
	for _, l := range list {
		if p == l || strings.HasPrefix(p, l+"/") {
			return true
		}
	}
	return false
}
