package detect

// How the CLI reader resolves a call to the project's code beyond a bare
// name: a method of an instance of a project class (srv = Server(…);
// srv.run()), a function of an imported module (server.main()), and
// whether a file imports the module a serving call needs.

import (
	"regexp"
	"strings"
	"unicode"
)

// instanceRe is a variable bound to a call: srv = Server(…).
var instanceRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*\(`)

// instances are the variables body binds to an instance of a class of the
// project: variable → its class's file and name.
func (r *scriptReader) instances(file, module string, isPkg bool, imports []pyImport, body []pyLine) map[string][2]string {
	out := map[string][2]string{}
	for _, l := range body {
		m := instanceRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		target, cls := file, m[2]
		if !definesClass(r.lines(file), cls) {
			mod, name := resolveCallee(module, isPkg, imports, cls)
			if mod == module {
				continue
			}
			if target = r.moduleFile(mod); target == "" || !definesClass(r.lines(target), name) {
				continue
			}
			cls = name
		}
		out[m[1]] = [2]string{target, cls}
	}
	return out
}

// projectMethod says whether name is, in body (of file), an instance of
// a class of the project (app = Application()) that defines method
// itself: the call is the project's code, not a framework's (a subclass
// of Flask inherits Flask's run).
func (r *scriptReader) projectMethod(file string, body []pyLine, name, method string) bool {
	if name == "" {
		return false
	}
	module := ""
	for _, root := range r.roots {
		if m := moduleName(root, file); m != "" && moduleFile(r.fsys, root, m) == file {
			module = m
			break
		}
	}
	imports := pyImports(append(r.lines(file), body...))
	cls, ok := r.instances(file, module, strings.HasSuffix(file, "__init__.py"), imports, body)[name]
	return ok && r.body(cls[0], cls[1]+"."+method) != nil
}

// definesClass says whether lines define a class of that name.
func definesClass(lines []pyLine, name string) bool {
	for _, l := range lines {
		if m := classRe.FindStringSubmatch(l.text); m != nil && m[1] == name {
			return true
		}
	}
	return false
}

// receiverBefore is the dotted name before a call's name at i
// (server.main( → server), "" when the call is a bare name.
func receiverBefore(text string, i int) string {
	if i == 0 || text[i-1] != '.' {
		return ""
	}
	j := i - 1
	for j > 0 && (text[j-1] == '.' || text[j-1] == '_' || unicode.IsLetter(rune(text[j-1])) || unicode.IsDigit(rune(text[j-1]))) {
		j--
	}
	return strings.Trim(text[j:i-1], ".")
}

// importsModule says whether file imports mod (or a module of it): a
// serveSignals call that counts only beside its import (a bare Server(
// is any class).
func (r *scriptReader) importsModule(file, mod string) bool {
	for _, im := range pyImports(r.lines(file)) {
		for _, m := range []string{im.module, im.from} {
			if m == mod || strings.HasPrefix(m, mod+".") {
				return true
			}
		}
	}
	return false
}
