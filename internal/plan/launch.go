package plan

import (
	"path"
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

// Process is a Procfile process other than web and release: a compose
// service running the same image.
type Process struct {
	Name    string
	Command []string
}

// releaseOf says which release step argv is, "" when none.
func releaseOf(argv []string) string {
	for _, r := range releaseSteps {
		i := 0
		for _, a := range argv {
			if i < len(r.words) && (a == r.words[i] || (r.words[i] == "manage.py" && path.Base(a) == "manage.py")) {
				i++
			}
		}
		if i == len(r.words) {
			return r.what
		}
	}
	return ""
}

// splitRelease takes the release steps out of an && chain: the rest is
// what the container runs. line is returned as is when nothing moves.
func (p *Plan) splitRelease(line *shellcmd.Line, from string) *shellcmd.Line {
	cmds, ok := line.Chain()
	if !ok || len(cmds) < 2 {
		return line
	}
	var keep []*shellcmd.Command
	var moved []string
	for _, c := range cmds {
		if what := releaseOf(c.Values()); what != "" && !c.Assigns() {
			p.addRelease(c.Values(), c.String(), from)
			moved = append(moved, what)
			continue
		}
		keep = append(keep, c)
	}
	if len(moved) == 0 || len(keep) == 0 {
		return line
	}
	p.decide("release steps", strings.Join(moved, ", "), "taken out of "+from+": they run once in compose's release service, not in every replica's CMD")
	return shellcmd.NewChain(keep...)
}

// addRelease records a release step (Build drops Django's migrate: compose's
// migrate service runs it).
func (p *Plan) addRelease(argv []string, text, from string) {
	p.Release = append(p.Release, ReleaseStep{Command: argv, Text: text, From: from})
}

// execLast puts exec before the last command of an && chain, so the server
// replaces the shell: PID 1, and SIGTERM reaches it.
func execLast(line *shellcmd.Line) *shellcmd.Line {
	cmds, ok := line.Chain()
	if !ok || len(cmds) == 0 {
		return line
	}
	cmds[len(cmds)-1] = cmds[len(cmds)-1].Exec()
	return shellcmd.NewChain(cmds...)
}

// chooseProcesses turns the Procfile's other processes into release steps
// and compose services.
func (p *Plan) chooseProcesses(f *detect.Facts) {
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
		if proc.Process == "release" {
			p.addRelease(argv, line.String(), "the release: line of "+proc.Source.String())
			p.decide("release step", strings.Join(argv, " "), "the release: line of "+proc.Source.String())
			continue
		}
		p.Processes = append(p.Processes, Process{Name: proc.Process, Command: argv})
		p.decide("compose service", proc.Process+": "+strings.Join(argv, " "), "the "+proc.Process+": line of "+proc.Source.String())
	}
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
