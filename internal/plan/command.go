package plan

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/shellcmd"
)

// asgi reports whether the framework speaks ASGI (else WSGI).
func asgi(fw detect.Framework) bool {
	switch fw {
	case detect.FrameworkFastAPI, detect.FrameworkStarlette, detect.FrameworkLitestar:
		return true
	}
	return false
}

// chooseCommand decides the port and the exec-form command (DF010, DF016).
func (p *Plan) chooseCommand(f *detect.Facts, s Settings) error {
	p.Port, p.Workers = DefaultPort, max(p.Workers, 1)
	portWhy := "default"
	if f.Procfile != nil {
		if d, ok := f.Procfile.DefaultPort(); ok {
			p.Port, portWhy = d, "${PORT:-"+strconv.Itoa(d)+"} in "+f.Procfile.Source.String()
		}
	}
	if s.Port != 0 {
		if s.Port < 1 || s.Port > 65535 {
			return fmt.Errorf("--port %d: want a port from 1 to 65535", s.Port)
		}
		p.Port, portWhy = s.Port, "--port"
	}

	switch {
	case s.App != "" && strings.ContainsAny(s.App, " \t"):
		line, err := shellcmd.Parse(s.App)
		if err != nil {
			return fmt.Errorf("--app: %w", err)
		}
		p.setLine(line, "--app")
	case s.App != "":
		t, err := parseTarget(s.App)
		if err != nil {
			return err
		}
		if err := p.serve(f, t, "--app"); err != nil {
			return err
		}
	case f.Procfile != nil:
		line, err := shellcmd.Parse(f.Procfile.Command)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Procfile.Source, err)
		}
		if _, err := line.Substitute("PORT", strconv.Itoa(p.Port)); err != nil {
			return fmt.Errorf("%s: %w", f.Procfile.Source, err)
		}
		p.setLine(line, "the web: line of "+f.Procfile.Source.String()+" (the authors' own command)")
	case f.App != nil:
		if err := p.serve(f, *f.App, "app found at "+f.App.Source.String()); err != nil {
			return err
		}
	case f.Framework != detect.FrameworkNone:
		return fmt.Errorf("%s is a dependency (%s) but no module creates the app; pass --app module:attribute (e.g. --app app.main:app)", f.Framework, f.FrameworkFrom)
	case len(f.Scripts) > 0:
		sc := f.Scripts[0]
		p.Command, p.StopSignal = []string{sc.Name}, "SIGINT"
		p.Port, portWhy = s.Port, "not a web service"
		p.decide("command", sc.Name, "[project.scripts] "+sc.Name+" = "+sc.Target)
	case f.EntryFile != "":
		p.Command, p.StopSignal = []string{"python", f.EntryFile}, "SIGINT"
		p.Port, portWhy = s.Port, "not a web service"
		p.decide("command", "python "+f.EntryFile, "conventional entry file")
	default:
		return fmt.Errorf("found nothing to run: no web framework, no [project.scripts], no Procfile and no main.py; pass --app module:attribute or --app \"command line\"")
	}
	if p.Port > 0 {
		p.decide("port", strconv.Itoa(p.Port), portWhy)
	}
	p.chooseServerEnv()
	for _, a := range p.Command {
		if a == "--reload" {
			p.Warnings = append(p.Warnings, "the command uses --reload, a development option: it watches files and restarts in production (DF016); remove it")
		}
	}
	return nil
}

// setLine takes a user's command line as it is: in exec form when it is one
// simple command, else under sh -c as the parser's tree printed back, so
// quotes, escapes and operators mean what they meant (never re-joined words).
func (p *Plan) setLine(line *shellcmd.Line, why string) {
	for _, c := range line.Commands() {
		p.warnTrustAnyone(c.Values())
	}
	if argv, ok := line.Argv(); ok {
		p.Command = argv
	} else {
		// Exec form cannot express && or pipes; sh -c with exec keeps the
		// last command as PID 1 so it still receives SIGTERM.
		p.Command = []string{"/bin/sh", "-c", line.String()}
		p.Warnings = append(p.Warnings, "the command uses shell operators, so it runs under /bin/sh -c; prefer one process per container (DF010)")
	}
	if len(p.Command) > 0 && p.Command[0] == "python" {
		p.StopSignal = "SIGINT"
	}
	p.decide("command", strings.Join(p.Command, " "), why)
}

func parseTarget(s string) (detect.AppTarget, error) {
	mod, attr, ok := strings.Cut(s, ":")
	if !ok || mod == "" || attr == "" {
		return detect.AppTarget{}, fmt.Errorf("--app %q: want module:attribute (e.g. app.main:app) or a whole command line", s)
	}
	if err := CheckModule(mod); err != nil {
		return detect.AppTarget{}, fmt.Errorf("--app %q: %w", s, err)
	}
	t := detect.AppTarget{Module: mod, Attr: attr, Source: detect.Source{File: "--app"}}
	if strings.HasSuffix(attr, "()") {
		t.Attr, t.Factory = strings.TrimSuffix(attr, "()"), true
	}
	return t, nil
}

// serve builds the server command for an app object, choosing among the
// servers the project depends on (DF016).
func (p *Plan) serve(f *detect.Facts, t detect.AppTarget, why string) error {
	fw := f.Framework
	has := func(s string) bool {
		for _, x := range f.Servers {
			if x == s {
				return true
			}
		}
		return false
	}
	port, workers := strconv.Itoa(p.Port), strconv.Itoa(p.Workers)
	bind := "0.0.0.0:" + port
	target := t.String()
	isASGI := asgi(fw) || (fw == detect.FrameworkDjango && strings.HasSuffix(t.Module, ".asgi"))
	if fw == detect.FrameworkDjango && has("gunicorn") && !strings.HasSuffix(t.Module, ".asgi") {
		isASGI = false
	}
	if fw == detect.FrameworkDjango && !has("gunicorn") && has("uvicorn") && f.Django != nil && f.Django.ASGIModule != "" {
		t.Module, isASGI = f.Django.ASGIModule, true
		target = t.String()
	}
	if fw == detect.FrameworkNone && !has("gunicorn") {
		isASGI = true // an app object with no framework we know: try ASGI servers
	}
	gunicornTarget := target
	if t.Factory {
		gunicornTarget = target + "()"
	}

	switch {
	case fw == detect.FrameworkAiohttp && has("gunicorn"):
		p.Command = []string{"gunicorn", "--bind", bind, "--worker-class", "aiohttp.GunicornWebWorker", "--worker-tmp-dir", "/dev/shm", gunicornTarget}
	case fw == detect.FrameworkAiohttp:
		// aiohttp's own runner imports a function that returns the app.
		p.Command = []string{"python", "-m", "aiohttp.web", "--hostname", "0.0.0.0", "--port", port, target}
		if !t.Factory {
			p.Warnings = append(p.Warnings, "aiohttp's runner needs a function returning the Application; pass --app module:function, or add gunicorn")
		}
	case isASGI && has("uvicorn"), isASGI && !has("granian") && !has("hypercorn") && !has("gunicorn"):
		if !has("uvicorn") {
			p.Warnings = append(p.Warnings, fmt.Sprintf("no ASGI server among the dependencies; the image runs uvicorn, so add uvicorn (or fastapi[standard]) to them"))
		}
		p.Command = []string{"uvicorn", target, "--host", "0.0.0.0", "--port", port, "--proxy-headers"}
		if t.Factory {
			p.Command = append(p.Command, "--factory")
		}
	case isASGI && has("granian"):
		p.Command = []string{"granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", port, target}
		if t.Factory {
			p.Command = append(p.Command, "--factory")
		}
	case isASGI && has("hypercorn"):
		p.Command = []string{"hypercorn", "--bind", bind, "--workers", workers, gunicornTarget}
	case isASGI: // gunicorn only: run uvicorn's worker class inside it
		p.Command = []string{"gunicorn", "--bind", bind, "--worker-class", "uvicorn.workers.UvicornWorker", "--worker-tmp-dir", "/dev/shm", gunicornTarget}
	case has("gunicorn") || !has("granian"):
		if !has("gunicorn") {
			p.Warnings = append(p.Warnings, "no WSGI server among the dependencies; the image runs gunicorn, so add gunicorn to them")
		}
		// --worker-tmp-dir /dev/shm: gunicorn's heartbeat on a tmpfs, not the
		// container's overlay disk, where it can stall workers (DF016).
		p.Command = []string{"gunicorn", "--bind", bind, "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", gunicornTarget}
	default:
		p.Command = []string{"granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", port, target}
	}
	p.ownCommand = true
	p.decide("app", gunicornTarget, why)
	p.decide("command", strings.Join(p.Command, " "), "server for "+frameworkName(fw))
	return nil
}

func frameworkName(fw detect.Framework) string {
	if fw == detect.FrameworkNone {
		return "an unknown framework"
	}
	return string(fw)
}

// chooseHealth picks the health path and whether to write a snippet: an
// existing route is re-used, never duplicated (HE003).
func (p *Plan) chooseHealth(f *detect.Facts, s Settings) error {
	if !p.HasWeb() {
		return nil
	}
	if s.HealthPath != "" {
		if err := CheckHealthPath(s.HealthPath); err != nil {
			return fmt.Errorf("--health-path %q: %w", s.HealthPath, err)
		}
	}
	if f.Health != nil && CheckHealthPath(f.Health.Path) != nil {
		p.Warnings = append(p.Warnings, fmt.Sprintf("the route %q at %s is not a plain URL path, so the HEALTHCHECK does not probe it", f.Health.Path, f.Health.Source))
		h := *f
		h.Health = nil
		f = &h
	}
	snippetWanted := s.HealthSnippet == nil || *s.HealthSnippet
	switch {
	case f.Health != nil && s.HealthPath == "":
		p.HealthPath = f.Health.Path
		p.decide("health path", p.HealthPath, "existing route at "+f.Health.Source.String())
		return nil
	case s.HealthPath != "":
		p.HealthPath = s.HealthPath
		p.decide("health path", p.HealthPath, "--health-path")
	case f.Framework == detect.FrameworkNone:
		p.Warnings = append(p.Warnings, "no known web framework, so no health route to probe: the image has no HEALTHCHECK; pass --health-path to add one")
		return nil
	default:
		p.HealthPath = "/healthz"
		p.decide("health path", p.HealthPath, "pydock's health snippet")
	}
	if !snippetWanted || f.Framework == detect.FrameworkNone || f.Health != nil {
		if !snippetWanted && f.Health == nil {
			p.Notes = append(p.Notes, "make sure the app answers "+p.HealthPath+": the HEALTHCHECK probes it")
		}
		return nil
	}
	p.Snippet = newSnippet(f, p.HealthPath)
	return nil
}

// newSnippet places health.py beside the app module and says how to wire it.
func newSnippet(f *detect.Facts, live string) *Snippet {
	dir := f.AppDir
	sn := &Snippet{
		Path:      path.Join(dir, "health.py"),
		Framework: f.Framework,
		LivePath:  live,
		ReadyPath: "/readyz",
		Module:    moduleOf(path.Join(dir, "health.py")),
	}
	if sn.ReadyPath == live {
		sn.ReadyPath = "/ready"
	}
	appFile := "your app module"
	if f.App != nil {
		appFile = f.App.Source.File
	}
	sn.HookTarget = appFile
	switch f.Framework {
	case detect.FrameworkFastAPI:
		sn.Hooks = []string{"from " + sn.Module + " import router as health_router", "app.include_router(health_router)"}
	case detect.FrameworkStarlette:
		sn.Hooks = []string{"from " + sn.Module + " import routes as health_routes", "app.router.routes.extend(health_routes)"}
	case detect.FrameworkLitestar:
		sn.Hooks = []string{"from " + sn.Module + " import health_handlers", "app = Litestar(route_handlers=[*health_handlers, ...])"}
	case detect.FrameworkFlask:
		sn.Hooks = []string{"from " + sn.Module + " import bp as health_bp", "app.register_blueprint(health_bp)"}
	case detect.FrameworkAiohttp:
		sn.Hooks = []string{"from " + sn.Module + " import routes as health_routes", "app.add_routes(health_routes)"}
	case detect.FrameworkDjango:
		sn.HookTarget = path.Join(dir, "urls.py")
		sn.Hooks = []string{"urlpatterns += [path(\"\", include(\"" + sn.Module + "\"))]"}
	}
	return sn
}
