package detect

import (
	"io/fs"

	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// DataDir is where a program keeps its data when told nothing: a directory
// built from the working directory, which an option (Flag) or an
// environment variable (Env) moves. In the image the working directory is
// the read-only /app.
type DataDir struct {
	Flag string `json:"flag,omitempty"` // -d, --data-dir
	Env  string `json:"env,omitempty"`  // DATA_DIR
	// Entry is the command that runs the code reading Flag: the option
	// belongs to that command only.
	Entry []string `json:"entry,omitempty"`
	// Default is the code's own default when it is not the working
	// directory (BASE_DIR / "data" in Django settings).
	Default string `json:"default,omitempty"`
	// Written is the line that writes in it, when that, not the
	// variable's name, says it holds data (writtenvars.go).
	Written *Source `json:"written,omitempty"`
	// Holds is the data folder variable whose default is built on this
	// one, when that is the write (Written is its line).
	Holds string `json:"holds,omitempty"`
	// Inside are the module-level names built on the variable's folder
	// (CACHE_DIR = os.path.join(_data_dir, "cache")): they move with it.
	Inside []string `json:"inside,omitempty"`
	Source Source   `json:"source"`
}

const cwdExpr = `(?:os\.getcwd\(\)|(?:pathlib\.)?Path\.cwd\(\)|os\.path\.abspath\(\s*["']\.["']\s*\))`

var (
	cwdRe = regexp.MustCompile(cwdExpr)
	// os.environ.get("DATA_DIR", os.getcwd()), with a name that says data.
	dataEnvRe = regexp.MustCompile(`\b(?:environ\.get|getenv)\s*\(\s*["']([A-Z0-9_]*(?:DATA|STORE|STORAGE)[A-Z0-9_]*)["']\s*,\s*(?:str\(\s*)?` + cwdExpr)
	// add_argument("-d", "--data-dir", default=os.getcwd()), click's option.
	dataOptionRe = regexp.MustCompile(`\b(?:add_argument|option)\s*\(\s*((?:["']-[\w-]+["']\s*,\s*)+)[^)]*?\bdefault\s*=\s*(?:str\(\s*)?(?:os\.path\.join\(\s*)?` + cwdExpr)
	// datastore_path = os.path.join(os.getcwd(), "../datastore").
	cwdAssignRe = regexp.MustCompile(`^(\w+)\s*=\s*(?:str\(\s*)?(?:os\.path\.join\(\s*)?` + cwdExpr)
	// if opt == "-d": / elif o in ("-d", "--datastore"):
	getoptCaseRe = regexp.MustCompile(`^(?:el)?if\s+\w+\s*(?:==\s*["'](-[\w-]+)["']|in\s*[(\[]\s*["'](-[\w-]+)["'])`)
	flagRe       = regexp.MustCompile(`["'](-[\w-]+)["']`)
	// A name that says data: a working directory or a project root
	// defaulting to the cwd is the code's place, not the data's.
	dataNameRe = regexp.MustCompile(`(?i)data|store|storage`)
)

// findDataDirs reads the code each entry runs (its file, the project
// modules it imports, and their packages' __init__) for a data directory
// that defaults to the working directory.
func findDataDirs(fsys fs.FS, f *Facts, roots []string) []DataDir {
	entries := startEntries(fsys, f, roots)
	var out []DataDir
	seen := map[string]bool{}
	for _, e := range entries {
		if e.file == "" {
			continue
		}
		for _, file := range entryFiles(fsys, roots, e.file) {
			for _, d := range append(scanDataDirs(fsys, file), scanProgDirOptions(fsys, file)...) {
				if d.Flag != "" {
					d.Entry = e.argv
				}
				key := d.Flag + d.Env + strings.Join(d.Entry, " ")
				if !seen[key] {
					seen[key] = true
					out = append(out, d)
				}
			}
		}
	}
	// The app object's module and Django's settings run too: only a
	// variable there moves a folder (an option belongs to a command).
	files, _ := startFiles(fsys, f, roots)
	for _, file := range files {
		for _, fl := range entryFiles(fsys, roots, file) {
			for _, d := range scanDataDirs(fsys, fl) {
				if d.Env != "" && !seen[d.Env] {
					seen[d.Env] = true
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// startEntry is a command the image may start and the file it runs.
type startEntry struct {
	argv []string
	file string
}

// startEntries are the commands the image may start: the authors'
// launcher, python -m of a package's __main__, a plain script, and a
// packaged project's console scripts.
func startEntries(fsys fs.FS, f *Facts, roots []string) []startEntry {
	var entries []startEntry
	if f.Launcher != nil {
		entries = append(entries, startEntry{f.Launcher.Argv, f.Launcher.Source.File})
	}
	if f.MainModule != "" {
		entries = append(entries, startEntry{[]string{"python", "-m", f.MainModule}, f.MainModuleFrom.File})
	}
	if f.EntryFile != "" {
		entries = append(entries, startEntry{[]string{"python", f.EntryFile}, f.EntryFile})
	}
	if f.Procfile != nil {
		if argv, file := procfileEntry(fsys, f.Procfile.Command, roots); file != "" {
			entries = append(entries, startEntry{argv, file})
		}
	}
	if f.Packaged {
		for _, sc := range f.Scripts {
			mod, _, _ := strings.Cut(sc.Target, ":")
			if file := moduleFileIn(fsys, roots, mod); file != "" {
				entries = append(entries, startEntry{[]string{sc.Name}, file})
			}
		}
	}
	return entries
}

// procfileEntry is the file a Procfile command runs with python: a
// script, or a module with -m.
func procfileEntry(fsys fs.FS, cmd string, roots []string) ([]string, string) {
	l, err := shellcmd.Parse(cmd)
	if err != nil {
		return nil, ""
	}
	argv, ok := l.Argv()
	if !ok || len(argv) < 2 || !pythonProgRe.MatchString(argv[0]) {
		return nil, ""
	}
	if argv[1] == "-m" && len(argv) > 2 {
		if file := moduleFileIn(fsys, roots, argv[2]); file != "" {
			return argv[:3], file
		}
		return nil, ""
	}
	if strings.HasSuffix(argv[1], ".py") && isRegularFile(fsys, path.Clean(argv[1])) {
		return argv[:2], path.Clean(argv[1])
	}
	return nil, ""
}

var pythonProgRe = regexp.MustCompile(`^python(?:3(?:\.\d+)?)?$`)

// entryFiles are the file, the project modules it imports and the
// __init__.py of the packages holding them (which run first).
func entryFiles(fsys fs.FS, roots []string, file string) []string {
	files := []string{file}
	data, err := readPySource(fsys, file)
	if err != nil {
		return files
	}
	var mods []string
	for _, im := range pyImports(pyLines(data)) {
		switch {
		case im.module != "":
			mods = append(mods, im.module)
		case im.from != "" && !strings.HasPrefix(im.from, "."):
			mods = append(mods, im.from, im.from+"."+im.name)
		}
	}
	for _, m := range mods {
		if mf := moduleFileIn(fsys, roots, m); mf != "" {
			files = append(files, mf)
		}
	}
	// Packages' __init__ run before their modules.
	for _, fl := range slices.Clone(files) {
		for dir := path.Dir(fl); dir != "." && dir != "/"; dir = path.Dir(dir) {
			init := path.Join(dir, "__init__.py")
			if !isRegularFile(fsys, init) {
				break
			}
			files = append(files, init)
		}
	}
	var out []string
	for _, fl := range files {
		if !slices.Contains(out, fl) {
			out = append(out, fl)
		}
	}
	return out
}

// scanDataDirs finds, in one file, the options and environment variables
// that move a data directory defaulting to the working directory.
func scanDataDirs(fsys fs.FS, file string) []DataDir {
	data, err := readPySource(fsys, file)
	if err != nil || !cwdRe.Match(data) && !dataDirWordRe.Match(data) {
		return nil
	}
	var out []DataDir
	cwdVars := map[string]int{}   // variable -> line
	bare := map[string]dataRead{} // name -> the variable it holds, unset as None
	caseFlag, caseIndent := "", -1
	lines := pyLines(data)
	for _, l := range lines {
		src := Source{File: file, Line: l.line}
		if m := dataEnvRe.FindStringSubmatch(l.text); m != nil {
			out = append(out, DataDir{Env: m[1], Source: src})
		} else if env, def := inCodeDefault(l.text); env != "" {
			out = append(out, DataDir{Env: env, Default: def, Source: src})
		}
		if m := unsetReadRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 && dataDirNameRe.MatchString(m[2]) {
			bare[m[1]] = dataRead{m[2], src}
		}
		if m := dataOptionRe.FindStringSubmatch(l.text); m != nil && dataNameRe.MatchString(m[1]) {
			flags := flagRe.FindAllStringSubmatch(m[1], -1)
			flag := flags[0][1]
			for _, fl := range flags {
				if strings.HasPrefix(fl[1], "--") {
					flag = fl[1] // the long spelling says what it is
				}
			}
			out = append(out, DataDir{Flag: flag, Source: src})
		}
		if m := cwdAssignRe.FindStringSubmatch(l.text); m != nil && dataNameRe.MatchString(m[1]) {
			cwdVars[m[1]] = l.line
		}
		if caseIndent >= 0 && l.indent <= caseIndent {
			caseFlag, caseIndent = "", -1
		}
		if m := getoptCaseRe.FindStringSubmatch(l.text); m != nil {
			caseFlag, caseIndent = m[1]+m[2], l.indent
			continue
		}
		if caseFlag != "" {
			if v, _, ok := strings.Cut(l.text, "="); ok {
				if line, isData := cwdVars[strings.TrimSpace(v)]; isData {
					out = append(out, DataDir{Flag: caseFlag, Source: Source{File: file, Line: line}})
					caseFlag, caseIndent = "", -1
				}
			}
		}
	}
	// DATA_DIR = os.getenv("DATA_DIR"), then DATA_DIR if DATA_DIR else
	// "/app/data" (or DATA_DIR or "data"): the fallback is the default.
	for v, r := range bare {
		q := regexp.QuoteMeta(v)
		re := regexp.MustCompile(`\b` + q + `\s+if\s+` + q + `\s+else\s+|\b` + q + `\s+or\s+`)
		def := ""
		for _, l := range lines {
			if loc := re.FindStringIndex(l.text); loc != nil && inCode(pyExpr(l.text[loc[1]:])) {
				// A test setup's fallback ("tests/.temp") is not the app's.
				if def = pyExpr(l.text[loc[1]:]); !strings.Contains(def, "test") {
					break
				}
			}
		}
		if def != "" {
			out = append(out, DataDir{Env: r.env, Default: def, Source: r.src})
		}
	}
	slices.SortFunc(out, func(a, b DataDir) int { return a.Source.Line - b.Source.Line })
	return out
}

// dataRead is a data folder's variable read with no default.
type dataRead struct {
	env string
	src Source
}

var (
	// A variable that names a data folder: DATA_DIR, PRETALX_DATA_DIR,
	// LNBITS_DATA_FOLDER, STORAGE_PATH; never DATABASE_URL.
	dataDirNameRe = regexp.MustCompile(`(?:^|_)(?:DATA|STORE|STORAGE)_(?:DIR|FOLDER|PATH|ROOT|HOME)(?:_|$|\b)`)
	dataDirWordRe = regexp.MustCompile(`(?:DATA|STORE|STORAGE)_(?:DIR|FOLDER|PATH|ROOT|HOME)`)
	// os.environ.get("DATA_DIR", default), os.getenv("DATA_DIR", default).
	dataEnvDefaultRe = regexp.MustCompile(`\b(?:environ\.get|getenv)\s*\(\s*["']([A-Z0-9_]+)["']\s*,\s*`)
	// A default that lands somewhere writable: the home, the temporary folder.
	writableDefaultRe = regexp.MustCompile(`expanduser|\bhome\b|Path\.home|gettempdir|tempfile|["']~|["']/tmp\b`)
)

// inCodeDefault is the data folder variable a line reads with a default
// inside the code the image runs from (/app): a relative path ("./data"),
// one joined onto the code's folder (BASE_DIR / "data"), or /app's own.
func inCodeDefault(text string) (env, def string) {
	for _, ix := range dataEnvDefaultRe.FindAllStringSubmatchIndex(text, -1) {
		name, def := text[ix[2]:ix[3]], pyExpr(text[ix[1]:])
		if dataDirNameRe.MatchString(name) && inCode(def) {
			return name, def
		}
	}
	return "", ""
}

// inCode reports whether a default path expression is inside the code:
// a relative string literal or /app's, or an expression joining a relative
// literal onto a folder (BASE_DIR / "data"); not an absolute path
// elsewhere, the home or the temporary folder.
func inCode(expr string) bool {
	if expr == "" || writableDefaultRe.MatchString(expr) {
		return false
	}
	lits := pyStringRe.FindAllStringSubmatch(expr, -1)
	if len(lits) == 0 {
		return false
	}
	if lit := stringLiteral(expr); lit != "" && strings.TrimSpace(pyStringRe.ReplaceAllString(expr, "")) == "" {
		// A lone literal: relative, or under /app.
		return !path.IsAbs(lit) || lit == "/app" || strings.HasPrefix(lit, "/app/")
	}
	for _, m := range lits {
		if p := m[1] + m[2]; p == "" || path.IsAbs(p) {
			return false
		}
	}
	return true
}

// mkdirLineRe is a line that creates a directory.
var mkdirLineRe = regexp.MustCompile(`\bmkdir\s*\(|\bmakedirs\s*\(`)

// settingsDataDirs are the variables read anywhere in the project (a
// pydantic settings field, a plain read) that name a data folder with a
// default inside the code, when the code creates that folder: a line that
// calls mkdir on the setting (os.mkdir(settings.lnbits_data_folder)).
// Runs after findEnvUses.
func settingsDataDirs(fsys fs.FS, f *Facts) []DataDir {
	type cand struct {
		u  EnvUse
		re *regexp.Regexp
	}
	var cands []cand
	for _, u := range f.EnvUses {
		if !dataDirNameRe.MatchString(u.Name) || !inCode(strconv.Quote(u.Default)) ||
			slices.ContainsFunc(f.DataDirs, func(d DataDir) bool { return d.Env == u.Name }) {
			continue
		}
		attr := u.Name
		if u.Field != "" {
			attr = u.Field // the attribute, under an env_prefix
		}
		cands = append(cands, cand{u, regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(attr) + `\b`)})
	}
	if len(cands) == 0 {
		return nil
	}
	found := map[string]bool{}
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if isTestFile(file) || !mkdirLineRe.Match(data) {
			return
		}
		for _, l := range pyLines(data) {
			if !mkdirLineRe.MatchString(l.text) {
				continue
			}
			for _, c := range cands {
				if c.re.MatchString(l.text) {
					found[c.u.Name] = true
				}
			}
		}
	})
	var out []DataDir
	for _, c := range cands {
		if found[c.u.Name] {
			out = append(out, DataDir{Env: c.u.Name, Default: strconv.Quote(c.u.Default), Source: c.u.Source})
		}
	}
	return out
}

// withDataDirs adds to dirs the ones of more whose variable it lacks: the
// settings' reads and the start files' may find the same one.
func withDataDirs(dirs, more []DataDir) []DataDir {
	for _, d := range more {
		if d.Env == "" || !slices.ContainsFunc(dirs, func(o DataDir) bool { return o.Env == d.Env }) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}
