package detect

// The app object a server runs: a module-level ASGI/WSGI object, or a
// factory that returns one, found in the import roots.

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// assignCallRe matches `name = callee(` and `name: T = callee(`.
var assignCallRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*([A-Za-z_][\w.]*)\s*\(`)

var (
	defRe    = regexp.MustCompile(`^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(`)
	returnRe = regexp.MustCompile(`^return\s+(.*)$`)
	callRe   = regexp.MustCompile(`^([A-Za-z_][\w.]*)\s*\(`)
)

// preferredAppFiles are the file names that conventionally hold the app.
var preferredAppFiles = map[string]bool{
	"main.py": true, "app.py": true, "asgi.py": true, "wsgi.py": true,
	"server.py": true, "application.py": true,
}

type appCandidate struct {
	file   string
	target AppTarget
	rank   int // within a file: app, application, other object, factory
}

// factoryCall is a module-level `app = some_factory(...)` awaiting proof
// that some_factory is an app factory defined elsewhere.
type factoryCall struct {
	file, module, attr, fnModule, fn string
	line                             int
}

// classDefRe matches `class Name(Base, ...):` to follow subclasses of an
// app class (class CustomFlask(Flask)).
// defArgsRe captures a def's parameter list.
var defArgsRe = regexp.MustCompile(`^(?:async\s+)?def\s+\w+\s*\(([^)]*)\)`)

// requiredParams counts the parameters of a def's list (as defArgsRe
// captures it) that have no default: self, cls, *args, **kwargs and the
// markers * and / aside.
func requiredParams(list string) int {
	n, depth, start := 0, 0, 0
	count := func(p string) {
		p = strings.TrimSpace(p)
		name, _, _ := strings.Cut(p, ":")
		name = strings.TrimSpace(name)
		if name == "" || name == "self" || name == "cls" || name == "/" || strings.HasPrefix(name, "*") || strings.Contains(p, "=") {
			return
		}
		n++
	}
	for i, c := range list {
		switch c {
		case '[', '(', '{':
			depth++
		case ']', ')', '}':
			depth--
		case ',':
			if depth == 0 {
				count(list[start:i])
				start = i + 1
			}
		}
	}
	count(list[start:])
	return n
}

var classDefRe = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)\s*(?:\(\s*([A-Za-z_][\w.]*)?[^)]*\))?\s*:`)

// findApp finds the module-level object (or factory) a server should run
// for framework fw, looking in the import roots. appDir is the directory of
// the file that holds it, "" for the project root. Module level includes
// module-level if/else and try blocks (app = FastAPI(debug=True) when
// debugging, else FastAPI(docs_url=None)), never a def or class body.
func findApp(fsys fs.FS, fw Framework, roots []string) (app *AppTarget, appDir string, err error) {
	spec := frameworkOf(fw)
	if spec == nil || len(spec.Classes) == 0 {
		return nil, "", nil // Django and plain scripts are found elsewhere
	}
	classes := spec.classPaths()
	var shorts [][]byte
	for _, c := range classes {
		shorts = append(shorts, []byte(c[strings.LastIndex(c, ".")+1:]))
	}
	var (
		cands     []appCandidate
		guarded   []appCandidate // built under the else of a __main__ guard
		calls     []factoryCall
		factories = map[string]Interface{} // module + ":" + function
		// relays are functions that build no app but return a call of
		// another function (create_app returning create_site_app()).
		relays []factoryRelay
	)
	err = walkPython(fsys, roots, func(file, module string, data []byte) {
		// The __main__ of a package is its command line, not an importable app.
		if module == "" || module == "__main__" || strings.HasSuffix(module, ".__main__") {
			return
		}
		lines := pyLines(data)
		imports := pyImports(lines)
		// A file that does not import the framework can still run one of
		// its factories (wsgi.py: app = create_app()); names is then empty.
		var names map[string]string
		for _, sh := range shorts {
			if bytes.Contains(data, sh) {
				names = ctorNames(imports, classes)
				break
			}
		}
		inBody := -1 // indent of the def/class whose body we are in
		for i, l := range lines {
			if inBody >= 0 && l.indent > inBody {
				continue
			}
			inBody = -1
			if m := classDefRe.FindStringSubmatch(l.text); m != nil {
				if full, ok := names[m[2]]; ok {
					names[m[1]] = full // a subclass builds the same kind of app
				}
				inBody = l.indent
				continue
			}
			if m := defRe.FindStringSubmatch(l.text); m != nil {
				if full, ok := factoryOf(lines[i+1:], l.indent, names); ok {
					factories[module+":"+m[1]] = spec.interfaceOf(full)
					args := defArgsRe.FindStringSubmatch(l.text)
					if args != nil && requiredParams(args[1]) > 1 {
						// No server can build it: aiohttp's runner passes
						// argv alone, the others call it bare. The
						// program calls it with what it needs.
						inBody = l.indent
						continue
					}
					cands = append(cands, appCandidate{file: file, rank: 3,
						target: AppTarget{Module: module, Attr: m[1], Factory: true, TakesArgs: args != nil && strings.TrimSpace(args[1]) != "",
							Interface: spec.interfaceOf(full), Source: Source{File: file, Line: l.line}}})
				} else if callees := returnedCalls(lines[i+1:], l.indent, module, strings.HasSuffix(file, "__init__.py"), imports); len(callees) > 0 {
					relays = append(relays, factoryRelay{file: file, module: module, fn: m[1], def: l.text, line: l.line, callees: callees})
				}
				inBody = l.indent
				continue
			}
			if m := assignCallRe.FindStringSubmatch(l.text); m != nil {
				if full, ok := names[m[2]]; ok {
					cands = append(cands, appCandidate{file: file, rank: objectRank(m[1]),
						target: AppTarget{Module: module, Attr: m[1], Interface: spec.interfaceOf(full), Source: Source{File: file, Line: l.line}}})
				} else {
					fnMod, fn := resolveCallee(module, strings.HasSuffix(file, "__init__.py"), imports, m[2])
					calls = append(calls, factoryCall{file, module, m[1], fnMod, fn, l.line})
				}
			}
		}
		if t := guardElseTarget(fsys, roots, spec, file, module, lines); t != nil {
			guarded = append(guarded, appCandidate{file: file, rank: objectRank(t.Attr), target: *t})
		}
	})
	if err != nil {
		return nil, "", err
	}
	cands = append(cands, relayFactories(relays, factories)...)
	// `app = create_app()` is the object itself: no --factory needed, and
	// these files import the factory rather than the framework.
	for _, c := range calls {
		if iface, ok := factories[c.fnModule+":"+c.fn]; ok {
			cands = append(cands, appCandidate{file: c.file, rank: objectRank(c.attr),
				target: AppTarget{Module: c.module, Attr: c.attr, Interface: iface, Source: Source{File: c.file, Line: c.line}}})
		}
	}
	if len(cands) == 0 {
		// Only an object the module builds for a server to import: no
		// factory reading proved it, the guard's else says what it is for.
		cands = guarded
	}
	if len(cands) == 0 {
		return nil, "", nil
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.file != b.file {
			return lessAppFile(a.file, b.file)
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.target.Source.Line < b.target.Source.Line
	})
	best := cands[0].target
	dir := path.Dir(best.Source.File)
	if dir == "." {
		dir = ""
	}
	return &best, dir, nil
}

func objectRank(name string) int {
	switch name {
	case "app":
		return 0
	case "application":
		return 1
	}
	return 2
}

// cliModules are package and module names that hold a project's command
// line: an app built there is for management commands (FitTrackee's
// cli/app.py builds create_app(init_email=False), without mail), not the
// one a server runs.
var cliModules = map[string]bool{"cli": true, "commands": true, "management": true, "cmd": true}

// inCLIModule reports whether a file is, or sits inside, a CLI module.
func inCLIModule(file string) bool {
	for _, part := range strings.Split(strings.TrimSuffix(file, ".py"), "/") {
		if cliModules[part] {
			return true
		}
	}
	return false
}

// helperFolders hold a repository's developer tools and examples
// (bin/utils/proxy.py, scripts/, examples/): an app built there is a
// tool's or a demo's, not the one production serves.
var helperFolders = map[string]bool{"bin": true, "tools": true, "scripts": true, "examples": true, "example": true, "contrib": true}

// inHelperFolder reports whether a file sits in a helper folder (an
// example plugin's folder, example_*, counts).
func inHelperFolder(file string) bool {
	parts := strings.Split(file, "/")
	for _, part := range parts[:len(parts)-1] {
		if helperFolders[part] || strings.HasPrefix(part, "example_") || strings.HasPrefix(part, "examples_") {
			return true
		}
	}
	return false
}

// lessAppFile orders files holding an app: outside a CLI module first,
// conventional names next, then the shallowest and shortest path, then
// alphabetically.
func lessAppFile(a, b string) bool {
	if ca, cb := inCLIModule(a), inCLIModule(b); ca != cb {
		return cb
	}
	if ha, hb := inHelperFolder(a), inHelperFolder(b); ha != hb {
		return hb
	}
	pa, pb := preferredAppFiles[path.Base(a)], preferredAppFiles[path.Base(b)]
	if pa != pb {
		return pa
	}
	if da, db := strings.Count(a, "/"), strings.Count(b, "/"); da != db {
		return da < db
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// factoryOf reports whether the function whose body starts at body (the
// logical lines after its def at indent defIndent) creates the framework
// object and returns it, and which class it builds.
func factoryOf(body []pyLine, defIndent int, names map[string]string) (string, bool) {
	if len(names) == 0 {
		return "", false
	}
	made := map[string]string{}
	for _, l := range body {
		if l.indent <= defIndent {
			break
		}
		if m := assignCallRe.FindStringSubmatch(l.text); m != nil {
			if full, ok := names[m[2]]; ok {
				made[m[1]] = full
			}
			continue
		}
		if m := returnRe.FindStringSubmatch(l.text); m != nil {
			ret := strings.TrimSpace(m[1])
			if full, ok := made[ret]; ok {
				return full, true
			}
			if c := callRe.FindStringSubmatch(ret); c != nil {
				if full, ok := names[c[1]]; ok {
					return full, true
				}
			}
		}
	}
	return "", false
}

// resolveCallee says which module defines the function a call names:
// a local def, `from pkg import create_app`, `from . import create_app`, or
// `pkg.create_app(...)`.
func resolveCallee(module string, isPkg bool, imports []pyImport, callee string) (string, string) {
	if i := strings.LastIndex(callee, "."); i >= 0 {
		return callee[:i], callee[i+1:]
	}
	for _, im := range imports {
		if im.from == "" || im.name == "*" {
			continue
		}
		as := im.name
		if im.alias != "" {
			as = im.alias
		}
		if as == callee {
			return absImport(module, isPkg, im.from), im.name
		}
	}
	return module, callee
}

// absImport resolves a relative import (`.`, `.app`, `..core`) against the
// importing module; isPkg is true when that module is a package __init__.
func absImport(module string, isPkg bool, from string) string {
	rest := strings.TrimLeft(from, ".")
	dots := len(from) - len(rest)
	if dots == 0 {
		return from
	}
	pkg := module
	if !isPkg {
		pkg = parentModule(pkg)
	}
	for i := 1; i < dots; i++ {
		pkg = parentModule(pkg)
	}
	switch {
	case rest == "":
		return pkg
	case pkg == "":
		return rest
	}
	return pkg + "." + rest
}

func parentModule(m string) string {
	if i := strings.LastIndex(m, "."); i >= 0 {
		return m[:i]
	}
	return ""
}
