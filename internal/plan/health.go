package plan

// The health check of the image: the route it probes, or the snippet
// pydock writes for one, and where the app imports it from.

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

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
	if h := f.Health; h != nil && h.Wraps != "" && !strings.Contains(strings.Join(p.Command, " "), h.Wraps) {
		// The wrapper answers only in front of the object it wraps.
		c := *f
		c.Health = nil
		c.HealthSkipped = "the route " + h.Path + " (" + h.Source.String() + ") answers in front of " + h.Wraps + ", which the image does not serve"
		f = &c
	}
	if dj := f.Django; dj != nil && len(dj.ProbeRefused) > 0 && !(dj.ProbeMiddleware && f.Health != nil && f.Health.Snippet) && (f.Health == nil || f.Health.Wraps == "") {
		var why []string
		for _, r := range dj.ProbeRefused {
			why = append(why, r.String())
		}
		if s.HealthPath != "" {
			p.Warnings = append(p.Warnings, "the HEALTHCHECK probes "+s.HealthPath+" over HTTP at 127.0.0.1, but "+strings.Join(why, "; ")+": put pydock's LivenessMiddleware first in MIDDLEWARE, or the image stays unhealthy")
		} else if f.Health != nil {
			// The route exists, but Django refuses the probe before it.
			h := *f
			h.Health = nil
			h.HealthSkipped = "the route " + f.Health.Path + " (" + f.Health.Source.String() + ") is not reached by the probe: " + strings.Join(why, "; ")
			f = &h
		}
	}
	snippetWanted := s.HealthSnippet == nil || *s.HealthSnippet
	live := "/healthz" // the snippet's route
	switch {
	case f.Health != nil && s.HealthPath == "":
		p.HealthPath = f.Health.Path
		p.decide("health path", p.HealthPath, "existing route at "+f.Health.Source.String())
		if f.Health.Snippet && snippetWanted && detect.FrameworkHasSnippet(f.Framework) {
			p.Snippet = newSnippet(f, p.HealthPath) // wired: still pydock's file
		}
		return nil
	case s.HealthPath != "":
		p.HealthPath, live = s.HealthPath, s.HealthPath
		p.decide("health path", p.HealthPath, s.source("health_path", "--health-path"))
	case f.UIApp != nil && detect.UIRunner(f.UIApp.Runner).Health != "":
		p.HealthPath = detect.UIRunner(f.UIApp.Runner).Health
		p.decide("health path", p.HealthPath, f.UIApp.Runner+"'s own liveness route")
		return nil
	case launchedRunnerHealth(f) != "":
		p.HealthPath = launchedRunnerHealth(f)
		p.decide("health path", p.HealthPath, f.Serves.Runner+"'s own liveness route (the program starts "+f.Serves.Runner+")")
		return nil
	default:
		// Until a route exists in the source, an HTTP probe would fail on
		// every image: the port accepting connections is what is known.
		why := "no health route in the source"
		if f.HealthSkipped != "" {
			why = f.HealthSkipped
		}
		if snippetWanted && detect.FrameworkHasSnippet(f.Framework) {
			why += "; wire the snippet and regenerate to probe " + live
		}
		p.decide("health probe", "port "+strconv.Itoa(p.Port)+" accepts connections", why)
	}
	if !snippetWanted || !detect.FrameworkHasSnippet(f.Framework) || f.Health != nil {
		if !snippetWanted && f.Health == nil && p.HealthPath != "" {
			p.Notes = append(p.Notes, "make sure the app answers "+p.HealthPath+": the HEALTHCHECK probes it")
		}
		return nil
	}
	p.Snippet = newSnippet(f, live)
	return nil
}

// snippetModule is the module the app imports a file of its own as: under
// the folder a shipped package sits in (hatch packages = ["src/py/app"]
// ships app), or under an import root, else by its path (src/ aside).
func snippetModule(f *detect.Facts, file string) string {
	var roots []string
	for _, d := range f.PackageDirs {
		roots = append(roots, path.Dir(d))
	}
	for _, r := range append(roots, f.ImportRoots...) {
		if r == "." || r == "" {
			continue
		}
		if rel, ok := strings.CutPrefix(file, r+"/"); ok {
			return moduleOf(rel)
		}
	}
	return moduleOf(file)
}

// newSnippet places health.py beside the app module and says how to wire it.
func newSnippet(f *detect.Facts, live string) *Snippet {
	dir := f.AppDir
	sn := &Snippet{
		Path:      path.Join(dir, "health.py"),
		Framework: f.Framework,
		LivePath:  live,
		ReadyPath: "/readyz",
		Module:    snippetModule(f, path.Join(dir, "health.py")),
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
		settings, urls := "your settings", path.Join(dir, "urls.py")
		if dj := f.Django; dj != nil {
			if dj.SettingsFile != "" {
				settings = dj.SettingsFile
			}
			if dj.Dir != "" {
				// manage.py's folder is the import root: modules are named from there.
				sn.Module = moduleOf(strings.TrimPrefix(sn.Path, dj.Dir+"/"))
			}
			if dj.RootURLConf != "" {
				urls = path.Join(dir, dj.RootURLConf[strings.LastIndex(dj.RootURLConf, ".")+1:]+".py")
			}
		}
		sn.HookTarget = settings + " (first in MIDDLEWARE) and " + urls
		sn.Hooks = []string{
			"MIDDLEWARE.insert(0, \"" + sn.Module + ".LivenessMiddleware\")",
			"urlpatterns += [path(\"\", include(\"" + sn.Module + "\"))]",
		}
	}
	return sn
}
