package plan

import (
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
