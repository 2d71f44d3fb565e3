package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Interface is how a server talks to an app object.
type Interface string

const (
	InterfaceWSGI    Interface = "wsgi"
	InterfaceASGI    Interface = "asgi"
	InterfaceAiohttp Interface = "aiohttp" // aiohttp's own runner or gunicorn's aiohttp worker
)

// appClass is a class (or function) whose call at module level builds an
// app object a server can run.
type appClass struct {
	Path      string    // full dotted path: fastapi.FastAPI
	Interface Interface // what the object it builds speaks
}

// frameworkSpec is one row of what pydock knows about a web framework: the
// distribution that provides it and how its app object is built. Adding a
// framework is a row here (and, for the snippet, a template), never a branch.
type frameworkSpec struct {
	Name     Framework
	Packages []string // distributions (PEP 503 names) that install it
	Classes  []appClass
	// Snippet is true when templates/health has a health endpoint for it.
	Snippet bool
	Source  string // where the class names come from
}

// frameworks is in preference order: when one project builds apps of two
// frameworks, the earlier row wins (FastAPI is built on Starlette).
var frameworks = []frameworkSpec{
	{Name: FrameworkDjango, Packages: []string{"django"}, Snippet: true,
		Source: "https://docs.djangoproject.com/en/stable/howto/deployment/"},
	{Name: FrameworkFastAPI, Packages: []string{"fastapi", "fastapi-slim"}, Snippet: true,
		Classes: []appClass{{"fastapi.FastAPI", InterfaceASGI}, {"fastapi.applications.FastAPI", InterfaceASGI}},
		Source:  "https://fastapi.tiangolo.com/reference/fastapi/"},
	{Name: FrameworkLitestar, Packages: []string{"litestar"}, Snippet: true,
		Classes: []appClass{{"litestar.Litestar", InterfaceASGI}, {"litestar.app.Litestar", InterfaceASGI}},
		Source:  "https://docs.litestar.dev/latest/reference/app.html"},
	{Name: FrameworkFastHTML, Packages: []string{"python-fasthtml"},
		Classes: []appClass{{"fasthtml.FastHTML", InterfaceASGI}, {"fasthtml.common.FastHTML", InterfaceASGI}, {"fasthtml.core.FastHTML", InterfaceASGI}},
		Source:  "https://docs.fastht.ml/api/core.html"},
	{Name: FrameworkQuart, Packages: []string{"quart"},
		Classes: []appClass{{"quart.Quart", InterfaceASGI}, {"quart.app.Quart", InterfaceASGI}},
		Source:  "https://quart.palletsprojects.com/en/latest/reference/source/quart.app.html"},
	{Name: FrameworkSanic, Packages: []string{"sanic"},
		Classes: []appClass{{"sanic.Sanic", InterfaceASGI}, {"sanic.app.Sanic", InterfaceASGI}},
		Source:  "https://sanic.dev/en/guide/deployment/running.html#asgi"},
	{Name: FrameworkFalcon, Packages: []string{"falcon"},
		Classes: []appClass{{"falcon.App", InterfaceWSGI}, {"falcon.API", InterfaceWSGI}, {"falcon.app.App", InterfaceWSGI}, {"falcon.asgi.App", InterfaceASGI}},
		Source:  "https://falcon.readthedocs.io/en/stable/api/app.html"},
	{Name: FrameworkStarlette, Packages: []string{"starlette"}, Snippet: true,
		Classes: []appClass{{"starlette.applications.Starlette", InterfaceASGI}},
		Source:  "https://www.starlette.io/applications/"},
	{Name: FrameworkFlask, Packages: []string{"flask"}, Snippet: true,
		Classes: []appClass{{"flask.Flask", InterfaceWSGI}, {"flask.app.Flask", InterfaceWSGI}},
		Source:  "https://flask.palletsprojects.com/en/stable/api/#application-object"},
	{Name: FrameworkBottle, Packages: []string{"bottle"},
		Classes: []appClass{{"bottle.Bottle", InterfaceWSGI}, {"bottle.default_app", InterfaceWSGI}},
		Source:  "https://bottlepy.org/docs/dev/api.html#the-bottle-class"},
	// aiohttp is also a client library: it counts only when the source
	// builds a web.Application (a client session says nothing).
	{Name: FrameworkAiohttp, Packages: []string{"aiohttp"}, Snippet: true,
		Classes: []appClass{{"aiohttp.web.Application", InterfaceAiohttp}, {"aiohttp.web_app.Application", InterfaceAiohttp}},
		Source:  "https://docs.aiohttp.org/en/stable/web_reference.html#application"},
}

// frameworkOf returns the table row of a framework, or nil.
func frameworkOf(fw Framework) *frameworkSpec {
	for i := range frameworks {
		if frameworks[i].Name == fw {
			return &frameworks[i]
		}
	}
	return nil
}

// FrameworkHasSnippet reports whether pydock has a health snippet for fw.
func FrameworkHasSnippet(fw Framework) bool {
	s := frameworkOf(fw)
	return s != nil && s.Snippet
}

// classPaths lists the dotted class paths of a framework.
func (s *frameworkSpec) classPaths() []string {
	out := make([]string, len(s.Classes))
	for i, c := range s.Classes {
		out[i] = c.Path
	}
	return out
}

// interfaceOf says what an object built by the class path speaks.
func (s *frameworkSpec) interfaceOf(path string) Interface {
	for _, c := range s.Classes {
		if c.Path == path {
			return c.Interface
		}
	}
	if len(s.Classes) > 0 {
		return s.Classes[0].Interface
	}
	return InterfaceWSGI
}

// uiRunner is a framework that runs its own server around a script
// (Streamlit, Gradio): no app object for a WSGI/ASGI server to import.
type uiRunner struct {
	Name    string
	Package string // distribution
	Import  string // the module a script imports
	// Needs is a call the script must make to serve ("" when importing the
	// module is enough: streamlit run executes the whole script).
	Needs  string
	Port   int
	Argv   []string // {file}, {port}
	Env    [][2]string
	Health string // the runner's own liveness route, "" when none
	Source string
	// Launch matches a line of a program's own code that starts the
	// runner (a console script spawning `streamlit run page.py`): that
	// program serves, on the runner's port.
	Launch *regexp.Regexp
	// LaunchEnv configures the runner such a program starts, which takes
	// no options from the image's command ({port}).
	LaunchEnv [][2]string
}

var uiRunners = []uiRunner{
	{Name: "streamlit", Package: "streamlit", Import: "streamlit", Port: 8501,
		Argv:   []string{"streamlit", "run", "{file}", "--server.port", "{port}", "--server.address", "0.0.0.0", "--server.headless", "true"},
		Health: "/_stcore/health",
		Source: "https://docs.streamlit.io/deploy/tutorials/docker",
		// os.system("streamlit run …"), subprocess.run(["streamlit", "run", …]),
		// or its Python entry (https://github.com/streamlit/streamlit/blob/develop/lib/streamlit/web/bootstrap.py)
		// https://docs.streamlit.io/develop/api-reference/configuration/config.toml
		// (every option is also STREAMLIT_<SECTION>_<OPTION> in the environment)
		LaunchEnv: [][2]string{{"STREAMLIT_SERVER_PORT", "{port}"}, {"STREAMLIT_SERVER_ADDRESS", "0.0.0.0"}, {"STREAMLIT_SERVER_HEADLESS", "true"}},
		Launch:    regexp.MustCompile(`["']streamlit\s+run\b|["']streamlit["']\s*,\s*["']run["']|\bstreamlit\.web\.(?:bootstrap|cli)\b|\bbootstrap\.run\s*\(`)},
	{Name: "gradio", Package: "gradio", Import: "gradio", Needs: ".launch(", Port: 7860,
		Argv:   []string{"python", "{file}"},
		Env:    [][2]string{{"GRADIO_SERVER_NAME", "0.0.0.0"}, {"GRADIO_SERVER_PORT", "{port}"}},
		Source: "https://www.gradio.app/guides/deploying-gradio-with-docker"},
}

// UIApp is a script a UI framework serves with its own server.
type UIApp struct {
	Runner string `json:"runner"` // streamlit, gradio
	File   string `json:"file"`
	Source Source `json:"source"`
	// HostFlag and PortFlag are the script's own options for where it
	// listens (--host defaulting to the loopback, --port), "" for none.
	HostFlag string `json:"host_flag,omitempty"`
	PortFlag string `json:"port_flag,omitempty"`
}

// importsUI reports whether a script imports the UI framework itself.
func importsUI(data []byte, mod string) bool {
	if !bytes.Contains(data, []byte(mod)) {
		return false
	}
	for _, im := range pyImports(pyLines(data)) {
		if im.module == mod || im.from == mod || strings.HasPrefix(im.module, mod+".") {
			return true
		}
	}
	return false
}

// builtElsewhere reports whether a module the script imports from the
// project builds the UI (imports the framework): the script launches what
// another module builds (demo = build_ui(); demo.launch()).
func builtElsewhere(fsys fs.FS, roots []string, file, mod string) bool {
	for _, fl := range importClosure(fsys, roots, []string{file}, map[string]bool{}) {
		if fl == file || notAppCode(fl) {
			continue
		}
		if data, err := readPySource(fsys, fl); err == nil && importsUI(data, mod) {
			return true
		}
	}
	return false
}

// uiScriptFlags are the script's own --host option when it defaults to the
// loopback, and its --port option: a script that hands them to the launch
// call explicitly overrides the runner's variables.
func uiScriptFlags(data []byte) (host, port string) {
	for _, l := range pyLines(data) {
		if host == "" && loopbackHostOptionRe.MatchString(l.text) {
			host = "--host"
		}
		if port == "" && portFlagRe.MatchString(l.text) {
			port = "--port"
		}
	}
	return host, port
}

// UIRunner returns the table row of a runner by name, or nil.
func UIRunner(name string) *uiRunner {
	for i := range uiRunners {
		if uiRunners[i].Name == name {
			return &uiRunners[i]
		}
	}
	return nil
}

// findUIApp finds a script at the root (or under src/) that an installed UI
// framework serves: it imports the framework at module level and, for
// Gradio, launches. Conventional names first.
func findUIApp(fsys fs.FS, f *Facts, roots []string) *UIApp {
	for _, r := range uiRunners {
		if !f.IsInstalled(r.Package) && r.Argv[0] != "python" {
			// A runner program must be installed; a script that launches
			// the UI itself is the program either way (its framework may
			// come from a requirements file the authors' image adds).
			continue
		}
		var found []UIApp
		for _, root := range roots {
			entries, err := fs.ReadDir(fsys, path.Clean("./"+root))
			if err != nil {
				continue
			}
			for _, e := range entries {
				name := path.Join(root, e.Name())
				if !e.Type().IsRegular() || !strings.HasSuffix(name, ".py") || entryExcluded[e.Name()] {
					continue
				}
				data, err := readPySource(fsys, name)
				if err != nil || (r.Needs != "" && !bytes.Contains(data, []byte(r.Needs))) {
					continue
				}
				if importsUI(data, r.Import) || r.Needs != "" && builtElsewhere(fsys, roots, name, r.Import) {
					ui := UIApp{Runner: r.Name, File: name, Source: Source{File: name}}
					ui.HostFlag, ui.PortFlag = uiScriptFlags(data)
					found = append(found, ui)
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		for _, c := range found {
			switch path.Base(c.File) {
			case "app.py", "main.py", "streamlit_app.py", "Home.py", "demo.py":
				return &c
			}
		}
		if len(found) == 1 {
			return &found[0]
		}
		// A helper that imports the framework too is imported by the entry
		// (and by a multipage app's pages/): the entry is what nothing imports.
		var entries []UIApp
		for _, c := range found {
			if !importedBeside(fsys, c.File) {
				entries = append(entries, c)
			}
		}
		if len(entries) == 1 {
			return &entries[0]
		}
	}
	return nil
}

// importedBeside reports whether another script in file's folder, or in the
// pages/ folder beside it (Streamlit's multipage layout,
// https://docs.streamlit.io/develop/concepts/multipage-apps/pages-directory),
// imports file as a module.
func importedBeside(fsys fs.FS, file string) bool {
	dir := path.Dir(file)
	stem := strings.TrimSuffix(path.Base(file), ".py")
	for _, d := range []string{dir, path.Join(dir, "pages")} {
		entries, err := fs.ReadDir(fsys, d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := path.Join(d, e.Name())
			if name == file || !e.Type().IsRegular() || !strings.HasSuffix(name, ".py") {
				continue
			}
			data, err := readPySource(fsys, name)
			if err != nil || !bytes.Contains(data, []byte(stem)) {
				continue
			}
			for _, im := range pyImports(pyLines(data)) {
				if im.module == stem || im.from == stem || strings.HasPrefix(im.module, stem+".") || strings.HasPrefix(im.from, stem+".") {
					return true
				}
			}
		}
	}
	return false
}

// scriptUIApp is the UI script the authors' start script runs with python
// (python app.py) when a UI runner that runs scripts with python is
// installed and the file makes the call that serves (Gradio's .launch()):
// it imports the framework, or the script sets the runner's own variables
// (GRADIO_SERVER_NAME), since the UI may be built by another module.
func scriptUIApp(fsys fs.FS, f *Facts, runs []ScriptServer) *UIApp {
	for _, r := range uiRunners {
		if r.Argv[0] != "python" || !f.IsInstalled(r.Package) {
			continue
		}
		for _, sc := range runs {
			file := pythonFileArg(sc.Argv)
			if path.IsAbs(file) || strings.HasPrefix(file, "../") {
				continue
			}
			data, err := readPySource(fsys, file)
			if err != nil || (r.Needs != "" && !bytes.Contains(data, []byte(r.Needs))) {
				continue
			}
			imports := false
			for _, im := range pyImports(pyLines(data)) {
				imports = imports || im.module == r.Import || im.from == r.Import || strings.HasPrefix(im.module, r.Import+".")
			}
			if !imports && !scriptSetsRunnerEnv(fsys, sc.Source.File, r) {
				continue
			}
			return &UIApp{Runner: r.Name, File: file, Source: sc.Source}
		}
	}
	return nil
}

// scriptSetsRunnerEnv reports whether a script names one of the runner's
// own variables.
func scriptSetsRunnerEnv(fsys fs.FS, script string, r uiRunner) bool {
	data, err := readBounded(fsys, script, maxScriptSize, "shell scripts")
	if err != nil {
		return false
	}
	for _, e := range r.Env {
		if bytes.Contains(data, []byte(e[0])) {
			return true
		}
	}
	return false
}
