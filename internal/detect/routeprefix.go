package detect

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"
)

// A route declared on a router, blueprint or sub-app is served under the
// prefix its parent attaches it with, up to the app: include_router(r,
// prefix=...), register_blueprint(bp, url_prefix=...), mount("/api", sub),
// Django Ninja's add_router("/v1/", router), and Django's own urls for an
// API object mounted by its urls attribute (path("api/", api.urls)).

var (
	mountCallRe = regexp.MustCompile(`^([A-Za-z_]\w*)\.(include_router|register_blueprint|mount|add_router)\s*\((.*)\)\s*$`)
	kwArgRe     = regexp.MustCompile(`^(\w+)\s*=\s*(.*)$`)
	strLitRe    = regexp.MustCompile(`^[rRuU]?(?:"([^"]*)"|'([^']*)')$`)
)

// mountCall is one parent.include_router/register_blueprint/mount call.
type mountCall struct {
	module  string // module of the file making the call
	isPkg   bool
	imports []pyImport
	parent  string // the object attached to
	child   string // the expression attached: router, health.router
	prefix  string
	known   bool   // prefix is a literal (or absent)
	why     string // the prefix expression when not known
	src     Source
	flask   bool // register_blueprint: url_prefix replaces the Blueprint's own
	hasKw   bool // a prefix argument was given
	// reason says why the prefix is unknown when the chain above the call
	// has already said it (a Django include() pydock cannot read).
	reason string
}

type mountIndex struct {
	calls []mountCall
	// ctor holds the constructor prefix of module-level routers, by module and name.
	ctor map[string]string
	// router marks module-level routers and blueprints (module:name): their
	// routes are served only where a parent attaches them.
	router map[string]bool
	// reexport maps a name a module imports (module:name, as a package's
	// __init__ re-exports its views' router) to where it is defined.
	reexport map[string]string
	// literals are string literals assigned at module level (module:NAME)
	// or as a class's attribute default (module:Class.NAME); instances the
	// module-level objects a call builds (module:settings → Settings), so
	// a prefix spelled settings.API_V1_STR reads the class's default.
	literals  map[string]string
	instances map[string]string
}

var (
	// NAME = "x", NAME: str = "x".
	literalAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*([rRuU]?(?:"[^"]*"|'[^']*'))$`)
	// settings = Settings(), settings: Settings = Settings()  # comments are gone.
	instanceAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*([A-Za-z_]\w*)\s*\(`)
	// a name or an attribute of one: PREFIX, settings.API_V1_STR.
	attrExprRe = regexp.MustCompile(`^([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?$`)
)

// readLiterals records the module's literal constants, its classes'
// literal attribute defaults (their own body's lines only), and the objects
// it builds at module level.
func (ix *mountIndex) readLiterals(mod string, lines []pyLine) {
	class, body := "", -1
	for _, l := range lines {
		if l.indent == 0 {
			class, body = "", -1
			if m := classRe.FindStringSubmatch(l.text); m != nil {
				class = m[1]
			} else if m := literalAssignRe.FindStringSubmatch(l.text); m != nil {
				ix.literals[mod+":"+m[1]] = m[2]
			} else if m := instanceAssignRe.FindStringSubmatch(l.text); m != nil {
				ix.instances[mod+":"+m[1]] = m[2]
			}
			continue
		}
		if class == "" {
			continue
		}
		if body < 0 {
			body = l.indent
		}
		if l.indent == body {
			if m := literalAssignRe.FindStringSubmatch(l.text); m != nil {
				ix.literals[mod+":"+class+"."+m[1]] = m[2]
			}
		}
	}
}

// literalPrefix is the literal a mount's prefix expression names: a
// constant (imported or the module's own), a module's constant
// (constants.API_PREFIX), or an object's class default
// (settings.API_V1_STR); ok is false when it is none of those.
func (ix *mountIndex) literalPrefix(c mountCall) (string, bool) {
	e := attrExprRe.FindStringSubmatch(c.why)
	if e == nil {
		return "", false
	}
	lit := func(key string) (string, bool) {
		v, ok := ix.literals[key]
		if !ok {
			return "", false
		}
		s := strLitRe.FindStringSubmatch(v)
		if s == nil {
			return "", false
		}
		return s[1] + s[2], true
	}
	m, n := ix.resolve(c.module, e[1])
	if e[2] == "" {
		return lit(m + ":" + n)
	}
	if cls, ok := ix.instances[m+":"+n]; ok {
		cm, cn := ix.resolve(m, cls)
		return lit(cm + ":" + cn + "." + e[2])
	}
	if mod := c.importedModule(e[1]); mod != "" {
		lm, ln := ix.resolve(mod, e[2])
		return lit(lm + ":" + ln)
	}
	return "", false
}

// importedModule is the module a name of the calling file stands for
// (import pkg.m as m, from pkg import m), "" when it is none.
func (c mountCall) importedModule(qual string) string {
	m := ""
	for _, im := range c.imports {
		local := im.alias
		switch {
		case im.from != "" && (local == qual || local == "" && im.name == qual):
			m = absImport(c.module, c.isPkg, im.from) + "." + im.name
		case im.from == "" && (local == qual || local == "" && im.module == qual):
			m = im.module
		}
	}
	return m
}

// findMounts reads every attach call in the project.
func findMounts(fsys fs.FS, roots []string) *mountIndex {
	ix := &mountIndex{ctor: map[string]string{}, router: map[string]bool{}, reexport: map[string]string{}, literals: map[string]string{}, instances: map[string]string{}}
	_ = walkPython(fsys, roots, func(file, mod string, data []byte) {
		isPkg := strings.HasSuffix(file, "__init__.py")
		var lines []pyLine
		if bytes.Contains(data, []byte("=")) {
			lines = pyLines(data)
			ix.readLiterals(mod, lines)
		}
		if bytes.Contains(data, []byte("import")) {
			if lines == nil {
				lines = pyLines(data)
			}
			for _, im := range pyImports(lines) {
				if im.from != "" && im.name != "*" {
					local := im.alias
					if local == "" {
						local = im.name
					}
					ix.reexport[mod+":"+local] = absImport(mod, isPkg, im.from) + ":" + im.name
				}
			}
		}
		if !bytes.Contains(data, []byte("prefix")) && !bytes.Contains(data, []byte("register_blueprint")) && !bytes.Contains(data, []byte(".mount")) && !bytes.Contains(data, []byte("include_router")) && !bytes.Contains(data, []byte("add_router")) && !bytes.Contains(data, []byte("Router")) && !bytes.Contains(data, []byte("Blueprint")) {
			return
		}
		if lines == nil {
			lines = pyLines(data)
		}
		imports := pyImports(lines)
		for _, l := range lines {
			if m := routerAssignRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
				ix.router[mod+":"+m[1]] = true
				if p := prefixArgRe.FindStringSubmatch(m[3]); p != nil {
					ix.ctor[mod+":"+m[1]] = p[1]
				}
				continue
			}
			m := mountCallRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			c := mountCall{module: mod, isPkg: isPkg, imports: imports, parent: m[1], known: true, src: Source{File: file, Line: l.line}, flask: m[2] == "register_blueprint"}
			var pos []string
			for _, a := range splitArgs(m[3]) {
				if kw := kwArgRe.FindStringSubmatch(a); kw != nil && !strings.HasPrefix(a, "=") {
					switch kw[1] {
					case "prefix", "url_prefix", "path":
						c.hasKw = true
						c.setPrefix(kw[2])
					case "app", "router", "blueprint":
						c.child = kw[2]
					}
					continue
				}
				pos = append(pos, a)
			}
			if m[2] == "mount" || m[2] == "add_router" { // mount(path, app), add_router(prefix, router)
				if len(pos) > 0 && !c.hasKw {
					c.hasKw = true
					c.setPrefix(pos[0])
					pos = pos[1:]
				}
			}
			if c.child == "" && len(pos) > 0 {
				c.child = pos[0]
			}
			if c.child != "" {
				ix.calls = append(ix.calls, c)
			}
		}
	})
	return ix
}

func (c *mountCall) setPrefix(expr string) {
	if s := strLitRe.FindStringSubmatch(expr); s != nil {
		c.prefix = s[1] + s[2]
		return
	}
	c.known, c.why = false, expr
}

// prefix is the full prefix a route on r.owner in module mod is served
// under, or why it cannot be known ("" when known).
func (ix *mountIndex) prefix(mod string, r ownedRoute, depth int) (string, string) {
	own := r.ownerPrefix
	if r.owner == "" || depth > 8 {
		return own, ""
	}
	for _, c := range ix.calls {
		if !ix.attaches(c, mod, r.owner) {
			continue
		}
		if !c.known {
			if c.reason != "" {
				return "", c.reason
			}
			lit, ok := ix.literalPrefix(c)
			if !ok {
				return "", "a prefix pydock cannot read (" + c.why + " at " + c.src.String() + ")"
			}
			c.prefix, c.known = lit, true
		}
		if !c.flask || !c.hasKw {
			c.prefix = joinRoute(c.prefix, own)
		}
		parent := ownedRoute{owner: c.parent, ownerPrefix: ix.ctor[c.module+":"+c.parent]}
		up, why := ix.prefix(c.module, parent, depth+1)
		if why != "" {
			return "", why
		}
		return strings.TrimSuffix(joinRoute(up, c.prefix), "/"), ""
	}
	if ix.router[mod+":"+r.owner] {
		// A router serves nothing until attached: where, pydock cannot see.
		return "", "the router " + r.owner + " (" + mod + "), which is not attached anywhere pydock can follow"
	}
	return own, ""
}

// resolve follows imports from module to module to where name is defined.
func (ix *mountIndex) resolve(mod, name string) (string, string) {
	for range 8 {
		to, ok := ix.reexport[mod+":"+name]
		if !ok {
			break
		}
		mod, name, _ = strings.Cut(to, ":")
	}
	return mod, name
}

// attaches reports whether the call's child, followed through imports and
// re-exports, is name defined in mod.
func (ix *mountIndex) attaches(c mountCall, mod, name string) bool {
	if c.attaches(mod, name) {
		return true
	}
	var m, n string
	qual, last, dotted := strings.Cut(c.child, ".")
	switch {
	case !dotted:
		m, n = ix.resolve(c.module, c.child)
	case strings.Contains(last, "."):
		return false
	default:
		// m.router: m is a module the caller imported (import pkg.m as m,
		// from pkg import m); router is looked up there.
		if m = c.importedModule(qual); m == "" {
			return false
		}
		m, n = ix.resolve(m, last)
	}
	return m == mod && n == name
}

// attaches reports whether the call's child names name defined in mod.
func (c mountCall) attaches(mod, name string) bool {
	if c.module == mod && c.child == name {
		return true
	}
	for _, im := range c.imports {
		from := absImport(c.module, c.isPkg, im.from)
		local := im.alias
		if im.from != "" {
			if local == "" {
				local = im.name
			}
			if from == mod && im.name == name && c.child == local { // from m import router
				return true
			}
			if from+"."+im.name == mod && c.child == local+"."+name { // from pkg import m; m.router
				return true
			}
			continue
		}
		if local == "" {
			local = im.module
		}
		if im.module == mod && c.child == local+"."+name { // import pkg.m [as x]; x.router
			return true
		}
	}
	return false
}

// splitArgs splits a call's argument list at top-level commas.
func splitArgs(s string) []string {
	var out []string
	start := 0
	scanCode(s, 0, func(i, depth int) bool {
		if s[i] == ',' && depth == 0 {
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
		return true
	})
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}
