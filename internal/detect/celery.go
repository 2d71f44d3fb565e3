package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// celeryAppRe is a module-level assignment of a Celery application:
// `app = Celery("proj")`, `celery: Celery = celery.Celery(...)`.
var celeryAppRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:celery\s*\.\s*)?Celery\s*\(`)

// celeryNotAppDirs hold code that is not the service's: a Celery app there
// is a test's or an example's, and the image's working directory may not
// even import it.
var celeryNotAppDirs = []string{"tests", "test", "testing", "docs", "doc", "examples", "example", "scripts", "benchmarks"}

// findCeleryApps finds the Celery applications the project's modules build
// at import, in file order: what `celery -A module:attr worker` loads.
func findCeleryApps(fsys fs.FS, roots []string) []AppTarget {
	var out []AppTarget
	_ = walkPython(fsys, roots, func(file, module string, data []byte) {
		if isTestFile(file) || slices.ContainsFunc(strings.Split(path.Dir(file), "/"), func(d string) bool { return slices.Contains(celeryNotAppDirs, d) }) {
			return
		}
		if !strings.Contains(string(data), "Celery") {
			return
		}
		for _, l := range pyLines(data) {
			if l.indent != 0 {
				continue
			}
			if m := celeryAppRe.FindStringSubmatch(l.text); m != nil {
				out = append(out, AppTarget{Module: module, Attr: m[1], Source: Source{File: file, Line: l.line}})
				return
			}
		}
	})
	return out
}
