package detect

import (
	_ "embed"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pydock/pydock/internal/shellcmd"
)

// makefileNames are the files GNU make reads by default, in its order.
var makefileNames = []string{"GNUmakefile", "makefile", "Makefile"}

// makeRuleRe is a rule line: its targets, then its prerequisites.
var makeRuleRe = regexp.MustCompile(`^([^:=#\t][^:=#]*?)\s*::?(?:[^=]|$)(.*)$`)

// makeRecipe traces `make TARGET` to the target's recipe: the command the
// image can run itself (make is not in it). Lines before the last that only
// echo are left out; a recipe with other steps, make variables or line
// continuations is not traced. It returns the command with make's $$ as $,
// where it is, and the target's prerequisites.
func makeRecipe(fsys fs.FS, argv []string) (cmd string, at Source, prereqs []string) {
	if len(argv) != 2 || path.Base(argv[0]) != "make" || strings.HasPrefix(argv[1], "-") || strings.Contains(argv[1], "=") {
		return "", Source{}, nil
	}
	target := argv[1]
	for _, name := range makefileNames {
		data, err := readBounded(fsys, name, maxManifestSize, "Makefile")
		if err != nil {
			continue
		}
		lines := strings.Split(string(data), "\n")
		for i, l := range lines {
			m := makeRuleRe.FindStringSubmatch(l)
			if m == nil || !slices.Contains(strings.Fields(m[1]), target) {
				continue
			}
			prereqs = strings.Fields(strings.SplitN(m[2], ";", 2)[0])
			var recipe []int
			for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], "\t"); j++ {
				if t := strings.TrimSpace(lines[j]); t != "" && !strings.HasPrefix(t, "#") {
					recipe = append(recipe, j)
				}
			}
			if len(recipe) == 0 {
				return "", Source{}, nil
			}
			for _, j := range recipe[:len(recipe)-1] {
				if w := strings.Fields(strings.TrimLeft(strings.TrimSpace(lines[j]), "@-+")); len(w) == 0 || w[0] != "echo" {
					return "", Source{}, nil
				}
			}
			last := recipe[len(recipe)-1]
			text := strings.TrimLeft(strings.TrimSpace(lines[last]), "@-+")
			if strings.HasSuffix(text, `\`) || strings.Contains(strings.ReplaceAll(text, "$$", ""), "$") {
				return "", Source{}, nil
			}
			return strings.ReplaceAll(text, "$$", "$"), Source{File: name, Line: last + 1}, prereqs
		}
		return "", Source{}, nil // make reads the first file it finds only
	}
	return "", Source{}, nil
}

//go:embed devservers.toml
var devServersTOML []byte

// devServers is devservers.toml.
var devServers = func() []struct{ Program, Module, Subcommand, What, Source string } {
	var t struct {
		Server []struct{ Program, Module, Subcommand, What, Source string }
	}
	if err := toml.Unmarshal(devServersTOML, &t); err != nil {
		panic("devservers.toml: " + err.Error())
	}
	for _, r := range t.Server {
		if r.Program == "" || r.Module == "" || r.Subcommand == "" || r.What == "" || r.Source == "" {
			panic("devservers.toml: bad row " + r.Program)
		}
	}
	return t.Server
}()

// pythonRe is a Python interpreter as a command line names it.
var pythonRe = regexp.MustCompile(`^python(?:[0-9.]*)$`)

// devServer names the development server a command line starts, "" for
// anything else.
func devServer(argv []string) string {
	if len(argv) == 0 {
		return ""
	}
	prog, module, rest := path.Base(argv[0]), "", argv[1:]
	if pythonRe.MatchString(prog) {
		switch {
		case len(rest) >= 2 && rest[0] == "-m":
			prog, module, rest = "", rest[1], rest[2:]
		case len(rest) >= 1:
			prog, rest = path.Base(rest[0]), rest[1:]
		}
	}
	for _, r := range devServers {
		if (prog != "" && prog == r.Program) || (module != "" && module == r.Module) {
			if len(rest) > 0 && rest[0] == r.Subcommand {
				return r.What
			}
		}
	}
	return ""
}

// simpleArgv is the argv of a command line that is one simple command.
func simpleArgv(cmd string) ([]string, bool) {
	line, err := shellcmd.Parse(cmd)
	if err != nil {
		return nil, false
	}
	return line.Argv()
}

// resolveMake replaces a Procfile process's `make TARGET` with the recipe
// it runs, saying so in Via; the note says what the image leaves out.
func resolveMake(fsys fs.FS, p *Procfile) (note string) {
	argv, ok := simpleArgv(p.Command)
	if !ok {
		return ""
	}
	cmd, at, prereqs := makeRecipe(fsys, argv)
	if cmd == "" {
		return ""
	}
	p.Command, p.Via = cmd, "the recipe of `"+strings.Join(argv, " ")+"` at "+at.String()
	note = p.Source.String() + " runs `" + strings.Join(argv, " ") + "`: make is not in the image, which runs its recipe (" + at.String() + ") itself"
	if len(prereqs) > 0 {
		note += "; its prerequisites (" + strings.Join(prereqs, ", ") + ") are not run at each start"
	}
	return note
}

// devWeb reports, as a note, a web process that starts a development
// server: it is not the image's server, and pydock chooses one instead.
func devWeb(p *Procfile) string {
	argv, ok := simpleArgv(p.Command)
	if !ok {
		return ""
	}
	what := devServer(argv)
	if what == "" {
		return ""
	}
	at := p.Source.String()
	if p.Via != "" {
		at = p.Via + " (" + p.Source.String() + ")"
	}
	return at + " is " + what + ", not a production server: the image serves the app with one of its own"
}
