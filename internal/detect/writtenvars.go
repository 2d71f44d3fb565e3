package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// A variable read from the environment whose default is a folder of the
// code is a data folder when the code writes there, whatever its name
// (calibre-web's CALIBRE_DBPATH holds its settings database). The name
// alone is no evidence: a variable naming a config file or templates set
// to /data breaks the app. The writes that count, anywhere in the app's
// code, naming the variable (or an import alias of it):
//   - a directory created at it: os.makedirs(X), Path(X).mkdir();
//   - a SQLite file joined onto it, as a literal or a constant: SQLite
//     writes the file and its journal beside it;
//   - a file opened under it to write: open(os.path.join(X, f), "w");
//   - another data folder's default built on it: that folder is created
//     inside (APPRISE_STORAGE_DIR defaults to APPRISE_CONFIG_DIR/store).

// writtenVar is a module-level name holding an environment read whose
// default is a folder of the code.
type writtenVar struct {
	name, env, def string
	src            Source
	written        *Source
	holds          string // the data folder's variable whose default is inside
}

var (
	// os.environ.get("X", default), os.getenv("X", default): the default
	// follows.
	envDefaultReadRe = regexp.MustCompile(`\b(?:environ\.get|getenv)\s*\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*,\s*`)
	// A SQLite file name: app.db, data.sqlite3.
	sqliteFileRe = regexp.MustCompile(`^[\w.-]+\.(?:db|sqlite|sqlite3)$`)
	// open(..., "w"), open(..., mode="ab"): a file opened to write.
	openWriteRe = regexp.MustCompile(`\bopen\s*\(.*["'][wax]b?\+?["']`)
	// A path joined: os.path.join(, Path(, the / operator.
	joinRe = regexp.MustCompile(`\bjoin\s*\(|\bPath\s*\(|\s/\s`)
)

// writtenEnvDirs finds the variables read from the environment with a
// default inside the code that the code writes in. Runs after
// findEnvUses; the data folders found by name (f.DataDirs) count as
// written for the last rule.
func writtenEnvDirs(fsys fs.FS, f *Facts) []DataDir {
	var cands []*writtenVar
	dbConsts := map[string]bool{} // NAME = "app.db"
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if isTestFile(file) || notAppCode(file) || !envDefaultReadRe.Match(data) && !sqliteConstRe.Match(data) {
			return
		}
		vars := map[string]startPath{}
		inDef := -1
		for _, l := range pyLines(data) {
			if inDef >= 0 && l.indent <= inDef {
				inDef = -1
			}
			if inDef >= 0 {
				continue
			}
			if blockStartRe.MatchString(l.text) && !strings.HasPrefix(l.text, "class ") {
				inDef = l.indent
				continue
			}
			m := startAssignRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			rhs := pyExpr(m[2])
			if lit := stringLiteral(rhs); lit != "" && sqliteFileRe.MatchString(lit) {
				dbConsts[m[1]] = true
			}
			if p, ok := resolveStartPath(rhs, file, vars); ok {
				vars[m[1]] = p
			}
			// The name holds the read itself (wrapped in Path() or str() at
			// most), not a dict or a call that has it among others.
			for _, ix := range envDefaultReadRe.FindAllStringSubmatchIndex(rhs, -1) {
				env, def := rhs[ix[2]:ix[3]], pyExpr(rhs[ix[1]:])
				if !wholeReadRe.MatchString(rhs[:ix[0]]) || envDefaultReadRe.MatchString(def) || stringLiteral(def) == "" && pyStringRe.ReplaceAllString(def, "") == "" {
					continue // inside more, the inner read has the default, or an empty default
				}
				p, ok := resolveStartPath(def, file, vars)
				if !ok || path.IsAbs(p.path) || fileName(p.path) {
					continue // elsewhere, unknown, or a file
				}
				cands = append(cands, &writtenVar{name: m[1], env: env, def: def, src: Source{File: file, Line: l.line}})
				vars[m[1]] = p // a default built on it is in the code too
			}
		}
	})
	if len(cands) == 0 {
		return nil
	}
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if isTestFile(file) || notAppCode(file) {
			return
		}
		lines := pyLines(data)
		aliases := map[string]string{} // alias -> the name it binds
		for _, im := range pyImports(lines) {
			if im.alias != "" && im.name != "" {
				aliases[im.alias] = im.name
			}
		}
		for _, c := range cands {
			if c.written != nil {
				continue
			}
			names := []string{c.name}
			for a, n := range aliases {
				if n == c.name {
					names = append(names, a)
				}
			}
			re := regexp.MustCompile(`(?:^|[^\w])(?:` + strings.Join(quoteAll(names), "|") + `)\b`)
			for _, l := range lines {
				if (l.line == c.src.Line && file == c.src.File) || !re.MatchString(l.text) {
					continue
				}
				if writesUnder(l.text, re, dbConsts) {
					c.written = &Source{File: file, Line: l.line}
					break
				}
			}
		}
	})
	// A data folder's default built on a variable: that variable's folder
	// holds it, so it is written too.
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			if c.written != nil {
				continue
			}
			re := regexp.MustCompile(`\b` + regexp.QuoteMeta(c.name) + `\b`)
			for _, o := range cands {
				data := o.written != nil || dataDirNameRe.MatchString(o.env) ||
					slices.ContainsFunc(f.DataDirs, func(d DataDir) bool { return d.Env == o.env })
				if o != c && data && re.MatchString(o.def) {
					c.written, c.holds, changed = &o.src, o.env, true
					break
				}
			}
		}
	}
	var out []DataDir
	seen := map[string]bool{}
	for _, c := range cands {
		if c.written != nil && !seen[c.env] && !dataDirNameRe.MatchString(c.env) {
			seen[c.env] = true
			out = append(out, DataDir{Env: c.env, Default: c.def, Written: c.written, Holds: c.holds, Source: c.src})
		}
	}
	return out
}

// wholeReadRe is what may come before the read a name holds: wrappers
// (Path(, str(, os.path.abspath(), an outer read's name and comma, and os.
var wholeReadRe = regexp.MustCompile(`^(?:\s*(?:[\w.]+\(|(?:os\.)?(?:environ\.get|getenv)\(\s*["']\w+["']\s*,))*\s*(?:os\.)?$`)

// sqliteConstRe is a module-level constant naming a SQLite file.
var sqliteConstRe = regexp.MustCompile(`(?m)^\w+\s*=\s*["'][\w.-]+\.(?:db|sqlite|sqlite3)["']`)

// writesUnder reports whether a line that names the variable (re) writes
// under it: creates it, joins a SQLite file onto it, or opens a file there
// to write.
func writesUnder(text string, re *regexp.Regexp, dbConsts map[string]bool) bool {
	if re.MatchString(mkdirExpr(text)) || openWriteRe.MatchString(text) {
		return true
	}
	if !joinRe.MatchString(text) {
		return false
	}
	for _, m := range pyStringRe.FindAllStringSubmatch(text, -1) {
		if sqliteFileRe.MatchString(m[1] + m[2]) {
			return true
		}
	}
	for _, id := range identRe.FindAllString(text, -1) {
		if dbConsts[id[strings.LastIndex(id, ".")+1:]] {
			return true
		}
	}
	return false
}

// fileName reports whether a path's last name has an extension
// (config.yaml): a file, not a folder; ".", ".." and ".cache" do not.
func fileName(p string) bool {
	base := path.Base(p)
	i := strings.LastIndex(base, ".")
	return i > 0 && i < len(base)-1
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = regexp.QuoteMeta(n)
	}
	return out
}
