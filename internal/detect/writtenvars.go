package detect

import (
	"bytes"
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
	// A constant, not read from the environment (env ""): the folder it
	// names, which the checkout lacks, and the class whose methods write
	// under it when handed it.
	path   startPath
	writer string
	// derived are the module-level names of its file built on it
	// (UPLOADS = STORAGE / "doc"): a write under them is under it.
	derived []string
	// abs is set when the environment's default is an absolute folder of
	// the app's own (/var/docat): written, the image makes that folder.
	abs bool
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
func writtenEnvDirs(fsys fs.FS, f *Facts) (out []DataDir, writes []StartWrite) {
	var cands []*writtenVar
	dbConsts := map[string]bool{} // NAME = "app.db"
	classes := map[string]classWrites{}
	_ = walkPython(fsys, f.ImportRoots, func(file, module string, data []byte) {
		// A file no import can name (dev/code-generation/gen.py) is a
		// script run by hand, not the app.
		if isTestFile(file) || notAppCode(file) || module == "" {
			return
		}
		readClassWrites(file, data, classes)
		if !envDefaultReadRe.Match(data) && !sqliteConstRe.Match(data) && !bytes.Contains(data, []byte("__file__")) && !bytes.Contains(data, []byte(".items(")) {
			return
		}
		// A defaults dict read in a loop: the attribute has the key's name.
		lines := pyLines(data)
		for _, d := range defaultsDictReads(file, data, lines) {
			lit := stringLiteral(d.def)
			if !plainPathRe.MatchString(lit) {
				continue // a placeholder (%%OTHER_DIR), a template, empty
			}
			if p, ok := resolveStartPath(d.def, file, nil); ok && !fileName(p.path) && p.path != "/" {
				cands = append(cands, &writtenVar{name: d.name, env: d.name, def: d.def, src: d.src, abs: path.IsAbs(p.path), path: p})
			}
		}
		vars := map[string]startPath{}
		var here []*writtenVar // this file's environment reads
		inDef := -1
		for _, l := range lines {
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
			// A name built on an environment read (a path joined onto it,
			// or the read itself under a final name: DATA_DIR = _data_dir)
			// holds a folder inside it, and is no folder of its own.
			derived := false
			if l.indent == 0 {
				for _, c := range here {
					if c.name != m[1] && (joinRe.MatchString(rhs) || rhs == c.name) && slices.Contains(identRe.FindAllString(rhs, -1), c.name) {
						c.derived = append(c.derived, m[1])
						derived = true
					}
				}
			}
			if lit := stringLiteral(rhs); lit != "" && sqliteFileRe.MatchString(lit) {
				dbConsts[m[1]] = true
			}
			if p, ok := resolveStartPath(rhs, file, vars); ok {
				vars[m[1]] = p
				if constNameRe.MatchString(m[1]) && l.indent == 0 && !derived && !fileName(p.path) && absentFolder(fsys, p.path) {
					cands = append(cands, &writtenVar{name: m[1], def: rhs, path: p, src: Source{File: file, Line: l.line}})
				}
			}
			// The name holds the read itself (wrapped in Path() or str() at
			// most), not a dict or a call that has it among others.
			for _, ix := range envDefaultReadRe.FindAllStringSubmatchIndex(rhs, -1) {
				env, def := rhs[ix[2]:ix[3]], pyExpr(rhs[ix[1]:])
				if !wholeReadRe.MatchString(rhs[:ix[0]]) || envDefaultReadRe.MatchString(def) || stringLiteral(def) == "" && pyStringRe.ReplaceAllString(def, "") == "" {
					continue // inside more, the inner read has the default, or an empty default
				}
				p, ok := resolveStartPath(def, file, vars)
				if !ok || fileName(p.path) || path.IsAbs(p.path) && p.path == "/" {
					continue // unknown, or a file
				}
				c := &writtenVar{name: m[1], env: env, def: def, src: Source{File: file, Line: l.line}, abs: path.IsAbs(p.path), path: p}
				cands = append(cands, c)
				here = append(here, c)
				vars[m[1]] = p // a default built on it is in the code too
			}
		}
	})
	if len(cands) == 0 {
		return nil, nil
	}
	nameRes := map[string]*regexp.Regexp{} // one compiled search per set of names
	_ = walkPython(fsys, f.ImportRoots, func(file, module string, data []byte) {
		if isTestFile(file) || notAppCode(file) || module == "" {
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
			names := append([]string{c.name}, c.derived...)
			for a, n := range aliases {
				if slices.Contains(names, n) {
					names = append(names, a)
				}
			}
			// Most files never mention most names: a substring test
			// skips them before any regexp runs.
			if !slices.ContainsFunc(names, func(n string) bool { return bytes.Contains(data, []byte(n)) }) {
				continue
			}
			key := strings.Join(names, "|")
			re := nameRes[key]
			if re == nil {
				re = regexp.MustCompile(`(?:^|[^\w])(?:` + strings.Join(quoteAll(names), "|") + `)\b`)
				nameRes[key] = re
			}
			var held heldNames // names assigned from the variable's value
			for _, l := range lines {
				if defNameRe.MatchString(l.text) {
					held.enter()
				}
				if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(l.text, n) }) && !held.mentioned(l.text) {
					continue
				}
				lre := held.with(re)
				if (l.line == c.src.Line && file == c.src.File) || !lre.MatchString(l.text) {
					continue
				}
				if suffixOnly(l.text, lre) {
					continue // a file name's ending (f"{out}{LOG_POSTFIX}"), no folder
				}
				if writesUnder(l.text, lre, dbConsts) {
					c.written = &Source{File: file, Line: l.line}
					break
				}
				if cls, at := handedTo(l.text, lre, classes); at != nil {
					c.written, c.writer = at, cls
					break
				}
				if m := startAssignRe.FindStringSubmatch(l.text); m != nil && heldPath(m[2], lre) {
					// base = config.MEDIA_DIR; target = os.path.join(base, x):
					// a write under the local name is under the variable.
					held.add(m[1], l.indent == 0)
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
	seen := map[string]bool{}
	for _, c := range cands {
		if c.env == "" || c.abs {
			if c.written != nil && !seen["="+c.path.path] {
				seen["="+c.path.path] = true
				writes = append(writes, StartWrite{What: "directory", Path: c.path.path, Beside: c.path.beside, Setting: c.name, Env: c.env, Writer: c.writer, WrittenAt: c.written, Source: c.src})
			}
			continue
		}
		// A variable the name-based search found already is that search's.
		if c.written != nil && !seen[c.env] && !slices.ContainsFunc(f.DataDirs, func(d DataDir) bool { return d.Env == c.env }) {
			seen[c.env] = true
			out = append(out, DataDir{Env: c.env, Default: c.def, Written: c.written, Holds: c.holds, Inside: c.derived, Source: c.src})
		}
	}
	return out, writes
}

// suffixOnly reports whether every use of the names (re) on a line is
// appended to something before it: f"{path}{SUFFIX}", path + SUFFIX.
// Such a name holds a file name's ending, not a folder.
func suffixOnly(text string, re *regexp.Regexp) bool {
	locs := re.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return false
	}
	for _, loc := range locs {
		before := text[:loc[0]+1] // the match may start with the character before the name
		if loc[0] == 0 {
			before = ""
		}
		before = strings.TrimRight(strings.TrimRight(before, "."), " ")
		// settings.SUFFIX: the module the name is read from is part of it.
		for len(before) > 0 && (isIdentByte(before[len(before)-1]) || before[len(before)-1] == '.') {
			before = before[:len(before)-1]
		}
		before = strings.TrimRight(before, " ")
		if !strings.HasSuffix(before, "}{") && !strings.HasSuffix(before, "+") {
			return false
		}
	}
	return true
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

// constNameRe is a module-level constant's name: AGENT_CACHE_DIR.
var constNameRe = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// absentFolder reports whether the checkout lacks a folder of the code: a
// folder nothing of the project's is in, which a volume cannot hide.
func absentFolder(fsys fs.FS, p string) bool {
	if p == "." || strings.HasPrefix(p, "../") || p == ".." {
		return false
	}
	_, err := fs.Stat(fsys, p)
	return err != nil
}

// classWrites are the attributes a class's constructor sets from its
// parameters (self._dir = dir) that its methods write under.
type classWrites struct {
	params []string           // __init__'s parameters, self aside
	attrOf map[string]string  // parameter -> attribute
	writes map[string]*Source // attribute -> the write
}

var (
	classLineRe = regexp.MustCompile(`^class\s+(\w+)`)
	initLineRe  = regexp.MustCompile(`^def\s+__init__\s*\(\s*self\s*,?(.*)\)`)
	selfSetRe   = regexp.MustCompile(`^self\.(\w+)\s*(?::[^=]*)?=\s*(\w+)\s*$`)
	localSetRe  = regexp.MustCompile(`^(\w+)\s*(?::[^=]*)?=\s*(.+)$`)
)

// readClassWrites reads a file's classes: which constructor parameters
// land in which attributes, and which attributes a method writes under,
// directly or through a name assigned from it in that method.
func readClassWrites(file string, data []byte, classes map[string]classWrites) {
	if !bytes.Contains(data, []byte("self.")) {
		return
	}
	var cur string
	clsIndent, defIndent := -1, -1
	held := map[string]string{} // local name -> the attribute it is built on
	for _, l := range pyLines(data) {
		if cur != "" && l.indent <= clsIndent {
			cur = ""
		}
		if m := classLineRe.FindStringSubmatch(l.text); m != nil {
			cur, clsIndent = m[1], l.indent
			classes[cur] = classWrites{attrOf: map[string]string{}, writes: map[string]*Source{}}
			continue
		}
		if cur == "" {
			continue
		}
		c := classes[cur]
		if strings.HasPrefix(l.text, "def ") || strings.HasPrefix(l.text, "async def ") {
			defIndent = l.indent
			clear(held)
			if m := initLineRe.FindStringSubmatch(l.text); m != nil {
				c.params = nil
				for _, p := range strings.Split(m[1], ",") {
					p = strings.TrimSpace(p)
					if i := strings.IndexAny(p, ":="); i >= 0 {
						p = strings.TrimSpace(p[:i])
					}
					if p != "" && !strings.HasPrefix(p, "*") {
						c.params = append(c.params, p)
					}
				}
				classes[cur] = c
			}
			continue
		}
		if defIndent < 0 || l.indent <= defIndent {
			continue
		}
		if m := selfSetRe.FindStringSubmatch(l.text); m != nil && slices.Contains(c.params, m[2]) {
			c.attrOf[m[2]] = m[1]
			continue
		}
		for attr := range attrsIn(l.text) {
			if m := localSetRe.FindStringSubmatch(l.text); m != nil && !strings.HasPrefix(m[1], "self") {
				held[m[1]] = attr
				continue
			}
			if c.writes[attr] == nil && writesUnder(l.text, selfAttrRe(attr), nil) {
				c.writes[attr] = &Source{File: file, Line: l.line}
			}
		}
		for name, attr := range held {
			if c.writes[attr] == nil && strings.Contains(l.text, name) && writesUnder(l.text, regexp.MustCompile(`\b`+regexp.QuoteMeta(name)+`\b`), nil) {
				c.writes[attr] = &Source{File: file, Line: l.line}
			}
		}
	}
}

var selfAttrUseRe = regexp.MustCompile(`\bself\.(\w+)`)

// attrsIn are the attributes of self a line uses.
func attrsIn(text string) map[string]bool {
	out := map[string]bool{}
	for _, m := range selfAttrUseRe.FindAllStringSubmatch(text, -1) {
		out[m[1]] = true
	}
	return out
}

func selfAttrRe(attr string) *regexp.Regexp {
	return regexp.MustCompile(`\bself\.` + regexp.QuoteMeta(attr) + `\b`)
}

// handedTo is the class a line constructs with the variable (re) as an
// argument that its methods write under, and that write.
func handedTo(text string, re *regexp.Regexp, classes map[string]classWrites) (string, *Source) {
	for name, c := range classes {
		if len(c.writes) == 0 {
			continue
		}
		loc := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\s*\(`).FindStringIndex(text)
		if loc == nil {
			continue
		}
		pos, kw, _ := callArgs(text[loc[1]:])
		for i, a := range pos {
			if i < len(c.params) && re.MatchString(a) {
				if at := c.writes[c.attrOf[c.params[i]]]; at != nil {
					return name, at
				}
			}
		}
		for k, a := range kw {
			if re.MatchString(a) {
				if at := c.writes[c.attrOf[k]]; at != nil {
					return name, at
				}
			}
		}
	}
	return "", nil
}

// plainPathRe is a default that is a path as written: no placeholder
// (%%DOWNLOAD_DIR), template ({name}) or space.
var plainPathRe = regexp.MustCompile(`^[\w./~-]+$`)

// pathCallRe is a call a path expression may make: os.path's functions,
// Path and its methods, str.
var pathCallRe = regexp.MustCompile(`^(?:os\.path\.\w+|(?:pathlib\.)?(?:Pure)?Path|str|os\.fspath|.*\.(?:joinpath|resolve|absolute|expanduser|with_name|with_suffix))$`)

// heldPath reports whether an assigned expression is a path built on the
// variable (re): it names it outside its strings, and calls nothing but
// path functions (an object built with the folder is no path).
func heldPath(rhs string, re *regexp.Regexp) bool {
	rhs = pyStringRe.ReplaceAllString(rhs, `""`)
	if !re.MatchString(headTerm(rhs)) {
		return false
	}
	for _, m := range heldCallRe.FindAllStringSubmatch(rhs, -1) {
		if !pathCallRe.MatchString(m[1]) {
			return false
		}
	}
	return true
}

// pathWrapRe is a path function's opening: os.path.join(, Path(, str(.
var pathWrapRe = regexp.MustCompile(`^\s*(?:os\.path\.\w+|(?:pathlib\.)?(?:Pure)?Path|str|os\.fspath)\s*\(`)

// headTerm is the folder a path expression starts from: its first
// argument inside the path functions wrapping it, before a / operator
// (os.path.join(cache_dir, name) starts from cache_dir; name is a folder
// inside it, not one of its own).
func headTerm(expr string) string {
	for {
		loc := pathWrapRe.FindStringIndex(expr)
		if loc == nil {
			break
		}
		expr = expr[loc[1]:]
	}
	expr = pyExpr(expr)
	if i := strings.Index(expr, " / "); i >= 0 {
		expr = expr[:i]
	}
	return expr
}

var heldCallRe = regexp.MustCompile(`([A-Za-z_][\w.]*)\s*\(`)

// heldNames are the names a file assigns from a data folder variable's
// value (pdir = config.STATE_DIR), or from another such name: module-level
// ones for the whole file, a function's until the next def.
type heldNames struct {
	module, local []string
	re            *regexp.Regexp // the variable's search with the names, nil when stale
	base          *regexp.Regexp
}

func (h *heldNames) enter() {
	if len(h.local) > 0 {
		h.local, h.re = nil, nil
	}
}

func (h *heldNames) add(name string, module bool) {
	if module {
		h.module = append(h.module, name)
	} else {
		h.local = append(h.local, name)
	}
	h.re = nil
}

// mentioned is a cheap first look: the line holds one of the names.
func (h *heldNames) mentioned(text string) bool {
	has := func(n string) bool { return strings.Contains(text, n) }
	return slices.ContainsFunc(h.module, has) || slices.ContainsFunc(h.local, has)
}

// with is the variable's search (base) widened to the held names.
func (h *heldNames) with(base *regexp.Regexp) *regexp.Regexp {
	if len(h.module)+len(h.local) == 0 {
		return base
	}
	if h.re == nil || h.base != base {
		names := append(slices.Clone(h.module), h.local...)
		h.re = regexp.MustCompile(base.String() + `|(?:^|[^\w.])(?:` + strings.Join(quoteAll(names), "|") + `)\b`)
		h.base = base
	}
	return h.re
}
