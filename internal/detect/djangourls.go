package detect

// Django serves a route under the prefixes of the include() chain that
// leads to it from ROOT_URLCONF: path("internal/", include("backend.urls"))
// serves backend/urls.py's "v1/health/" as /internal/v1/health/, and a
// urls module nothing includes serves nothing. This walks that chain.

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"
)

const (
	maxURLConfDepth   = 8   // include() levels followed from ROOT_URLCONF
	maxURLConfModules = 200 // urls modules read at most
)

var (
	// path( / re_path( / url( as a call, not a method (os.path is not one).
	djangoCallRe = regexp.MustCompile(`(?:^|[^\w.])(re_path|path|url)\s*\(`)
	// ROOT_URLCONF = "mysite.urls"
	rootURLConfRe = regexp.MustCompile(`^ROOT_URLCONF\s*(?::[^=]*)?=\s*[rRuU]?["']([\w.]+)["']\s*$`)
)

// djangoRoute is a view route of a urls module, with the prefix its
// include() chain adds (full is the path a client requests), or why that
// prefix cannot be known.
type djangoRoute struct {
	full string
	why  string
	view string // the view expression: health, views.health, HealthView.as_view()
	file string
	mod  string
	src  Source
	// mount is set for path("api/", api.urls): an object of the project
	// (a Django Ninja API) whose own routes full prefixes; no view route.
	mount *mountCall
}

// urlsAttrRe is an object's urls attribute in a path() call's view place:
// api.urls (Django Ninja), not the admin's.
var urlsAttrRe = regexp.MustCompile(`^([A-Za-z_]\w*)\.urls$`)

// djangoEntry is one path()/re_path()/url() call.
type djangoEntry struct {
	route   string // the path it adds ("" for a prefix-less include)
	routeOK bool   // route is a literal pydock reads as a plain path
	expr    string // the route expression as written, when not
	view    string // the view, or "" for an include
	target  string // include("mod"), include(name), include((name, "ns"))
	inline  []djangoEntry
	include bool
	offset  int // byte offset of the call in the logical line
}

// djangoURLRoutes walks the include() chain from the root urlconf module
// and returns every view route it reaches. ok is false when the root
// module is not in the source: the chain is unknown.
func djangoURLRoutes(fsys fs.FS, roots []string, root string) (routes []djangoRoute, ok bool) {
	type visit struct {
		mod, prefix, why string
		depth            int
	}
	find := func(mod string) string {
		if f := moduleFileIn(fsys, roots, mod); f != "" {
			return f
		}
		return ""
	}
	if find(root) == "" {
		return nil, false
	}
	seen := map[string]bool{}
	queue := []visit{{mod: root}}
	for len(queue) > 0 && len(seen) < maxURLConfModules {
		v := queue[0]
		queue = queue[1:]
		if seen[v.mod] {
			continue
		}
		seen[v.mod] = true
		file := find(v.mod)
		if file == "" {
			continue
		}
		data, err := readPySource(fsys, file)
		if err != nil {
			continue
		}
		lines := pyLines(data)
		imports := pyImports(lines)
		isPkg := strings.HasSuffix(file, "__init__.py")
		var emit func(l pyLine, es []djangoEntry, prefix, why string)
		emit = func(l pyLine, es []djangoEntry, prefix, why string) {
			for _, e := range es {
				if m := urlsAttrRe.FindStringSubmatch(e.view); m != nil && m[1] != "admin" {
					src := Source{File: file, Line: lineFrom(data, l.line, e.expr)}
					c := &mountCall{module: v.mod, isPkg: isPkg, imports: imports, child: m[1], known: true, hasKw: true, src: src}
					switch {
					case why != "":
						c.known, c.reason = false, why
					case !e.routeOK:
						c.known, c.reason = false, "a prefix pydock cannot read ("+e.expr+" at "+src.String()+")"
					default:
						c.prefix = joinRoute(prefix, e.route)
					}
					routes = append(routes, djangoRoute{view: e.view, file: file, mod: v.mod, src: src, mount: c})
					continue
				}
				if e.view != "" {
					if !e.routeOK {
						continue // a route pydock cannot read: no probe asks it
					}
					full := joinRoute(prefix, e.route)
					if why != "" {
						full = joinRoute("", e.route) // its own path, for its name
					}
					src := Source{File: file, Line: lineFrom(data, l.line, e.expr)}
					routes = append(routes, djangoRoute{full: full, why: why, view: e.view, file: file, mod: v.mod, src: src})
					continue
				}
				p, w := prefix, why
				if w == "" {
					if e.routeOK {
						p = joinRoute(p, e.route)
					} else {
						w = "a prefix pydock cannot read (" + e.expr + " at " + Source{File: file, Line: lineFrom(data, l.line, e.expr)}.String() + ")"
					}
				}
				if e.inline != nil {
					emit(l, e.inline, p, w)
				} else if mod := includedModule(v.mod, isPkg, imports, e.target); mod != "" && v.depth < maxURLConfDepth {
					queue = append(queue, visit{mod: mod, prefix: p, why: w, depth: v.depth + 1})
				}
			}
		}
		for _, l := range lines {
			if !strings.Contains(l.text, "path(") && !strings.Contains(l.text, "url(") && !strings.Contains(l.text, "path (") {
				continue
			}
			emit(l, djangoEntries(l.text), v.prefix, v.why)
		}
	}
	return routes, true
}

// djangoEntries parses the path()/re_path()/url() calls of a logical
// line; an include() of an inline list holds its own.
func djangoEntries(text string) []djangoEntry {
	var out []djangoEntry
	for at := 0; at < len(text); {
		loc := djangoCallRe.FindStringSubmatchIndex(text[at:])
		if loc == nil {
			break
		}
		kind := text[at+loc[2] : at+loc[3]]
		open := at + loc[1] - 1
		end := closingParen(text, open)
		if end < 0 {
			break
		}
		args := splitArgs(text[open+1 : end])
		at = end + 1
		var route, view string
		var pos []string
		for _, a := range args {
			if kw := kwArgRe.FindStringSubmatch(a); kw != nil && !strings.HasPrefix(kw[2], "=") {
				switch kw[1] {
				case "route", "regex":
					route = kw[2]
				case "view":
					view = kw[2]
				}
				continue
			}
			pos = append(pos, a)
		}
		if route == "" && len(pos) > 0 {
			route, pos = pos[0], pos[1:]
		}
		if view == "" && len(pos) > 0 {
			view = pos[0]
		}
		if route == "" || view == "" {
			continue
		}
		e := djangoEntry{expr: route, offset: at}
		if s := strLitRe.FindStringSubmatch(route); s != nil {
			e.route, e.routeOK = s[1]+s[2], true
			if kind != "path" {
				e.route, e.routeOK = plainRegexRoute(e.route)
			} else if strings.ContainsAny(e.route, "<>") {
				e.routeOK = false // a converter: no fixed path
			}
		}
		if inc, ok := strings.CutPrefix(view, "include"); ok && strings.HasPrefix(strings.TrimSpace(inc), "(") {
			inc = strings.TrimSpace(inc)
			e.include = true
			if c := closingParen(inc, 0); c > 0 {
				if iargs := splitArgs(inc[1:c]); len(iargs) > 0 {
					first := iargs[0]
					switch {
					case strings.HasPrefix(first, "["):
						e.inline = djangoEntries(first)
						if e.inline == nil {
							e.inline = []djangoEntry{}
						}
					case strings.HasPrefix(first, "("):
						if t := splitArgs(strings.Trim(first, "()")); len(t) > 0 {
							e.target = t[0]
						}
					default:
						e.target = first
					}
				}
			}
		} else {
			e.view = view
		}
		out = append(out, e)
	}
	return out
}

// closingParen is the index of the bracket closing the one at open,
// strings skipped; -1 when the text ends first.
func closingParen(s string, open int) int {
	end := scanCode(s, open, func(i, depth int) bool {
		return depth != 1 || !strings.ContainsRune(")]}", rune(s[i]))
	})
	if end == len(s) {
		return -1
	}
	return end
}

// includedModule is the module an include() target names: a string
// literal, or a name the urls module imported (from .internal import
// urlpatterns as internal_urls; from app import urls as app_urls; import
// app.urls). "" when it is something else (admin.site.urls, router.urls).
func includedModule(mod string, isPkg bool, imports []pyImport, target string) string {
	if s := strLitRe.FindStringSubmatch(target); s != nil {
		return s[1] + s[2]
	}
	for _, im := range imports {
		if im.from == "" {
			local := im.alias
			if local == "" {
				local = im.module
			}
			if local == target {
				return im.module
			}
			continue
		}
		local := im.alias
		if local == "" {
			local = im.name
		}
		if local != target {
			continue
		}
		from := absImport(mod, isPkg, im.from)
		if im.name == "urlpatterns" {
			return from // the list of that module
		}
		return from + "." + im.name // a urls module imported by name
	}
	return ""
}

// lineFrom is the physical line, from start on, where needle first
// appears in data (start when it does not): a route's own line inside a
// urlpatterns list that spans many.
func lineFrom(data []byte, start int, needle string) int {
	if needle == "" {
		return start
	}
	line := 1
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		cur := data
		if i >= 0 {
			cur = data[:i]
		}
		if line >= start && bytes.Contains(cur, []byte(needle)) {
			return line
		}
		if i < 0 {
			break
		}
		data = data[i+1:]
		line++
	}
	return start
}

// viewWrapperRe is a view wrapped in a call that demands a login:
// path("x/", login_required(views.x)).
var viewWrapperRe = regexp.MustCompile(`\b(?:login_required|permission_required|staff_member_required|user_passes_test)\s*\(`)

// djangoViewChecks reads the view a Django route names, where its urls
// module defines or imports it: the service check and the credential it
// makes (as handlerChecks).
func djangoViewChecks(fsys fs.FS, roots []string, r djangoRoute) (ready, cred string) {
	view := strings.TrimSpace(r.view)
	if m := viewWrapperRe.FindString(view); m != "" {
		return "", strings.TrimSpace(strings.TrimSuffix(m, "(")) + " at " + r.src.String()
	}
	if strings.HasPrefix(view, "lambda") {
		l := pyLine{text: view, line: r.src.Line}
		if m := readinessMarkRe.FindString(view); m != "" {
			ready = strings.TrimSpace(m) + " at " + r.src.String()
		}
		if m := credentialMark(l); m != "" {
			cred = m + " at " + r.src.String()
		}
		return ready, cred
	}
	if i := strings.Index(view, ".as_view"); i >= 0 {
		view = view[:i]
	}
	if !dottedNameRe.MatchString(view) {
		return "", ""
	}
	mod, name := r.mod, view
	if i := strings.LastIndex(view, "."); i >= 0 {
		mod, name = "", view[i+1:]
		qual := view[:i]
		data, err := readPySource(fsys, r.file)
		if err != nil {
			return "", ""
		}
		isPkg := strings.HasSuffix(r.file, "__init__.py")
		for _, im := range pyImports(pyLines(data)) {
			local := im.alias
			switch {
			case im.from != "" && (local == qual || local == "" && im.name == qual):
				mod = absImport(r.mod, isPkg, im.from) + "." + im.name
			case im.from == "" && (local == qual || local == "" && im.module == qual):
				mod = im.module
			}
		}
		if mod == "" {
			return "", ""
		}
	}
	// Follow re-exports (from .views import health) to the def, a few hops.
	for range 4 {
		file := ""
		file = moduleFileIn(fsys, roots, mod)
		if file == "" {
			return "", ""
		}
		data, err := readPySource(fsys, file)
		if err != nil {
			return "", ""
		}
		lines := pyLines(data)
		if def := defNamed(lines, name); def >= 0 {
			return handlerChecks(fsys, roots, file, mod, lines, def)
		}
		isPkg := strings.HasSuffix(file, "__init__.py")
		next := ""
		for _, im := range pyImports(lines) {
			if im.from != "" && (im.alias == name || im.alias == "" && im.name == name) {
				next, name = absImport(mod, isPkg, im.from), im.name
				break
			}
		}
		if next == "" {
			return "", ""
		}
		mod = next
	}
	return "", ""
}

var dottedNameRe = regexp.MustCompile(`^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$`)
