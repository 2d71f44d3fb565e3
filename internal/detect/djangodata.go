package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// DataPath is a place a Django site writes at run time, as its settings
// spell it: a path relative to the project root, or absolute as written.
// It is data from the project: plan validates it before any template.
type DataPath struct {
	Path   string `json:"path"`
	What   string `json:"what"` // MEDIA_ROOT, SQLite database
	File   string `json:"file,omitempty"`
	Source Source `json:"source"`
}

var (
	mediaRootRe = regexp.MustCompile(`^MEDIA_ROOT\s*(?::[^=]*)?=\s*(.+)$`)
	// BASE_DIR = Path(__file__).resolve().parent.parent,
	// os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
	// Path(__file__).resolve().parents[1].
	baseDirRe    = regexp.MustCompile(`^([A-Z_][A-Z0-9_]*)\s*(?::[^=]*)?=\s*(.*__file__.*)$`)
	parentsRe    = regexp.MustCompile(`\.parents\[(\d)\]`)
	sqliteNameRe = regexp.MustCompile(`["']NAME["']\s*:\s*`)
	// A def, class or decorator at module level: its body does not run as
	// the module loads.
	bodyHeadRe = regexp.MustCompile(`^(?:async\s+def|def|class)\b|^@`)
	pyStringRe = regexp.MustCompile(`[rRuUfF]?"([^"]*)"|[rRuUfF]?'([^']*)'`)
)

// readDataPaths finds where the settings (and the modules they star-import)
// write at run time: MEDIA_ROOT and the folder of a SQLite database. fsys
// is rooted at manage.py's folder, dir (inside the project).
func readDataPaths(fsys fs.FS, dj *Django, dir string) []DataPath {
	root, file := settingsLocation(fsys, dj)
	if file == "" {
		return nil
	}
	type pending struct {
		expr, what, file string
		src              Source
		alias            string // the DATABASES alias of a SQLite database
	}
	var found []pending
	storages := storageLocations(fsys)
	bases := map[string]string{} // BASE_DIR → the folder it names, project-relative
	// A SQLite database in a branch of a module-level if/else or try is
	// where the app writes on its defaults (the sqlite fallback of settings
	// that pick their engine); one in a def or class body is not, or not as
	// written. MEDIA_ROOT counts unconditional, or in a branch of a
	// module-level if that is no development one (mediaBranch).
	inBody, at := false, ""
	var br settingsBranch
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		if file != at {
			at, inBody, br = file, false, settingsBranch{}
		}
		if l.indent == 0 {
			inBody = bodyHeadRe.MatchString(l.text)
			br.head(l.text)
		} else if inBody {
			return
		}
		src := Source{File: file, Line: l.line}
		if m := baseDirRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			if dir, ok := baseDir(file, m[2]); ok {
				bases[m[1]] = dir
			}
			return
		}
		if m := mediaRootRe.FindStringSubmatch(l.text); m != nil && (l.indent == 0 || br.counts(l.indent)) {
			// Read from the environment, the default is where it lands.
			found = append(found, pending{envReadDefault(m[1]), "MEDIA_ROOT", "", src, ""})
			return
		}
		if m := upperAssignRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 && storages[m[1]] {
			found = append(found, pending{envReadDefault(m[2]), m[1], "", src, ""})
			return
		}
		if m := dbNameItemRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			// DATABASES["queue"]["NAME"] = "/tmp/queue.sqlite3": a later
			// word on that database's file, which replaces the dict's.
			if expr := pyExpr(m[2]); sqliteNameEndRe.MatchString(stringLiteral(expr)) {
				found = slices.DeleteFunc(found, func(p pending) bool { return p.alias == m[1] })
				found = append(found, pending{expr, "SQLite database", "", src, m[1]})
			}
			return
		}
		if l.indent == 0 {
			// CACHES = {"default": {"BACKEND": "…FileBasedCache", "LOCATION": …}}.
			exprs, whats := backendPaths(l.text)
			for i, e := range exprs {
				found = append(found, pending{e, whats[i], "", src, ""})
			}
		}
		if namesSQLiteEngine(l.text) {
			for _, loc := range sqliteNameRe.FindAllStringIndex(l.text, -1) {
				found = append(found, pending{pyExpr(l.text[loc[1]:]), "SQLite database", "", src, aliasBefore(l.text[:loc[0]])})
			}
			return
		}
		// A name built on a base folder is one too (APPS_DIR =
		// ROOT_DIR.path("site"), DEFAULT_MEDIA_ROOT = BASE_DIR / ".media").
		if l.indent == 0 {
			trackBases(bases, file, l)
		}
	})
	var out []DataPath
	for _, f := range found {
		p, ok := resolvePath(f.expr, bases)
		if dir, named := bases[f.expr]; named && dir != "." && f.what == "MEDIA_ROOT" {
			p, ok = dir, true // MEDIA_ROOT = DEFAULT_MEDIA_ROOT
		}
		if !ok || p == ":memory:" {
			continue
		}
		// A path built on BASE_DIR is where BASE_DIR puts it; a bare relative
		// literal is opened relative to the working directory, the
		// project's root in the image (python sub/manage.py), not
		// manage.py's folder.
		if dir != "" && !path.IsAbs(p) && builtOnBase(f.expr, bases) {
			p = path.Join(dir, p)
		}
		f.src.File = path.Join(dir, f.src.File)
		d := DataPath{Path: p, What: f.what, Source: f.src}
		if f.what == "SQLite database" {
			// SQLite writes its journal beside the file: the folder must be writable.
			d.File, d.Path = p, path.Dir(p)
		}
		out = append(out, d)
	}
	return out
}

var (
	// DATABASES["alias"]["NAME"] = expr: one database's file set apart.
	dbNameItemRe = regexp.MustCompile(`^DATABASES\s*\[\s*["']([^"']+)["']\s*\]\s*\[\s*["']NAME["']\s*\]\s*=\s*(.+)$`)
	// A SQLite file's name, as the settings write it.
	sqliteNameEndRe = regexp.MustCompile(`\.(?:sqlite3?|db)$`)
	// "alias": { in a DATABASES dict.
	dbAliasKeyRe = regexp.MustCompile(`["']([^"']+)["']\s*:\s*\{`)
)

// aliasBefore is the DATABASES alias whose entry a NAME at the end of
// text belongs to: the last "alias": { before it ("" when none).
func aliasBefore(text string) string {
	all := dbAliasKeyRe.FindAllStringSubmatch(text, -1)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1][1]
}

// storageLocationRe is a setting given to a FileSystemStorage as its
// location: FileSystemStorage(location=settings.X), or a subclass's
// kwargs.setdefault("location", settings.X). Files are saved under it at
// run time, as under MEDIA_ROOT
// (https://docs.djangoproject.com/en/stable/ref/files/storage/#the-filesystemstorage-class).
var storageLocationRe = regexp.MustCompile(`\blocation["']?\s*[=,:]\s*settings\.([A-Z][A-Z0-9_]*)\b`)

// storageLocations are the settings the project's storages save files
// under (tests aside).
func storageLocations(fsys fs.FS) map[string]bool {
	out := map[string]bool{}
	_ = walkPython(fsys, nil, func(file, _ string, data []byte) {
		if isTestFile(file) || !strings.Contains(string(data), "FileSystemStorage") {
			return
		}
		for _, m := range storageLocationRe.FindAllSubmatch(data, -1) {
			if string(m[1]) != "MEDIA_ROOT" {
				out[string(m[1])] = true
			}
		}
	})
	return out
}

// baseDir resolves `Path(__file__).resolve().parent.parent` and its
// os.path spelling against the settings file: the folder it names.
func baseDir(file, expr string) (string, bool) {
	n := strings.Count(expr, ".parent") - strings.Count(expr, ".parents")
	if n == 0 {
		n = strings.Count(expr, "dirname(")
	}
	if m := environPathRe.FindStringSubmatch(expr); m != nil && n == 0 {
		// django-environ: environ.Path(__file__) - 1 is the file's folder.
		n, _ = strconv.Atoi(m[1])
		return climb(file, n)
	}
	if m := parentsRe.FindStringSubmatch(expr); m != nil {
		n = int(m[1][0]-'0') + 1
	}
	if n > 0 {
		// A ".." joined after the climb (os.path.join(dirname(__file__),
		// ".."), os.pardir, Path(...).parent / "..") climbs once more.
		n += updirs(expr)
	}
	if n == 0 {
		return "", false
	}
	return climb(file, n)
}

// climb is the folder n levels above file, inside the project.
func climb(file string, n int) (string, bool) {
	if n <= 0 {
		return "", false
	}
	dir := file
	for range n {
		if dir == "." {
			return "", false // above the project root
		}
		dir = path.Dir(dir)
	}
	return dir, true
}

var (
	// environ.Path(__file__) - 3: django-environ's path, climbed.
	environPathRe = regexp.MustCompile(`\bPath\(\s*__file__\s*\)\s*-\s*(\d)\s*$`)
	// os.environ.get("X", default=...), os.getenv("X", ...), env("X",
	// default=...), env.str(...): a read whose default follows.
	envDefaultCallRe = regexp.MustCompile(`^(?:os\.)?(?:environ\.get|getenv|env(?:\.\w+)?)\s*\(\s*["'][A-Za-z0-9_]+["']\s*,\s*(?:default\s*=\s*)?`)
)

// envReadDefault is the default of an environment read (where the value lands
// when the variable is unset), or expr itself when it is no such read.
func envReadDefault(expr string) string {
	if loc := envDefaultCallRe.FindStringIndex(expr); loc != nil {
		return pyExpr(expr[loc[1]:])
	}
	return expr
}

// updirs counts the ".." segments of the string literals in expr and its
// os.pardir names: each is one more folder up.
func updirs(expr string) int {
	n := strings.Count(expr, "os.pardir")
	for _, m := range pyStringRe.FindAllStringSubmatch(expr, -1) {
		for seg := range strings.SplitSeq(m[1]+m[2], "/") {
			if seg == ".." {
				n++
			}
		}
	}
	return n
}

// pyExpr cuts the expression at the start of s: up to a comma or closing
// bracket outside brackets and strings.
func pyExpr(s string) string {
	return strings.TrimSpace(s[:exprEnd(s)])
}

// exprEnd is where the expression at the start of s ends: the index of the
// comma or closing bracket after it outside brackets and strings, or len(s).
func exprEnd(s string) int {
	return scanCode(s, 0, func(i, depth int) bool {
		return depth != 0 || !strings.ContainsRune(",)]}", rune(s[i]))
	})
}

// builtOnBase reports whether expr names one of the base folders.
func builtOnBase(expr string, bases map[string]string) bool {
	for name := range bases {
		if regexp.MustCompile(`\b` + name + `\b`).MatchString(expr) {
			return true
		}
	}
	return false
}

// resolvePath reads the path an expression builds: BASE_DIR / "a" / "b",
// os.path.join(BASE_DIR, "a"), str(...), Path(BASE_DIR, "a"), an f-string
// "{BASE_DIR}/a", or one string literal. Anything else (an environment
// variable, a call) is not known before run time.
func resolvePath(expr string, bases map[string]string) (string, bool) {
	base, hasBase := "", false
	for name, dir := range bases {
		if regexp.MustCompile(`\b` + name + `\b`).MatchString(expr) {
			base, hasBase = dir, true
			expr = strings.ReplaceAll(expr, "{"+name+"}", "")
		}
	}
	var parts []string
	for _, m := range pyStringRe.FindAllStringSubmatch(expr, -1) {
		parts = append(parts, m[1]+m[2])
	}
	rest := pyStringRe.ReplaceAllString(expr, "")
	for name := range bases {
		rest = strings.ReplaceAll(rest, name, "")
	}
	rest, parts, ok := plusJoin(rest, parts, hasBase)
	if !ok {
		return "", false
	}
	// What is left must be glue only: / , ( ) str Path os.path.join (or
	// path.join after from os import path, join after from os.path
	// import join) joinpath.
	rest = bareJoinRe.ReplaceAllString(rest, "$1(")
	rest = regexp.MustCompile(`(?:\bos\.)?\bpath\.join|\.joinpath|\.path\b|\bstr\b|\bPath\b|[\s/,()]`).ReplaceAllString(rest, "")
	if rest != "" || len(parts) == 0 {
		return "", false
	}
	p := strings.Join(parts, "/")
	if hasBase {
		// Joined as text: plan refuses what climbs out of the project.
		return strings.TrimPrefix(base+"/"+strings.TrimLeft(p, "/"), "./"), true
	}
	if len(parts) != 1 {
		return "", false
	}
	return p, true
}

var (
	// bareJoinRe is os.path's join imported by name (`from os.path
	// import join`): join(BASE_DIR, "x"), not a method (", ".join).
	bareJoinRe = regexp.MustCompile(`(^|[^.\w])join\(`)
	// os.environ.get("APP_DATA_DIR", BASE_DIR / "data"): a data directory
	// an environment variable moves, and its default.
	dataDirEnvRe = regexp.MustCompile(`\b(?:environ\s*\.\s*get|getenv)\s*\(\s*["']([A-Z0-9_]*DATA[A-Z0-9_]*(?:DIR|ROOT|PATH))["']\s*,\s*(.+)`)
	// A default inside the code: built on BASE_DIR (or any *_DIR/*_ROOT
	// name), on __file__, or a relative path.
	// A default naming a database file (db.sqlite3): the variable is
	// the file's path, not a folder's (the data-file rules set it).
	dbFileDefaultRe = regexp.MustCompile(`\.(?:sqlite3?|db)["']\s*\)?$`)
	inCodeDefaultRe = regexp.MustCompile(`^(?:str\(\s*)?(?:Path\(\s*)?(?:\b[A-Z_]*(?:DIR|ROOT)\b|os\.path\.\w+\(|["'][^/"'])|__file__`)
)

// readDataEnvs finds the data directory of Django settings that an
// environment variable moves and that defaults to a folder of the code
// (BASE_DIR / "data"), read-only to the app user: plan gives the variable
// a directory the user owns, as for one defaulting to the working directory.
func readDataEnvs(fsys fs.FS, dj *Django, dir string) []DataDir {
	root, file := settingsLocation(fsys, dj)
	if file == "" {
		return nil
	}
	var out []DataDir
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		if l.indent != 0 {
			return
		}
		for _, m := range dataDirEnvRe.FindAllStringSubmatch(l.text, -1) {
			def := pyExpr(m[2])
			if !inCodeDefaultRe.MatchString(def) || dbFileDefaultRe.MatchString(def) || slices.ContainsFunc(out, func(d DataDir) bool { return d.Env == m[1] }) {
				continue
			}
			out = append(out, DataDir{Env: m[1], Default: def, Source: Source{File: path.Join(dir, file), Line: l.line}})
		}
	})
	return out
}

var (
	// The test of a module-level if or elif: `if not USE_S3:`.
	branchIfRe = regexp.MustCompile(`^(?:el)?if\s+(.+?)\s*:$`)
	// The words of a test: its names and strings, split at _ too.
	testWordRe = regexp.MustCompile(`[A-Za-z0-9]+`)
)

// branchWords name what a settings test asks: development or production
// (DEBUG, ENV == "local", IS_PROD), or where files are stored (USE_S3,
// USE_LOCAL_STORAGE), which says nothing about development.
var branchWords = map[string]string{
	"debug": "dev", "dev": "dev", "develop": "dev", "development": "dev", "local": "dev", "test": "dev", "testing": "dev", "tests": "dev",
	"prod": "prod", "production": "prod", "live": "prod",
	"storage": "store", "storages": "store", "s3": "store", "aws": "store", "gcs": "store", "gcp": "store", "azure": "store", "bucket": "store", "cloud": "store", "media": "store",
}

// branchKind is what a test asks: "store" wins, then "dev", then "prod".
func branchKind(test string) string {
	kinds := map[string]bool{}
	for _, w := range testWordRe.FindAllString(strings.ReplaceAll(test, "_", " "), -1) {
		kinds[branchWords[strings.ToLower(w)]] = true
	}
	for _, k := range []string{"store", "dev", "prod"} {
		if kinds[k] {
			return k
		}
	}
	return ""
}

// settingsBranch is the module-level if/elif/else block a settings line is
// in. A setting in its first level counts as the site's unless the branch
// is a development one: settings that pick their storage with a switch
// (cookiecutter-django's `if not USE_S3:` … `else:` S3) save uploads in
// the branch the switch's default takes, and either may be it.
type settingsBranch struct {
	test   string // the if's test; "" outside an if block
	inElse bool
	body   int // the first line's indent inside the branch; -1 before it
}

// head reads a module-level line: an if, elif or else opens a branch, any
// other line closes it.
func (b *settingsBranch) head(text string) {
	switch m := branchIfRe.FindStringSubmatch(text); {
	case m != nil:
		*b = settingsBranch{test: m[1], body: -1}
	case text == "else:" && b.test != "":
		b.inElse, b.body = true, -1
	default:
		*b = settingsBranch{}
	}
}

// counts reports whether a line at indent, inside the block, is in the
// branch's first level and that branch is no development one.
func (b *settingsBranch) counts(indent int) bool {
	if b.test == "" {
		return false
	}
	if b.body < 0 {
		b.body = indent
	}
	if indent != b.body {
		return false
	}
	test := b.test
	negated := strings.HasPrefix(test, "not ")
	switch branchKind(test) {
	case "dev":
		// if DEBUG: is development, its else production; if not DEBUG: the reverse.
		return b.inElse != negated
	case "prod":
		return b.inElse == negated
	}
	return true
}
