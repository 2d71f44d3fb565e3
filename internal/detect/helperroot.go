package detect

import (
	"io/fs"
	"path"
	"strings"
)

// projectsBelow lists the folders right under the root that are Python
// projects of their own (a pyproject.toml or setup.py: something that
// builds), not a docs or tests folder's requirements file.
func projectsBelow(fsys fs.FS) []string {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || strings.HasPrefix(n, ".") || pySkipDirs[n] || testsDir(n) || n == "docs" || n == "doc" || n == "examples" {
			continue
		}
		if isRegularFile(fsys, path.Join(n, "pyproject.toml")) || isRegularFile(fsys, path.Join(n, "setup.py")) {
			out = append(out, n)
		}
	}
	return out
}
