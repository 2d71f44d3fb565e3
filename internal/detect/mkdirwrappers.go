package detect

import (
	"path"
	"regexp"
	"strconv"
	"strings"
)

// A project often creates its folders through a function of its own
// (def create_folder(folder): os.makedirs(folder, exist_ok=True)) and names
// them through another (def folder_path(*parts): return
// os.path.join(ROOT, *parts)). A call of the first is a mkdir of its
// argument; a call of the second is the path it returns, its arguments
// joined on. Both are read from module-level functions of the project's
// files and followed through the caller's imports.

// projectFunc is a module-level function of a project file that creates
// its first argument's folder (wrapper), or returns a path built on its
// arguments (ret, with params).
type projectFunc struct {
	file    string
	wrapper bool
	ret     string
	params  []string
}

// pathHelperCallRe is a call by a dotted name, at its opening bracket.
// One not preceded by a dot is the name's own (callName).
var pathHelperCallRe = regexp.MustCompile(`\b([A-Za-z_][\w.]*)\s*\(`)

// callName is the name of a call pathHelperCallRe found at m, "" when it
// is a method's (x.join().name()).
func callName(text string, m []int) string {
	if m[2] > 0 && text[m[2]-1] == '.' {
		return ""
	}
	return text[m[2]:m[3]]
}

// defParams are the names of a def line's parameters, a leading * or **
// kept; nil when the line is not a def.
func defParams(text string) []string {
	if !defNameRe.MatchString(text) {
		return nil
	}
	open := strings.IndexByte(text, '(')
	end := closingParen(text, open)
	if open < 0 || end < 0 {
		return nil
	}
	var out []string
	for _, p := range splitArgs(text[open+1 : end]) {
		name, _, _ := strings.Cut(p, "=")
		name, _, _ = strings.Cut(name, ":")
		if name = strings.TrimSpace(name); name != "" && name != "/" && name != "*" {
			out = append(out, name)
		}
	}
	return out
}

// defDefaults are a def line's parameters with a default, and the
// default's expression.
func defDefaults(text string) map[string]string {
	open := strings.IndexByte(text, '(')
	if open < 0 || !defNameRe.MatchString(text) {
		return nil
	}
	end := closingParen(text, open)
	if end < 0 {
		return nil
	}
	var out map[string]string
	for _, p := range splitArgs(text[open+1 : end]) {
		name, def, ok := strings.Cut(p, "=")
		if !ok || strings.HasPrefix(name, "*") {
			continue
		}
		name, _, _ = strings.Cut(name, ":")
		if out == nil {
			out = map[string]string{}
		}
		out[strings.TrimSpace(name)] = strings.TrimSpace(def)
	}
	return out
}

// paramLocals are a function's parameters whose default is a known path:
// the folder it writes when called without them.
func paramLocals(text, file string, vars map[string]startPath) map[string]*startPath {
	var out map[string]*startPath
	for name, def := range defDefaults(text) {
		if def == "None" {
			continue
		}
		if p, ok := resolveStartPath(def, file, vars); ok {
			if out == nil {
				out = map[string]*startPath{}
			}
			out[name] = &p
		}
	}
	return out
}

// ownFuncs are the wrappers and path helpers a file defines at module
// level, read once per file.
func (s *startScanner) ownFuncs(file string) map[string]projectFunc {
	if f, ok := s.funcs[file]; ok {
		return f
	}
	out := map[string]projectFunc{}
	s.funcs[file] = out
	data, err := readPySource(s.fsys, file)
	if err != nil || !strings.Contains(string(data), "def ") {
		return out
	}
	var name string
	var params []string
	var returns []string
	wrapper := false
	flush := func() {
		if name == "" || len(params) == 0 {
			return
		}
		switch {
		case wrapper:
			out[name] = projectFunc{file: file, wrapper: true}
		case len(returns) == 1 && mentionsParam(returns[0], params):
			out[name] = projectFunc{file: file, ret: returns[0], params: params}
		}
	}
	for _, l := range pyLines(data) {
		if l.indent == 0 {
			flush()
			name, params, returns, wrapper = "", nil, nil, false
			if m := defNameRe.FindStringSubmatch(l.text); m != nil {
				name, params = m[1], defParams(l.text)
			}
			continue
		}
		if name == "" {
			continue
		}
		if m := returnRe.FindStringSubmatch(l.text); m != nil {
			returns = append(returns, strings.TrimSpace(m[1]))
		}
		// The folder created is the first parameter itself, or a Path of it.
		if e := mkdirExpr(l.text); e != "" && len(params) > 0 {
			first := strings.TrimLeft(params[0], "*")
			if e == first || pathOfRe.FindStringSubmatch(e) != nil && pathOfRe.FindStringSubmatch(e)[1] == first {
				wrapper = true
			}
		}
	}
	flush()
	return out
}

// pathOfRe is Path(x) or pathlib.Path(x) of one name.
var pathOfRe = regexp.MustCompile(`^(?:pathlib\.)?Path\(\s*(\w+)\s*\)$`)

// mentionsParam reports whether expr uses one of the parameters.
func mentionsParam(expr string, params []string) bool {
	for _, p := range params {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(strings.TrimLeft(p, "*")) + `\b`).MatchString(expr) {
			return true
		}
	}
	return false
}

// callables are the wrappers and path helpers a file can call, under the
// names it calls them by: its own, and those its imports bind (from
// pkg.files import create_folder; from pkg import files → files.x; import
// pkg.files → pkg.files.x).
func (s *startScanner) callables(file string, lines []pyLine) map[string]projectFunc {
	out := map[string]projectFunc{}
	for k, v := range s.ownFuncs(file) {
		out[k] = v
	}
	if s.roots == nil {
		return out
	}
	for _, im := range pyImports(lines) {
		if im.name == "*" {
			continue
		}
		pkg, sub := importTargets(s.fsys, s.roots, file, im)
		switch {
		case im.module != "":
			prefix := im.module
			if im.alias != "" {
				prefix = im.alias
			}
			if pkg != "" {
				for k, v := range s.ownFuncs(pkg) {
					out[prefix+"."+k] = v
				}
			}
		case sub != "":
			for k, v := range s.ownFuncs(sub) {
				out[im.bound()+"."+k] = v
			}
		case pkg != "":
			if v, ok := s.ownFuncs(pkg)[im.name]; ok {
				out[im.bound()] = v
			}
		}
	}
	return out
}

// wrapperArg is the expression a line passes to a folder-creating wrapper
// it calls; "" when it calls none.
func wrapperArg(text string, calls map[string]projectFunc) string {
	for _, m := range pathHelperCallRe.FindAllStringSubmatchIndex(text, -1) {
		if f, ok := calls[callName(text, m)]; ok && f.wrapper {
			return pyExpr(text[m[1]:])
		}
	}
	return ""
}

// expandPath rewrites expr for resolveStartPath: a parameter of the
// running function taken with `or` gives way to its fallback (the
// argument is unset when the start calls the function bare), and a path
// helper's call becomes a name bound, in the scope returned, to the path
// it returns.
func (s *startScanner) expandPath(expr string, params []string, calls map[string]projectFunc, file string, scope map[string]startPath) (string, map[string]startPath) {
	for _, p := range params {
		p = strings.TrimLeft(p, "*")
		expr = regexp.MustCompile(`(?:^|\b)`+regexp.QuoteMeta(p)+`\s+or\s+`).ReplaceAllString(expr, "")
	}
	if len(calls) == 0 {
		return expr, scope
	}
	copied := false
	for n := 0; n < 4; n++ {
		done := true
		for _, m := range pathHelperCallRe.FindAllStringSubmatchIndex(expr, -1) {
			f, ok := calls[callName(expr, m)]
			if !ok || f.wrapper {
				continue
			}
			open := m[1] - 1
			end := closingParen(expr, open)
			if end < 0 {
				break
			}
			p, ok := s.helperPath(f, expr[open+1:end], file, scope)
			if !ok {
				continue
			}
			if !copied {
				scope = clonePaths(scope)
				copied = true
			}
			name := "__pydock_helper" + strconv.Itoa(n)
			scope[name] = p
			expr = expr[:m[2]] + name + expr[end+1:]
			done = false
			break
		}
		if done {
			break
		}
	}
	return expr, scope
}

func clonePaths(m map[string]startPath) map[string]startPath {
	out := make(map[string]startPath, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// helperPath is the path a helper returns for a call's arguments: its
// return expression without the parameters, resolved in its own module,
// with the arguments, resolved in the caller's scope, joined on in order.
func (s *startScanner) helperPath(f projectFunc, args, file string, scope map[string]startPath) (startPath, bool) {
	base := f.ret
	for _, p := range f.params {
		base = regexp.MustCompile(`\*{0,2}\b`+regexp.QuoteMeta(strings.TrimLeft(p, "*"))+`\b`).ReplaceAllString(base, "")
	}
	var vars map[string]startPath
	if f.file != file {
		vars = s.moduleVars(f.file)
	} else {
		vars = scope
	}
	b, ok := resolveStartPath(base, f.file, vars)
	if !ok {
		return startPath{}, false
	}
	for _, a := range splitArgs(args) {
		a = strings.TrimLeft(a, "*")
		if strings.Contains(a, "=") {
			return startPath{}, false // a keyword: not a path part
		}
		p, ok := resolveStartPath(a, file, scope)
		if !ok || p.beside {
			return startPath{}, false
		}
		if path.IsAbs(p.path) {
			b = startPath{p.path, false}
		} else {
			b.path = path.Join(b.path, p.path)
		}
	}
	return b, true
}

// classNameRe is a class statement's name.
var classNameRe = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)`)

// createdPath is the folder a line creates, by os.makedirs, .mkdir() or a
// project wrapper, resolved in scope.
func (s *startScanner) createdPath(text string, params []string, calls map[string]projectFunc, file string, vars map[string]startPath, locals map[string]*startPath) (startPath, bool) {
	expr := mkdirExpr(text)
	if expr == "" {
		expr = wrapperArg(text, calls)
	}
	if expr == "" {
		return startPath{}, false
	}
	scope := inScope(vars, locals) // a copy: only for a line that creates
	if s.expands(expr, params, calls) {
		expr, scope = s.expandPath(expr, params, calls, file, scope)
	}
	return resolveStartPath(expr, file, scope)
}

// expands reports whether expandPath may change expr: it takes a
// parameter with `or`, or calls a path helper.
func (s *startScanner) expands(expr string, params []string, calls map[string]projectFunc) bool {
	if len(params) > 0 && strings.Contains(expr, " or ") {
		return true
	}
	for _, m := range pathHelperCallRe.FindAllStringSubmatchIndex(expr, -1) {
		if f, ok := calls[callName(expr, m)]; ok && !f.wrapper {
			return true
		}
	}
	return false
}

// callsWrapper reports whether text may call a folder wrapper defined
// anywhere in the project (a quick test before a file is read line by line).
func (s *startScanner) callsWrapper(text string) bool {
	if s.roots == nil {
		return false
	}
	if s.wrapperNames == nil {
		s.wrapperNames = map[string]bool{}
		_ = walkPython(s.fsys, s.roots, func(file, _ string, data []byte) {
			if isTestFile(file) || !mkdirLineRe.Match(data) {
				return
			}
			for k, f := range s.ownFuncs(file) {
				if f.wrapper {
					s.wrapperNames[k] = true
				}
			}
		})
	}
	for k := range s.wrapperNames {
		if strings.Contains(text, k+"(") {
			return true
		}
	}
	return false
}
