package plan

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

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

// choice is one way to serve an app: a server and its run for the app's
// interface.
type choice struct {
	*server
	run
}

// candidates are the runs that serve an interface, in preference order.
func candidates(iface detect.Interface) []choice {
	var out []choice
	for _, name := range serverPreference[iface] {
		for i := range servers {
			if servers[i].Name != name {
				continue
			}
			for _, r := range servers[i].Runs {
				if r.Interface == iface {
					out = append(out, choice{&servers[i], r})
				}
			}
		}
	}
	return out
}

// pickServer chooses the server for an interface: one with the project's
// config file first, then the first installed one, then an installed one
// missing only its helper (gunicorn without uvicorn for its worker class),
// else the first with a pin. install is what pydock must add
// ("uvicorn==0.32.1"), "" when the image has everything.
//
// prefer names the one server the project's own evidence asks for (the
// app is wired only under it, or the authors serve it so): the others are
// not tried.
func pickServer(f *detect.Facts, iface detect.Interface, runnerOK bool, prefer string) (srv choice, cfg *detect.ServerConfig, install string) {
	usable := func(s choice) bool {
		// aiohttp's runner calls a function with argv: anything else needs gunicorn.
		return installed(f, s.Package) && !(s.Name == "aiohttp" && !runnerOK) && (!s.PreferredOnly || s.Name == prefer)
	}
	fits := func(s choice) bool { return usable(s) && (s.Needs == "" || installed(f, s.Needs)) }
	cands := candidates(iface)
	if prefer != "" {
		cands = slices.DeleteFunc(cands, func(s choice) bool { return s.Name != prefer })
		if len(cands) == 0 {
			cands = candidates(iface)
		}
	}
	for _, s := range cands {
		if c := configFor(f, s.Package); c != nil && s.ConfigArgv != nil && fits(s) {
			return s, c, ""
		}
	}
	for _, s := range cands {
		if fits(s) {
			return s, nil, ""
		}
	}
	// A server the authors' own image installs from a requirements file
	// of its own (requirements-server.txt), at their pin.
	for _, s := range cands {
		if r := authorsRequirement(f, s.Package); r != nil && s.Name != "aiohttp" && (s.Needs == "" || installed(f, s.Needs)) && (!s.PreferredOnly || s.Name == prefer) {
			return s, configFor(f, s.Package), r.Spec()
		}
	}
	for _, s := range cands {
		if usable(s) && s.Needs != "" {
			if pin := pinOf(s.Needs); pin != "" {
				return s, configFor(f, s.Package), s.Needs + "==" + pin
			}
		}
	}
	for _, s := range cands {
		if s.Pin != "" {
			return s, nil, s.Package + "==" + s.Pin
		}
	}
	// aiohttp: its own runner comes with it.
	for _, s := range cands {
		if s.Name != "aiohttp" || runnerOK {
			return s, nil, ""
		}
	}
	first := candidates(detect.InterfaceASGI)[0]
	return first, nil, first.Package + "==" + first.Pin
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

// argv fills a run's placeholders; bind adds BindArgv after the config file.
func (s choice) argv(t detect.AppTarget, port, workers int, cfg *detect.ServerConfig, bind bool) []string {
	tmpl := s.Argv
	if cfg != nil {
		tmpl = s.ConfigArgv
		if bind && len(s.BindArgv) > 0 {
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
		names := strings.Contains(a, "{target}") || strings.Contains(a, "{call}")
		a = strings.NewReplacer(
			"{target}", t.String(), "{call}", call,
			"{port}", strconv.Itoa(port), "{workers}", strconv.Itoa(workers),
		).Replace(a)
		if cfg != nil {
			a = strings.ReplaceAll(a, "{config}", cfg.File)
		}
		out = append(out, a)
		if names && t.ImportDir != "" && s.ImportDirFlag != "" {
			// The app's folder ahead of the working directory, where a
			// package may have the module's bare name.
			out = append(out, s.ImportDirFlag, path.Join(AppDir, t.ImportDir))
		}
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
	for _, s := range append(slices.Clone(servers), launchers...) {
		if s.Program == prog && s.Program != "python" && s.Subcommand == "" {
			return s.Package, true
		}
	}
	d, ok := programs[prog]
	return d, ok
}

// authorsRequirement is the authors' pin of a package from a requirements
// file their container file installs, nil when there is none.
func authorsRequirement(f *detect.Facts, pkg string) *detect.AuthorsRequirement {
	for i := range f.AuthorsRequirements {
		if f.AuthorsRequirements[i].Name == detect.NormalizeName(pkg) {
			return &f.AuthorsRequirements[i]
		}
	}
	return nil
}

// serve builds the server command for an app object from the servers table:
// the server whose configuration file the project ships, else the first
// installed one that speaks the app's interface, else one pydock installs
// (pinned, with a warning) — never a program the image does not have.
func (p *Plan) serve(f *detect.Facts, t detect.AppTarget, why string) error {
	fw := f.Framework
	iface := interfaceOf(f, t)
	prefer := ""
	if g := f.ServerGate; g != nil {
		prefer = g.Server // the app is wired only under it
	}
	if fw == detect.FrameworkDjango && f.Django != nil && why != "--app" {
		if sc := p.scriptASGI(f, t); sc != nil {
			// The authors serve the ASGI module: so does the image.
			t.Module, iface, prefer = f.Django.ASGIModule, detect.InterfaceASGI, path.Base(sc.Argv[0])
			p.decide("app module", t.Module, "the authors serve Django's ASGI module with "+strings.Join(sc.Argv[:min(len(sc.Argv), 4)], " ")+" ("+sc.Source.String()+")")
		}
		if iface == detect.InterfaceWSGI {
			t, iface, prefer = p.channelsASGI(f, t, prefer)
		}
		// An ASGI-only Django served by uvicorn, when gunicorn is absent.
		if iface == detect.InterfaceWSGI && !installed(f, "gunicorn") && f.Django.ASGIModule != "" {
			if s, _, inst := pickServer(f, detect.InterfaceASGI, false, ""); inst == "" && s.Interface == detect.InterfaceASGI {
				t.Module, iface = f.Django.ASGIModule, detect.InterfaceASGI
			}
		}
	}
	// A user's --app factory is taken to fit aiohttp's runner; a detected
	// one must take argv.
	srv, cfg, install := pickServer(f, iface, t.Factory && (t.TakesArgs || t.Source.File == "--app"), prefer)
	p.mainStartDebug(f) // a start-up the image cannot run the authors' way
	if w := f.MainWiring; w != nil && why != "--app" && f.ServerGate == nil {
		if f.Launcher == nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s wires the app only under if __name__ == \"__main__\", which a server importing the module never runs: %s serves it without that wiring; move it to module level (or pass --app with the command that runs it)", w, srv.Package))
		} else {
			p.runLauncher(f)
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s wires the app only under if __name__ == \"__main__\", which %s importing the module would never run: the image runs the module as its authors do (%s); move the wiring to module level to serve the app with %s", w, srv.Package, strings.Join(p.Command, " "), srv.Package))
			p.decide("command", strings.Join(p.Command, " "), "the app is wired only under if __name__ == \"__main__\" ("+w.String()+"); "+f.Launcher.Why+" ("+f.Launcher.Source.String()+")")
			return nil
		}
	}
	if f.Launcher != nil && f.Launcher.Required && why != "--app" {
		// The project refuses to be served another way.
		p.runLauncher(f)
		p.decide("command", strings.Join(p.Command, " "), f.Launcher.Why+" ("+f.Launcher.Source.String()+")")
		p.mainStartServe(f)
		return nil
	}
	pkg, _, _ := strings.Cut(install, "==")
	pkg, _, _ = strings.Cut(pkg, "[")
	authors := authorsRequirement(f, pkg)
	if install != "" && authors != nil {
		// The authors chose this server: their pin, in the same own step.
		p.ServerInstall = install
		p.Notes = append(p.Notes, fmt.Sprintf("%s is not among the dependencies, but the authors' image installs it from %s (%s): the image installs %s in its own step (the locked packages do not move)", pkg, authors.Source.File, authors.Via, install))
		p.decide("server install", install, "the authors install it from "+authors.Source.String()+" ("+authors.Via.String()+")")
		install = ""
	}
	if install != "" && f.Launcher != nil && why != "--app" && f.ServerGate == nil {
		// The authors' own runner, rather than a server they never chose.
		p.runLauncher(f)
		p.Notes = append(p.Notes, fmt.Sprintf("no production server for the %s app among the dependencies: the image runs the authors' launcher, as %s; add a server (e.g. %s) to serve it directly", strings.ToUpper(string(iface)), f.Launcher.Why, srv.Package))
		p.decide("command", strings.Join(p.Command, " "), f.Launcher.Why+" ("+f.Launcher.Source.String()+")")
		return nil
	}
	if install != "" {
		p.ServerInstall = install
		lack := fmt.Sprintf("no %s server among the dependencies", strings.ToUpper(string(iface)))
		if pkg != srv.Package {
			lack = fmt.Sprintf("%s needs %s to serve this %s app", srv.Package, pkg, strings.ToUpper(string(iface)))
		} else if g := f.ServerGate; g != nil && g.Server == srv.Name {
			lack = fmt.Sprintf("the app is wired only under %s (%s), which is not among the dependencies", g.Server, g.Source)
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the image installs %s in its own step (the locked packages do not move); add %s to your dependencies", lack, install, pkg))
		p.decide("server install", install, srv.Package+" needs it to serve "+string(iface)+"; pinned by pydock, never a development server")
	}
	p.scriptPort(f, t)
	if r := f.AppRunPort; r != nil && r.Port != 0 && !p.portGiven && p.portWhy == "default" && f.App != nil && f.App.String() == t.String() {
		// The authors' own start of the app listens there.
		p.Port, p.portWhy = r.Port, "the app's module starts it there when run as a script ("+r.Source.String()+")"
		if r.Env != "" {
			p.portWhy = "the app's module starts it on $" + r.Env + " when run as a script (" + r.Source.String() + "), which the authors' image sets to " + strconv.Itoa(r.Port) + " (" + r.EnvFrom.String() + ")"
		}
	}
	bind := false
	if cfg != nil {
		p.decide("server config", cfg.File, srv.Package+" reads it: its settings are used, not pydock's flags")
		p.serverConfig = cfg.File
		bind = p.configBind(srv, cfg)
	}
	p.uwsgiFilePort(f, t, srv, cfg)
	if srv.Name == "aiohttp" && !t.Factory {
		p.Warnings = append(p.Warnings, "aiohttp's runner needs a function returning the Application; pass --app module:function, or add gunicorn")
	}
	if g := f.ServerGate; g != nil && g.Server == srv.Name {
		p.decide("server", srv.Name, "the app is wired (routes, mounts) only in a branch taken under "+g.Server+" ("+g.Source.String()+"): another server would serve it bare")
	}
	p.Command = srv.argv(t, p.Port, p.Workers, cfg, bind)
	p.scriptWorkerClass(f, srv, t)
	call := t.String()
	if t.Factory {
		call += "()"
	}
	p.ownCommand = true
	p.decide("app", call, why)
	p.decide("command", strings.Join(p.Command, " "), srv.Package+" serves the "+string(iface)+" app of "+frameworkName(fw))
	return nil
}

// runLauncher makes the authors' launcher the command: its port when the
// code shows one and the user gave none, and SIGINT for a Python process
// (its KeyboardInterrupt is the clean stop such scripts handle).
func (p *Plan) runLauncher(f *detect.Facts) {
	p.Command = f.Launcher.Argv
	p.warnLauncherDoubt(f.Launcher)
	if f.Serves != nil && f.Serves.Port > 0 && !p.portGiven {
		p.Port, p.portWhy = f.Serves.Port, "the port the code serves on ("+f.Serves.PortFrom.String()+")"
	}
	if pythonProcess(f, p.Command) {
		p.StopSignal = "SIGINT"
	}
}
