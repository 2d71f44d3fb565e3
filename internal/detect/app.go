package detect

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// serverNames are the servers pydock knows how to run, in preference order.
var serverNames = []string{"uvicorn", "gunicorn", "granian", "hypercorn", "uwsgi", "waitress"}

// runtimeFiles are files and folders apps read from the working directory
// at run time, outside any package.
var runtimeFiles = []string{"alembic.ini", "alembic", "migrations", "config", "templates"}

// extraServers are servers a dependency's extra brings with it.
var extraServers = map[string]map[string]string{
	"fastapi": {"standard": "uvicorn", "all": "uvicorn"},
}

// detectApp finds the framework, the servers and what to run.
func detectApp(fsys fs.FS, f *Facts, exists func(string) bool) error {
	f.Installed = map[string]bool{}
	for _, d := range f.Dependencies {
		f.Installed[d.Name] = true
		for _, e := range d.Extras {
			if s := extraServers[d.Name][e]; s != "" {
				f.Installed[s] = true
			}
		}
	}
	f.InstalledKnown = f.Manager == ManagerUV || f.Manager == ManagerPoetry || f.ExportOf != ""
	for _, s := range serverNames {
		if f.Installed[s] {
			f.Servers = append(f.Servers, s)
		}
	}
	f.ServerConfigs = findServerConfigs(fsys)
	f.UWSGIFiles = findUWSGIFiles(fsys)

	// The folders the build configuration imports packages from, src/,
	// then the root. Not installed, the code imports from them as the
	// source tree.
	roots := f.layout.sourceRoots(fsys)
	for _, name := range runtimeFiles {
		if _, err := fs.Stat(fsys, name); err == nil {
			f.RuntimeFiles = append(f.RuntimeFiles, name)
		}
	}
	f.ConfigFiles = findConfigFiles(fsys, roots)
	for _, r := range findRequiredConfigs(fsys, roots) {
		// An example the repository commits already says where it goes.
		if !slices.ContainsFunc(f.ConfigFiles, func(c ConfigFile) bool { return c.Example != "" && (r.Env != "" && c.Env == r.Env || c.Name == r.Name) }) {
			f.RequiredConfigs = append(f.RequiredConfigs, r)
		}
	}
	f.HomeData = findHomeData(fsys, roots)
	f.PackageIgnored = packageIgnored(fsys, f.PackageDirs)
	for _, c := range codeReads(fsys, roots, f.PackageDirs) {
		if !contains(f.RuntimeFiles, c) && !contains(f.RuntimeFiles, strings.Split(c, "/")[0]) {
			f.RuntimeFiles = append(f.RuntimeFiles, c)
		}
	}
	if !f.Packaged {
		for _, r := range roots {
			if r != "" {
				f.ImportRoots = append(f.ImportRoots, r)
			}
		}
	}

	proc, err := readProcfile(fsys)
	if err != nil {
		return err
	}
	var managed []Procfile
	if proc != nil {
		all, _ := readProcfileAll(fsys) // read once already: no new error
		outer := *proc
		if inner, others, note := followManager(fsys, proc); inner != nil {
			f.Notes = append(f.Notes, note)
			proc, managed = inner, others
		}
		for _, p := range all {
			if p != outer && p != *proc {
				if note := resolveMake(fsys, &p); note != "" {
					f.Notes = append(f.Notes, note)
				}
				f.Processes = append(f.Processes, p)
			}
		}
		f.Processes = append(f.Processes, managed...)
		if note := resolveMake(fsys, proc); note != "" {
			f.Notes = append(f.Notes, note)
		}
		if note := devWeb(proc); note != "" && proc.Process == "web" {
			f.Notes = append(f.Notes, note)
			proc = nil
		} else if why, stale := staleProcfileTarget(fsys, roots, proc); stale {
			f.Warnings = append(f.Warnings, why)
			proc = nil
		}
	}
	f.Procfile = proc
	if proc != nil {
		f.ProcfileStart = procfileScript(fsys, proc)
		if st := f.ProcfileStart; st != nil && st.Dir != "" && !contains(f.ImportRoots, st.Dir) {
			// Its server line imports from the folder the script cd's into.
			f.ImportRoots = append(f.ImportRoots, st.Dir)
		}
	}
	launch, notes := findLaunchProcesses(fsys)
	f.Processes = append(f.Processes, launch...)
	f.Notes = append(f.Notes, notes...)
	steps, launch, notes := runnerCommands(fsys)
	f.Processes = append(f.Processes, launch...)
	f.Notes = append(f.Notes, notes...)
	f.runnerSteps = steps

	// Every framework whose package the image installs and whose app the
	// source builds; the first row of the table wins.
	var missing []string
	for _, spec := range frameworks {
		dep := f.firstInstalled(spec.Packages)
		if dep == "" || spec.Name == FrameworkDjango {
			continue
		}
		app, dir, err := findApp(fsys, spec.Name, roots)
		if err != nil {
			return err
		}
		if app == nil {
			if d := f.Dep(dep); d != nil {
				missing = append(missing, spec.Name.String()+" ("+d.Source.String()+")")
			}
			continue
		}
		if m := findMountedApp(fsys, roots, app); m != nil {
			// Part of the project's own program: that program is the
			// service, and the app alone runs without it.
			how := "passes it to " + m.Func + ", whose module grafts apps into the server the project runs itself (" + m.Mount.String() + ")"
			if m.Func == "" {
				how = "grafts it into the server the project runs itself"
			}
			f.Notes = append(f.Notes, fmt.Sprintf("%s builds the %s app %s, but %s %s (%s): not served on its own; the program that starts that server is the service (pass --app to serve the app alone)", app.Source, spec.Name, app, m.Call, how, m.Source))
			f.MountedApp = m
			continue
		}
		if why := toolScriptApp(fsys, roots, f.Name, spec.Name, app); why != "" {
			f.Notes = append(f.Notes, why)
			continue
		}
		f.Framework, f.FrameworkFrom = spec.Name, app.Source
		f.App, f.AppDir = app, dir
		break
	}

	if proc == nil && !f.Installed["django"] {
		if t := authorsWSGIFile(fsys, roots); t != nil && (f.App == nil || t.String() != f.App.String() || t.Factory != f.App.Factory) {
			f.useWSGIFile(fsys, roots, t)
		}
	}

	if f.Installed["django"] {
		manage, several := findManagePy(fsys)
		switch {
		case len(several) > 1:
			f.Notes = append(f.Notes, "several Django projects ("+strings.Join(several, ", ")+"); pass --app to choose what runs")
		case manage == "":
			if f.Has("django") {
				// A Django dependency without manage.py is a library use
				// (an ORM script, a test helper), not a Django site.
				f.Notes = append(f.Notes, "django is a dependency but there is no manage.py; not treated as a Django site")
			}
		case f.App != nil && wrapsDjango(fsys, f.App.Source.File):
			f.Notes = append(f.Notes, fmt.Sprintf("%s builds the %s app around Django's (%s): that app is served, %s is for management commands", f.App.Source.File, f.Framework, f.App, manage))
			if err := readDjangoAt(fsys, f, manage, false); err != nil {
				return err
			}
		default:
			// A root manage.py whose settings module is not under its folder
			// (it puts a subfolder on sys.path): the manage.py one down,
			// beside the settings package, is the project's.
			if below, _ := managePyBelow(fsys); below != "" && path.Dir(below) != path.Dir(manage) &&
				!djangoSettingsFound(fsys, manage) && djangoSettingsFound(fsys, below) {
				f.Notes = append(f.Notes, fmt.Sprintf("%s names a settings module that is not under its folder: %s, beside that module, is the Django project's", manage, below))
				manage = below
			}
			if err := readDjangoAt(fsys, f, manage, true); err != nil {
				return err
			}
		}
	}

	if f.Django != nil {
		f.ServerConfigs = append(f.ServerConfigs, appDirServerConfigs(fsys, f.Django.Dir, f.ServerConfigs)...)
	}

	envScript := ""
	if f.App == nil && f.Django == nil && proc == nil && f.MountedApp == nil {
		// A WSGI application built from the configuration a variable
		// names, where the console script needs a file the image lacks.
		if a := findEnvApp(fsys, roots); a != nil {
			if sc, cfg, at, ok := scriptNeedsEtcConfig(fsys, f.Scripts, roots); ok {
				f.App, f.AppDir = &a.Target, path.Dir(a.Target.Source.File)
				if f.AppDir == "." {
					f.AppDir = ""
				}
				envScript = sc.Name
				f.Notes = append(f.Notes, envAppNote(a, sc, cfg, at))
			}
		}
	}
	// The authors' start scripts: a UI script they run outranks an app
	// object found by scanning (a server that mounts the same UI).
	runs := findScriptRuns(fsys, "")
	for _, u := range runs.untaken {
		f.Notes = append(f.Notes, fmt.Sprintf("%s starts %s only when %s: an alternative to the script's default run, which the image follows", u.Source, strings.Join(u.Argv, " "), u.When))
	}
	if f.Django == nil && proc == nil && len(runs.servers) == 0 {
		if ui := scriptUIApp(fsys, f, runs.pyFiles); ui != nil {
			if f.App != nil {
				f.Notes = append(f.Notes, fmt.Sprintf("serving %s with %s as the authors' start script %s runs it (scanning found the %s app %s at %s)", ui.File, ui.Runner, ui.Source, f.Framework, f.App, f.App.Source))
				f.App, f.AppDir, f.Framework, f.FrameworkFrom = nil, "", FrameworkNone, Source{}
			}
			f.UIApp = ui
		}
	}
	if f.Framework == FrameworkNone && f.App == nil && f.Django == nil && proc == nil && f.UIApp == nil {
		f.UIApp = findUIApp(fsys, f, roots)
	}
	if f.Framework == FrameworkNone && f.App == nil && f.UIApp == nil {
		f.MainModule, f.MainModuleFrom = mainPackage(fsys, roots, f.Name)
		if len(missing) > 0 {
			f.Notes = append(f.Notes, "no module builds the app of "+strings.Join(missing, ", ")+": not served as a web framework")
		}
		runnable := f.MainModule != "" || len(f.Scripts) > 0 || proc != nil
		// No manifest here, projects below: a script at this root is the
		// repository's helper (docs, release), not the program, and imports
		// what only those projects install; the folders are named instead.
		helperRoot := !runnable && f.Manager == ManagerNone && len(projectsBelow(fsys)) > 0
		if !runnable && !helperRoot {
			if entry, src, why := findEntryFile(fsys, f.Name); entry != "" {
				f.EntryFile, f.EntryWhy = entry, why
				runnable = true
				f.Notes = append(f.Notes, fmt.Sprintf("no web framework app: runs %s with python (%s)", entry, src))
			}
		}
		if !runnable && len(missing) > 0 {
			// Nothing else to run: the dependency is the best lead left.
			for _, spec := range frameworks {
				if d := f.firstInstalled(spec.Packages); d != "" && f.Dep(d) != nil && spec.Name != FrameworkDjango {
					f.Framework, f.FrameworkFrom = spec.Name, f.Dep(d).Source
					break
				}
			}
			if proc == nil {
				f.Warnings = append(f.Warnings, fmt.Sprintf("%s is a dependency but no module creates the app; pass --app module:attribute", f.Framework))
			}
		}
	}
	if f.App != nil {
		f.ServerGate = gateFor(f.serverGates, f.App.Source.File)
		if !f.App.Factory {
			f.MainWiring = mainWiring(fsys, f.App.Source.File, f.App.Attr)
			f.AppRunPort = appRunPort(fsys, f.App.Source.File, f.App.Attr)
			f.MainStart = mainStart(fsys, f.App.Source.File, f.App.Attr)
		}
	}
	// The authors' start script names the app they serve; it outranks an
	// object found by scanning (a CLI's own app, a shim).
	f.ScriptServers = runs.servers
	f.UnitCommands = findUnitCommands(fsys)
	if f.App == nil && f.Django == nil {
		f.NeedsSubcommand = findNeedsSubcommand(fsys, f, roots)
	}
	if f.Dep("celery") != nil {
		f.CeleryApps = findCeleryApps(fsys, roots)
		f.CeleryCLI = findCeleryCLI(fsys, f, roots)
	}
	djw, replaced := findDjangoWorkers(f)
	f.Processes = append(f.Processes, djw...)
	f.Processes = append(f.Processes, findCodeWorkers(fsys, f, roots, replaced)...)
	f.Processes = append(f.Processes, composeManageCommands(fsys, f)...)
	scripted := false
	if f.App != nil && f.Django == nil {
		if t, file := scriptTarget(fsys, roots, f.ScriptServers); t != nil {
			scripted = true
			if t.String() != f.App.String() || t.Factory != f.App.Factory {
				t.Interface = f.App.Interface
				f.Notes = append(f.Notes, fmt.Sprintf("serving %s as the authors' start script %s names it (scanning found %s at %s)", t, t.Source, f.App, f.App.Source))
				f.App, f.AppDir = t, path.Dir(file)
				if f.AppDir == "." {
					f.AppDir = ""
				}
			}
		}
	}
	// The authors' launcher names the app they serve: prefer its spelling
	// (a package that re-exports the app) when it is importable as written.
	if f.App != nil && f.Django == nil && !scripted {
		if t := findLauncherTarget(fsys, roots); t != nil && t.String() != f.App.String() {
			t.Interface = f.App.Interface
			f.Notes = append(f.Notes, fmt.Sprintf("serving %s as the authors' launcher %s names it (the object is built at %s)", t, t.Source, f.App.Source))
			f.App = t
		}
	}

	if f.App != nil && f.Django == nil && len(f.ScriptServers) == 0 {
		// The authors' start script beside the app's module, in its
		// folder (app/run.sh): a server line there naming the app, as
		// pydock serves it or as imported from that folder (app:app for
		// app/app.py), says how they serve it (its port).
		if dir := path.Dir(f.App.Source.File); dir != "." && !slices.Contains(scriptDirs, dir) {
			local := strings.TrimSuffix(path.Base(f.App.Source.File), ".py") + ":" + f.App.Attr
			for _, s := range findScriptRuns(fsys, dir).servers {
				if slices.Contains(s.Argv, f.App.String()) || slices.Contains(s.Argv, local) {
					f.ScriptServers = append(f.ScriptServers, s)
				}
			}
		}
	}

	if f.App == nil && f.Django == nil && proc == nil && f.MainModule == "" && f.EntryFile == "" && f.UIApp == nil && len(f.Scripts) == 0 && f.Packaged {
		// No console script: a script file the wheel installs may be the program.
		if files := f.scriptFiles; len(files) > 0 {
			if l, warn := chooseScriptFile(fsys, roots, files); l != nil {
				for _, sc := range files {
					if sc.Name == l.Argv[0] {
						f.Scripts = append(f.Scripts, sc)
					}
				}
				f.ScriptRun = l
				if warn != "" {
					f.Warnings = append(f.Warnings, warn)
				}
			}
		}
	}
	if f.App == nil && f.Django == nil && proc == nil && f.MainModule == "" && f.EntryFile == "" && f.UIApp == nil && (len(f.Scripts) == 0 || !scriptsShowService(fsys, roots, f.Scripts)) {
		// No app object and no program (the console scripts' code shows
		// none: an admin CLI): the authors' server configuration names
		// what they serve, else the project's WSGI module does.
		if t, unsure := configuredApp(fsys, f, roots); t != nil {
			f.App = t
			f.Notes = append(f.Notes, fmt.Sprintf("no app object in the code: serving %s, the module the authors' uWSGI file names (%s)", t, t.Source))
			if unsure != "" {
				f.Warnings = append(f.Warnings, unsure)
			}
		} else if t, others := wsgiModule(fsys, roots); t != nil {
			f.App, f.wsgiOthers = t, others
			f.Notes = append(f.Notes, fmt.Sprintf("no app object in the code: serving %s, which the project's WSGI module binds (%s) for a WSGI server to import", t, t.Source))
		}
		if f.App != nil && path.Dir(f.App.Source.File) != "." && strings.HasSuffix(f.App.Source.File, ".py") {
			f.AppDir = path.Dir(f.App.Source.File)
		}
	}
	f.checkPluginCommands(fsys, roots)
	if f.App == nil && f.Django == nil && proc == nil && f.MainModule == "" && f.EntryFile == "" && (len(f.Scripts) == 0 || !f.Packaged) {
		f.SubProjects = subProjects(fsys)
	}
	f.Serves = findServing(fsys, roots)
	entry := f.EntryFile
	if entry == "" && f.MainModule != "" {
		entry = f.MainModuleFrom.File // python -m pkg runs pkg/__main__.py
	}
	if entry != "" {
		// The program's own imports say what it runs: not a vendored
		// server (ext/tornado, lib/future) or a tool beside it.
		served := true
		if sv := entryServing(fsys, roots, entry); sv != nil {
			f.Serves = sv
		} else if sub, sv := findEntrySubcommand(fsys, roots, f.EntryFile); sub != nil {
			f.EntrySub, f.Serves = sub, sv
		} else if sv := entryCodeServing(fsys, roots, entry); sv != nil {
			f.Serves = sv
		} else {
			served = false
		}
		f.runServingModule(fsys, roots, served)
	}
	if f.Serves != nil && f.App == nil && f.Django == nil && f.UIApp == nil && f.Procfile == nil && f.EntrySub == nil {
		// Its web server may be a mode its own option turns on.
		if w := findWebModeFlag(fsys, roots); w != nil {
			f.WebFlag = w
			if w.Port > 0 {
				f.Serves.Port, f.Serves.PortFrom = w.Port, w.PortFrom
			}
		}
	}
	if f.Serves == nil && f.App == nil && f.Django == nil && f.UIApp == nil && f.Procfile == nil {
		f.LoopbackBind = findLoopbackBind(fsys, roots)
	}
	if f.App != nil {
		f.Launcher = findLauncher(fsys, f, roots)
		if l := f.Launcher; l != nil && envScript != "" && len(l.Argv) > 0 && l.Argv[0] == envScript {
			f.Launcher = nil // it needs the configuration file the image lacks
		}
		if f.Launcher == nil || !f.Launcher.Required {
			// The authors' script completes the app before serving it.
			if l := findInitLauncher(fsys, f, roots); l != nil {
				f.Launcher = l
			}
		}
		if s := f.MainStart; s != nil && s.Debug == "" && (f.Launcher == nil || !f.Launcher.Required) {
			// The module's start-up runs only when it runs as a script.
			f.Launcher = mainStartLauncher(fsys, s)
		}
	}
	if scripts := f.runnableScripts(fsys, roots); len(scripts) > 0 && f.ScriptRun == nil && f.App == nil && f.Django == nil && f.UIApp == nil && proc == nil && f.MainModule == "" && f.Framework == FrameworkNone {
		f.ScriptRun = chooseScript(fsys, f, roots, scripts)
		if f.ScriptRun != nil && f.ScriptRun.Unsure != "" {
			f.Warnings = append(f.Warnings, f.ScriptRun.Unsure)
		}
		f.scriptRunnerServes()
	}
	if f.MainModule != "" && f.App == nil && f.Django == nil && f.UIApp == nil && proc == nil {
		if f.MainSub = mainSubcommand(fsys, f, roots); f.MainSub != nil {
			// The command is chosen: python -m pkg does not run bare.
			f.NeedsSubcommand = slices.DeleteFunc(f.NeedsSubcommand, func(n NeedsSubcommand) bool { return n.Entry == "python -m "+f.MainModule })
		}
	}
	if f.App != nil && f.Django == nil {
		f.appFolderImports(fsys, roots)
		f.needRoot(fsys, roots, f.App.Module)
		f.OtherApps = append(findOtherApps(fsys, f, roots), f.wsgiOthers...)
	}
	if f.MainModule != "" {
		f.needRoot(fsys, roots, f.MainModule)
	}
	if f.App != nil || f.UIApp != nil {
		// The program the authors run beside the app they serve.
		var skip []string // what serves the app already: not again
		if f.UIApp != nil {
			skip = append(skip, f.UIApp.File)
		}
		if f.App != nil {
			skip = append(skip, f.App.Source.File)
		}
		var scripts []string
		for _, s := range f.Scripts {
			scripts = append(scripts, s.Name)
		}
		f.Processes = append(f.Processes, composePrograms(fsys, roots, f.MainModule, skip, scripts)...)
	}
	f.Kind, f.KindWhy = f.kind()
	f.DataDirs = withDataDirs(findDataDirs(fsys, f, roots), f.djangoDataDirs)
	f.StartWrites = findStartWrites(fsys, f, roots)
	healthRoots := roots
	if f.Django != nil && f.Django.Dir != "" {
		healthRoots = append([]string{f.Django.Dir}, roots...)
	}
	urlconf := ""
	if f.Django != nil {
		urlconf = f.Django.RootURLConf
	}
	f.Health, f.HealthSkipped = findHealthRouteWhy(fsys, healthRoots, urlconf)
	if f.Health == nil {
		f.Health = wiredSnippet(fsys, healthRoots, f.AppDir)
	} else if f.Django != nil && len(f.Django.ProbeRefused) > 0 && f.Django.ProbeMiddleware {
		// Pydock's middleware answers before the checks that refuse the
		// project's own route.
		if w := wiredSnippet(fsys, healthRoots, f.AppDir); w != nil {
			f.Health = w
		}
	}
	f.markConfigReaders(fsys, roots)
	return nil
}

// needRoot puts the import root a module is found under on the import
// path when the installed wheel does not ship it: CMD imports it from the
// source tree.
func (f *Facts) needRoot(fsys fs.FS, roots []string, module string) {
	if !f.Packaged || f.Ships(module) {
		return
	}
	for _, r := range roots {
		if moduleFile(fsys, r, module) != "" || isRegularFile(fsys, path.Join(r, strings.ReplaceAll(module, ".", "/"), "__main__.py")) {
			if r != "" && !contains(f.ImportRoots, r) {
				f.ImportRoots = append(f.ImportRoots, r)
			}
			return
		}
	}
}

// Ships reports whether the project's own wheel holds the module: its
// top-level package is one of the package folders (or module files) the
// build configuration ships.
func (f *Facts) Ships(module string) bool {
	top, _, _ := strings.Cut(module, ".")
	for _, d := range f.PackageDirs {
		if path.Base(d) == top {
			return true
		}
	}
	if f.layout != nil {
		for _, m := range f.layout.Modules {
			if strings.TrimSuffix(path.Base(m), ".py") == top {
				return true
			}
		}
	}
	return false
}

// whyFileRe is a Python file named in a reason (manage.py, core/wsgi.py).
var whyFileRe = regexp.MustCompile(`[\w./-]*[\w-]\.py\b`)

// kind says whether the project serves a port, and why.
func (f *Facts) kind() (Kind, string) {
	switch {
	case f.Procfile != nil && f.Procfile.Process == "worker":
		return KindWorker, "the Procfile declares only a worker process (" + f.Procfile.Source.String() + ")"
	case f.Procfile != nil && f.Procfile.Process != "web":
		return KindWeb, "the Procfile's " + f.Procfile.Process + " process starts a server (" + f.Procfile.Source.String() + ")"
	case f.Procfile != nil:
		return KindWeb, "the Procfile's web process (" + f.Procfile.Source.String() + ")"
	case f.UIApp != nil && f.UIApp.Source.File != f.UIApp.File:
		return KindWeb, f.UIApp.Runner + " serves " + f.UIApp.File + ", which the authors' " + f.UIApp.Source.String() + " runs"
	case f.UIApp != nil:
		return KindWeb, f.UIApp.Runner + " serves " + f.UIApp.File
	case f.Django != nil:
		return KindWeb, "a Django site (" + f.Django.Source.String() + ")"
	case f.App != nil && f.Framework == FrameworkNone:
		return KindWeb, string(f.App.Interface) + " app at " + f.App.Source.String()
	case f.App != nil:
		return KindWeb, string(f.Framework) + " app at " + f.App.Source.String()
	case f.Framework != FrameworkNone:
		return KindWeb, f.Framework.String() + " is a dependency"
	case f.Serves != nil && f.Serves.OnlyIf != nil:
		return KindWorker, "the code's own server (" + f.Serves.What + ", " + f.Serves.Source.String() + ") starts only in an elif, else or case of `" + f.Serves.OnlyIfText + "` (" + f.Serves.OnlyIf.String() + "), an alternative the program's configuration picks, so nothing may bind its port as configured by default; --kind web (or kind in pydock.toml) when yours takes that branch"
	case f.Serves != nil:
		return KindWeb, "the code serves with " + f.Serves.What + " (" + f.Serves.Source.String() + ")"
	}
	if f.LoopbackBind != nil {
		return KindWorker, "no web framework app, and the code's only server binds the loopback (" + f.LoopbackBind.String() + "), which nothing outside the container reaches: not a port to publish or probe"
	}
	return KindWorker, "no web framework app and no code that serves a port"
}

// firstInstalled returns the first of the names the image installs, or "".
func (f *Facts) firstInstalled(names []string) string {
	for _, n := range names {
		if f.Installed[n] {
			return n
		}
	}
	return ""
}

func (f *Facts) depSource(name string) Source {
	for _, d := range f.Dependencies {
		if d.Name == name {
			return d.Source
		}
	}
	return Source{}
}

func (fw Framework) String() string { return string(fw) }

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// dirOfModule turns "mysite.settings" into the folder holding it ("mysite"),
// looking under each import root.
func dirOfModule(fsys fs.FS, module string, roots []string) string {
	pkg, _, _ := strings.Cut(module, ".")
	if i := strings.LastIndex(module, "."); i >= 0 {
		pkg = module[:i]
	}
	dir := strings.ReplaceAll(pkg, ".", "/")
	for _, r := range roots {
		d := path.Join(r, dir)
		if st, err := fs.Stat(fsys, d); err == nil && st.IsDir() {
			return d
		}
	}
	return dir
}
