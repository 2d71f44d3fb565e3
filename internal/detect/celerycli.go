package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// CeleryCLI is a subcommand of the project's console script that runs
// Celery's own command line with its arguments (`events celery worker`).
type CeleryCLI struct {
	Argv   []string `json:"argv"` // the script and the subcommand
	Source Source   `json:"source"`
}

// celeryMainRe is Celery's command-line entry, celery.bin.celery
// (https://docs.celeryq.dev/en/stable/reference/celery.bin.celery.html),
// which a project's CLI hands its arguments to once its own group has
// built the app and set the broker.
var celeryMainRe = regexp.MustCompile(`\bcelery\.bin\.celery\b`)

// findCeleryCLI finds a subcommand of one of the project's console scripts
// whose body imports Celery's command line, itself or through a project
// module that does.
func findCeleryCLI(fsys fs.FS, f *Facts, roots []string) *CeleryCLI {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	for _, s := range f.Scripts {
		mod, fn, ok := strings.Cut(s.Target, ":")
		file := moduleFileIn(fsys, roots, mod)
		if !ok || file == "" {
			continue
		}
		for _, sub := range r.subcommands(file, fn) {
			if sub.file == "" || strings.Contains(sub.name, " ") {
				continue
			}
			for _, l := range r.body(sub.file, sub.fn) {
				if celeryMainRe.MatchString(l.text) || importsCeleryMain(fsys, roots, l.text) {
					return &CeleryCLI{Argv: []string{s.Name, sub.name}, Source: Source{File: sub.file, Line: l.line}}
				}
			}
		}
	}
	return nil
}

// importsCeleryMain reports whether an import line names a project
// module that imports Celery's command line.
func importsCeleryMain(fsys fs.FS, roots []string, line string) bool {
	for _, im := range pyImports([]pyLine{{text: line}}) {
		mod := im.module
		if im.from != "" {
			mod = im.from
		}
		file := moduleFileIn(fsys, roots, mod)
		if file == "" {
			continue
		}
		if data, err := readPySource(fsys, file); err == nil && celeryMainRe.Match(data) {
			return true
		}
	}
	return false
}
