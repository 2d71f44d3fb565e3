package detect

// A project whose migration history starts from tables it never creates
// keeps its own command for a fresh database: it creates the schema from
// the models and stamps the migration head, only when the database is empty
// (redash's `manage.py database create_tables`). The upgrade alone fails on
// a fresh database; that command first, then the upgrade, works on a fresh
// and on an existing one.

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// SchemaInit is such a command and where the authors run it.
type SchemaInit struct {
	Argv   []string `json:"argv"`
	Name   string   `json:"name"`   // the CLI command's name
	Source Source   `json:"source"` // its decorator
	Guard  Source   `json:"guard"`  // the condition stamp() runs under
	From   Source   `json:"from"`   // the authors' line that runs it
}

var (
	// SQLAlchemy's metadata.create_all / Flask-SQLAlchemy's db.create_all.
	createAllRe = regexp.MustCompile(`\bcreate_all\s*\(`)
	// alembic's command.stamp, Flask-Migrate's stamp.
	stampCallRe = regexp.MustCompile(`(?:^|[^.\w]|\.\s*)stamp\s*\(`)
	ifLineRe    = regexp.MustCompile(`^(?:if|elif)\b`)
)

// findSchemaInit finds a click command (the project's CLI, tests left out)
// whose body creates the tables and stamps the head under a condition, and
// a line of the authors' launch files that runs it by name; nil when either
// is missing.
func findSchemaInit(fsys fs.FS, roots []string) *SchemaInit {
	var cmds []SchemaInit
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if notAppCode(file) || !createAllRe.Match(data) || !stampCallRe.Match(data) {
			return
		}
		lines := pyLines(data)
		for i, l := range lines {
			c := clickCommandRe.FindStringSubmatch(l.text)
			if c == nil {
				continue
			}
			// The decorated def, then its body up to the next line at or
			// above the def's indent.
			j := i + 1
			for j < len(lines) && strings.HasPrefix(lines[j].text, "@") {
				j++
			}
			if j >= len(lines) {
				continue
			}
			d := defNameRe.FindStringSubmatch(lines[j].text)
			if d == nil {
				continue
			}
			name := c[2]
			if name == "" {
				name = strings.ReplaceAll(d[1], "_", "-") // click's default name
			}
			def, body := lines[j].indent, -1
			created := false
			var guard *Source
			for _, b := range lines[j+1:] {
				if b.indent <= def {
					break
				}
				if body < 0 {
					body = b.indent
				}
				if ifLineRe.MatchString(b.text) {
					g := Source{File: file, Line: b.line}
					guard = &g
				} else if b.indent == body {
					guard = nil
				}
				created = created || createAllRe.MatchString(b.text)
				// Stamped only under a condition: an unconditional stamp
				// would mark an old database as up to date.
				if stampCallRe.MatchString(b.text) && created && b.indent > body && guard != nil {
					cmds = append(cmds, SchemaInit{Name: name, Source: Source{File: file, Line: l.line}, Guard: *guard})
					break
				}
			}
		}
	})
	for _, c := range cmds {
		if from, argv := schemaInitRun(fsys, c.Name); argv != nil {
			c.From, c.Argv = from, argv
			return &c
		}
	}
	return nil
}

// schemaInitRun is the first line of the authors' launch files (entrypoints
// and shell scripts in launchDirs, development ones left out) that runs the
// command name through a Python script or program, in exec form.
func schemaInitRun(fsys fs.FS, name string) (Source, []string) {
	for _, d := range launchDirs {
		entries, err := fs.ReadDir(fsys, d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || path.Ext(n) != ".sh" && !strings.Contains(strings.ToLower(n), "entrypoint") || devLaunchRe.MatchString(strings.TrimSuffix(n, path.Ext(n))) {
				continue
			}
			file := path.Join(d, n)
			data, err := readBounded(fsys, file, maxScriptSize, "shell scripts")
			if err != nil || CheckText(file, data, true) != nil || !strings.Contains(string(data), name) {
				continue
			}
			for _, c := range scriptCommands(data) {
				if len(c.argv) < 2 || !contains(c.argv[1:], name) {
					continue
				}
				at := Source{File: file, Line: c.line}
				text := strings.TrimSpace(c.cmd.String())
				if t, ok := strings.CutPrefix(text, "exec "); ok {
					text = strings.TrimSpace(t)
				}
				p, _ := launchProcess(text, at, at.String())
				if p == nil {
					continue
				}
				line, err := shellcmd.Parse(p.Command)
				if err != nil {
					continue
				}
				if argv, ok := line.Argv(); ok && (strings.HasPrefix(argv[0], "python") || strings.HasSuffix(argv[0], ".py")) {
					return at, argv
				}
			}
		}
	}
	return Source{}, nil
}
