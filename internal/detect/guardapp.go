package detect

// The app a module builds only when it is imported: the `else:` of its
// `if __name__ == "__main__":` guard assigns the WSGI servers' default name
// (`settings, application = load(os.environ.get("X"))`), while running the
// file starts the program's own server. The authors wrote that branch for
// a server to import (mod_wsgi and gunicorn look for `application`), so the
// object is the app, though the function that builds it returns it in a
// tuple or wrapped (`return app.wsgi_app, close`), which no factory
// reading proves. It counts when that function, or a project function it
// calls, constructs the framework's app class.

import (
	"io/fs"
	"regexp"
	"strings"
)

// guardElseAssignRe is an assignment of `app` or `application`, alone or
// among tuple targets, from a call: `settings, application = load(…)`.
var guardElseAssignRe = regexp.MustCompile(`^(?:[A-Za-z_]\w*\s*,\s*)*(app|application)\s*(?:,\s*[A-Za-z_]\w*\s*)*(?::[^=]*)?=\s*([A-Za-z_][\w.]*)\s*\(`)

// guardElseApp is the object the else of lines' module-level __main__
// guard builds, and the call that builds it; ok false when there is none.
func guardElseApp(lines []pyLine) (attr, callee string, line int, ok bool) {
	for i, l := range lines {
		if l.indent != 0 || !mainGuardRe.MatchString(l.text) {
			continue
		}
		j := i + 1 + len(blockAfter(lines, i))
		if j >= len(lines) || lines[j].indent != 0 || strings.TrimSpace(lines[j].text) != "else:" {
			return "", "", 0, false
		}
		block := blockAfter(lines, j)
		for _, b := range block {
			if b.indent != block[0].indent {
				continue // only the branch's own statements
			}
			if m := guardElseAssignRe.FindStringSubmatch(b.text); m != nil {
				return m[1], m[2], b.line, true
			}
		}
		return "", "", 0, false
	}
	return "", "", 0, false
}

// guardElseTarget is the app the else of file's __main__ guard builds for
// framework spec, nil when it builds none or its builder constructs no
// app of the framework.
func guardElseTarget(fsys fs.FS, roots []string, spec *frameworkSpec, file, module string, lines []pyLine) *AppTarget {
	attr, callee, line, ok := guardElseApp(lines)
	if !ok {
		return nil
	}
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{file: lines}, follow: true}
	target, fn := file, callee
	if r.body(file, callee) == nil {
		mod, name := resolveCallee(module, strings.HasSuffix(file, "__init__.py"), pyImports(lines), callee)
		if target = r.moduleFile(mod); target == "" {
			return nil
		}
		fn = name
	}
	full, ok := r.constructs(target, fn, spec.classPaths(), 3, map[string]bool{})
	if !ok {
		return nil
	}
	return &AppTarget{Module: module, Attr: attr, Interface: spec.interfaceOf(full), Source: Source{File: file, Line: line}}
}

// constructs reports whether function fn of file, or a project function it
// calls (up to depth hops), constructs one of classes, and which.
func (r *scriptReader) constructs(file, fn string, classes []string, depth int, seen map[string]bool) (string, bool) {
	key := file + "\x00" + fn
	if seen[key] {
		return "", false
	}
	seen[key] = true
	body := r.body(file, fn)
	if body == nil {
		return "", false
	}
	names := ctorNames(pyImports(r.lines(file)), classes)
	for _, l := range body {
		for _, m := range callNameDottedRe.FindAllStringSubmatch(l.text, -1) {
			if full, ok := names[m[1]]; ok {
				return full, true
			}
		}
	}
	if depth == 0 {
		return "", false
	}
	for _, c := range r.callees(file, body, fn) {
		if full, ok := r.constructs(c[0], c[1], classes, depth-1, seen); ok {
			return full, true
		}
	}
	return "", false
}

// callNameDottedRe is a call of a name or a dotted name: Flask(, flask.Flask(.
var callNameDottedRe = regexp.MustCompile(`\b([A-Za-z_][\w.]*)\s*\(`)
