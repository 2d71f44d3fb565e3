package detect

// A CLI that dispatches subcommands and exits without one: started bare,
// the container stops at once. What subcommand serves comes from the
// authors' own service files (a systemd unit's ExecStart), never from a
// guess; without one, plan warns.

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// UnitCommand is the command a systemd unit of the project starts.
type UnitCommand struct {
	Argv   []string `json:"argv"`
	Source Source   `json:"source"`
}

// NeedsSubcommand is where the function an entry runs (python -m pkg, a
// console script) shows it exits without a subcommand.
type NeedsSubcommand struct {
	Entry  string `json:"entry"` // "python -m freqtrade", or the script's name
	What   string `json:"what"`
	Source Source `json:"source"`
}

// subcommandChecks are the lines of a CLI's main function that make a
// subcommand required: argparse's set_defaults(func=…) dispatch tested for,
// or its subparsers made required.
var subcommandChecks = []struct {
	re     *regexp.Regexp
	what   string
	source string
}{
	{regexp.MustCompile(`["']func["']\s+(?:not\s+)?in\s+\w+|hasattr\(\s*\w+\s*,\s*["']func["']\s*\)`), "it calls the subcommand's func and exits without one",
		"https://docs.python.org/3/library/argparse.html#argparse.ArgumentParser.add_subparsers (set_defaults(func=…))"},
	{regexp.MustCompile(`\.add_subparsers\([^)]*\brequired\s*=\s*True|\bsubparsers?\.required\s*=\s*True`), "its subcommands are required",
		"https://docs.python.org/3/library/argparse.html#argparse.ArgumentParser.add_subparsers (required)"},
}

// execStartRe is a unit's ExecStart line; systemd's prefixes (@-:+!) go.
var execStartRe = regexp.MustCompile(`^ExecStart\s*=\s*[@\-:+!]*(.+?)\s*$`)

// findUnitCommands reads the systemd units (*.service) in launchDirs.
func findUnitCommands(fsys fs.FS) []UnitCommand {
	var out []UnitCommand
	for _, d := range append(launchDirs, "systemd", "contrib") {
		entries, err := fs.ReadDir(fsys, d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() || path.Ext(e.Name()) != ".service" {
				continue
			}
			file := path.Join(d, e.Name())
			data, err := readBounded(fsys, file, maxScriptSize, "systemd units")
			if err != nil || CheckText(file, data, true) != nil {
				continue
			}
			for _, l := range launchLines(data) {
				m := execStartRe.FindStringSubmatch(l.key + "=" + l.value)
				if l.section != "Service" || l.key != "ExecStart" || m == nil {
					continue
				}
				line, err := shellcmd.Parse(m[1])
				if err != nil {
					continue
				}
				if cmds := line.Commands(); len(cmds) > 0 {
					out = append(out, UnitCommand{Argv: cmds[0].Values(), Source: Source{File: file, Line: l.line}})
				}
			}
		}
	}
	return out
}

// findNeedsSubcommand reads the function python -m pkg runs (through its
// __main__.py) and the first console script's for a subcommand check.
func findNeedsSubcommand(fsys fs.FS, f *Facts, roots []string) []NeedsSubcommand {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	var out []NeedsSubcommand
	check := func(entry, module, fn string) {
		file := r.moduleFile(module)
		if file == "" || fn == "" {
			return
		}
		for _, l := range r.body(file, fn) {
			for _, c := range subcommandChecks {
				if c.re.MatchString(l.text) {
					out = append(out, NeedsSubcommand{Entry: entry, What: c.what, Source: Source{File: file, Line: l.line}})
					return
				}
			}
		}
		if at, ok := r.commandGroup(file, fn); ok {
			// https://click.palletsprojects.com/en/stable/api/#click.Group (invoke_without_command)
			what := "it is a click group, which prints its usage and exits without a command"
			if r.groupKind(file, fn) != "click group" {
				what = "it is a Typer app of several commands, which exits without one (Missing command)"
			}
			out = append(out, NeedsSubcommand{Entry: entry, What: what, Source: at})
		}
	}
	if pkg := f.MainModule; pkg != "" {
		if file := r.moduleFile(f.mainModuleFile()); file != "" {
			module, fn := mainModuleCall(r.lines(file), pkg)
			check("python -m "+pkg, module, fn)
		}
	}
	for _, s := range f.Scripts {
		if mod, fn, ok := strings.Cut(s.Target, ":"); ok {
			check(s.Name, mod, strings.TrimSuffix(fn, "()"))
		}
	}
	return out
}

// moduleAttrCallRe is a call of a function of a module: main.main().
var moduleAttrCallRe = regexp.MustCompile(`^([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*\(`)

// mainModuleCall is the function a package's __main__.py calls: main() as
// mainCall reads it, or mod.fn() of a module it imports (from pkg import
// main; main.main()).
func mainModuleCall(lines []pyLine, pkg string) (module, fn string) {
	if m, f := mainCall(lines, pkg); m != "" {
		return m, f
	}
	mods := map[string]string{}
	for _, im := range pyImports(lines) {
		switch {
		case im.from != "" && !strings.HasPrefix(im.from, "."):
			alias := im.alias
			if alias == "" {
				alias = im.name
			}
			mods[alias] = im.from + "." + im.name
		case im.module != "" && im.alias != "":
			mods[im.alias] = im.module
		case im.module != "" && !strings.Contains(im.module, "."):
			mods[im.module] = im.module // import pkg; pkg.main()
		}
	}
	for _, l := range lines {
		if c := moduleAttrCallRe.FindStringSubmatch(l.text); c != nil {
			if mod, ok := mods[c[1]]; ok {
				return mod, c[2]
			}
		}
	}
	return "", ""
}
