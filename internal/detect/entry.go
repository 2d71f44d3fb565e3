package detect

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Kind says whether the image serves a port (web) or runs a process whose
// health is its own life (worker: bots, consumers, daemons).
type Kind string

const (
	KindWeb    Kind = "web"
	KindWorker Kind = "worker"
)

// mainPackage finds the package a project runs with `python -m pkg`: a
// top-level package under an import root with an __init__.py and a
// __main__.py. The one named like the project wins; otherwise it must be
// the only one.
func mainPackage(fsys fs.FS, roots []string, name string) (string, Source) {
	want := strings.ReplaceAll(NormalizeName(name), "-", "_")
	var found []string
	seen := map[string]bool{}
	for _, r := range roots {
		entries, err := fs.ReadDir(fsys, path.Clean("./"+r))
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() || !isIdentifier(n) || pySkipDirs[n] || seen[n] || (r == "" && n == "src") {
				continue
			}
			dir := path.Join(r, n)
			if isRegularFile(fsys, dir+"/__main__.py") && isRegularFile(fsys, dir+"/__init__.py") {
				seen[n] = true
				found = append(found, dir)
			}
		}
	}
	for _, d := range found {
		if path.Base(d) == want {
			return path.Base(d), Source{File: d + "/__main__.py"}
		}
	}
	if len(found) == 1 {
		return path.Base(found[0]), Source{File: found[0] + "/__main__.py"}
	}
	return "", Source{}
}

// launcherRe matches a server started from the project's own code with the
// app named as a string: uvicorn.run("service:app", ...),
// granian's Granian("pkg.main:app", ...), hypercorn's serve is not by name.
var launcherRe = regexp.MustCompile(`\b(?:uvicorn\.run|Granian)\s*\(\s*(?:app\s*=\s*)?[rRuU]?["']([A-Za-z_][\w.]*):([A-Za-z_]\w*)(\(\))?["']`)

// findLauncherTarget finds an app target the authors' own launcher names
// (uvicorn.run("service:app")), when that module exists under the roots and
// defines or imports the attribute. It is the authors' word for what runs.
func findLauncherTarget(fsys fs.FS, roots []string) *AppTarget {
	var best *AppTarget
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if best != nil || !bytes.Contains(data, []byte("(")) {
			return
		}
		if !bytes.Contains(data, []byte("uvicorn.run")) && !bytes.Contains(data, []byte("Granian")) {
			return
		}
		for _, l := range pyLines(data) {
			m := launcherRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			// The launcher's own directory is on sys.path when it runs;
			// the image imports from the roots, where a module of that
			// directory has its package's dotted name.
			dir := path.Dir(file)
			for _, root := range append([]string{dir}, roots...) {
				modFile := moduleFile(fsys, root, m[1])
				if modFile == "" || !definesName(fsys, modFile, m[2]) {
					continue
				}
				module := m[1]
				if root == dir && !slices.ContainsFunc(roots, func(r string) bool { return path.Clean("./"+r) == dir }) {
					pkg := packageUnder(fsys, roots, dir, modFile)
					if pkg == "" {
						continue
					}
					module = pkg + "." + module
				}
				best = &AppTarget{Module: module, Attr: m[2], Factory: m[3] != "", Source: Source{File: file, Line: l.line}}
				return
			}
		}
	})
	return best
}

// packageUnder is the dotted name under one of the roots of dir, a folder
// a launcher runs from, or "" when the module there (modFile) cannot be
// imported under it: a folder that is no identifier, or a module importing
// a sibling of its folder by its bare name, which only the folder itself
// on sys.path finds.
func packageUnder(fsys fs.FS, roots []string, dir, modFile string) string {
	for _, r := range roots {
		r = path.Clean("./" + r)
		rel := dir
		if r != "." {
			var ok bool
			if rel, ok = strings.CutPrefix(dir, r+"/"); !ok {
				continue
			}
		}
		parts := strings.Split(rel, "/")
		if !slices.ContainsFunc(parts, func(p string) bool { return !isIdentifier(p) }) && !importsSibling(fsys, roots, dir, modFile) {
			return strings.Join(parts, ".")
		}
	}
	return ""
}

// importsSibling reports whether a module imports, by its bare name, a
// module of its own folder that no root holds.
func importsSibling(fsys fs.FS, roots []string, dir, modFile string) bool {
	data, err := readPySource(fsys, modFile)
	if err != nil {
		return false
	}
	for _, im := range pyImports(pyLines(data)) {
		name := im.module
		if im.from != "" {
			name = im.from
		}
		top, _, _ := strings.Cut(name, ".")
		if top == "" || moduleFile(fsys, dir, top) == "" {
			continue
		}
		if !slices.ContainsFunc(roots, func(r string) bool { return moduleFile(fsys, r, top) != "" }) {
			return true
		}
	}
	return false
}

// moduleFileIn is moduleFile under the first of roots that has the module.
func moduleFileIn(fsys fs.FS, roots []string, module string) string {
	for _, r := range roots {
		if f := moduleFile(fsys, r, module); f != "" {
			return f
		}
	}
	return ""
}

// moduleFile returns the file of a dotted module under root, or "".
func moduleFile(fsys fs.FS, root, module string) string {
	rel := path.Join(path.Clean("./"+root), strings.ReplaceAll(module, ".", "/"))
	for _, f := range []string{rel + ".py", rel + "/__init__.py"} {
		if isRegularFile(fsys, f) {
			return f
		}
	}
	return ""
}

// definesName reports whether a module binds name at module level: an
// assignment, a def or class, or an import.
func definesName(fsys fs.FS, file, name string) bool {
	data, err := readPySource(fsys, file)
	if err != nil {
		return false
	}
	lines := pyLines(data)
	for _, im := range pyImports(lines) {
		as := im.alias
		if as == "" {
			as = im.name
		}
		if as == name {
			return true
		}
	}
	bind := regexp.MustCompile(`^(?:(?:async\s+)?def\s+|class\s+)?` + regexp.QuoteMeta(name) + `\b\s*(?:[:=(]|$)`)
	for _, l := range lines {
		if bind.MatchString(l.text) {
			return true
		}
	}
	return false
}

// serveSignals are calls that show a program serves HTTP (or another port)
// by itself: what makes a console script, a __main__ package or a script a
// web service rather than a worker.
var serveSignals = []struct {
	re   quickRe
	what string
	// imports: the call counts only in a file importing this module (a
	// bare serve( or Server( says nothing alone).
	imports string
}{
	{quick(`\b(?:wsgi\.)?Server\s*\(`), "cheroot's WSGI server", "cheroot"},
	{quick(`\bserve\s*\(`), "waitress", "waitress"},
	// waitress's server object built by the program and run by it
	// (https://docs.pylonsproject.org/projects/waitress/en/stable/runner.html).
	{quick(`\bcreate_server\s*\(`), "waitress", "waitress"},
	{quick(`\bweb\.run_app\s*\(|\bweb\.(?:TCPSite|AppRunner)\s*\(|\b(?:TCPSite|AppRunner)\s*\(`), "an aiohttp server", ""},
	{quick(`\buvicorn\.(?:run|Server)\s*\(`), "uvicorn", ""},
	{quick(`\bhypercorn\.asyncio\.serve\s*\(|\bserve\s*\(\s*app\b`), "hypercorn", ""},
	{quick(`\bwaitress\.serve\s*\(`), "waitress", ""},
	{quick(`\bbottle\.run\s*\(|\bsocketio\.run\s*\(`), "the framework's runner", ""},
	{quick(`\bmake_server\s*\(|\bserve_forever\s*\(|\b(?:Threading)?HTTPServer\s*\(`), "an HTTP server", ""},
	{quick(`\bcheroot\.wsgi\.Server\s*\(|\bWSGIServer\s*\(`), "a WSGI server", ""},
	// A standard-library server the program drives one request at a time
	// (Radicale's select loop); handle_request() takes no arguments there.
	{quick(`\.handle_request\s*\(\s*\)`), "a socketserver server", "socketserver"},
	{quick(`\.handle_request\s*\(\s*\)`), "a wsgiref server", "wsgiref"},
	{quick(`\.handle_request\s*\(\s*\)`), "an http.server server", "http.server"},
	{quick(`\.listen\s*\(\s*(?:port\s*=\s*)?\d{2,5}\b`), "a listening socket", ""},
	{quick(`\.listen\s*\(|\bHTTPServer\s*\(`), "a Tornado server", "tornado"},
	// https://docs.cherrypy.dev/en/latest/basics.html (engine.start, quickstart)
	{quick(`\bcherrypy\.(?:engine\.start|quickstart|server\.start)\s*\(`), "CherryPy's server (cherrypy.engine)", ""},
	// https://quart.palletsprojects.com/en/latest/reference/source/quart.app.html#quart.app.Quart.run_task
	// (hypercorn serving the app inside the program's own event loop)
	{quick(`\.run_task\s*\(`), "Quart's server (run_task)", "quart"},
}

// importRes match an import of a module (or a submodule or a name from
// it), compiled once per module the signals name.
var importRes = func() map[string]*regexp.Regexp {
	res := map[string]*regexp.Regexp{}
	for _, s := range serveSignals {
		if q := regexp.QuoteMeta(s.imports); q != "" {
			res[s.imports] = regexp.MustCompile(`(?m)^\s*(?:from\s+` + q + `(?:\.[\w.]+)?\s+import\b|import\s+` + q + `\b)`)
		}
	}
	return res
}()

// importsModule reports whether Python source imports a module the serve
// signals name.
func importsModule(data []byte, mod string) bool {
	re := importRes[mod]
	return re != nil && re.Match(data)
}

// The port a program listens on, by how directly the source says it: a
// literal in a bind call (web.TCPSite(runner, port=80), app.run(port=5050),
// serve(app, port=8080)) is the bind itself; PORT's default in an
// environment read or a port option's default comes next; a named constant
// is the weakest (a constant
// module names the ports of other services too).
var (
	portArgRe = regexp.MustCompile(`\bport\s*=\s*(\d{2,5})\b`)
	// bindCallRe is a call that binds a listening socket.
	bindCallRe = quick(`\b(?:\w*Server|run|run_app|serve|TCPSite|listen|make_server|start_server|bind)\s*\(`)
	// A (host, port) tuple with a literal port: ("0.0.0.0", 8088), or
	// host and port as the first arguments: make_server("", 8051, app).
	bindTupleRe = regexp.MustCompile(`\(\s*["'][^"']*["']\s*,\s*(\d{2,5})\s*[,)]`)
	// PORT = 8080, DEFAULT_PORT = 5555, also in a class of defaults.
	portConstRe = quick(`^((?:DEFAULT_)?[A-Z_]*PORT)\s*(?::[^=]*)?=\s*(\d{2,5})\s*$`)
	// app.WEB_PORT = 8081: a settings module's port set to a literal by the
	// program (Medusa's __main__), when its own name is no other service's.
	portAttrRe = quick(`^[a-z_]\w*\.([A-Z][A-Z0-9_]*PORT)\s*=\s*(\d{2,5})\s*$`)
	// A settings schema's row for the program's own port, its default
	// last: 'HTTP_PORT': (int, 'General', 8181) (Tautulli's config.py).
	portSchemaRe = regexp.MustCompile(`^["'](?:HTTP_|WEB_|WEBUI_|WEBSERVER_|SERVER_|LISTEN_)?PORT["']\s*:\s*[(\[][^()\[\]]*?\b(\d{2,5})\s*[)\]]\s*,?$`)
	// os.environ.get("PORT", 5000), os.getenv("APP_PORT", "8080"): the
	// port the program listens on when PORT is not set.
	portEnvRe = quick(`\b(?:environ\.get|getenv)\s*\(\s*["'](?:[A-Z]+_)?PORT["']\s*,\s*["']?(\d{2,5})\b`)
	// A command-line option's default: tornado's define("port", default=5555),
	// argparse's add_argument("--port", default=8080), click's option.
	// os.getenv("RELAY_PORT", …), os.environ["APP_PORT"]: the variable a
	// port is read from, whatever its default.
	portEnvNameRe = quick(`\b(?:environ\.get|getenv)\s*\(\s*["']([A-Z][A-Z0-9_]*_PORT)["']|\benviron\s*\[\s*["']([A-Z][A-Z0-9_]*_PORT)["']\s*\]`)
	// Ports of other services a program reads beside its own.
	otherServicePort = regexp.MustCompile(`DB|DATABASE|POSTGRES|PG|MYSQL|MARIADB|REDIS|MONGO|AMQP|RABBIT|BROKER|MQTT|SMTP|MAIL|IMAP|LDAP|PROXY|ELASTIC|KAFKA|MEMCACHE|SENTRY|STATSD|OTEL|METRICS|PROMETHEUS`)
	// A host option whose default is the loopback: click's
	// option("-h", "--host", default="127.0.0.1"), argparse's
	// add_argument("--host", default="localhost").
	loopbackHostOptionRe = quick(`\b(?:add_argument|option)\s*\((?:\s*["']-[\w-]*["']\s*,)*\s*["'](--host)["'][^)]*?\bdefault\s*=\s*["'](?:127\.0\.0\.1|localhost|::1)["']`)
	// An argparse or click option spelled --port (tornado's define has no
	// command line unless the program parses one).
	portFlagRe   = regexp.MustCompile(`\b(?:add_argument|option)\s*\((?:\s*["']-[\w-]*["']\s*,)*\s*["']--port["']`)
	portOptionRe = quick(`\b(?:define|add_argument|option)\s*\((?:\s*["']-[\w-]*["']\s*,)*\s*["'](?:--)?port["'][^)]*?\bdefault\s*=\s*["']?(\d{2,5})\b`)
)

const (
	portFromConst = iota + 1
	portFromDefault
	portFromBind
)

// findServing scans the source for a program that serves by itself, and
// the port it most directly names.
func findServing(fsys fs.FS, roots []string) *Serving {
	return servingIn(fsys, roots, nil)
}

// servingIn is findServing over the files in keep (all when nil).
func servingIn(fsys fs.FS, roots []string, keep map[string]bool) *Serving {
	var ev *Serving
	var port, rank int
	var from Source
	take := func(m []string, r int, src Source) {
		if m == nil || r <= rank {
			return
		}
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n < 65536 {
			port, rank, from = n, r, src
		}
	}
	var portFlagAt Source           // the argparse/click --port option the port came from
	portEnvs := map[string]Source{} // file -> the first own-port variable it reads
	portEnvNames := map[string]string{}
	hostFlags := map[string]Source{} // file -> its loopback-defaulted --host option
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if keep != nil && !keep[file] {
			return
		}
		lines := pyLines(data)
		loopback := bindsLoopbackOnly(lines)
		if !loopback && (bytes.Contains(data, []byte("PORT")) || bytes.Contains(data, []byte("port"))) {
			// A schema's rows sit in one logical line: read them one by one.
			rows := strings.Split(string(data), "\n")
			for i := range rows {
				rows[i] = strings.TrimSpace(rows[i])
				take(portSchemaRe.FindStringSubmatch(rows[i]), portFromConst, Source{File: file, Line: i + 1})
				take(bindDictPort(rows[max(0, i-3):i], rows[i]), portFromDefault, Source{File: file, Line: i + 1})
			}
		}
		for li, l := range lines {
			if loopback {
				break // neither its server nor its port is the service's
			}
			src := Source{File: file, Line: l.line}
			if m := portEnvNameRe.FindStringSubmatch(l.text); m != nil {
				if name := m[1] + m[2]; portEnvNames[file] == "" && !otherServicePort.MatchString(name) {
					portEnvNames[file], portEnvs[file] = name, src
				}
			}
			if bindCallRe.MatchString(l.text) {
				take(portArgRe.FindStringSubmatch(l.text), portFromBind, src)
				take(bindTupleRe.FindStringSubmatch(l.text), portFromBind, src)
				if key, n, at, env := bindKeyPort(data, l.text, file); n > 0 {
					take([]string{key, strconv.Itoa(n)}, portFromDefault, at)
					if env && portEnvNames[file] == "" {
						portEnvNames[file], portEnvs[file] = key, src
					}
				}
			}
			if _, ok := hostFlags[file]; !ok && loopbackHostOptionRe.MatchString(l.text) {
				hostFlags[file] = src
			}
			take(portEnvRe.FindStringSubmatch(l.text), portFromDefault, src)
			if m := portOptionRe.FindStringSubmatch(l.text); m != nil {
				take(m, portFromDefault, src)
				if from == src && portFlagRe.MatchString(l.text) {
					portFlagAt = src
				}
			}
			if m := portConstRe.FindStringSubmatch(l.text); m != nil && !otherServicePort.MatchString(m[1]) {
				// A broker's or database's port the program connects to is
				// not the one it listens on.
				take([]string{m[0], m[2]}, portFromConst, src)
			}
			take(bindDefaultPort(lines[max(0, li-3):li], l.text), portFromDefault, src)
			if m := portAttrRe.FindStringSubmatch(l.text); m != nil && !otherServicePort.MatchString(m[1]) {
				take([]string{m[0], m[2]}, portFromConst, src)
			}
			if ev != nil {
				continue
			}
			for _, s := range serveSignals {
				if s.re.MatchString(l.text) && (s.imports == "" || importsModule(data, s.imports)) {
					ev = &Serving{What: s.what, Source: src}
					break
				}
			}
		}
	})
	if ev == nil {
		return nil
	}
	ev.OnlyIf, ev.OnlyIfText = servesOnlyInBranch(fsys, roots, ev.Source)
	// Host and port read from the program's own configuration: its
	// defaults file says where it listens when nobody changes them.
	cfg := configDefaults(fsys, roots, ev.Source.File)
	if c, ok := cfg["port"]; ok && rank < portFromDefault {
		if n, err := strconv.Atoi(c.value); err == nil && n > 0 && n < 65536 {
			port, from = n, c.src
		}
	}
	if c, ok := cfg["host"]; ok {
		ev.Host, ev.HostFrom, ev.HostKey = c.value, c.src, c.key
	}
	if rank < portFromDefault {
		if n, src := portFallback(fsys, ev.Source.File); n != 0 {
			port, from = n, src
		}
	}
	if port != 0 {
		ev.Port, ev.PortFrom, ev.PortBound = port, from, rank == portFromBind
		if from == portFlagAt && from.File == ev.Source.File {
			// The option of the file that serves: the port it binds.
			ev.PortFlag = "--port"
		}
	}
	if at, ok := hostFlags[ev.Source.File]; ok {
		// The option of the file that serves: the host it binds.
		ev.HostFlag, ev.HostFlagFrom = "--host", at
	} else if h := schemaHostOption(fsys, roots, ev.Source.File); h != nil {
		ev.HostFlag, ev.HostFlagFrom, ev.HostFlagPort = h.flag, h.src, h.port != 0
		if ev.Port == 0 && h.port != 0 {
			ev.Port, ev.PortFrom = h.port, h.src
		}
	}
	if name := portEnvNames[ev.Source.File]; name != "" {
		// Read in the file that serves: the port it binds.
		ev.PortEnv, ev.PortEnvFrom = name, portEnvs[ev.Source.File]
	}
	return ev
}

// wrapsDjango reports whether the file holding an app object also builds
// Django's own app (an ASGI app that mounts Django's ORM and admin): then
// that app, not Django's, is the service.
func wrapsDjango(fsys fs.FS, file string) bool {
	data, err := readPySource(fsys, file)
	if err != nil {
		return false
	}
	return bytes.Contains(data, []byte("get_asgi_application")) || bytes.Contains(data, []byte("get_wsgi_application"))
}

// findManagePy finds Django's manage.py: at the root, in src/, or one
// directory down (beside its settings package), or one down under src/.
// The root wins; deeper ones must be the only one at their depth.
func findManagePy(fsys fs.FS) (string, []string) {
	for _, c := range []string{"manage.py", "src/manage.py"} {
		if isRegularFile(fsys, c) {
			return c, nil
		}
	}
	return managePyBelow(fsys)
}

// managePyBelow finds a manage.py one directory down, or one down under
// src/: the only one at its depth, else the ambiguous list.
func managePyBelow(fsys fs.FS) (string, []string) {
	for _, base := range []string{".", "src"} {
		entries, err := fs.ReadDir(fsys, base)
		if err != nil {
			continue
		}
		var found []string
		for _, e := range entries {
			if !e.IsDir() || pySkipDirs[e.Name()] || strings.HasPrefix(e.Name(), ".") || (base == "." && e.Name() == "src") {
				continue
			}
			if p := path.Join(base, e.Name(), "manage.py"); isRegularFile(fsys, p) {
				found = append(found, p)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		default:
			return "", found // ambiguous: the caller says so
		}
	}
	return "", nil
}

// Launcher is the authors' own program that starts their server: a console
// script's serving subcommand, a __main__ package or a root script whose
// code serves. It runs when the image has no production server for the app.
type Launcher struct {
	Argv   []string `json:"argv"`
	Source Source   `json:"source"`
	Why    string   `json:"why"`
	// Dir is the folder, relative to the project, that Argv runs from
	// when it is not the root: a script run from its own folder.
	Dir string `json:"dir,omitempty"`
	// Required: the project refuses to be served any other way (its
	// manage.py exits on direct use), so the launcher runs even when a
	// production server is installed.
	Required bool `json:"required,omitempty"`
	// Unsure is a doubt about the choice among several candidates: a
	// warning only where the image runs the launcher, since it names it.
	Unsure string `json:"unsure,omitempty"`
	// Runner: the script starts a UI framework's own server (uiRunners).
	Runner     string `json:"runner,omitempty"`
	RunnerFrom Source `json:"runner_source,omitzero"`
}

// serveSubcommands are the names CLIs give the subcommand that serves, in
// the order pydock prefers them.
var serveSubcommands = []string{"server", "serve", "runserver", "webserver", "web", "ui", "start"}

// findLauncher finds the authors' launcher that serves: a console script
// (or its subcommand) whose code starts a server, a __main__ package or a
// root script of a project whose code serves.
func findLauncher(fsys fs.FS, f *Facts, roots []string) *Launcher {
	if f.Packaged {
		if l := serveScript(fsys, f, roots); l != nil {
			return l
		}
	}
	if f.Serves == nil {
		return nil
	}
	if mod, src := mainPackage(fsys, roots, f.Name); mod != "" {
		return &Launcher{Argv: []string{"python", "-m", mod}, Source: src, Why: "the package's __main__ runs code that serves (" + f.Serves.Source.String() + ")"}
	}
	if entry, src, _ := findEntryFile(fsys, f.Name); entry != "" {
		return &Launcher{Argv: []string{"python", entry}, Source: src, Why: entry + " runs code that serves (" + f.Serves.Source.String() + ")"}
	}
	return nil
}

// checkTarget checks a user's module:attribute target against the source:
// the module under the project's import roots (or an installed
// distribution's), and the attribute bound in it. It returns a warning,
// "" when the target holds or is a command line.
func checkTarget(fsys fs.FS, f *Facts, app string) string {
	mod, attr, ok := strings.Cut(app, ":")
	if !ok || strings.ContainsAny(app, " \t") || mod == "" {
		return ""
	}
	attr = strings.TrimSuffix(attr, "()")
	top, _, _ := strings.Cut(mod, ".")
	if f.IsInstalled(top) || f.IsInstalled(strings.ReplaceAll(top, "_", "-")) {
		return "" // a module of an installed distribution: not in the source
	}
	roots := append([]string{""}, f.ImportRoots...)
	if f.layout != nil {
		roots = append(roots, f.layout.sourceRoots(fsys)...)
	} else if isDir(fsys, "src") {
		roots = append(roots, "src")
	}
	if f.Django != nil && f.Django.Dir != "" {
		roots = append(roots, f.Django.Dir)
	}
	for _, r := range roots {
		if file := moduleFile(fsys, r, mod); file != "" {
			if definesName(fsys, file, attr) {
				f.needRoot(fsys, []string{r}, mod)
				return ""
			}
			return fmt.Sprintf("--app %s: %s has no %s bound at module level (%s); the server would fail at start", app, mod, attr, file)
		}
	}
	return fmt.Sprintf("--app %s: there is no module %s in the project (looked under %s); the server would fail at start", app, mod, strings.Join(rootNames(roots), ", "))
}

func isDir(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && st.IsDir()
}

func rootNames(roots []string) []string {
	var out []string
	for _, r := range roots {
		if r == "" {
			r = "."
		}
		if !contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
