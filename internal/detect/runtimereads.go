package detect

import (
	"io/fs"
	"path"
	"strings"
)

// codeReads are the project's files outside the shipped packages that the
// app's code names by literal path, read at run time from the repository:
// a run of literals in a call, or its tail after the parent steps
// (os.path.join(os.path.dirname(__file__), "..", "docs", "api-spec.yaml")
// names docs/api-spec.yaml). Tests, build scripts and Python files are not
// evidence; only files that exist count.
func codeReads(fsys fs.FS, roots, pkgDirs []string) []string {
	var out []string
	seen := map[string]bool{}
	inPackage := func(p string) bool {
		for _, d := range pkgDirs {
			if p == d || strings.HasPrefix(p, d+"/") {
				return true
			}
		}
		return false
	}
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if notAppCode(file) {
			return
		}
		for _, lit := range setupPyPaths(data) {
			parts := strings.Split(lit, "/")
			for i := range parts {
				c := path.Clean(strings.Join(parts[i:], "/"))
				if c == "." || strings.HasPrefix(c, "../") || path.IsAbs(c) || strings.HasSuffix(c, ".py") || seen[c] {
					continue
				}
				if !isRegularFile(fsys, c) || inPackage(c) {
					continue
				}
				seen[c] = true
				out = append(out, c)
				break
			}
		}
	})
	return out
}

// notAppCode reports files that run at test or build time, not in the
// service: tests, setup scripts, task runners, documentation builds.
func notAppCode(file string) bool {
	base := path.Base(file)
	if strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") || contains([]string{"setup.py", "conftest.py", "noxfile.py", "tasks.py", "fabfile.py", "toxfile.py"}, base) {
		return true
	}
	for _, dir := range strings.Split(path.Dir(file), "/") {
		if contains([]string{"tests", "test", "testing", "docs", "doc", "examples", "scripts", "benchmarks"}, dir) || testsDir(dir) {
			return true
		}
	}
	return false
}
