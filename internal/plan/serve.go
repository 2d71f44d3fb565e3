package plan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// serverSpec is one row of what pydock knows about a production server:
// the distribution that installs it, the interface it serves, the argv that
// runs an app with pydock's flags, and the argv that runs it from the
// project's own configuration file. Placeholders: {target} (module:attr),
// {call} (module:attr(), a factory called by the server), {port},
// {workers}, {config}. Adding a server is a row, not a branch.
type serverSpec struct {
	Name      string
	Package   string // distribution that installs the program
	Program   string // the console script CMD starts
	Interface detect.Interface
	// Needs is another distribution the row requires (gunicorn's uvicorn
	// worker class lives in uvicorn).
	Needs string
	Argv  []string
	// FactoryFlag marks a factory target; empty when {call} spells it.
	FactoryFlag string
	ConfigArgv  []string // with the project's config file
	// BindArgv follows ConfigArgv's config when the file binds no
	// reachable address (the server would listen on loopback only).
	BindArgv []string
	Pin      string // version pydock installs when the project has no server
	Source   string
}

// servers are in preference order per interface.
var servers = []serverSpec{
	{Name: "uvicorn", Package: "uvicorn", Program: "uvicorn", Interface: detect.InterfaceASGI,
		Argv:        []string{"uvicorn", "{target}", "--host", "0.0.0.0", "--port", "{port}", "--proxy-headers"},
		FactoryFlag: "--factory", Pin: "0.32.1",
		Source: "https://www.uvicorn.org/settings/"},
	{Name: "granian", Package: "granian", Program: "granian", Interface: detect.InterfaceASGI,
		Argv:        []string{"granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", "{port}", "{target}"},
		FactoryFlag: "--factory",
		Source:      "https://github.com/emmett-framework/granian#options"},
	{Name: "hypercorn", Package: "hypercorn", Program: "hypercorn", Interface: detect.InterfaceASGI,
		Argv:       []string{"hypercorn", "--bind", "0.0.0.0:{port}", "--workers", "{workers}", "{call}"},
		ConfigArgv: []string{"hypercorn", "--config", "{config}", "{call}"},
		BindArgv:   []string{"--bind", "0.0.0.0:{port}"},
		Source:     "https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html"},
	{Name: "gunicorn+uvicorn", Package: "gunicorn", Program: "gunicorn", Interface: detect.InterfaceASGI, Needs: "uvicorn",
		Argv:       []string{"gunicorn", "--bind", "0.0.0.0:{port}", "--worker-class", "uvicorn.workers.UvicornWorker", "--worker-tmp-dir", "/dev/shm", "{call}"},
		ConfigArgv: []string{"gunicorn", "--config", "{config}", "--worker-class", "uvicorn.workers.UvicornWorker", "{call}"},
		BindArgv:   []string{"--bind", "0.0.0.0:{port}"},
		Source:     "https://www.uvicorn.org/deployment/#gunicorn"},
	// --worker-tmp-dir /dev/shm: gunicorn's heartbeat on a tmpfs, not the
	// container's overlay disk, where it can stall workers (DF016).
	{Name: "gunicorn", Package: "gunicorn", Program: "gunicorn", Interface: detect.InterfaceWSGI,
		Argv:       []string{"gunicorn", "--bind", "0.0.0.0:{port}", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "{call}"},
		ConfigArgv: []string{"gunicorn", "--config", "{config}", "{call}"},
		BindArgv:   []string{"--bind", "0.0.0.0:{port}"},
		Pin:        "23.0.0",
		Source:     "https://docs.gunicorn.org/en/stable/settings.html"},
	{Name: "granian", Package: "granian", Program: "granian", Interface: detect.InterfaceWSGI,
		Argv:        []string{"granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "{port}", "{target}"},
		FactoryFlag: "--factory",
		Source:      "https://github.com/emmett-framework/granian#options"},
	{Name: "waitress", Package: "waitress", Program: "waitress-serve", Interface: detect.InterfaceWSGI,
		Argv:        []string{"waitress-serve", "--listen=0.0.0.0:{port}", "{target}"},
		FactoryFlag: "--call",
		Source:      "https://docs.pylonsproject.org/projects/waitress/en/stable/runner.html"},
	{Name: "uwsgi", Package: "uwsgi", Program: "uwsgi", Interface: detect.InterfaceWSGI,
		Argv:       []string{"uwsgi", "--http-socket", "0.0.0.0:{port}", "--master", "--processes", "{workers}", "--module", "{target}"},
		ConfigArgv: []string{"uwsgi", "--ini", "{config}"},
		BindArgv:   []string{"--http-socket", "0.0.0.0:{port}"},
		Source:     "https://uwsgi-docs.readthedocs.io/en/latest/WSGIquickstart.html"},
	{Name: "gunicorn+aiohttp", Package: "gunicorn", Program: "gunicorn", Interface: detect.InterfaceAiohttp,
		Argv:       []string{"gunicorn", "--bind", "0.0.0.0:{port}", "--worker-class", "aiohttp.GunicornWebWorker", "--worker-tmp-dir", "/dev/shm", "{call}"},
		ConfigArgv: []string{"gunicorn", "--config", "{config}", "--worker-class", "aiohttp.GunicornWebWorker", "{call}"},
		Pin:        "23.0.0",
		BindArgv:   []string{"--bind", "0.0.0.0:{port}"},
		Source:     "https://docs.aiohttp.org/en/stable/deployment.html#start-gunicorn"},
	// aiohttp's own runner imports a function that returns the app.
	{Name: "aiohttp", Package: "aiohttp", Program: "python", Interface: detect.InterfaceAiohttp,
		Argv:   []string{"python", "-m", "aiohttp.web", "--hostname", "0.0.0.0", "--port", "{port}", "{target}"},
		Source: "https://docs.aiohttp.org/en/stable/web_quickstart.html#command-line-interface-cli"},
}

// programs maps console scripts a command may start to the distribution
// that installs them, beyond the servers above.
var programs = map[string]string{
	"celery": "celery", "daphne": "daphne", "streamlit": "streamlit", "gradio": "gradio",
	"flask": "flask", "fastapi": "fastapi-cli", "litestar": "litestar", "sanic": "sanic",
	"newrelic-admin": "newrelic", "ddtrace-run": "ddtrace", "opentelemetry-instrument": "opentelemetry-distro",
	"huey_consumer": "huey", "rq": "rq", "dramatiq": "dramatiq", "alembic": "alembic",
}

// runnerBackends are the servers a framework's own runner starts: one of
// them must be installed too.
var runnerBackends = map[string][]string{
	"litestar": {"uvicorn", "litestar-granian"},
	"fastapi":  {"uvicorn"},
	"sanic":    {"sanic"},
}

// shellPrograms are always in the image (the base image's own).
var shellPrograms = map[string]bool{"python": true, "python3": true, "sh": true, "/bin/sh": true, "bash": true, "exec": true}

// interfaceOf says what the app object speaks.
func interfaceOf(f *detect.Facts, t detect.AppTarget) detect.Interface {
	switch {
	case t.Interface != "":
		return t.Interface
	case f.Framework == detect.FrameworkDjango:
		if strings.HasSuffix(t.Module, ".asgi") {
			return detect.InterfaceASGI
		}
		return detect.InterfaceWSGI
	case f.Framework == detect.FrameworkAiohttp:
		return detect.InterfaceAiohttp
	case f.Framework == detect.FrameworkFlask || f.Framework == detect.FrameworkBottle || f.Framework == detect.FrameworkFalcon:
		return detect.InterfaceWSGI
	case f.Framework == detect.FrameworkNone && installed(f, "gunicorn"):
		return detect.InterfaceWSGI
	}
	return detect.InterfaceASGI
}

func installed(f *detect.Facts, dist string) bool { return f.IsInstalled(dist) }

// configFor returns the project's config file for a server, if it ships one.
func configFor(f *detect.Facts, server string) *detect.ServerConfig {
	for i := range f.ServerConfigs {
		if f.ServerConfigs[i].Server == server {
			return &f.ServerConfigs[i]
		}
	}
	return nil
}

// pickServer chooses the server row for an interface: one with the
// project's config file first, then the first installed one, then an
// installed one missing only its helper (gunicorn without uvicorn for its
// worker class), else the first row with a pin. install is what pydock must
// add ("uvicorn==0.32.1"), "" when the image has everything.
func pickServer(f *detect.Facts, iface detect.Interface, runnerOK bool) (srv serverSpec, cfg *detect.ServerConfig, install string) {
	usable := func(s serverSpec) bool {
		// aiohttp's runner calls a function with argv: anything else needs gunicorn.
		return s.Interface == iface && installed(f, s.Package) && !(s.Name == "aiohttp" && !runnerOK)
	}
	fits := func(s serverSpec) bool { return usable(s) && (s.Needs == "" || installed(f, s.Needs)) }
	for _, s := range servers {
		if c := configFor(f, s.Package); c != nil && s.ConfigArgv != nil && fits(s) {
			return s, c, ""
		}
	}
	for _, s := range servers {
		if fits(s) {
			return s, nil, ""
		}
	}
	for _, s := range servers {
		if usable(s) && s.Needs != "" {
			if pin := pinOf(s.Needs); pin != "" {
				return s, configFor(f, s.Package), s.Needs + "==" + pin
			}
		}
	}
	for _, s := range servers {
		if s.Interface == iface && s.Pin != "" {
			return s, nil, s.Package + "==" + s.Pin
		}
	}
	// aiohttp: its own runner comes with it.
	for _, s := range servers {
		if s.Interface == iface && (s.Name != "aiohttp" || runnerOK) {
			return s, nil, ""
		}
	}
	return servers[0], nil, servers[0].Package + "==" + servers[0].Pin
}

// pinOf is the version pydock installs of a server package, "" when none.
func pinOf(pkg string) string {
	for _, s := range servers {
		if s.Package == pkg && s.Pin != "" {
			return s.Pin
		}
	}
	return ""
}

// argv fills a row's placeholders.
func (s serverSpec) argv(t detect.AppTarget, port, workers int, cfg *detect.ServerConfig) []string {
	tmpl := s.Argv
	if cfg != nil {
		tmpl = s.ConfigArgv
		if cfg.Port == 0 && len(s.BindArgv) > 0 {
			// After the config file's path: flags win over the file.
			tmpl = append(append(slices.Clone(tmpl[:3]), s.BindArgv...), tmpl[3:]...)
		}
	}
	call := t.String()
	if t.Factory && s.FactoryFlag == "" {
		call += "()"
	}
	var out []string
	for _, a := range tmpl {
		a = strings.NewReplacer(
			"{target}", t.String(), "{call}", call,
			"{port}", strconv.Itoa(port), "{workers}", strconv.Itoa(workers),
		).Replace(a)
		if cfg != nil {
			a = strings.ReplaceAll(a, "{config}", cfg.File)
		}
		out = append(out, a)
	}
	if t.Factory && s.FactoryFlag != "" {
		if s.FactoryFlag == "--call" { // waitress: the flag comes before the target
			out = append(out[:len(out)-1], "--call", out[len(out)-1])
		} else {
			out = append(out, s.FactoryFlag)
		}
	}
	return out
}

// programPackage says which distribution provides a command's program, and
// whether pydock knows at all ("" and false: a program pydock cannot vouch for).
func programPackage(prog string) (string, bool) {
	for _, s := range servers {
		if s.Program == prog && s.Program != "python" {
			if prog == "uwsgi" {
				return "uwsgi", true
			}
			return s.Package, true
		}
	}
	d, ok := programs[prog]
	return d, ok
}
