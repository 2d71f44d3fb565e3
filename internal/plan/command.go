package plan

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/shellcmd"
)

// chooseCommand decides the port and the exec-form command (DF010, DF016).
func (p *Plan) chooseCommand(f *detect.Facts, s Settings) error {
	p.Port, p.Workers = DefaultPort, max(p.Workers, 1)
	p.portWhy = "default"
	if f.Procfile != nil {
		if d, ok := f.Procfile.DefaultPort(); ok {
			p.Port, p.portWhy = d, "${PORT:-"+strconv.Itoa(d)+"} in "+f.Procfile.Source.String()
		}
	}
	if s.Port != 0 {
		if s.Port < 1 || s.Port > 65535 {
			return fmt.Errorf("%s: want a port from 1 to 65535", s.given("port", "--port", s.Port))
		}
		p.Port, p.portWhy, p.portGiven = s.Port, s.source("port", "--port"), true
	}
	kind, kindWhy := f.Kind, f.KindWhy
	switch s.Kind {
	case "":
	case string(detect.KindWeb), string(detect.KindWorker):
		kind, kindWhy = detect.Kind(s.Kind), "--kind (or kind in pydock.toml)"
	default:
		return fmt.Errorf("--kind %q: want web or worker", s.Kind)
	}
	if s.App != "" && s.Kind == "" {
		kind, kindWhy = detect.KindWeb, "--app names what serves"
		if f.Kind == detect.KindWorker && !appCommandServes(s.App) {
			// A command that is no server pydock knows (python bot.py)
			// serves only if the code does, and detect found none.
			kind, kindWhy = f.Kind, "--app names the command, the code decides the kind: "+f.KindWhy+" (--kind web if it serves)"
		}
	}
	if kind == "" {
		kind = detect.KindWorker
		if f.App != nil || f.Procfile != nil || f.Django != nil || f.Framework != detect.FrameworkNone {
			kind = detect.KindWeb
		}
	}

	plugin := p.pluginCommand(f)
	switch {
	case s.App != "" && strings.ContainsAny(s.App, " \t"):
		line, err := shellcmd.Parse(s.App)
		if err != nil {
			return fmt.Errorf("--app: %w", err)
		}
		p.commandBinds(line, "--app")
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
		text, at := f.Procfile.Command, f.Procfile.Source
		why := "the " + f.Procfile.Process + ": line of " + f.Procfile.Source.String() + " (the authors' own command)"
		if f.Procfile.Via != "" {
			why = f.Procfile.Via + ", which the " + f.Procfile.Process + ": line of " + f.Procfile.Source.String() + " runs"
		}
		if st := f.ProcfileStart; st != nil && st.Server != nil {
			// The script's last line, run by itself: the server is PID 1
			// and its steps are compose's one-off.
			text, at = st.Text, *st.Server
			why = "the last line of " + st.Server.String() + ", which the " + f.Procfile.Process + ": line of " + st.Runs.String() + " runs; the commands before it are release steps, not part of every start"
			if st.NoShebang != nil {
				why = "the last line of " + st.Server.String() + ", which the " + f.Procfile.Process + ": line of " + st.Runs.String() + " would run, but the script cannot be started by itself"
				p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the script's first line is not a #! line, so exec form cannot start it (exec format error): CMD runs its server line %s instead; what the script does before that line does not run at start (release steps move to compose's one-off)", st.NoShebang, st.Server))
			}
		} else if st != nil && st.NoExec != nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s starts %s without exec: the shell stays PID 1 and docker stop's SIGTERM does not reach the server (it is killed after the grace period); put exec before it", st.NoExec, st.Program))
		}
		line, err := shellcmd.Parse(text)
		if err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		if _, err := line.Substitute("PORT", strconv.Itoa(p.Port)); err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		p.commandBinds(line, at.String())
		p.setLine(p.dropCatalogueSteps(f, line, why), why)
	case f.App != nil:
		found := "app found at "
		switch {
		case strings.HasSuffix(f.App.Source.File, ".wsgi"):
			found = "app the authors' WSGI file builds at "
		case strings.HasSuffix(f.App.Source.File, ".ini"):
			found = "app the authors' uWSGI file names at "
		case !strings.HasSuffix(f.App.Source.File, ".py"):
			found = "app named by the authors' start script at "
		}
		if err := p.serve(f, *f.App, found+f.App.Source.String()); err != nil {
			return err
		}
	case f.UIApp != nil:
		r := detect.UIRunner(f.UIApp.Runner)
		if p.portWhy == "default" {
			p.Port, p.portWhy = r.Port, r.Name+"'s default port"
		}
		rep := strings.NewReplacer("{file}", f.UIApp.File, "{port}", strconv.Itoa(p.Port))
		p.Command = nil
		for _, a := range r.Argv {
			p.Command = append(p.Command, rep.Replace(a))
		}
		for _, e := range r.Env {
			p.ServerEnv = append(p.ServerEnv, EnvVar{e[0], rep.Replace(e[1])})
		}
		why := r.Name + " serves " + f.UIApp.File + " with its own server (" + r.Source + ")"
		if p.Command[0] == "python" {
			p.StopSignal = "SIGINT"
			// The script's own options, handed to the launch call, win
			// over the runner's variables.
			if h := f.UIApp.HostFlag; h != "" {
				p.Command = append(p.Command, h, "0.0.0.0")
				why += "; " + h + " 0.0.0.0: the script's option defaults to the loopback, which a published port cannot reach"
			}
			if pf := f.UIApp.PortFlag; pf != "" {
				p.Command = append(p.Command, pf, strconv.Itoa(p.Port))
			}
		}
		p.decide("command", strings.Join(p.Command, " "), why)
	case f.Framework != detect.FrameworkNone:
		return fmt.Errorf("%s is a dependency (%s) but no module creates the app; pass --app module:attribute (e.g. --app app.main:app)", f.Framework, f.FrameworkFrom)
	case plugin != nil:
		// The installed wheel registers the subcommand; the tool finds it there.
		pc := plugin
		p.Command = append([]string{pc.Program, pc.Name}, pc.Words...)
		p.decide("command", pc.Program+" "+pc.Name, "the project registers "+pc.Name+" = "+pc.Target+" in "+pc.Program+"'s "+pc.Group+" entry points ("+pc.Source.String()+"), so it runs as "+pc.Program+"'s subcommand ("+pc.HostDoc+")")
	case f.MainModule != "":
		p.Command, p.StopSignal = []string{"python", "-m", f.MainModule}, "SIGINT"
		why := "the package has a __main__.py (" + f.MainModuleFrom.String() + ")"
		if f.MainIsModule {
			why = f.MainModuleWhy
		}
		if sub, more := p.authorsSubcommand(f, "python -m "+f.MainModule, f.MainModule); len(sub) > 0 {
			p.Command = append(p.Command, sub...)
			why += "; " + more
		} else if l := f.MainSub; l != nil {
			p.Command = append(p.Command, l.Argv[1:]...)
			if strings.HasPrefix(l.Argv[0], "python -m ") {
				why += "; " + l.Why // read from the module's own CLI
			} else {
				why += "; it runs the function of the console script " + l.Argv[0] + ", and " + l.Why
			}
			if l.Unsure != "" {
				p.Warnings = append(p.Warnings, l.Unsure)
			}
		} else if w := f.WebFlag; w != nil {
			p.Command = append(p.Command, w.Flag)
			why += "; " + w.Why()
		}
		p.decide("command", strings.Join(p.Command, " "), why)
	case f.ScriptRun == nil && f.ShellCLI != nil:
		sh := f.ShellCLI
		return fmt.Errorf("found nothing to run: the console script %s is an interactive command shell (%s, %s): started bare it reads commands from stdin, which a container closes, so it ends at once; no web framework app, WSGI module or Procfile says what serves: pass --app \"command line\" or --app module:attribute", sh.Name, sh.What, sh.Source)
	case len(f.Scripts) > 0 && (f.Packaged && (f.ScriptRun != nil || len(f.SubProjects) == 0) || f.ScriptRun != nil):
		// The script detection chose by what its code does.
		sc, argv, why := f.Scripts[0], []string{f.Scripts[0].Name}, "[project.scripts] "+f.Scripts[0].Name+" = "+f.Scripts[0].Target
		if r := f.ScriptRun; r != nil {
			argv, why = r.Argv, r.Why
			for _, s := range f.Scripts {
				if s.Name == argv[0] {
					sc = s
				}
			}
		}
		p.StopSignal = "SIGINT"
		if mod, ok := strings.CutSuffix(strings.SplitN(sc.Target, ":", 2)[0], ".__main__"); ok && len(argv) == 1 {
			// The same code as the script, and it runs whether or not the
			// wheel is installed.
			p.Command = []string{"python", "-m", mod}
			why += "; it runs the package's __main__"
			if sub, more := p.authorsSubcommand(f, "python -m "+mod, mod); len(sub) > 0 {
				p.Command = append(p.Command, sub...)
				why += "; " + more
			}
			p.decide("command", strings.Join(p.Command, " "), why)
		} else if run, ok := sourceScriptArgv(sc, argv[1:]); ok && !f.Packaged {
			// Not installed: the script's function is called from the source tree.
			p.Command = run
			p.decide("command", strings.Join(append([]string{sc.Name}, argv[1:]...), " ")+" (run from source)", why+"; the wheel is not built ("+f.NotBuilt+"), so python calls "+sc.Target+" from the source tree as the script would")
		} else {
			p.Command = argv
			if len(argv) == 1 {
				if sub, more := p.authorsSubcommand(f, argv[0], ""); len(sub) > 0 {
					p.Command = append(slices.Clone(argv), sub...)
					why += "; " + more
				} else if w := f.WebFlag; w != nil {
					p.Command = append(slices.Clone(argv), w.Flag)
					why += "; " + w.Why()
				}
			}
			p.decide("command", strings.Join(p.Command, " "), why)
			p.launchedRunner(f)
		}
	case f.EntryFile != "":
		p.Command, p.StopSignal = []string{"python", f.EntryFile}, "SIGINT"
		why := "conventional entry file"
		if f.EntryWhy != "" {
			why = "the root script with a __main__ guard that is the program: " + f.EntryWhy
		}
		if sub := f.EntrySub; sub != nil && f.Serves != nil {
			p.Command = append(p.Command, sub.Words...)
			why += "; " + sub.Why(f.Serves)
		} else if w := f.WebFlag; w != nil {
			p.Command = append(p.Command, w.Flag)
			why += "; " + w.Why()
		}
		if f.Serves != nil && f.Serves.Runner != "" {
			if r := detect.UIRunner(f.Serves.Runner); r != nil {
				if p.portWhy == "default" {
					p.Port, p.portWhy = r.Port, r.Name+"'s default port ("+r.Source+")"
				}
				rep := strings.NewReplacer("{file}", f.EntryFile, "{port}", strconv.Itoa(p.Port))
				for _, e := range r.Env {
					p.ServerEnv = append(p.ServerEnv, EnvVar{e[0], rep.Replace(e[1])})
				}
			}
		}
		p.decide("command", strings.Join(p.Command, " "), why)
	default:
		if len(f.SubProjects) > 0 {
			scripts := "no [project.scripts]"
			if len(f.Scripts) > 0 {
				scripts = "no console script whose code serves or loops"
			}
			if m := f.MountedApp; m != nil && len(f.Scripts) > 0 {
				// The app is there, but only as a part of the program.
				return fmt.Errorf("found nothing to run here: the web app the code builds is mounted by the project's own server (%s hands it over, %s grafts it), so it is not served alone, and %s; pass --app \"%s <subcommand>\" with the subcommand that starts that server", m.Call, m.Mount, scripts, f.Scripts[0].Name)
			}
			return fmt.Errorf("found nothing to run here: this folder looks like a library (no web framework app, %s, no Procfile, no main.py); the applications are in %s: run pydock there, or pass --app", scripts, strings.Join(f.SubProjects, ", "))
		}
		if err := unbuiltScriptsError(f); err != nil {
			return err
		}
		return fmt.Errorf("found nothing to run: no web framework, no [project.scripts], no Procfile and no main.py; pass --app module:attribute or --app \"command line\"")
	}
	p.Kind = kind
	p.decide("kind", string(kind), kindWhy)
	switch launcher := launcherOf(p.Command); {
	case kind == detect.KindWorker:
		// The process is the check: no port, no EXPOSE, no HEALTHCHECK.
		p.Port = 0
	case launcher != nil:
		p.launcherPort(launcher)
	case f.App == nil && s.App == "" && f.Procfile == nil && s.Port == 0:
		if f.UIApp != nil {
			break // the UI runner's port (or the authors' own), set above
		}
		if f.Serves != nil && f.Serves.Port > 0 {
			p.Port, p.portWhy = f.Serves.Port, "the port the code serves on ("+f.Serves.PortFrom.String()+")"
		} else if f.Serves != nil && f.Serves.PortEnv != "" {
			p.portWhy = "default, which the image passes in " + f.Serves.PortEnv + " (" + f.Serves.PortEnvFrom.String() + ")"
		} else if f.UIApp == nil && (f.Serves == nil || f.Serves.Runner == "") { // a UI runner's port is its own default
			p.Notes = append(p.Notes, fmt.Sprintf("the program serves, but pydock found no port in its code: assuming %d; pass --port if it listens elsewhere", p.Port))
		}
	}
	if p.Port > 0 {
		p.decide("port", strconv.Itoa(p.Port), p.portWhy)
	}
	if sv := f.Serves; p.Port > 0 && sv != nil && sv.HostFlag != "" && f.App == nil && f.Procfile == nil && s.App == "" && launcherOf(p.Command) == nil && !slices.Contains(p.Command, sv.HostFlag) {
		// The program's own option binds the loopback unless told: a
		// published port never reaches it, while a probe from inside passes.
		bind := "0.0.0.0"
		if sv.HostFlagPort {
			bind += ":" + strconv.Itoa(p.Port)
		}
		p.Command = append(p.Command, sv.HostFlag, bind)
		p.decide("listens on", bind, "CMD passes "+sv.HostFlag+" "+bind+": the option's default ("+sv.HostFlagFrom.String()+") is loopback only, which a published port cannot reach")
	} else if sv := f.Serves; p.Port > 0 && sv != nil && sv.Host != "" && f.App == nil && f.Procfile == nil && s.App == "" {
		switch sv.Host {
		case "localhost", "127.0.0.1", "::1", "ip6-localhost":
			p.decide("listens on", sv.Host, "its configuration's default ("+sv.HostFrom.String()+"): loopback only, which a published port cannot reach")
			p.ProbeOwnAddress = true
			p.decide("health probe address", "the container's own", "the server binds "+sv.Host+" ("+sv.HostFrom.String()+") and pydock knows no flag or variable that changes it: a probe of 127.0.0.1 would pass while the published port is dead")
			how := "set it to 0.0.0.0 in the app's configuration"
			if section, key, ok := strings.Cut(sv.HostKey, "/"); ok {
				// The package's own defaults: the user's configuration
				// file overrides the same setting.
				how = fmt.Sprintf("set %s = 0.0.0.0 in its [%s] section of the configuration file the app reads (mounted into the container)", key, section)
			}
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the server binds %s by default, so only the container itself reaches it and the published port is dead; the HEALTHCHECK asks the container's own address, so the image stays unhealthy until you %s", sv.HostFrom, sv.Host, how))
		default:
			p.decide("listens on", sv.Host, "its configuration's default ("+sv.HostFrom.String()+")")
		}
	}
	if sv := f.Serves; p.Port > 0 && sv != nil && sv.PortFlag != "" && p.Port != sv.Port && f.App == nil && f.Procfile == nil && s.App == "" && launcherOf(p.Command) == nil && !slices.Contains(p.Command, sv.PortFlag) {
		// The program binds its option's default unless told: the image's
		// port is another (--port), so the command names it.
		p.Command = append(p.Command, sv.PortFlag, strconv.Itoa(p.Port))
		p.decide("port option", sv.PortFlag+" "+strconv.Itoa(p.Port), "CMD passes the image's port: the program listens on its option's default, "+strconv.Itoa(sv.Port)+" ("+sv.PortFrom.String()+"), unless told")
	}
	if sv := f.Serves; p.portGiven && p.Port > 0 && sv != nil && sv.PortBound && sv.PortEnv == "" && p.Port != sv.Port && f.App == nil && f.Procfile == nil && s.App == "" && launcherOf(p.Command) == nil {
		// Nothing the image sets reaches a port written into the bind call.
		p.Warnings = append(p.Warnings, fmt.Sprintf("--port %d does not reach the server: the code binds port %d itself (%s) and reads no option or variable for it, so the image exposes and probes %d where nothing listens; pass --port %d (and publish it as you like in compose), or make the code read PORT", p.Port, sv.Port, sv.PortFrom, p.Port, sv.Port))
	}
	if sv := f.Serves; p.portGiven && p.Port > 0 && sv != nil && !sv.PortBound && sv.PortEnv == "" && sv.PortFlag == "" && !strings.HasSuffix(sv.PortFrom.File, ".py") && sv.PortFrom.File != "" && p.Port != sv.Port && f.App == nil && f.Procfile == nil && s.App == "" && launcherOf(p.Command) == nil {
		// A port from the app's own configuration file: no variable or
		// option the image sets moves it.
		p.Warnings = append(p.Warnings, fmt.Sprintf("--port %d does not reach the server: it listens on the port its configuration file sets, %d (%s), and reads no option or variable for it, so the image exposes and probes %d where nothing listens; set the port to %d in that file (and mount it), or pass --port %d", p.Port, sv.Port, sv.PortFrom, p.Port, p.Port, sv.Port))
	}
	if p.Port > 0 && p.Port < 1024 {
		p.Notes = append(p.Notes, fmt.Sprintf("port %d is below 1024: the app user (not root) may bind it where net.ipv4.ip_unprivileged_port_start=0, which Docker (20.10 and later) sets in containers; elsewhere (Kubernetes: the pod's securityContext sysctls) set it or move the port", p.Port))
	}
	p.chooseDataDirs(f)
	if launcher := launcherOf(p.Command); launcher != nil && kind != detect.KindWorker {
		p.launcherData(launcher)
		p.launcherAddr(launcher)
	}
	p.serverConf = loadedConfig(f, serverArgv(p.Command))
	p.chooseServerEnv()
	if sv := f.Serves; p.Port > 0 && sv != nil && sv.PortEnv != "" && f.App == nil && f.Procfile == nil && s.App == "" && launcherOf(serverArgv(p.Command)) == nil {
		// The program binds the port its own variable names: that is the image's.
		p.ServerEnv = append(p.ServerEnv, EnvVar{sv.PortEnv, strconv.Itoa(p.Port)})
		p.ServerNotes = append(p.ServerNotes, sv.PortEnv+": the port the program's server binds ("+sv.PortEnvFrom.String()+" reads it), set to the port the image exposes.")
		p.decide("port variable", sv.PortEnv+"="+strconv.Itoa(p.Port), sv.PortEnvFrom.String()+" reads the port the server binds from it")
	}
	for _, a := range p.Command {
		if a == "--reload" {
			p.Warnings = append(p.Warnings, "the command uses --reload, a development option: it watches files and restarts in production (DF016); remove it")
		}
	}
	p.checkProgram(f)
	return nil
}

// checkProgram holds the invariant that CMD starts a program the image has:
// a server or tool from the dependencies, the project's own script, or
// Python itself running a module the image has.
func (p *Plan) checkProgram(f *detect.Facts) {
	if len(p.Command) == 0 {
		return
	}
	prog, args := p.Command[0], p.Command[1:]
	if prog == "/bin/sh" {
		// The last command of the line is the long-running one.
		if line, err := shellcmd.Parse(p.Command[len(p.Command)-1]); err == nil {
			if cmds := line.Commands(); len(cmds) > 0 {
				vals := cmds[len(cmds)-1].Values()
				if len(vals) > 1 && vals[0] == "exec" {
					vals = vals[1:]
				}
				if len(vals) > 0 {
					prog, args = vals[0], vals[1:]
				}
			}
		}
	}
	if shellPrograms[prog] || strings.HasPrefix(prog, "./") || strings.HasPrefix(prog, "/") {
		return
	}
	for _, sc := range f.Scripts {
		if sc.Name == prog && f.Packaged {
			return
		}
	}
	dist, known := programPackage(prog)
	if backs, ok := runnerBackends[prog]; ok && len(args) > 0 && args[0] == "run" && !slices.ContainsFunc(backs, func(b string) bool { return installed(f, b) }) {
		p.Warnings = append(p.Warnings, fmt.Sprintf("CMD runs %s run, which starts %s, and none of them is among the dependencies: add %s", prog, strings.Join(backs, " or "), backs[0]))
	}
	switch {
	case !known:
		p.Warnings = append(p.Warnings, fmt.Sprintf("CMD starts %s, which pydock cannot trace to a dependency: make sure the image installs it", prog))
	case installed(f, dist) || p.ServerInstall != "":
	default:
		for _, s := range servers {
			if s.Package == dist && s.Pin != "" {
				p.ServerInstall = dist + "==" + s.Pin
				p.Warnings = append(p.Warnings, fmt.Sprintf("CMD starts %s, which is not among the dependencies: the image installs %s in its own step (the locked packages do not move); add %s to your dependencies", prog, p.ServerInstall, dist))
				p.decide("server install", p.ServerInstall, prog+" is started by CMD but not installed")
				return
			}
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("CMD starts %s, but %s is not among the dependencies: the container would exit at once; add %s to them", prog, dist, dist))
	}
}

// setLine takes a user's command line as it is: in exec form when it is one
// simple command, else under sh -c as the parser's tree printed back, so
// quotes, escapes and operators mean what they meant (never re-joined words).
func (p *Plan) setLine(line *shellcmd.Line, why string) {
	for _, c := range line.Commands() {
		p.warnTrustAnyone(c.Values())
		p.normaliseServer(c)
	}
	line = p.splitRelease(line, why)
	if argv, ok := line.Argv(); ok {
		p.Command = p.execInShell(argv)
	} else {
		// Exec form cannot express && or pipes; sh -c with exec keeps the
		// last command as PID 1 so it still receives SIGTERM.
		p.Command = []string{"/bin/sh", "-c", execLast(line).String()}
		p.Warnings = append(p.Warnings, "the command uses shell operators, so it runs under /bin/sh -c; prefer one process per container (DF010)")
	}
	if len(p.Command) > 0 && p.Command[0] == "python" {
		p.StopSignal = "SIGINT"
	}
	p.decide("command", strings.Join(p.Command, " "), why)
}

// pythonProcess reports whether argv runs a plain Python process as PID 1:
// python itself, or a console script of the project (the packaged
// project's own program, not a server with its own signal handling), which
// ignores SIGTERM without a handler and stops on SIGINT's KeyboardInterrupt.
func pythonProcess(f *detect.Facts, argv []string) bool {
	if len(argv) == 0 {
		return false
	}
	if argv[0] == "python" {
		return true
	}
	return f.Packaged && slices.ContainsFunc(f.Scripts, func(s detect.Script) bool { return s.Name == argv[0] })
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

// warnLauncherDoubt warns of a doubt in the launcher's choice once the
// image runs that launcher: the warning names it as the command.
func (p *Plan) warnLauncherDoubt(l *detect.Launcher) {
	if l.Unsure != "" {
		p.Warnings = append(p.Warnings, l.Unsure)
	}
}

func frameworkName(fw detect.Framework) string {
	if fw == detect.FrameworkNone {
		return "an unknown framework"
	}
	return string(fw)
}

// appCommandServes reports whether --app names something that serves by
// itself: an app target (module:attr), or a command line whose program is
// a server, a framework launcher or a UI runner pydock knows.
func appCommandServes(app string) bool {
	if !strings.ContainsAny(app, " \t") {
		return true
	}
	line, err := shellcmd.Parse(app)
	if err != nil {
		return true // the error is --app's own, reported where it is read
	}
	cmds := line.Commands()
	if len(cmds) == 0 {
		return true
	}
	argv := cmds[len(cmds)-1].Values()
	for len(argv) > 0 && argv[0] == "exec" {
		argv = argv[1:]
	}
	argv = argv[unwrapped(argv):]
	if len(argv) == 0 {
		return true
	}
	return rowAt(argv) != nil || launcherOf(argv) != nil || detect.UIRunner(path.Base(argv[0])) != nil
}
