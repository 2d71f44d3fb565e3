package detect

import (
	"path"
	"regexp"
	"strconv"
	"strings"
)

// The paths the names of a start file hold: what an expression a folder
// is created at resolves to, and a function's own names over its module's.

// mkdirExpr is the path a line creates a directory at: os.makedirs(x),
// os.mkdir(x), x.mkdir(); "" when it creates none.
func mkdirExpr(text string) string {
	if loc := osMkdirRe.FindStringIndex(text); loc != nil {
		return pyExpr(text[loc[1]:])
	}
	if i := strings.Index(text, ".mkdir("); i > 0 {
		return receiver(text[:i])
	}
	return ""
}

// receiver is the expression a method is called on, at the end of s:
// a dotted name, or a bracketed expression with the name before it
// (Path(...), (BASE / "x")).
func receiver(s string) string {
	s = strings.TrimRight(s, " ")
	if strings.HasSuffix(s, ")") {
		depth := 0
		for i := len(s) - 1; i >= 0; i-- {
			switch s[i] {
			case ')':
				depth++
			case '(':
				depth--
			}
			if depth == 0 {
				j := i
				for j > 0 && (isIdentByte(s[j-1]) || s[j-1] == '.') {
					j--
				}
				return s[j:]
			}
		}
		return ""
	}
	j := len(s)
	for j > 0 && (isIdentByte(s[j-1]) || s[j-1] == '.') {
		j--
	}
	return s[j:]
}

// resolveStartPath reads the directory an expression names: string
// literals joined onto a name resolved before, onto the folder of
// __file__ (Path(__file__).parent, os.path.dirname(os.path.abspath(__file__))),
// onto the working directory, or alone. Anything else (an environment
// variable, a call, a setting) is not known before run time.
func resolveStartPath(expr, file string, vars map[string]startPath) (startPath, bool) {
	// from os.path import join, dirname: the same functions.
	for bareOsPathRe.MatchString(expr) {
		// Again: a match takes the bracket the next one starts after.
		expr = bareOsPathRe.ReplaceAllString(expr, "${1}os.path.$2(")
	}
	expr = namesAsLiterals(expr, vars)
	if m := dirnameOfRe.FindStringSubmatch(expr); m != nil && !strings.Contains(expr, "__file__") && closingParen(expr, len("os.path.dirname")) == len(expr)-1 {
		// The folder of a file the code names (os.path.dirname(DB_FILE)).
		p, ok := resolveStartPath(m[1], file, vars)
		if !ok || path.Dir(p.path) == p.path {
			return startPath{}, false
		}
		return startPath{path.Dir(p.path), p.beside}, true
	}
	base, hasBase := startPath{}, false
	rest := expr
	if strings.Contains(expr, "__file__") {
		dir, ok := baseDir(file, expr)
		if !ok {
			return startPath{}, false
		}
		base, hasBase = startPath{dir, true}, true
		// baseDir climbed for the ".." literals and os.pardir already.
		rest = strings.ReplaceAll(strings.ReplaceAll(rest, "__file__", ""), "os.pardir", "")
		rest = pyStringRe.ReplaceAllStringFunc(rest, func(lit string) string {
			m := pyStringRe.FindStringSubmatch(lit)
			if m == nil || !strings.Contains(m[1]+m[2], "..") {
				return lit
			}
			var segs []string
			for seg := range strings.SplitSeq(m[1]+m[2], "/") {
				if seg != ".." {
					segs = append(segs, seg)
				}
			}
			return strconv.Quote(strings.Join(segs, "/"))
		})
	} else if cwdCallRe.MatchString(expr) {
		base, hasBase = startPath{".", false}, true
		rest = cwdCallRe.ReplaceAllString(rest, "")
	}
	var parts []string
	for _, m := range pyStringRe.FindAllStringSubmatch(rest, -1) {
		parts = append(parts, m[1]+m[2])
	}
	rest = pyStringRe.ReplaceAllString(rest, "")
	// A name resolved before is the base; os.path and Path glue are not names.
	for _, id := range identRe.FindAllString(pathGlueRe.ReplaceAllString(rest, " "), -1) {
		v, ok := vars[id]
		if !ok || hasBase {
			return startPath{}, false
		}
		base, hasBase = v, true
		rest = regexp.MustCompile(`\b`+regexp.QuoteMeta(id)+`\b`).ReplaceAllString(rest, "")
	}
	rest, parts, ok := plusJoin(rest, parts, hasBase)
	if !ok || strings.TrimSpace(pathGlueRe.ReplaceAllString(rest, "")) != "" {
		return startPath{}, false
	}
	p := path.Join(parts...)
	if !hasBase && p == "" {
		return startPath{}, false // no literal, or only empty ones: a placeholder, no folder
	}
	for _, part := range parts {
		if strings.ContainsAny(part, "{}") {
			return startPath{}, false // an f-string's field
		}
	}
	if hasBase {
		if path.IsAbs(p) {
			return startPath{path.Clean(p), false}, true
		}
		return startPath{path.Join(base.path, p), base.beside}, true
	}
	return startPath{path.Clean(p), false}, true
}

var (
	// join(, dirname(, abspath(, realpath( called bare.
	bareOsPathRe = regexp.MustCompile(`(^|[^\w.])(join|dirname|abspath|realpath)\(`)
	// os.path.dirname(x), the whole expression.
	dirnameOfRe = regexp.MustCompile(`^os\.path\.dirname\((.*)\)$`)
)

// namesAsLiterals writes the names in expr that hold a path relative to
// the working directory, or an absolute one, as that path's string
// literal: the same value, so a second name joined on (join(BASE,
// Constants.DB_NAME)) reads as a part in its place. A name built on a
// module's __file__ stays a name: it is the base.
func namesAsLiterals(expr string, vars map[string]startPath) string {
	if len(vars) == 0 {
		return expr
	}
	sub := func(seg string) string {
		return identRe.ReplaceAllStringFunc(seg, func(id string) string {
			if v, ok := vars[id]; ok && !v.beside {
				return strconv.Quote(v.path)
			}
			return id
		})
	}
	var b strings.Builder
	last := 0
	for _, l := range pyStringRe.FindAllStringIndex(expr, -1) {
		b.WriteString(sub(expr[last:l[0]]))
		b.WriteString(expr[l[0]:l[1]])
		last = l[1]
	}
	b.WriteString(sub(expr[last:]))
	return b.String()
}

// withLocal records a function's assignment: the path it holds when the
// expression resolves against the module's names and the function's own,
// else nothing known (a local hides a module name of the same spelling).
func withLocal(locals map[string]*startPath, vars map[string]startPath, name, expr, file string) map[string]*startPath {
	if locals == nil {
		locals = map[string]*startPath{}
	}
	if p, ok := resolveStartPath(pyExpr(expr), file, inScope(vars, locals)); ok {
		locals[name] = &p
	} else {
		locals[name] = nil
	}
	return locals
}

// inScope are the paths the names a function sees hold: its locals over
// the module's.
func inScope(vars map[string]startPath, locals map[string]*startPath) map[string]startPath {
	if len(locals) == 0 {
		return vars
	}
	out := make(map[string]startPath, len(vars)+len(locals))
	for k, v := range vars {
		out[k] = v
	}
	for k, v := range locals {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = *v
		}
	}
	return out
}

// plusJoin reads a string concatenation onto a folder (BASE_DIR +
// "/media_files/"): a literal starting with "/" added to a folder names a
// folder inside it, as a join would. It returns rest without its + and the
// literals relative; ok is false when a + adds to the folder's own name
// (BASE_DIR + "-old" is a sibling, not a folder inside) or to no folder.
func plusJoin(rest string, parts []string, hasBase bool) (string, []string, bool) {
	if !strings.Contains(rest, "+") {
		return rest, parts, true
	}
	if !hasBase || len(parts) == 0 {
		return rest, parts, false
	}
	rel := make([]string, len(parts))
	for i, p := range parts {
		if !strings.HasPrefix(p, "/") {
			return rest, parts, false
		}
		rel[i] = strings.TrimLeft(p, "/")
	}
	return strings.ReplaceAll(rest, "+", " "), rel, true
}
