package detect

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

// pluginHost is a tool that loads subcommands from other distributions
// through an entry-point group: a package registered there runs as that
// tool's subcommand (`celery flower`), not as a program of its own.
type pluginHost struct {
	Group   string // the entry-point group the tool reads
	Program string // the tool's console script
	Package string // the distribution that installs it
	Source  string
}

var pluginHosts = []pluginHost{
	{Group: "celery.commands", Program: "celery", Package: "celery",
		Source: "https://docs.celeryq.dev/en/stable/userguide/extending.html#adding-new-celery-sub-commands"},
	{Group: "flask.commands", Program: "flask", Package: "flask",
		Source: "https://flask.palletsprojects.com/en/stable/cli/#plugins"},
}

// PluginCommand is a subcommand the project registers in another tool's
// entry-point group.
type PluginCommand struct {
	Program string `json:"program"` // the host tool: celery
	Package string `json:"package"` // the distribution that installs it
	Name    string `json:"name"`    // the subcommand: flower
	Target  string `json:"target"`  // module:function
	Group   string `json:"group"`   // celery.commands
	Source  Source `json:"source"`
	HostDoc string `json:"host_source"`
	// NoService says why its code is not a service (it starts no server
	// and runs no loop: a group of management commands); "" when it is.
	NoService string `json:"no_service,omitempty"`
	// Words are the words after Name that reach the subcommand whose
	// code serves or loops (`flask site serve`), none when Name does.
	Words []string `json:"words,omitempty"`
}

// checkPluginCommands reads each registered subcommand's code, as a
// console script's is read: a plugin is the service only when it serves
// or loops (a click group of management commands prints its help and
// exits).
func (f *Facts) checkPluginCommands(fsys fs.FS, roots []string) {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	for i := range f.PluginCommands {
		pc := &f.PluginCommands[i]
		c := r.readScript(Script{Name: pc.Name, Target: pc.Target, Source: pc.Source})
		mod, _, _ := strings.Cut(pc.Target, ":")
		switch {
		case r.moduleFile(strings.TrimSpace(mod)) == "":
			// Its code is not in the project: nothing to read.
		case (c == nil || c.signal == nil) && findServing(fsys, roots) == nil:
			// Only when nothing in the project serves: a plugin may start
			// the server through a class of its package (flower's command
			// builds the app whose start() listens) that its own code
			// does not show.
			pc.NoService = fmt.Sprintf("nothing in %s shows that `%s %s` runs a service (it starts no server and runs no loop)", pc.Target, pc.Program, pc.Name)
		case c == nil || c.signal == nil:
			// The project serves elsewhere: the plugin itself, no words.
		default:
			_, fn, _ := strings.Cut(pc.Target, ":")
			if words := c.argv[1:]; strings.Join(words, " ") != strings.ReplaceAll(strings.TrimSpace(fn), "_", "-") {
				pc.Words = words // a subcommand of its group, not the command itself
			}
		}
	}
}

// readPluginCommands lists the subcommands the project registers in a
// known host's entry-point group: pyproject.toml's [project.entry-points]
// or [tool.poetry.plugins], setup.cfg's [options.entry_points], setup.py's
// entry_points literal.
func readPluginCommands(fsys fs.FS, py *pyproject, exists func(string) bool) []PluginCommand {
	var out []PluginCommand
	add := func(h pluginHost, name, target string, src Source) {
		name, target = strings.TrimSpace(name), strings.TrimSpace(target)
		if name == "" || target == "" {
			return
		}
		out = append(out, PluginCommand{Program: h.Program, Package: h.Package, Name: name, Target: target, Group: h.Group, Source: src, HostDoc: h.Source})
	}
	for _, h := range pluginHosts {
		if py != nil {
			var groups []map[string]map[string]string
			if py.Project != nil {
				groups = append(groups, py.Project.EntryPoints)
			}
			if py.Tool.Poetry != nil {
				groups = append(groups, py.Tool.Poetry.Plugins)
			}
			for _, g := range groups {
				names := make([]string, 0, len(g[h.Group]))
				for n := range g[h.Group] {
					names = append(names, n)
				}
				sort.Strings(names)
				for _, n := range names {
					add(h, n, g[h.Group][n], Source{File: "pyproject.toml"})
				}
			}
		}
		if exists("setup.cfg") {
			if data, err := readBounded(fsys, "setup.cfg", maxManifestSize, "manifests"); err == nil {
				if v, ok := parseINI(data)["options.entry_points"][h.Group]; ok {
					for i, l := range strings.Split(v.Value, "\n") {
						if name, target, ok := strings.Cut(l, "="); ok && i < len(v.Lines) {
							add(h, name, target, Source{File: "setup.cfg", Line: v.Lines[i]})
						}
					}
				}
			}
		}
		if exists("setup.py") {
			if data, err := readBounded(fsys, "setup.py", maxManifestSize, "manifests"); err == nil {
				re := regexp.MustCompile(`['"]` + regexp.QuoteMeta(h.Group) + `['"]\s*:\s*`)
				if loc := re.FindIndex(data); loc != nil {
					items, _ := pyStringList(data[loc[1]:])
					for _, it := range items {
						if name, target, ok := strings.Cut(it.s, "="); ok {
							add(h, name, target, Source{File: "setup.py", Line: bytes.Count(data[:loc[1]+it.off], []byte{'\n'}) + 1})
						}
					}
				}
			}
		}
	}
	return out
}
