package detect

// The subcommands a CLI module declares: click/typer commands and groups
// (a click.CommandCollection's merged sources included), argparse
// subparsers with set_defaults(func=…), and dispatch tables.

import (
	"regexp"
	"slices"
	"strings"
)

// subcommand is one subcommand a CLI module declares, and the function
// that runs it (file "" when its code is not in the project).
type subcommand struct {
	name     string // the words after the script, space-separated
	file, fn string
	line     int
	owner    string // the click group or typer app variable it belongs to
}

var (
	commandDecoRe = regexp.MustCompile(`^@(?:([\w.]*)\.)?(command|group)\b(?:\s*\(\s*(?:name\s*=\s*)?(?:["']([\w:-]+)["'])?)?`)
	addTyperRe    = regexp.MustCompile(`^(\w+)\.add_typer\s*\(\s*(\w+)\s*,.*\bname\s*=\s*["']([\w:-]+)["']`)
	addCommandRe  = regexp.MustCompile(`^(\w+)\.add_command\s*\(\s*(\w+)\s*(?:,\s*(?:name\s*=\s*)?["']([\w:-]+)["'])?`)
	addParserRe   = regexp.MustCompile(`^(\w+)\s*=\s*[\w.]+\.add_parser\s*\(\s*["']([\w:-]+)["']`)
	setDefaultsRe = regexp.MustCompile(`^(\w+)\.set_defaults\s*\(.*\b(?:func|handler|command|cmd)\s*=\s*([A-Za-z_][\w.]*)`)
	// cls=click.CommandCollection, sources=[a, b]
	collectionNameRe    = regexp.MustCompile(`[A-Za-z_]\w*`)
	collectionSourcesRe = regexp.MustCompile(`\bCommandCollection\b.*\bsources\s*=\s*\[([^\]]*)\]`)
	dispatchRe          = regexp.MustCompile(`["']([\w-]+)["']\s*:\s*(?:["']([A-Za-z_][\w.]*)["']|([A-Za-z_]\w*)\s*[,}])`)
)

// subcommands lists what a CLI module declares: click/typer commands,
// argparse subparsers with set_defaults(func=…), and dispatch tables
// mapping names to functions or dotted paths.
func (r *scriptReader) subcommands(file, target string) []subcommand {
	lines := r.lines(file)
	module := ""
	for _, root := range r.roots {
		if m := moduleName(root, file); m != "" && moduleFile(r.fsys, root, m) == file {
			module = m
		}
	}
	imports := pyImports(lines)
	resolve := func(name string) (string, string) {
		if r.body(file, name) != nil {
			return file, name
		}
		mod, fn := resolveCallee(module, strings.HasSuffix(file, "__init__.py"), imports, name)
		return r.moduleFile(mod), fn
	}
	var out []subcommand
	seen := map[string]bool{}
	add := func(s subcommand) {
		if !seen[s.name] {
			seen[s.name] = true
			out = append(out, s)
		}
	}
	// Click groups and typer apps nest: each variable's parent and the
	// name it is reached by, so a command's words are its whole path.
	type group struct{ parent, name string }
	groups := map[string]group{}
	var decorated []subcommand
	pending, kind, owner, named, sources := false, "", "", "", ""
	parsers := map[string]string{}     // argparse variable → subcommand name
	collections := map[string]string{} // click.CommandCollection group → its sources
	for _, l := range lines {
		if m := commandDecoRe.FindStringSubmatch(l.text); m != nil {
			pending, owner, kind, named, sources = true, m[1], m[2], m[3], ""
			if c := collectionSourcesRe.FindStringSubmatch(l.text); c != nil {
				sources = c[1]
			}
			continue
		}
		if pending {
			if strings.HasPrefix(l.text, "@") {
				continue // @click.option and friends
			}
			if m := defRe.FindStringSubmatch(l.text); m != nil {
				name := named
				if name == "" {
					name = strings.ReplaceAll(m[1], "_", "-")
				}
				if kind == "group" {
					groups[m[1]] = group{owner, name}
					if sources != "" {
						collections[m[1]] = sources
					}
				} else {
					decorated = append(decorated, subcommand{name: name, file: file, fn: m[1], line: l.line, owner: owner})
				}
			}
			pending = false
		}
		if m := addTyperRe.FindStringSubmatch(l.text); m != nil {
			groups[m[2]] = group{m[1], m[3]}
			continue
		}
		if m := addCommandRe.FindStringSubmatch(l.text); m != nil {
			if g, ok := groups[m[2]]; ok {
				if m[3] != "" {
					g.name = m[3]
				}
				groups[m[2]] = group{m[1], g.name}
			}
			continue
		}
		if m := addParserRe.FindStringSubmatch(l.text); m != nil {
			parsers[m[1]] = m[2]
			continue
		}
		if m := setDefaultsRe.FindStringSubmatch(l.text); m != nil && parsers[m[1]] != "" {
			f, fn := resolve(m[2])
			add(subcommand{name: parsers[m[1]], file: f, fn: fn, line: l.line})
			continue
		}
		for _, m := range dispatchRe.FindAllStringSubmatch(l.text, -1) {
			switch {
			case m[2] != "" && strings.Contains(m[2], "."):
				mod, fn := m[2][:strings.LastIndex(m[2], ".")], m[2][strings.LastIndex(m[2], ".")+1:]
				f := r.moduleFile(mod)
				if f == "" {
					if f = r.moduleFile(m[2]); f != "" {
						fn = "main"
					}
				}
				add(subcommand{name: m[1], file: f, fn: fn, line: l.line})
			case m[3] != "" && r.body(file, m[3]) != nil:
				add(subcommand{name: m[1], file: file, fn: m[3], line: l.line})
			}
		}
	}
	// A click.CommandCollection merges its sources' commands at its own
	// level: a source of this module is a group without a word, one
	// imported from another module is read there.
	for _, src := range collectionNameRe.FindAllString(collections[target], -1) {
		if _, ok := groups[src]; ok {
			groups[src] = group{target, ""}
			continue
		}
		mod, fn := resolveCallee(module, strings.HasSuffix(file, "__init__.py"), imports, src)
		if f := r.moduleFile(mod); f != "" && f != file && !r.reading[f] {
			if r.reading == nil {
				r.reading = map[string]bool{}
			}
			r.reading[f] = true
			for _, s := range r.subcommands(f, fn) {
				add(s)
			}
			delete(r.reading, f)
		}
	}
	pathOf := func(v string) []string {
		var p []string
		for i := 0; i < 8; i++ { // a cycle in odd code ends here
			g, ok := groups[v]
			if !ok {
				break
			}
			if g.name != "" {
				p = append([]string{g.name}, p...)
			}
			v = g.parent
		}
		return p
	}
	root := pathOf(target)
	for _, d := range decorated {
		words := append(pathOf(d.owner), d.name)
		if len(words) > len(root) && slices.Equal(words[:len(root)], root) {
			words = words[len(root):]
		}
		d.name = strings.Join(words, " ")
		add(d)
	}
	return out
}
