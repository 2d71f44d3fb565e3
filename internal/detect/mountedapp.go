package detect

// An app object the project's own program mounts into a server it runs
// in-process (a daemon grafting its API into cherrypy beside other apps)
// is a part of that program, not the service on its own: served alone, it
// runs without the program that sets it up.

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// composeCalls are the calls that graft a WSGI/ASGI app into a server the
// calling program runs itself, with their source.
var composeCalls = []struct {
	re     *regexp.Regexp
	source string
}{
	{regexp.MustCompile(`\bcherrypy\s*\.\s*tree\s*\.\s*(?:graft|mount)\s*\(`), "https://docs.cherrypy.dev/en/latest/advanced.html#host-a-foreign-wsgi-application-in-cherrypy (cherrypy.tree.graft)"},
	{regexp.MustCompile(`\bWSGIContainer\s*\(`), "https://www.tornadoweb.org/en/stable/wsgi.html (tornado.wsgi.WSGIContainer)"},
	{regexp.MustCompile(`\bWSGIResource\s*\(`), "https://docs.twisted.org/en/stable/api/twisted.web.wsgi.WSGIResource.html"},
}

// MountedApp says where the project's code hands its app object to its own
// in-process server.
type MountedApp struct {
	Call   Source `json:"call"`   // the line passing the app object
	Mount  Source `json:"mount"`  // the compose call that grafts it
	Func   string `json:"func"`   // the project's function called, "" when the graft is direct
	Source string `json:"source"` // the compose call's documentation
}

// composeCallIn is the first compose call in data and its line.
func composeCallIn(data []byte) (int, string) {
	for _, c := range composeCalls {
		if loc := c.re.FindIndex(data); loc != nil {
			return 1 + strings.Count(string(data[:loc[0]]), "\n"), c.source
		}
	}
	return 0, ""
}

// findMountedApp finds a line of the project's code (tests and examples left
// out) that passes app's object, imported by its name, to a compose call
// directly, or to a function of the project whose module makes one; nil when
// none does.
func findMountedApp(fsys fs.FS, roots []string, app *AppTarget) *MountedApp {
	if app == nil || app.Factory {
		return nil
	}
	name := app.Attr
	argRe := regexp.MustCompile(`(?:^|[(,]\s*)` + regexp.QuoteMeta(name) + `\s*(?:[,)])`)
	var found *MountedApp
	_ = walkPython(fsys, roots, func(file, mod string, data []byte) {
		if found != nil || notAppCode(file) || !strings.Contains(string(data), name) {
			return
		}
		isPkg := strings.HasSuffix(file, "__init__.py")
		lines := pyLines(data)
		imports := pyImports(lines)
		// The object as this file knows it: its own module's, or imported by
		// that name from its module or a package above it.
		knows := mod == app.Module
		for _, im := range imports {
			from := absImport(mod, isPkg, im.from)
			if im.from != "" && im.name == name && im.alias == "" && (from == app.Module || strings.HasPrefix(app.Module, from+".")) {
				knows = true
			}
		}
		if !knows {
			return
		}
		for _, l := range lines {
			if !argRe.MatchString(l.text) {
				continue
			}
			for _, c := range composeCalls {
				if c.re.MatchString(l.text) {
					at := Source{File: file, Line: l.line}
					found = &MountedApp{Call: at, Mount: at, Source: c.source}
					return
				}
			}
			// fn(…, app, …): fn imported from a module of the project that
			// grafts apps into its server.
			m := firstCallRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			for _, im := range imports {
				if im.from == "" || im.name != m[1] || im.alias != "" {
					continue
				}
				target := absImport(mod, isPkg, im.from)
				for _, r := range roots {
					for _, f := range []string{path.Join(r, strings.ReplaceAll(target, ".", "/")+".py"), path.Join(r, strings.ReplaceAll(target, ".", "/"), "__init__.py")} {
						src, err := readPySource(fsys, f)
						if err != nil {
							continue
						}
						if line, source := composeCallIn(src); line > 0 {
							found = &MountedApp{Call: Source{File: file, Line: l.line}, Mount: Source{File: f, Line: line}, Func: m[1], Source: source}
							return
						}
					}
				}
			}
		}
	})
	return found
}

// firstCallRe is the function a line calls first: register_app('/api', …).
var firstCallRe = regexp.MustCompile(`^(?:[A-Za-z_]\w*\s*=\s*)?([A-Za-z_]\w*)\s*\(`)
