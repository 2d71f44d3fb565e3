package detect

// What a console script does, read from its code: whether the script (or
// one of its click/typer/argparse subcommands, or the entries of its
// dispatch table) starts a server or runs a service loop. A script is the
// service only on that evidence; names like "server" decide only when the
// code behind them is not in the project, and then with a warning.

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// loopSignals are calls that show a program runs until stopped without
// serving a port: what makes a console script a worker's service.
var loopSignals = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`^while\s+(?:True|1|not\b.*)\s*:`), "a loop"},
	{regexp.MustCompile(`\.run_forever\s*\(`), "an event loop run forever"},
	{regexp.MustCompile(`\.(?:run_polling|start_polling|infinity_polling|polling)\s*\(`), "a bot's polling loop"},
	{regexp.MustCompile(`\b(?:bot|client)\.run\s*\(`), "a bot's run loop"},
	// https://docs.telethon.dev/en/stable/modules/client.html#telethon.client.updates.UpdateMethods.run_until_disconnected
	{regexp.MustCompile(`\.run_until_disconnected\s*\(`), "a Telegram client's run loop (Telethon)"},
	{regexp.MustCompile(`\.work\s*\(|\bworker_main\s*\(|\.consume\s*\(`), "a queue worker"},
}

// launchSignals are calls that start a server besides serveSignals: a
// Django runserver, a framework's own runner.
var launchSignals = []struct {
	re   *regexp.Regexp
	what string
	dev  bool // a development server: evidence of serving, never the image's server
}{
	{regexp.MustCompile(`["']runserver["']`), "Django's development server (runserver)", true},
	{regexp.MustCompile(`\bapp\.run\s*\(`), "the framework's development server (app.run)", true},
	{regexp.MustCompile(`\bsocketio\.run\s*\(`), "the framework's runner", false},
	{regexp.MustCompile(`["'](?:gunicorn|uvicorn|daphne|hypercorn|granian|waitress-serve)["']`), "a server process", false},
}

// codeSignal is what a function's code shows: a server started (serves)
// or a loop, and where.
type codeSignal struct {
	serves bool
	dev    bool // only a development server
	what   string
	src    Source
	runner string // a UI framework that serves what the code builds (uiRunners)
}

// scriptReader reads the project's functions under its import roots.
type scriptReader struct {
	fsys  fs.FS
	roots []string
	files map[string][]pyLine
	// guard: where manage.py refuses direct use; a subcommand named to
	// serve is then the way the site runs, whatever its code shows.
	guard *Source
	// follow: calls of a function of an imported project module
	// (ui.launch()) are followed too, and a UI a framework serves itself
	// (uiBuilds) counts as serving.
	follow bool
	// reading: the CLI modules being read for a command collection's
	// sources, so a cycle of imports ends.
	reading map[string]bool
}

func (r *scriptReader) lines(file string) []pyLine {
	if l, ok := r.files[file]; ok {
		return l
	}
	data, err := readPySource(r.fsys, file)
	var l []pyLine
	if err == nil {
		l = pyLines(data)
	}
	r.files[file] = l
	return l
}

func (r *scriptReader) moduleFile(module string) string {
	for _, root := range r.roots {
		if f := moduleFile(r.fsys, root, module); f != "" {
			return f
		}
	}
	return ""
}

// body returns the logical lines of the def named fn in file (the first
// one, at any depth), nil when there is none.
//
// fn "Class.method" is that method of the class (instanceCalls).
func (r *scriptReader) body(file, fn string) []pyLine {
	lines := r.lines(file)
	if cls, meth, ok := strings.Cut(fn, "."); ok {
		for i, l := range lines {
			if m := classRe.FindStringSubmatch(l.text); m != nil && m[1] == cls {
				block := blockAfter(lines, i)
				for k, b := range block {
					if m := defRe.FindStringSubmatch(b.text); m != nil && m[1] == meth {
						return blockAfter(block, k)
					}
				}
				return nil
			}
		}
		return nil
	}
	for i, l := range lines {
		if m := defRe.FindStringSubmatch(l.text); m != nil && m[1] == fn {
			j := i + 1
			for j < len(lines) && lines[j].indent > l.indent {
				j++
			}
			return lines[i+1 : j]
		}
	}
	return nil
}

var callNameRe = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*\(`)

// signal reads function fn of module file for a server or a loop,
// following calls to the project's own functions up to depth more hops.
func (r *scriptReader) signal(file, fn string, depth int) *codeSignal {
	return r.linesSignal(file, r.body(file, fn), fn, depth)
}

// linesSignal is signal over body, lines of file (fn the function they are
// the body of, "" for a block).
func (r *scriptReader) linesSignal(file string, body []pyLine, fn string, depth int) *codeSignal {
	var loop *codeSignal
	for idx, l := range body {
		src := Source{File: file, Line: l.line}
		if r.follow {
			for _, u := range uiBuilds {
				if u.re.MatchString(l.text) {
					return &codeSignal{serves: true, what: u.what, src: src, runner: u.runner}
				}
			}
		}
		for _, s := range serveSignals {
			if s.re.MatchString(l.text) && (s.imports == "" || r.importsModule(file, s.imports)) {
				return &codeSignal{serves: true, what: s.what, src: src}
			}
		}
		if u := uiLaunch(l.text); u != nil {
			return &codeSignal{serves: true, what: u.Name + "'s own server (" + u.Name + " run)", src: src, runner: u.Name}
		}
		for _, s := range launchSignals {
			if loc := s.re.FindStringIndex(l.text); loc != nil {
				if recv, call, ok := strings.Cut(l.text[loc[0]:loc[1]], "."); ok && r.projectMethod(file, body, recv, strings.TrimRight(call, " \t(")) {
					continue // app = Application(); app.run(): the project's own method, followed below
				}
				return &codeSignal{serves: true, dev: s.dev, what: s.what, src: src}
			}
		}
		for _, s := range loopSignals {
			if loop == nil && s.re.MatchString(l.text) && !loopBreaks(body, idx) {
				loop = &codeSignal{what: s.what, src: src}
			}
		}
	}
	if depth == 0 {
		return loop
	}
	for _, c := range r.callees(file, body, fn) {
		if s := r.signal(c[0], c[1], depth-1); s != nil {
			if s.serves {
				return s
			}
			if loop == nil {
				loop = s
			}
		}
	}
	return loop
}

// attrCallRe is a call of a function of a module: ui.launch(),
// pkg.mod.run().
var attrCallRe = regexp.MustCompile(`\b([A-Za-z_][\w.]*)\.([A-Za-z_]\w*)\s*\(`)

// callees are the project's functions body calls (file and name, in
// order): its own and imported functions, and with follow the functions
// of imported project modules.
func (r *scriptReader) callees(file string, body []pyLine, fn string) [][2]string {
	module := ""
	for _, root := range r.roots {
		if m := moduleName(root, file); m != "" && moduleFile(r.fsys, root, m) == file {
			module = m
			break
		}
	}
	isPkg := strings.HasSuffix(file, "__init__.py")
	imports := pyImports(append(r.lines(file), body...))
	var out [][2]string
	seen := map[string]bool{fn: true}
	insts := r.instances(file, module, isPkg, imports, body)
	for _, l := range body {
		for _, m := range callNameRe.FindAllStringSubmatchIndex(l.text, -1) {
			name := l.text[m[2]:m[3]]
			// srv.run() of srv = Server(…), a class of the project: that
			// class's method (the server a command builds and starts).
			if cls, ok := insts[receiverBefore(l.text, m[2])]; ok {
				if key := cls[0] + "\x00" + cls[1] + "." + name; !seen[key] {
					seen[key] = true
					out = append(out, [2]string{cls[0], cls[1] + "." + name})
				}
				continue
			}
			// mod.fn() of an imported project module is that module's
			// function (followed only with follow), never a namesake in
			// this file (server.main() in a main()).
			if recv := receiverBefore(l.text, m[2]); recv != "" {
				if mod := r.importedModule(module, isPkg, imports, recv); mod != "" {
					if target := r.moduleFile(mod); r.follow && target != "" && !seen[mod+"."+name] {
						seen[mod+"."+name] = true
						out = append(out, [2]string{target, name})
					}
					continue
				}
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			target, callee := file, name
			if r.body(file, name) == nil {
				mod, fname := resolveCallee(module, isPkg, imports, name)
				if mod == module {
					continue
				}
				if target = r.moduleFile(mod); target == "" {
					continue
				}
				callee = fname
			}
			out = append(out, [2]string{target, callee})
		}
		if !r.follow {
			continue
		}
		for _, m := range attrCallRe.FindAllStringSubmatch(l.text, -1) {
			if mod := r.importedModule(module, isPkg, imports, m[1]); mod != "" {
				if target := r.moduleFile(mod); target != "" && !seen[mod+"."+m[2]] {
					seen[mod+"."+m[2]] = true
					out = append(out, [2]string{target, m[2]})
				}
			}
		}
	}
	return out
}

// importedModule is the project module a name stands for in a file with
// these imports (import a.b as x, from a import b, import a.b), "" when
// it is none.
func (r *scriptReader) importedModule(module string, isPkg bool, imports []pyImport, name string) string {
	for _, im := range imports {
		switch {
		case im.module != "" && (im.alias == name || im.alias == "" && im.module == name):
			return im.module
		case im.from != "" && im.name != "*" && (im.alias == name || im.alias == "" && im.name == name):
			if mod := absImport(module, isPkg, im.from) + "." + im.name; r.moduleFile(mod) != "" {
				return mod
			}
		}
	}
	return ""
}

// scriptChoice is a console script (and subcommand) with what its code
// shows.
type scriptChoice struct {
	argv     []string
	signal   *codeSignal
	why      string
	unsure   string // set when chosen by name, not by code
	required bool   // the project refuses to be served another way
	src      Source
	needs    *requiredArg // a required argument the bare command lacks
}

// readScript reads what a console script does: the subcommand whose code
// serves or loops, else the script's own function; nil when nothing shows.
func (r *scriptReader) readScript(sc Script) *scriptChoice {
	mod, fn, _ := strings.Cut(sc.Target, ":")
	fn, _, _ = strings.Cut(strings.TrimSpace(fn), ".")
	file := r.moduleFile(strings.TrimSpace(mod))
	if file == "" {
		return nil
	}
	subs := r.subcommands(file, fn)
	if c := r.loneTyperCommand(file, fn, subs); c != "" {
		// typer runs a lone command without its name: it is the
		// script's own function.
		fn, subs = c, nil
	}
	// main() hands its arguments to a click group of another module
	// (from pkg.cli import cli; cli(args=…)): its commands too.
	if g := r.handoffGroup(file, fn); g[0] != "" && g[0] != file {
		subs = append(subs, r.subcommands(g[0], g[1])...)
	}
	var serving, looping []scriptChoice
	readSubs := func(depth int) {
		serving, looping = nil, nil
		for _, s := range subs {
			if s.file == "" {
				continue
			}
			sig := r.signal(s.file, s.fn, depth)
			if sig == nil {
				continue
			}
			c := scriptChoice{argv: append([]string{sc.Name}, strings.Fields(s.name)...), signal: sig, src: sc.Source}
			if sig.serves {
				c.why = fmt.Sprintf("the %s subcommand of the console script %s starts %s (%s)", s.name, sc.Name, sig.what, sig.src)
				serving = append(serving, c)
			} else {
				c.why = fmt.Sprintf("the %s subcommand of the console script %s runs %s (%s)", s.name, sc.Name, sig.what, sig.src)
				looping = append(looping, c)
			}
		}
	}
	readSubs(2)
	if len(serving) == 0 && len(subs) > 0 {
		// One call further, for the subcommands only: a command that
		// builds the package's server object and starts it (Server(…).run()
		// binding in a method of its own) is three calls from its code.
		readSubs(3)
		if len(serving) == 0 {
			readSubs(2)
		}
	}
	if len(serving) > 0 {
		return pickPreferred(serving)
	}
	if len(subs) == 0 {
		if c := r.argvChoice(sc, file, fn); c != nil {
			return c
		}
	}
	// A subcommand named to serve whose code is not in the project: its
	// name is the only lead, and detect says so.
	for _, want := range serveSubcommands {
		for _, s := range subs {
			if s.name == want && s.file == "" {
				return &scriptChoice{argv: append([]string{sc.Name}, strings.Fields(s.name)...), src: Source{File: file, Line: s.line},
					why:    "the console script " + sc.Name + " declares a " + s.name + " subcommand",
					unsure: fmt.Sprintf("the console script %s runs `%s %s`, chosen by the subcommand's name: its code is not in the project (%s:%d), so pydock cannot check that it serves", sc.Name, sc.Name, s.name, file, s.line)}
			}
		}
	}
	// manage.py refuses direct use: the subcommand named to serve is how
	// the authors run the site, though its code starts it in a way pydock
	// cannot read (a supervisor, a runner it builds).
	if r.guard != nil {
		for _, want := range serveSubcommands {
			for _, s := range subs {
				if s.name == want && s.file != "" {
					return &scriptChoice{argv: append([]string{sc.Name}, strings.Fields(s.name)...), src: Source{File: file, Line: s.line}, required: true,
						why: fmt.Sprintf("the console script %s declares a %s subcommand (%s) and %s refuses direct use (%s): the site runs through it", sc.Name, s.name, s.file, r.guard.File, r.guard)}
				}
			}
		}
	}
	var needs *requiredArg
	if len(subs) == 0 {
		var c *scriptChoice
		if c, needs = r.argumentChoice(sc, file, fn, nil); c != nil {
			return c
		}
	}
	if len(subs) == 0 || len(looping) == 0 {
		if sig := r.signal(file, fn, 2); sig != nil {
			verb := "runs"
			if sig.serves {
				verb = "starts"
			}
			c := &scriptChoice{argv: []string{sc.Name}, signal: sig, src: sc.Source,
				why: fmt.Sprintf("the console script %s (%s) %s %s (%s)", sc.Name, sc.Target, verb, sig.what, sig.src)}
			if needs != nil {
				c.unsure, c.needs = needs.question(sc.Name, file), needs
			}
			return c
		}
	}
	if len(looping) > 0 {
		return pickPreferred(looping)
	}
	return nil
}

// runSubcommands name a command that runs until stopped, preferred after
// serveSubcommands among commands whose code all loops (a `once` beside
// `run` reaches the same loop for one pass).
var runSubcommands = []string{"run", "daemon", "worker", "watch", "forever"}

// pickPreferred takes the candidate with the most serving name, else the
// first declared; several are noted as a doubt.
func pickPreferred(cs []scriptChoice) *scriptChoice {
	best := 0
	rank := func(c scriptChoice) int {
		names := append(slices.Clip(serveSubcommands), runSubcommands...)
		for i, n := range names {
			if len(c.argv) > 1 && c.argv[len(c.argv)-1] == n {
				return i
			}
		}
		return len(names)
	}
	for i := range cs {
		if rank(cs[i]) < rank(cs[best]) {
			best = i
		}
	}
	c := cs[best]
	if len(cs) > 1 {
		var others []string
		for i, o := range cs {
			if i != best {
				others = append(others, strings.Join(o.argv, " "))
			}
		}
		c.unsure = fmt.Sprintf("%s and %s all run code that could be the service; pydock runs `%s`: pass --app to choose", strings.Join(c.argv, " "), strings.Join(others, ", "), strings.Join(c.argv, " "))
	}
	return &c
}

// chooseScript picks the console script a packaged project without an app
// runs: the first whose code serves, else the first whose code loops; with
// no such evidence the first script, flagged as a guess, unless folders
// below are applications (a library root: nil, and SubProjects says so).
func chooseScript(fsys fs.FS, f *Facts, roots []string, scripts []Script) *Launcher {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	var serve, loop, bareLoop *scriptChoice
	for _, sc := range scripts {
		c := r.readScript(sc)
		if c == nil {
			continue
		}
		if c.signal == nil || c.signal.serves && c.needs == nil {
			return f.scriptLauncher(c)
		}
		switch {
		case c.signal.serves:
			if serve == nil {
				serve = c
			}
		case loop == nil:
			loop = c
		}
		if !c.signal.serves && c.needs == nil && bareLoop == nil {
			bareLoop = c
		}
	}
	// A command with a required argument exits at once when run bare
	// (argparse: "the following arguments are required"): one that runs
	// without it is the service, unless only that command serves.
	if serve != nil {
		return f.scriptLauncher(serve)
	}
	if bareLoop != nil && loop != bareLoop {
		f.Notes = append(f.Notes, loop.unsure+"; "+strings.Join(bareLoop.argv, " ")+", which runs without one, is the service")
		loop = bareLoop
	}
	if c := authorsScriptChoice(fsys, scripts); c != nil {
		return f.scriptLauncher(c)
	}
	if loop != nil {
		return f.scriptLauncher(loop)
	}
	// A command shell ends at the closed stdin of a container: the first
	// script that is none is the guess, and with only shells, none is.
	sc := scripts[0]
	for i := 0; i < len(scripts); i++ {
		if sh := r.shellScript(scripts[i]); sh == nil {
			sc = scripts[i]
			break
		} else if i == len(scripts)-1 {
			f.ShellCLI = sh
			return nil
		}
	}
	if w := r.targetProblem(sc); w != "" {
		f.Warnings = append(f.Warnings, w)
	}
	why := fmt.Sprintf("nothing in %s shows that the console script %s runs a service (it starts no server and runs no loop): pydock cannot tell; check CMD, or pass --app", sc.Target, sc.Name)
	if file, fn := r.scriptCommand(sc); file != "" {
		if a := r.requiredArgument(file, fn); a != nil {
			why += "; " + a.question(sc.Name, file)
		}
	}
	if subs := subProjects(fsys); len(subs) > 0 {
		// A library root: the applications are below, not this tool.
		f.SubProjects = subs
		return nil
	}
	f.Warnings = append(f.Warnings, why)
	return &Launcher{Argv: []string{sc.Name}, Source: sc.Source, Why: "[project.scripts] " + sc.Name + " = " + sc.Target + ", the first script; " + why}
}

// targetProblem says why a console script's target would fail at start
// (its module is not under the import roots, or binds no such function),
// "" when it holds.
func (r *scriptReader) targetProblem(sc Script) string {
	mod, fn, _ := strings.Cut(sc.Target, ":")
	mod = strings.TrimSpace(mod)
	fn, _, _ = strings.Cut(strings.TrimSpace(fn), ".")
	file := r.moduleFile(mod)
	switch {
	case file == "":
		return fmt.Sprintf("the console script %s names %s, but there is no module %s in the project (looked under %s): the script would fail at start", sc.Name, sc.Target, mod, strings.Join(rootNames(r.roots), ", "))
	case fn != "" && !definesName(r.fsys, file, fn):
		return fmt.Sprintf("the console script %s names %s, but %s binds no %s: the script would fail at start", sc.Name, sc.Target, file, fn)
	}
	return ""
}

func (f *Facts) scriptLauncher(c *scriptChoice) *Launcher {
	why := c.why
	if c.unsure != "" {
		why += " (" + c.unsure + ")"
	}
	l := &Launcher{Argv: c.argv, Source: c.src, Why: why, Unsure: c.unsure, Required: c.required}
	if c.signal != nil {
		l.Runner, l.RunnerFrom = c.signal.runner, c.signal.src
	}
	return l
}

// serveScript finds the console script whose code serves, for a project
// whose app has no production server among its dependencies.
func serveScript(fsys fs.FS, f *Facts, roots []string) *Launcher {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	if f.Django != nil {
		r.guard = f.Django.Guard
	}
	for _, sc := range f.Scripts {
		c := r.readScript(sc)
		switch {
		case c == nil || c.signal != nil && !c.signal.serves:
		case c.signal != nil && c.signal.dev:
			// The authors' runner is a development server: a production
			// server is installed instead.
			f.Notes = append(f.Notes, c.why+": a development server, so pydock does not run it")
			return nil
		default:
			return f.scriptLauncher(c)
		}
	}
	return nil
}
