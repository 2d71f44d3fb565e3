package detect

import (
	_ "embed"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// ScriptStep is a command the authors' start script runs before it execs
// its server (a schema upgrade, a management command): plan decides which
// of them compose's one-off runs.
type ScriptStep struct {
	Argv   []string `json:"argv"`
	Text   string   `json:"text"` // as the shell reads it
	Source Source   `json:"source"`
	// Reads are the variables the step reads ("$NODE_ID"), in order.
	Reads []ScriptRead `json:"reads,omitempty"`
	// PreStart: the step is in the authors' pre-start script, which they
	// run whole before the app, so each of its steps is a release step;
	// OwnScript is the project's file a `python file.py` step runs there.
	PreStart  bool   `json:"pre_start,omitempty"`
	OwnScript string `json:"own_script,omitempty"`
}

// preStartScripts are the names of a script the authors run once before
// the app starts, which starts no server itself: its steps are the
// release. Sources: https://github.com/tiangolo/uvicorn-gunicorn-docker
// (README, "Custom /app/prestart.sh": run before the app starts; the
// full-stack FastAPI template's scripts/prestart.sh, which its compose and
// CI run as a one-off); https://devcenter.heroku.com/articles/release-phase
// (a release script run before each deploy).
var preStartScripts = []string{"prestart.sh", "pre-start.sh", "pre_start.sh", "release.sh", "predeploy.sh", "pre-deploy.sh"}

// ScriptRead is a variable a script's step reads: one the script sets
// before it (NAME=…, export NAME=…, read NAME: Set is the last such line),
// one of its arguments ($1, $@: Name is a digit or a sign), or else one it
// takes from its environment.
type ScriptRead struct {
	Name string  `json:"name"`
	Set  *Source `json:"set,omitempty"`
}

// CLIMigration is a console script's subcommand whose code runs a
// migration tool's upgrade (click: @group.command("upgrade"), Typer:
// @sub_app.command(), calling alembic's command.upgrade or Flask-Migrate's
// upgrade).
type CLIMigration struct {
	Argv   []string `json:"argv"` // svc database upgrade, python -m svc migrate-db
	Tool   string   `json:"tool"` // alembic, flask-migrate, peewee-migrate
	Source Source   `json:"source"`
	// Module is the package python -m runs ("" for a console script), Root
	// the import root it is under.
	Module string `json:"module,omitempty"`
	Root   string `json:"root,omitempty"`
	// Named: it counts by its name (a migration verb, with Tool a
	// dependency), its body calls the project's own helper.
	Named bool `json:"named,omitempty"`
	// IfNoDB is the line of its body that asks sqlalchemy_utils whether
	// the database exists: such a command creates and initialises a
	// missing database itself, and only upgrades one that exists.
	IfNoDB *Source `json:"if_no_db,omitempty"`
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
	for _, file := range shellScripts(fsys, "") {
		if steps, ok := scriptSteps(fsys, file); ok && len(steps) > 0 {
			return steps
		}
	}
	return preStartSteps(fsys)
}

// preStartSteps are the steps of the first pre-start script (preStartScripts
// in scriptDirs) that starts no server, all of them, in order.
func preStartSteps(fsys fs.FS) []ScriptStep {
	for _, d := range scriptDirs {
		for _, name := range preStartScripts {
			file := path.Join(d, name)
			if !isRegularFile(fsys, file) {
				continue
			}
			data, err := readBounded(fsys, file, maxScriptSize, "shell scripts")
			if err != nil {
				continue
			}
			var steps []ScriptStep
			for _, c := range scriptCommands(data) {
				vals := c.argv
				if len(vals) == 0 || shellBuiltins[vals[0]] || c.cmd.Assigns() {
					continue
				}
				if slices.Contains(serverNames, path.Base(vals[0])) || len(steps) >= maxScriptSteps {
					steps = nil // it serves: a start script, not a release
					break
				}
				st := ScriptStep{Argv: vals, Text: c.cmd.String(), Source: Source{File: file, Line: c.line}, PreStart: true}
				for _, n := range c.cmd.Params() {
					st.Reads = append(st.Reads, ScriptRead{Name: n})
				}
				// python path/to/file.py, as the authors run it from the
				// project's folder.
				if strings.HasPrefix(path.Base(vals[0]), "python") && len(vals) > 1 && strings.HasSuffix(vals[1], ".py") && isRegularFile(fsys, path.Clean(vals[1])) && !strings.HasPrefix(path.Clean(vals[1]), "../") {
					st.OwnScript = path.Clean(vals[1])
				}
				steps = append(steps, st)
			}
			if len(steps) > 0 {
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
	set := map[string]Source{}
	for _, c := range scriptCommands(data) {
		for _, n := range c.cmd.Sets() {
			set[n] = Source{File: file, Line: c.line}
		}
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
		st := ScriptStep{Argv: vals, Text: c.cmd.String(), Source: Source{File: file, Line: c.line}}
		for _, n := range c.cmd.Params() {
			r := ScriptRead{Name: n}
			if src, ok := set[n]; ok {
				r.Set = &src
			}
			st.Reads = append(st.Reads, r)
		}
		steps = append(steps, st)
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

//go:embed climigrations.toml
var cliMigrationsTOML []byte

// cliMigrationVerbs, cliMigrationTools and dbExistsCallRe are
// climigrations.toml: the subcommand names that run a project's
// migrations when a migration tool is a dependency, those tools, and the
// calls that ask whether the database exists.
var cliMigrationVerbs, cliMigrationTools, dbExistsCallRe = func() ([]string, []struct{ Package, Tool, Source string }, *regexp.Regexp) {
	var t struct {
		Verbs  []string
		Tool   []struct{ Package, Tool, Source string }
		Exists []struct{ Call, Module, Source string }
	}
	if err := toml.Unmarshal(cliMigrationsTOML, &t); err != nil {
		panic("climigrations.toml: " + err.Error())
	}
	for _, r := range t.Tool {
		if r.Package == "" || r.Tool == "" || r.Source == "" {
			panic("climigrations.toml: bad row " + r.Package)
		}
	}
	// call(…) as imported, or module.call(…) / module.sub.call(…).
	var calls []string
	for _, r := range t.Exists {
		if r.Call == "" || r.Module == "" || r.Source == "" {
			panic("climigrations.toml: bad exists row " + r.Call)
		}
		calls = append(calls, `(?:`+regexp.QuoteMeta(r.Module)+`\.(?:\w+\.)*)?`+regexp.QuoteMeta(r.Call))
	}
	return t.Verbs, t.Tool, regexp.MustCompile(`(?:^|[^.\w])(?:` + strings.Join(calls, "|") + `)\s*\(`)
}()

// cliEntry is a way into a click/Typer CLI: a console script, or a
// package's __main__.py (argv python -m pkg) that calls the CLI.
type cliEntry struct {
	argv       []string
	module, fn string
	pkg, root  string // python -m: the package and the import root it is under
}

// cliEntries lists the console scripts, then the packages whose
// __main__.py calls a function or CLI object: imported from a module
// (from pkg.cli import main; main()) or its own.
func cliEntries(fsys fs.FS, f *Facts, roots []string) []cliEntry {
	var out []cliEntry
	for _, s := range f.Scripts {
		if mod, fn, ok := strings.Cut(s.Target, ":"); ok {
			out = append(out, cliEntry{argv: []string{s.Name}, module: mod, fn: fn})
		}
	}
	seen := map[string]bool{}
	for _, r := range roots {
		entries, err := fs.ReadDir(fsys, path.Clean("./"+r))
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			dir := path.Join(r, n)
			if !e.IsDir() || !isIdentifier(n) || pySkipDirs[n] || seen[n] || !isRegularFile(fsys, dir+"/__init__.py") {
				continue
			}
			data, err := readPySource(fsys, dir+"/__main__.py")
			if err != nil {
				continue
			}
			seen[n] = true
			if mod, fn := mainCall(pyLines(data), n); fn != "" {
				out = append(out, cliEntry{argv: []string{"python", "-m", n}, module: mod, fn: fn, pkg: n, root: r})
			}
		}
	}
	return out
}

var bareCallRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*\(`)

// mainCall finds what a package's __main__.py runs: the first bare call
// of a name it imports from a module (the module and the name there) or
// defines itself.
func mainCall(lines []pyLine, pkg string) (module, fn string) {
	imported := map[string][2]string{}
	for _, im := range pyImports(lines) {
		mod := im.from
		if mod == "" {
			continue
		}
		if rel := strings.TrimLeft(mod, "."); rel != mod {
			if len(mod)-len(rel) > 1 {
				continue // above the package: not followed
			}
			mod = strings.TrimSuffix(pkg+"."+rel, ".")
		}
		alias := im.alias
		if alias == "" {
			alias = im.name
		}
		imported[alias] = [2]string{mod, im.name}
	}
	for _, l := range lines {
		c := bareCallRe.FindStringSubmatch(l.text)
		if c == nil {
			continue
		}
		if at, ok := imported[c[1]]; ok {
			return at[0], at[1]
		}
		for _, d := range lines {
			if d.indent != 0 {
				continue
			}
			if n := defNameRe.FindStringSubmatch(d.text); n != nil && n[1] == c[1] {
				return pkg + ".__main__", c[1]
			}
			if t := typerAppRe.FindStringSubmatch(d.text); t != nil && t[1] == c[1] {
				return pkg + ".__main__", c[1]
			}
		}
	}
	return "", ""
}

// findCLIMigrations reads the module of each way into the project's CLI
// (console scripts, python -m pkg) for a click or Typer command, in a
// group path under the root group the entry runs, that runs the
// migrations: its body calls a migration tool's upgrade, or, with a
// migration tool among the dependencies, its name is a migration verb of
// climigrations.toml.
func findCLIMigrations(fsys fs.FS, f *Facts) []CLIMigration {
	verbTool := ""
	for _, t := range cliMigrationTools {
		if f.Dep(t.Package) != nil {
			verbTool = t.Tool
			break
		}
	}
	roots := append(f.layout.sourceRoots(fsys), f.ImportRoots...)
	var out []CLIMigration
	for _, e := range cliEntries(fsys, f, roots) {
		file := ""
		file = moduleFileIn(fsys, roots, e.module)
		if file == "" {
			continue
		}
		data, err := readPySource(fsys, file)
		if err != nil {
			continue
		}
		var m *CLIMigration
		byBody, bodyTool := false, ""
		// The entry's module first, then the modules of commands it
		// imports that register on the same app object.
		for _, c := range append([]cliModule{{file, data, nil}}, commandModules(fsys, roots, file, data, e.fn)...) {
			bodyTool = ""
			switch {
			case alembicImport.Match(c.data):
				bodyTool = "alembic"
			case flaskMigrImp.Match(c.data):
				bodyTool = "flask-migrate"
			}
			if bodyTool == "" && verbTool == "" {
				continue
			}
			if m, byBody = clickMigration(pyLines(c.data), e.fn, bodyTool != "", verbTool != "", c.rootNames...); m != nil {
				file = c.file
				break
			}
		}
		if m == nil {
			continue
		}
		m.Tool, m.Named = verbTool, !byBody
		if byBody {
			m.Tool = bodyTool
		}
		m.Argv = append(slices.Clone(e.argv), m.Argv...)
		m.Source.File, m.Module, m.Root = file, e.pkg, e.root
		if m.IfNoDB != nil {
			m.IfNoDB.File = file
		}
		out = append(out, *m)
	}
	return out
}

// isMigrationVerb reports whether a command's name, as the CLI spells it,
// is one of climigrations.toml's verbs.
func isMigrationVerb(name string) bool {
	return slices.Contains(cliMigrationVerbs, strings.ToLower(name))
}

// clickMigration walks a module's click groups and commands: the first
// command whose body calls an upgrade (byBody) or whose name is a
// migration verb (byVerb), named by its path from the root group the
// entry function runs; viaBody says which of the two it was.
//
// rootNames are names the module imports that are the entry's root group
// itself (a command module registering on the CLI's app).
func clickMigration(lines []pyLine, entry string, byBody, byVerb bool, rootNames ...string) (cmd *CLIMigration, viaBody bool) {
	type group struct{ parent, name string }
	groups := map[string]group{} // function name → its group
	for _, n := range rootNames {
		groups[n] = group{}
	}
	var decos []pyLine
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
				ifNoDB := 0
				for _, b := range lines[i+1:] {
					if b.indent == 0 {
						break
					}
					body = body || byBody && upgradeCallRe.MatchString(b.text)
					if ifNoDB == 0 && dbExistsCallRe.MatchString(b.text) {
						ifNoDB = b.line
					}
				}
				if body || byVerb && isMigrationVerb(name) {
					cmd = &CLIMigration{Argv: []string{name}, Source: Source{Line: l.line}}
					if ifNoDB > 0 {
						cmd.IfNoDB = &Source{Line: ifNoDB}
					}
					cmdParent, viaBody = c[1], body
				}
			}
		}
		decos = nil
	}
	if cmd == nil {
		return nil, false
	}
	// Walk up to the root group; the entry function is it or calls it.
	path := cmd.Argv
	at := cmdParent
	for range 8 {
		g, ok := groups[at]
		if !ok {
			return nil, false
		}
		if g.parent == "" {
			if at != entry && !callsAt(lines, entry, at) {
				return nil, false
			}
			cmd.Argv = path
			return cmd, viaBody
		}
		name := g.name
		if name == "" {
			name = strings.ReplaceAll(at, "_", "-")
		}
		path = append([]string{name}, path...)
		at = g.parent
	}
	return nil, false
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

// cliModule is a module of a CLI read for its commands.
type cliModule struct {
	file      string
	data      []byte
	rootNames []string // names in it that are the CLI's root group
}

// commandModules are the project modules an entry module imports (from
// pkg import mod, import pkg.mod) that import the entry's object from the
// module the entry imports it from (from pkg.application import app):
// their @app.command()s are commands of the entry's CLI, registered as
// the entry imports them.
func commandModules(fsys fs.FS, roots []string, file string, data []byte, entry string) []cliModule {
	imports := pyImports(pyLines(data))
	source := ""
	for _, im := range imports {
		if im.from != "" && im.name == entry && im.alias == "" {
			source = im.from
		}
	}
	if source == "" {
		return nil
	}
	var out []cliModule
	for _, im := range imports {
		mod := im.module
		if im.from != "" && im.name != "*" {
			mod = im.from + "." + im.name
		}
		f := moduleFileIn(fsys, roots, mod)
		if mod == "" || f == "" || f == file {
			continue
		}
		d, err := readPySource(fsys, f)
		if err != nil {
			continue
		}
		if slices.ContainsFunc(pyImports(pyLines(d)), func(i pyImport) bool { return i.from == source && i.name == entry && i.alias == "" }) {
			out = append(out, cliModule{f, d, []string{entry}})
		}
	}
	return out
}
