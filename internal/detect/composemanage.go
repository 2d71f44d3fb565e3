package detect

// The authors' compose file may run a Django site's own long-running
// management commands as services beside the web server (a loop that
// advances a game, a daemon a mail server queries), each from the one
// image: `manage.py tick` under an ENTRYPOINT of python, or
// `sh -c "cd site; python3 manage.py sweep jobs.py"`. Those are processes
// of the app, and compose runs them as services of the image.

import (
	_ "embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/pydock/pydock/internal/shellcmd"
)

//go:embed managecommands.toml
var manageCommandsTOML []byte

// notServiceCommands are management commands that are no process beside
// the app: managecommands.toml.
var notServiceCommands = func() []string {
	var t struct {
		Command []struct{ Name, Why, Source string }
	}
	if err := toml.Unmarshal(manageCommandsTOML, &t); err != nil {
		panic("managecommands.toml: " + err.Error())
	}
	var out []string
	for _, c := range t.Command {
		if c.Name == "" || c.Why == "" || c.Source == "" {
			panic("managecommands.toml: bad row " + c.Name)
		}
		out = append(out, c.Name)
	}
	return out
}()

// composeCommand is one service's command in a compose file, as words.
type composeCommand struct {
	service string
	line    int
	words   []string
	block   bool // written under the key (a list, > or |), not on its line
}

// composeCommands reads the command of each service of a compose file:
// on the key's line (a string or a flow list), as a folded or literal
// block (command: >), or as a block list (- word).
func composeCommands(data string) []composeCommand {
	lines := strings.Split(data, "\n")
	var out []composeCommand
	service := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l != "" && l[0] != ' ' && l[0] != '#' {
			service = "" // a top-level key (x-app:, volumes:) ends the service
		}
		if composeServiceRe.MatchString(l) {
			service = strings.TrimSuffix(strings.TrimSpace(l), ":")
			continue
		}
		key := strings.TrimSpace(l)
		if service == "" || !strings.HasPrefix(key, "command:") {
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, " "))
		value := strings.TrimSpace(strings.TrimPrefix(key, "command:"))
		var block []string // the lines under the key
		for j := i + 1; j < len(lines); j++ {
			b := lines[j]
			if strings.TrimSpace(b) != "" && len(b)-len(strings.TrimLeft(b, " ")) <= indent {
				break
			}
			block = append(block, b)
		}
		var words []string
		under := value == "" || strings.HasPrefix(value, ">") || strings.HasPrefix(value, "|")
		switch {
		case value == "" && len(block) > 0 && strings.HasPrefix(strings.TrimSpace(block[0]), "- "):
			for _, b := range block {
				item, ok := strings.CutPrefix(strings.TrimSpace(b), "- ")
				if !ok {
					break
				}
				words = append(words, strings.Trim(strings.TrimSpace(item), `"'`))
			}
		case strings.HasPrefix(value, ">") || strings.HasPrefix(value, "|"):
			words = shellWords(foldBlock(block, value[0] == '>'))
		case value != "":
			if strings.HasPrefix(value, "[") {
				words = composeWords(value)
			} else {
				words = shellWords(strings.Trim(value, `"'`))
			}
		}
		if len(words) > 0 {
			out = append(out, composeCommand{service, i + 1, words, under})
		}
	}
	return out
}

// foldBlock is a YAML block scalar's text: in a folded one (>) lines at
// the block's indentation join with a space, more indented ones keep
// their line break.
func foldBlock(block []string, folded bool) string {
	base := -1
	var b strings.Builder
	for _, l := range block {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		in := len(l) - len(strings.TrimLeft(l, " "))
		if base < 0 {
			base = in
		} else if folded && in == base {
			b.WriteByte(' ')
		} else {
			b.WriteByte('\n')
		}
		b.WriteString(t)
	}
	return b.String()
}

// shellWords are the words of a command line with one simple command,
// nil otherwise.
func shellWords(src string) []string {
	line, err := shellcmd.Parse(src)
	if err != nil {
		return nil
	}
	cmds := line.Commands()
	if len(cmds) != 1 {
		return nil
	}
	return cmds[0].Values()
}

// manageCall is the management command a service's words run: python (or
// manage.py itself, the authors' ENTRYPOINT being python) with a
// manage.py, possibly inside `sh -c "cd dir; …"` with nothing else. dir
// is the folder the shell changed into ("" for none).
func manageCall(words []string) (manage, dir string, args []string, ok bool) {
	if len(words) == 3 && (path.Base(words[0]) == "sh" || path.Base(words[0]) == "bash") && words[1] == "-c" {
		line, err := shellcmd.Parse(words[2])
		if err != nil {
			return "", "", nil, false
		}
		var run []string
		for i, c := range line.Commands() {
			v := c.Values()
			if i == 0 && c.Name() == "cd" && len(v) == 2 {
				dir = path.Clean(v[1])
				continue
			}
			if run != nil {
				return "", "", nil, false // several commands: a script, not one process
			}
			run = v
		}
		words = run
	}
	if len(words) > 0 && strings.HasPrefix(path.Base(words[0]), "python") {
		words = words[1:]
	}
	if len(words) < 2 || path.Base(words[0]) != "manage.py" || strings.HasPrefix(words[1], "-") {
		return "", "", nil, false
	}
	return words[0], dir, words[1:], true
}

// composeManageCommands are the services of the authors' compose files
// that run one management command of the site (manage.py, at dj.Dir) that
// is no web server, one-off or worker pydock runs already.
func composeManageCommands(fsys fs.FS, f *Facts) []Procfile {
	dj := f.Django
	if dj == nil {
		return nil
	}
	manage := path.Join(dj.Dir, "manage.py")
	var out []Procfile
	for _, file := range authorsComposeFiles(fsys) {
		data, err := readBounded(fsys, file, 1<<20, "compose files")
		if err != nil || generatedByPydock(data) || CheckText(file, data, true) != nil {
			continue
		}
		for _, c := range composeCommands(string(data)) {
			mp, dir, args, ok := manageCall(c.words)
			if !ok || path.Join(dir, mp) != manage || slices.Contains(notServiceCommands, args[0]) || strings.HasPrefix(args[0], "runserver") {
				continue
			}
			if file := projectCommandFile(fsys, args[0]); file != "" && !runsForever(fsys, file) {
				continue // the project's own command, and it ends: a one-off
			}
			sub := "manage.py " + args[0]
			name := serviceName(c.service)
			if slices.ContainsFunc(f.Processes, func(p Procfile) bool { return strings.Contains(p.Command, sub) || p.Process == name }) ||
				slices.ContainsFunc(djangoWorkers, func(w djangoWorker) bool { return w.Command[0] == args[0] }) {
				continue // a worker pydock runs already, by its own row
			}
			argv := []string{"python", manage, args[0]}
			for _, a := range args[1:] {
				if dir != "" && !path.IsAbs(a) && isRegularFile(fsys, path.Join(dir, a)) {
					a = path.Join(dir, a) // the image runs from the root, not dir
				}
				argv = append(argv, a)
			}
			var quoted []string
			for _, w := range argv {
				q, err := shellcmd.Quote(w)
				if err != nil {
					quoted = nil
					break
				}
				quoted = append(quoted, q)
			}
			if quoted == nil {
				continue
			}
			at := Source{File: strings.TrimSuffix(file, ".pydock-bak"), Line: c.line}
			out = append(out, Procfile{Process: name, Command: strings.Join(quoted, " "), Source: at,
				Via: fmt.Sprintf("the %s service of %s", c.service, at), Why: fmt.Sprintf("the authors' %s service runs the management command %s beside the web server (%s)", c.service, args[0], at)})
		}
	}
	return out
}

// projectCommandFile is the file of the project that defines management
// command name (an app's management/commands/name.py), "" for none: the
// command then comes from an installed app.
func projectCommandFile(fsys fs.FS, name string) string {
	for _, pattern := range []string{"*/management/commands/", "*/*/management/commands/", "*/*/*/management/commands/"} {
		if m, _ := fs.Glob(fsys, pattern+name+".py"); len(m) > 0 {
			return m[0]
		}
	}
	return ""
}

// foreverRe is code that keeps a process running: a loop, an event loop
// run until stopped, a server serving.
var foreverRe = regexp.MustCompile(`(?m)^\s*while\b|\brun_forever\(|\bserve_forever\(|\basyncio\.run\(|\brun_until_complete\(|\.serve\(|\bschedule\.run_pending\(`)

// runsForever reports whether a command's module has code that keeps it
// running (foreverRe).
func runsForever(fsys fs.FS, file string) bool {
	data, err := readPySource(fsys, file)
	return err == nil && foreverRe.Match(data)
}
