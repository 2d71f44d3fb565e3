package detect

// Start commands that compile gettext catalogues: the image compiles them
// at build (or the authors commit them), and at start such a step writes
// into the app's read-only tree. A project's own Flask CLI command counts
// when its body runs one of the table's programs (`flask translate compile`
// running `pybabel compile`, the Flask Mega-Tutorial's shape).

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// catalogueCommand is a [[command]] row of catalogues.toml.
type catalogueCommand struct {
	Words  []string       `toml:"words"`
	Source string         `toml:"source"`
	body   *regexp.Regexp // the program as a body's string spells it
}

var catalogueCommands = func() []catalogueCommand {
	var t struct{ Command []catalogueCommand }
	if err := toml.Unmarshal(cataloguesTOML, &t); err != nil {
		panic("catalogues.toml: " + err.Error())
	}
	for i, c := range t.Command {
		if len(c.Words) == 0 || c.Source == "" {
			panic("catalogues.toml: bad command row")
		}
		// "pybabel compile …" in one string, or ["pybabel", "compile", …].
		quoted := make([]string, len(c.Words))
		for j, w := range c.Words {
			quoted[j] = regexp.QuoteMeta(w)
		}
		t.Command[i].body = regexp.MustCompile(`["'](?:[\w./-]*/)?` + strings.Join(quoted, `\s+`) + `\b|["']` + strings.Join(quoted, `["']\s*,\s*["']`) + `["']`)
	}
	return t.Command
}()

// CatalogueCommand is one of the project's own CLI commands whose body
// runs a program that compiles catalogues.
type CatalogueCommand struct {
	Argv   []string `json:"argv"` // flask translate compile
	Runs   string   `json:"runs"` // pybabel compile
	Source Source   `json:"source"`
}

// flaskCLIRe finds Flask's CLI decorators: app.cli or a blueprint's.
var flaskCLIRe = regexp.MustCompile(`(?m)^\s*@\w+\.cli\.(?:group|command)\b`)

// findCatalogueCommands lists the project's Flask CLI commands that
// compile catalogues.
func findCatalogueCommands(fsys fs.FS, f *Facts, c *Catalogues) {
	roots := f.layout.sourceRoots(fsys)
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !flaskCLIRe.Match(data) {
			return
		}
		for _, sub := range r.subcommands(file, "") {
			if sub.file == "" {
				continue
			}
			for _, l := range r.body(sub.file, sub.fn) {
				if row := compileCommandIn(l.text); row != nil {
					c.Commands = append(c.Commands, CatalogueCommand{
						Argv:   append([]string{"flask"}, strings.Fields(sub.name)...),
						Runs:   strings.Join(row.Words, " "),
						Source: Source{File: sub.file, Line: l.line},
					})
					break
				}
			}
		}
	})
}

// compileCommandIn is the table's row a line of Python names in a string.
func compileCommandIn(text string) *catalogueCommand {
	for i, row := range catalogueCommands {
		if row.body.MatchString(text) {
			return &catalogueCommands[i]
		}
	}
	return nil
}

// CompileStep says what argv is when it compiles catalogues: a program of
// the table, or the project's own command that runs one; "" when neither.
func (c *Catalogues) CompileStep(argv []string) string {
	for _, row := range catalogueCommands {
		if WordsInOrder(argv, row.Words) {
			return strings.Join(row.Words, " ")
		}
	}
	words := flaskWords(argv)
	if words == nil {
		return ""
	}
	for _, cmd := range c.Commands {
		if slices.Equal(words, cmd.Argv[1:]) {
			return strings.Join(cmd.Argv, " ") + " (it runs " + cmd.Runs + ", " + cmd.Source.String() + ")"
		}
	}
	return ""
}

// WordsInOrder reports whether argv has words in that order, "manage.py"
// matching any path to it (plan's release steps match the same way).
func WordsInOrder(argv, words []string) bool {
	i := 0
	for _, a := range argv {
		if i < len(words) && (a == words[i] || (words[i] == "manage.py" && path.Base(a) == "manage.py")) {
			i++
		}
	}
	return i == len(words)
}

// flaskWords are the command words of a flask CLI call (flask, or python -m
// flask), its options and their values left out; nil for another program.
func flaskWords(argv []string) []string {
	i := slices.Index(argv, "flask")
	if i < 0 || (i > 0 && !(i == 2 && argv[1] == "-m")) {
		return nil
	}
	var words []string
	for j := i + 1; j < len(argv); j++ {
		a := argv[j]
		switch {
		case a == "--app" || a == "-A" || a == "--env-file" || a == "-e":
			j++ // its value
		case strings.HasPrefix(a, "-"):
		default:
			words = append(words, a)
		}
	}
	return words
}
