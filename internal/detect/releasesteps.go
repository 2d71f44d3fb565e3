package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// ScriptStep is a command the authors' start script runs before it execs
// its server (a schema upgrade, a management command): plan decides which
// of them compose's one-off runs.
type ScriptStep struct {
	Argv   []string `json:"argv"`
	Text   string   `json:"text"` // as the shell reads it
	Source Source   `json:"source"`
}

// CLIMigration is a console script's subcommand whose code runs a
// migration tool's upgrade (click: @group.command("upgrade"), Typer:
// @sub_app.command(), calling alembic's command.upgrade or Flask-Migrate's
// upgrade).
type CLIMigration struct {
	Argv   []string `json:"argv"` // svc database upgrade
	Tool   string   `json:"tool"` // alembic, flask-migrate
	Source Source   `json:"source"`
}

// maxScriptSteps bounds what one script contributes.
const maxScriptSteps = 32

// shellBuiltins run nothing of the project's.
var shellBuiltins = map[string]bool{"set": true, "echo": true, "printf": true, "export": true, "cd": true, "source": true, ".": true, "exit": true, "true": true, "false": true, "test": true, "[": true, "[[": true, "shift": true, "trap": true, "ulimit": true, "umask": true, "mkdir": true, "sleep": true}

// findScriptSteps reads the start scripts (run.sh, docker-entrypoint.sh,
// scripts/entrypoint.sh…) for one that execs a server pydock knows, and
// returns the commands it runs before that line, from the first such
// script.
func findScriptSteps(fsys fs.FS) []ScriptStep {
	for _, d := range scriptDirs {
		entries, err := fs.ReadDir(fsys, path.Clean("./"+d))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".sh") {
				continue
			}
			file := path.Join(d, e.Name())
			if steps, ok := scriptSteps(fsys, file); ok && len(steps) > 0 {
				return steps
			}
		}
	}
	return nil
}

// scriptSteps returns the commands of a script before the line that
// starts a server; ok is false when no line does.
func scriptSteps(fsys fs.FS, file string) ([]ScriptStep, bool) {
	data, err := readBounded(fsys, file, maxScriptSize, "shell scripts")
	if err != nil {
		return nil, false
	}
	var steps []ScriptStep
	for _, c := range scriptCommands(data) {
		vals := c.argv
		if len(vals) == 0 {
			continue
		}
		if slices.Contains(serverNames, path.Base(vals[0])) {
			return steps, true
		}
		if shellBuiltins[vals[0]] || c.cmd.Assigns() || len(steps) >= maxScriptSteps {
			continue
		}
		steps = append(steps, ScriptStep{Argv: vals, Text: c.cmd.String(), Source: Source{File: file, Line: c.line}})
	}
	return nil, false
}

var (
	// @group.command("name") / @group.command(name="name") / @group.command().
	clickCommandRe = regexp.MustCompile(`^@([A-Za-z_]\w*)\.command\s*\(\s*(?:name\s*=\s*)?(?:["']([\w-]+)["'])?`)
	// @parent.group("name"), @click.group(name="name"), @click.group().
	clickGroupRe = regexp.MustCompile(`^@([A-Za-z_][\w.]*)\.group\s*\(\s*(?:name\s*=\s*)?(?:["']([\w-]+)["'])?`)
	typerAppRe   = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:typer\.)?Typer\s*\(`)
	defNameRe    = regexp.MustCompile(`^(?:async\s+)?def\s+([A-Za-z_]\w*)`)
	// What runs an upgrade: alembic's command.upgrade, Flask-Migrate's upgrade.
	upgradeCallRe = regexp.MustCompile(`(?:\.\s*|^|[^.\w])upgrade\s*\(`)
	alembicImport = regexp.MustCompile(`(?m)^\s*(?:from\s+alembic\b|import\s+alembic\b)`)
	flaskMigrImp  = regexp.MustCompile(`(?m)^\s*(?:from\s+flask_migrate\b|import\s+flask_migrate\b)`)
)

// findCLIMigrations reads each console script's module for a click
// command, in a group path under the script's root group, whose body runs
// a migration tool's upgrade.
func findCLIMigrations(fsys fs.FS, f *Facts) []CLIMigration {
	var out []CLIMigration
	for _, s := range f.Scripts {
		mod, fn, ok := strings.Cut(s.Target, ":")
		if !ok {
			continue
		}
		file := ""
		for _, r := range append(f.layout.sourceRoots(fsys), f.ImportRoots...) {
			if file = moduleFile(fsys, r, mod); file != "" {
				break
			}
		}
		if file == "" {
			continue
		}
		data, err := readPySource(fsys, file)
		if err != nil {
			continue
		}
		tool := ""
		switch {
		case alembicImport.Match(data):
			tool = "alembic"
		case flaskMigrImp.Match(data):
			tool = "flask-migrate"
		default:
			continue
		}
		if m := clickMigration(pyLines(data), s.Name, fn); m != nil {
			m.Tool, m.Source.File = tool, file
			out = append(out, *m)
		}
	}
	return out
}

// clickMigration walks a module's click groups and commands: the first
// command whose body calls an upgrade, named by its path from the root
// group the entry function runs.
func clickMigration(lines []pyLine, script, entry string) *CLIMigration {
	type group struct{ parent, name string }
	groups := map[string]group{} // function name → its group
	var decos []pyLine
	var cmd *CLIMigration
	var cmdParent string
	for i, l := range lines {
		if l.indent != 0 {
			continue
		}
		// Typer: app = typer.Typer(), parent.add_typer(child, name="db").
		if t := typerAppRe.FindStringSubmatch(l.text); t != nil {
			if _, ok := groups[t[1]]; !ok {
				groups[t[1]] = group{}
			}
			continue
		}
		if t := addTyperRe.FindStringSubmatch(l.text); t != nil {
			groups[t[2]] = group{t[1], t[3]}
			continue
		}
		if strings.HasPrefix(l.text, "@") {
			decos = append(decos, l)
			continue
		}
		d := defNameRe.FindStringSubmatch(l.text)
		if d == nil {
			decos = nil
			continue
		}
		for _, dl := range decos {
			if g := clickGroupRe.FindStringSubmatch(dl.text); g != nil {
				parent := g[1]
				if parent == "click" || strings.HasSuffix(parent, ".click") {
					parent = ""
				}
				groups[d[1]] = group{parent, g[2]}
			}
			if c := clickCommandRe.FindStringSubmatch(dl.text); c != nil && cmd == nil {
				name := c[2]
				if name == "" {
					name = strings.ReplaceAll(d[1], "_", "-") // click's default name
				}
				body := false
				for _, b := range lines[i+1:] {
					if b.indent == 0 {
						break
					}
					body = body || upgradeCallRe.MatchString(b.text)
				}
				if body {
					cmd = &CLIMigration{Argv: []string{name}, Source: Source{Line: l.line}}
					cmdParent = c[1]
				}
			}
		}
		decos = nil
	}
	if cmd == nil {
		return nil
	}
	// Walk up to the root group; the entry function is it or calls it.
	path := cmd.Argv
	at := cmdParent
	for range 8 {
		g, ok := groups[at]
		if !ok {
			return nil
		}
		if g.parent == "" {
			if at != entry && !callsAt(lines, entry, at) {
				return nil
			}
			cmd.Argv = append([]string{script}, path...)
			return cmd
		}
		name := g.name
		if name == "" {
			name = strings.ReplaceAll(at, "_", "-")
		}
		path = append([]string{name}, path...)
		at = g.parent
	}
	return nil
}

// callsAt reports whether the module-level function fn calls name().
func callsAt(lines []pyLine, fn, name string) bool {
	call := regexp.MustCompile(`(?:^|[^\w.])` + regexp.QuoteMeta(name) + `\s*\(`)
	for i, l := range lines {
		if d := defNameRe.FindStringSubmatch(l.text); d == nil || l.indent != 0 || d[1] != fn {
			continue
		}
		for _, b := range lines[i+1:] {
			if b.indent == 0 {
				break
			}
			if call.MatchString(b.text) {
				return true
			}
		}
	}
	return false
}
