package detect

// A root script that builds the app for its own command line (writing the
// OpenAPI document, seeding a database) is a tool of the repository: its
// `if __name__ == "__main__":` block neither serves nor names the app, so
// the package's __main__, the program, is what the image runs.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
)

// toolScriptApp says why app, found in a root script, is not the service:
// the script's main block serves nothing and never names the app, and a
// package of the project runs with python -m. "" when it may be.
func toolScriptApp(fsys fs.FS, roots []string, name string, fw Framework, app *AppTarget) string {
	file := app.Source.File
	if path.Dir(file) != "." || fileServes(fsys, file) {
		return ""
	}
	data, err := readPySource(fsys, file)
	if err != nil {
		return ""
	}
	lines := pyLines(data)
	guard := -1
	for i, l := range lines {
		if l.indent == 0 && mainGuardRe.MatchString(l.text) {
			guard = i
			break
		}
	}
	if guard < 0 {
		return ""
	}
	named := regexp.MustCompile(`\b` + regexp.QuoteMeta(app.Attr) + `\b`)
	for _, l := range lines[guard+1:] {
		if l.indent == 0 {
			break
		}
		if named.MatchString(l.text) {
			return "" // the block runs the app (app.run(), serve(app))
		}
	}
	pkg, from := mainPackage(fsys, roots, name)
	if pkg == "" {
		return ""
	}
	return fmt.Sprintf("%s builds the %s app %s, but the script is a command-line tool (its main block at %s:%d serves nothing and never names the app): not the service; %s runs (python -m %s)", app.Source, fw, app, file, lines[guard].line, from.File, pkg)
}
