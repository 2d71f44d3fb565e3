package detect

// A CLI whose entry function parses nothing itself: main() hands its
// arguments to a click group of another module, and python -m pkg runs the
// same function. The commands are that group's.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

// invokeWithoutCommandRe is a click group that runs its own code when
// called without a command.
var invokeWithoutCommandRe = regexp.MustCompile(`\binvoke_without_command\s*=\s*True\b`)

// mainSubcommand is the serving subcommand of the console script whose
// function the package's __main__ calls: python -m pkg parses the same
// arguments, and run bare it prints its usage and exits.
func mainSubcommand(fsys fs.FS, f *Facts, roots []string) *Launcher {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	file := r.moduleFile(f.MainModule + ".__main__")
	if file == "" {
		return nil
	}
	module, fn := mainModuleCall(r.lines(file), f.MainModule)
	for _, sc := range f.Scripts {
		mod, sfn, _ := strings.Cut(sc.Target, ":")
		if strings.TrimSpace(mod) != module || strings.TrimSpace(sfn) != fn {
			continue
		}
		if c := r.readScript(sc); c != nil && len(c.argv) > 1 && c.signal != nil && c.signal.serves {
			return f.scriptLauncher(c)
		}
	}
	// The function is a click group that needs a command: run bare, it
	// prints its usage and exits 0, so its command whose code serves or
	// loops is the service, whether or not a console script runs it.
	gfile := r.moduleFile(module)
	at, ok := r.commandGroup(gfile, fn)
	if !ok {
		return nil
	}
	entry := "python -m " + f.MainModule
	c := r.readScript(Script{Name: entry, Target: module + ":" + fn, Source: at})
	if c == nil || len(c.argv) < 2 || c.signal == nil {
		return nil
	}
	l := f.scriptLauncher(c)
	verb := "runs"
	if c.signal.serves {
		verb = "starts"
	}
	l.Why = fmt.Sprintf("it calls the %s %s (%s), which exits without a command; its %s subcommand %s %s (%s)", r.groupKind(gfile, fn), fn, at, strings.Join(c.argv[1:], " "), verb, c.signal.what, c.signal.src)
	return l
}

// groupKind names what commandGroup found: a click group or a Typer app.
func (r *scriptReader) groupKind(file, fn string) string {
	if r.body(file, fn) == nil {
		return "Typer app"
	}
	return "click group"
}

// commandGroup is where file defines fn as a click group that needs a
// command (click's default; invoke_without_command=True runs the group's
// own code instead), ok false when it is none.
func (r *scriptReader) commandGroup(file, fn string) (Source, bool) {
	if file == "" || fn == "" {
		return Source{}, false
	}
	lines := r.lines(file)
	for i, l := range lines {
		if m := defRe.FindStringSubmatch(l.text); m == nil || m[1] != fn || l.indent != 0 {
			continue
		}
		for j := i - 1; j >= 0 && strings.HasPrefix(lines[j].text, "@"); j-- {
			if m := commandDecoRe.FindStringSubmatch(lines[j].text); m != nil && m[2] == "group" {
				if invokeWithoutCommandRe.MatchString(lines[j].text) {
					return Source{}, false
				}
				return Source{File: file, Line: l.line}, true
			}
		}
		return Source{}, false
	}
	// A Typer app of several commands and no callback that runs without
	// one: Typer exits with "Missing command"
	// (https://typer.tiangolo.com/tutorial/commands/one-or-multiple/).
	var app Source
	commands := 0
	for _, l := range lines {
		switch {
		case l.indent == 0 && typerAppRe.MatchString(l.text) && typerAppRe.FindStringSubmatch(l.text)[1] == fn:
			if invokeWithoutCommandRe.MatchString(l.text) {
				return Source{}, false
			}
			app = Source{File: file, Line: l.line}
		case strings.HasPrefix(l.text, "@"+fn+".callback"):
			if invokeWithoutCommandRe.MatchString(l.text) {
				return Source{}, false
			}
		case strings.HasPrefix(l.text, "@"+fn+".command"):
			commands++
		}
	}
	if app.File != "" && commands > 1 {
		return app, true
	}
	return Source{}, false
}

// handoffGroup is the click group of the project a function calls (the
// group's file and function), zero when it calls none.
func (r *scriptReader) handoffGroup(file, fn string) [2]string {
	for _, c := range r.callees(file, r.body(file, fn), fn) {
		lines := r.lines(c[0])
		for i, l := range lines {
			if m := defRe.FindStringSubmatch(l.text); m == nil || m[1] != c[1] || l.indent != 0 {
				continue
			}
			for j := i - 1; j >= 0 && strings.HasPrefix(lines[j].text, "@"); j-- {
				if m := commandDecoRe.FindStringSubmatch(lines[j].text); m != nil && m[2] == "group" {
					return c
				}
			}
		}
	}
	return [2]string{}
}
