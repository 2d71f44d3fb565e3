package plan

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/shellcmd"
)

// releaseSteps are commands that prepare a deployment (schema migrations,
// asset compression) rather than serve it: run in every replica's CMD they
// race each other and delay the server, so they run once, as a compose
// one-off, and as the platform's release step in production. Words match in
// order; "manage.py" matches any path to it.
var releaseSteps = []struct {
	words []string
	what  string
}{
	{[]string{"manage.py", "migrate"}, "Django migrations"},
	{[]string{"manage.py", "collectstatic"}, "Django static files"},
	{[]string{"manage.py", "compress"}, "django-compressor's offline compression"},
	{[]string{"flask", "db", "upgrade"}, "Flask-Migrate migrations"},
	{[]string{"alembic", "upgrade"}, "Alembic migrations"},
	{[]string{"aerich", "upgrade"}, "Aerich migrations"},
}

// ReleaseStep is one command run once before the app starts.
type ReleaseStep struct {
	Command []string // exec form
	Text    string   // as the shell reads it, for joining steps
	From    string   // where it was written
}

// Process is a Procfile process other than web and release, or a process
// the authors' launch files run beside the server: a compose service running
// the same image.
type Process struct {
	Name    string
	Command []string
	From    string // the compose file's comment: where it comes from
	// Port is the port a second web service listens on, published on the
	// host's loopback at HostPort and probed by HealthTest; 0 for a
	// process without one.
	Port, HostPort int
	HealthTest     []string
}

// releaseOf says which release step argv is, "" when none.
func releaseOf(argv []string) string {
	for _, r := range releaseSteps {
		if detect.WordsInOrder(argv, r.words) {
			return r.what
		}
	}
	return ""
}

// splitRelease takes the release steps out of a line of && chains listed
// with ";": the rest is what the container runs. line is returned as is
// when nothing moves.
func (p *Plan) splitRelease(line *shellcmd.Line, from string) *shellcmd.Line {
	var moved []string
	rest := takeSteps(line, func(c *shellcmd.Command) bool {
		what := releaseOf(c.Values())
		if what == "" || c.Assigns() {
			return false
		}
		p.addRelease(c.Values(), c.String(), from)
		moved = append(moved, what)
		return true
	})
	if rest == line {
		return line
	}
	p.decide("release steps", strings.Join(moved, ", "), "taken out of "+from+": they run once in compose's release service, not in every replica's CMD")
	return rest
}

// addRelease records a release step (Build drops Django's migrate: compose's
// migrate service runs it).
func (p *Plan) addRelease(argv []string, text, from string) {
	p.Release = append(p.Release, ReleaseStep{Command: argv, Text: text, From: from})
}

// execLast puts exec before the last command of a line of && chains listed
// with ";", so the server replaces the shell: PID 1, and SIGTERM reaches it.
func execLast(line *shellcmd.Line) *shellcmd.Line {
	cmds, ops, ok := line.Steps()
	if !ok {
		return line
	}
	cmds[len(cmds)-1] = cmds[len(cmds)-1].Exec()
	return shellcmd.NewSteps(cmds, ops)
}

// promptAnswerers are programs a release line pipes into a step only to
// answer its prompts (yes "yes" | python manage.py migrate).
var promptAnswerers = []string{"yes", "echo", "printf"}

// answeredRelease is the release step of a line that pipes answers into
// it, and the program that answers; nil for any other line.
func answeredRelease(line *shellcmd.Line) (string, *shellcmd.Command) {
	from, to, ok := line.Piped()
	if !ok || !slices.Contains(promptAnswerers, from.Name()) || releaseOf(to.Values()) == "" {
		return "", nil
	}
	return from.Name(), to
}

// chooseProcesses turns the Procfile's other processes into release steps
// and compose services, and the processes the authors' launch files run
// beside the server (uwsgi attach-daemons, supervisord programs) into
// compose services when the image has their program.
func (p *Plan) chooseProcesses(f *detect.Facts) {
	taken := map[string]bool{"app": true, "migrate": true, "release": true}
	for _, s := range p.Services {
		taken[s.Name] = true
	}
	for _, proc := range f.Processes {
		line, err := shellcmd.Parse(proc.Command)
		if err != nil {
			p.Warnings = append(p.Warnings, proc.Source.String()+": "+err.Error())
			continue
		}
		argv, ok := line.Argv()
		if !ok {
			argv = []string{"/bin/sh", "-c", execLast(line).String()}
		}
		if proc.Via == "" && proc.Process == "release" {
			why := "the release: line of " + proc.Source.String()
			if answer, step := answeredRelease(line); step != nil {
				// Its prompts' answers are for a terminal: the step itself
				// is what compose's one-offs run (migrate with --noinput).
				why += ", without the " + answer + " that answers its prompts"
				argv, line = step.Values(), shellcmd.NewChain(step)
			}
			p.addRelease(argv, line.String(), "the release: line of "+proc.Source.String())
			p.decide("release step", strings.Join(argv, " "), why)
			continue
		}
		if slices.ContainsFunc(p.Processes, func(x Process) bool { return slices.Equal(x.Command, argv) }) {
			continue // the same process in another of the authors' files
		}
		name, from, why := proc.Process, "the Procfile's "+proc.Process+" process", "the "+proc.Process+": line of "+proc.Source.String()
		if proc.Via != "" {
			if prog, ok := p.missingProgram(f, argv); !ok {
				p.Notes = append(p.Notes, fmt.Sprintf("%s runs %s beside the server, which the image does not have: not a compose service", proc.Via, prog))
				continue
			}
			if what := releaseOf(argv); what != "" {
				continue // a release step: compose's migrate or release runs those
			}
			from, why = proc.Via, proc.Via+": a process the authors run besides the server"
			if proc.Why != "" {
				from, why = proc.Via, proc.Why
			}
			for base, i := name, 2; taken[name]; i++ {
				name = base + "-" + strconv.Itoa(i)
			}
		}
		taken[name] = true
		p.Processes = append(p.Processes, Process{Name: name, Command: argv, From: from})
		p.decide("compose service", name+": "+strings.Join(argv, " "), why)
	}
}

// missingProgram checks that the image has what argv starts: python, the
// project's own script, or a program of an installed distribution; false
// with the program when it does not (cron, nginx, a tool pydock cannot
// trace to a dependency).
func (p *Plan) missingProgram(f *detect.Facts, argv []string) (string, bool) {
	at := unwrapped(argv)
	if at >= len(argv) {
		return "", false
	}
	prog := argv[at]
	if isShell(prog) && at+2 < len(argv) && argv[at+1] == "-c" {
		if line, err := shellcmd.Parse(argv[at+2]); err == nil {
			if cmds := line.Commands(); len(cmds) > 0 {
				vals := cmds[len(cmds)-1].Values()
				for len(vals) > 1 && vals[0] == "exec" {
					vals = vals[1:]
				}
				return p.missingProgram(f, vals)
			}
		}
		return prog, false
	}
	switch {
	case strings.HasPrefix(prog, "python"):
		return prog, true
	case f.Packaged && slices.ContainsFunc(f.Scripts, func(s detect.Script) bool { return s.Name == prog }):
		return prog, true
	}
	if dist, known := programPackage(prog); known && installed(f, dist) {
		return prog, true
	}
	return prog, false
}

// ReleaseCommand is the release service's command: the one step, or all of
// them in order under sh -c.
func (p *Plan) ReleaseCommand() []string {
	if len(p.Release) == 1 {
		return p.Release[0].Command
	}
	var parts []string
	for _, r := range p.Release {
		parts = append(parts, r.Text)
	}
	return []string{"/bin/sh", "-c", strings.Join(parts, " && ")}
}

// scriptWorkerClass carries the worker class the authors give the same
// server and app in their own script into pydock's command (a config hook
// may rely on it), when its distribution is installed.
func (p *Plan) scriptWorkerClass(f *detect.Facts, srv choice, t detect.AppTarget) {
	if len(p.Command) == 0 || !strings.HasPrefix(p.Command[len(p.Command)-1], t.String()) {
		return // the target is not last: nowhere safe to put the flag
	}
	if len(srv.WorkerFlags) == 0 || slices.ContainsFunc(srv.WorkerFlags, func(fl string) bool { _, ok := flagValue(p.Command, fl); return ok }) {
		return // pydock's run already names its worker class
	}
	for _, sc := range f.ScriptServers {
		if rowAt(sc.Argv) != srv.server || !slices.ContainsFunc(sc.Argv, func(a string) bool { return a == t.String() || a == t.Module }) {
			continue
		}
		for _, fl := range srv.WorkerFlags {
			class, ok := flagValue(sc.Argv, fl)
			if !ok || class == "" {
				continue
			}
			dist, known := srv.WorkerClasses[class]
			switch {
			case !known:
				p.Notes = append(p.Notes, fmt.Sprintf("%s runs %s with worker class %s, which pydock does not know: the image uses the default; add it with --app if the app needs it", sc.Source, srv.Name, class))
			case dist != "" && !installed(f, dist):
				p.Notes = append(p.Notes, fmt.Sprintf("%s runs %s with the %s worker class, but %s is not among the dependencies: the image uses the default worker", sc.Source, srv.Name, class, dist))
			default:
				// Before the app target, which comes last.
				last := len(p.Command) - 1
				p.Command = append(p.Command[:last:last], "--worker-class", class, p.Command[last])
				p.decide("worker class", class, "as the authors run "+srv.Name+" in "+sc.Source.String())
			}
			return
		}
	}
}

// scriptASGI is the authors' script line that serves the project's Django
// ASGI module with a server pydock knows, through a worker class whose
// distribution is installed when it names one (gunicorn -k
// uvicorn.workers.UvicornWorker plane.asgi:application); nil when none.
func (p *Plan) scriptASGI(f *detect.Facts, t detect.AppTarget) *detect.ScriptServer {
	asgi := f.Django.ASGIModule
	if asgi == "" || t.Module == asgi {
		return nil
	}
	for i := range f.ScriptServers {
		sc := &f.ScriptServers[i]
		row := rowAt(sc.Argv)
		if row == nil || !slices.ContainsFunc(sc.Argv, func(a string) bool { return a == asgi+":"+t.Attr || a == asgi+":application" }) {
			continue
		}
		if !slices.ContainsFunc(row.Runs, func(r run) bool { return r.Interface == detect.InterfaceASGI }) || !installed(f, row.Package) {
			continue
		}
		for _, fl := range row.WorkerFlags {
			if class, ok := flagValue(sc.Argv, fl); ok {
				if dist, known := row.WorkerClasses[class]; !known || (dist != "" && !installed(f, dist)) {
					return nil // a worker class the image cannot load
				}
			}
		}
		return sc
	}
	return nil
}

// pluginCommand is the subcommand of another tool the project runs as:
// one it registers in that tool's entry points, when the wheel is installed
// (which registers it), the project has no program of its own, and the tool
// is installed too; otherwise nil, and why is said.
func (p *Plan) pluginCommand(f *detect.Facts) *detect.PluginCommand {
	if len(f.PluginCommands) == 0 || len(f.Scripts) > 0 {
		return nil
	}
	pc := &f.PluginCommands[0]
	switch {
	case !f.Packaged:
		p.Notes = append(p.Notes, fmt.Sprintf("%s registers %s as a %s subcommand (%s), but the image does not install the project's wheel, which is what registers it: not run as `%s %s`", f.Name, pc.Name, pc.Program, pc.Source, pc.Program, pc.Name))
	case !installed(f, pc.Package):
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s registers %s = %s in %s's %s entry points (%s), but %s is not among the dependencies: not run as `%s %s`; add %s to them", f.Name, pc.Name, pc.Target, pc.Program, pc.Group, pc.Source, pc.Package, pc.Program, pc.Name, pc.Package))
	case pc.NoService != "":
		p.Notes = append(p.Notes, fmt.Sprintf("%s registers %s = %s in %s's %s entry points (%s), but %s: not run as `%s %s`", f.Name, pc.Name, pc.Target, pc.Program, pc.Group, pc.Source, pc.NoService, pc.Program, pc.Name))
	default:
		return pc
	}
	return nil
}

// launcherPort makes a launcher with its own default port listen where the
// image says: the port its command gives, else the user's, else the
// launcher's default, passed explicitly when it takes a flag.
func (p *Plan) launcherPort(l *server) {
	for _, fl := range l.PortFlags {
		if v, ok := flagValue(p.Command, fl); ok {
			n, err := strconv.Atoi(v)
			switch {
			case err != nil || n < 1 || n > 65535:
			case !p.portGiven:
				p.Port, p.portWhy = n, "the command's "+fl
			case n != p.Port:
				p.Warnings = append(p.Warnings, fmt.Sprintf("the command passes %s %d, but the image listens on %d (%s): change one of them", fl, n, p.Port, p.portWhy))
			}
			return
		}
	}
	if l.BindArg {
		for _, a := range p.Command[l.headLen(p.Command):] {
			m := bindArgRe.FindStringSubmatch(a)
			if m == nil {
				continue
			}
			n, err := strconv.Atoi(m[1])
			switch {
			case err != nil || n < 1 || n > 65535:
			case !p.portGiven:
				p.Port, p.portWhy = n, "the command's address "+a
			case n != p.Port:
				p.Warnings = append(p.Warnings, fmt.Sprintf("the command binds %s, but the image listens on %d (%s): change one of them", a, p.Port, p.portWhy))
			}
			return
		}
	}
	if !p.portGiven {
		p.Port, p.portWhy = l.Port, l.Name+"'s own default, which reads no $PORT ("+l.Source+")"
	}
	for _, a := range l.PortArg {
		p.Command = append(p.Command, strings.ReplaceAll(a, "{port}", strconv.Itoa(p.Port)))
	}
	if len(l.PortArg) > 0 {
		p.amend("command", strings.Join(p.Command, " "), l.Name+" is told its port: it reads no $PORT")
	}
}

// bindArgRe is a positional address: host:port, or a bare port.
var bindArgRe = regexp.MustCompile(`^(?:[\w.\[\]:-]*:)?(\d{1,5})$`)

// headLen is how many words of argv start the launcher: python -m and its
// module, or the program and everything up to its subcommand.
func (s *server) headLen(argv []string) int {
	if len(argv) > 2 && strings.HasPrefix(path.Base(argv[0]), "python") && argv[1] == "-m" {
		return 3
	}
	if s.Subcommand != "" {
		if i := slices.Index(argv, s.Subcommand); i > 0 {
			return i + 1
		}
	}
	return min(1, len(argv))
}

// launcherData gives a launcher the data directory it keeps, where the
// image can keep it: the directory the command names (its positional
// argument) becomes writable; else the command passes DataDir, or the
// image sets DataEnv to it; and a launcher that refuses a new directory
// initialises it at start. Runs after chooseDataDirs, whose evidence from
// the code wins.
func (p *Plan) launcherData(l *server) {
	head := l.headLen(p.Command)
	why := l.Name + "'s data directory"
	switch {
	case l.DataArg:
		given := ""
		args := p.Command[head:]
		for i := 0; i < len(args); i++ {
			a := args[i]
			switch {
			case slices.Contains(l.ValueFlags, a):
				i++ // its value
			case strings.HasPrefix(a, "-"), slices.Contains(l.Words, a), bindArgRe.MatchString(a):
			case given == "":
				given = a
			}
		}
		switch {
		case given == "":
			p.Command = append(p.Command, l.DataDir)
			p.dataDirs = append(p.dataDirs, WritableDir{Path: l.DataDir, Why: why + ", passed by the command (its default is created by nothing)"})
			p.decide("data directory", l.DataDir, l.Name+" keeps its data in a directory it is given, and serves one nothing creates when given none: the command passes "+l.DataDir+", created for the app user and a compose volume ("+l.DataSource+")")
			p.amend("command", strings.Join(p.Command, " "), l.Name+" is given its data directory "+l.DataDir)
		default:
			abs, err := CheckWritable(given)
			if err != nil {
				p.Warnings = append(p.Warnings, fmt.Sprintf("the command gives %s the data directory %q: %v; the image does not make it writable", l.Name, given, err))
				break
			}
			p.dataDirs = append(p.dataDirs, WritableDir{Path: abs, Why: why + ", as the command gives it"})
			p.decide("data directory", abs, "the command gives "+l.Name+" "+given+", where it writes: writable and a compose volume ("+l.DataSource+")")
		}
	case l.DataFlag != "":
		given, _ := flagValue(p.Command[head:], l.DataFlag)
		if given == "" {
			p.Command = append(p.Command, l.DataFlag, l.DataDir)
			p.dataDirs = append(p.dataDirs, WritableDir{Path: l.DataDir, Why: why + ", passed by the command (" + l.DataFlag + ")"})
			p.decide("data directory", l.DataDir, l.Name+" keeps its data in the directory "+l.DataFlag+" names, else under the app user's home: the command passes "+l.DataDir+", created for the app user and a compose volume ("+l.DataSource+")")
			p.amend("command", strings.Join(p.Command, " "), l.Name+" is given its data directory "+l.DataDir)
			break
		}
		abs, err := CheckWritable(given)
		if err != nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("the command gives %s the data directory %q: %v; the image does not make it writable", l.Name, given, err))
			break
		}
		p.dataDirs = append(p.dataDirs, WritableDir{Path: abs, Why: why + ", as the command gives it"})
		p.decide("data directory", abs, "the command gives "+l.Name+" "+l.DataFlag+" "+given+", where it writes: writable and a compose volume ("+l.DataSource+")")
	case l.DataEnv != "":
		if !slices.ContainsFunc(p.DataEnv, func(e EnvVar) bool { return e.Name == l.DataEnv }) {
			p.DataEnv = append(p.DataEnv, EnvVar{l.DataEnv, l.DataDir})
			p.dataDirs = append(p.dataDirs, WritableDir{Path: l.DataDir, Why: l.DataEnv + ", " + why})
			p.decide("data directory", l.DataEnv+"="+l.DataDir, l.Name+" keeps its data in "+l.DataEnv+", the working directory (the read-only "+AppDir+") unless set ("+l.DataSource+")")
		}
	}
	if len(l.InitArgv) > 0 && !slices.Contains(p.Command[head:], l.InitArgv[0]) {
		p.Command = slices.Concat(p.Command[:head:head], l.InitArgv, p.Command[head:])
		p.amend("command", strings.Join(p.Command, " "), l.Name+" refuses a data directory it has not initialised: "+strings.Join(l.InitArgv, " ")+" initialises a new one at start and is a no-op after ("+l.DataSource+")")
	}
}

// normaliseServer fixes what suits a server on a host but not in a
// container, in a command of the authors': a log file of /dev/null (the
// container's output is its log) becomes "-". Everything else stays.
func (p *Plan) normaliseServer(c *shellcmd.Command) bool {
	vals := c.Values()
	at := unwrapped(vals)
	row := rowAt(vals[at:])
	if row == nil {
		return false
	}
	var fixed []string
	for i := at + 1; i < len(vals); i++ {
		for _, fl := range row.LogFlags {
			switch {
			case vals[i] == fl && i+1 < len(vals) && vals[i+1] == "/dev/null":
				if c.SetWord(i+1, "-") == nil {
					fixed = append(fixed, fl)
				}
			case vals[i] == fl+"=/dev/null":
				if c.SetWord(i, fl+"=-") == nil {
					fixed = append(fixed, fl)
				}
			}
		}
	}
	if len(fixed) > 0 {
		p.decide("server logs", strings.Join(fixed, " ")+" -", "the authors' command logged to /dev/null; in a container the output is the log, so "+row.Name+" writes there")
	}
	return len(fixed) > 0
}

// execInShell puts exec before the last command of a sh -c "a && b" argv,
// so the server, not the shell, is PID 1 and receives SIGTERM.
func (p *Plan) execInShell(argv []string) []string {
	if len(argv) != 3 || !isShell(argv[0]) || argv[1] != "-c" {
		return argv
	}
	inner, err := shellcmd.Parse(argv[2])
	if err != nil {
		return argv
	}
	changed := false
	for _, c := range inner.Commands() {
		changed = p.normaliseServer(c) || changed
	}
	if cmds, ok := inner.Chain(); ok && len(cmds) > 1 && cmds[len(cmds)-1].Name() != "exec" {
		inner, changed = execLast(inner), true
	}
	if !changed {
		return argv
	}
	return []string{argv[0], argv[1], inner.String()}
}

// subcommandWordRe is a subcommand as a unit writes it: trade, run-server.
var subcommandWordRe = regexp.MustCompile(`^[A-Za-z][\w-]*$`)

// authorsSubcommand is the subcommand the authors' systemd unit gives the
// entry the image runs (entry: "python -m pkg" with module its package, or
// a console script with module ""), and why; its options, set for a host
// (--sd-notify, a config path), stay out. With no unit running the entry,
// one that exits without a subcommand is a warning, never a bare start
// taken as right.
func (p *Plan) authorsSubcommand(f *detect.Facts, entry, module string) ([]string, string) {
	for _, u := range f.UnitCommands {
		rest, ok := unitRuns(f, u.Argv, entry, module)
		if !ok {
			continue
		}
		var sub []string
		for _, a := range rest {
			if !subcommandWordRe.MatchString(a) {
				break
			}
			sub = append(sub, a)
		}
		if len(sub) > 0 {
			return sub, "the authors run " + path.Base(u.Argv[0]) + " " + strings.Join(sub, " ") + " (" + u.Source.String() + ")"
		}
	}
	for _, n := range f.NeedsSubcommand {
		if n.Entry == entry {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s needs a subcommand (%s): %s, and no file of the authors' (a systemd unit, a Procfile) names the one that runs the service: the container would exit at once; pass --app \"%s <subcommand>\"", entry, n.Source, n.What, entry))
		}
	}
	return nil, ""
}

// unitRuns says whether a unit's argv starts the entry, and returns the
// words after it: the console script by name (for python -m pkg, a script
// of the project whose target is in pkg), or python -m pkg itself.
func unitRuns(f *detect.Facts, argv []string, entry, module string) ([]string, bool) {
	if len(argv) == 0 {
		return nil, false
	}
	prog := path.Base(argv[0])
	if module != "" && strings.HasPrefix(prog, "python") && len(argv) > 2 && argv[1] == "-m" && argv[2] == module {
		return argv[3:], true
	}
	if module == "" {
		return argv[1:], prog == entry
	}
	for _, s := range f.Scripts {
		mod, _, _ := strings.Cut(s.Target, ":")
		if s.Name == prog && (mod == module || strings.HasPrefix(mod, module+".")) {
			return argv[1:], true
		}
	}
	return nil, false
}
