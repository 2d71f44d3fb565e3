package cli

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// findAuthorsWebServers reads the web server configurations of the
// project's repository (Caddyfiles, nginx confs; the project's own folder
// when it is not in one), for a server that serves files beside the app.
func findAuthorsWebServers(dir string, f *detect.Facts) {
	top, up := dir, ""
	if repo := repositoryAbove(dir); len(repo) > 0 {
		top, up = repo[len(repo)-1].abs, repo[len(repo)-1].up
	}
	n := 0
	_ = filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != top && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor" || name == "tests" || name == "test") {
				return filepath.SkipDir
			}
			if rel, _ := filepath.Rel(top, p); strings.Count(rel, string(filepath.Separator)) >= 4 {
				return filepath.SkipDir
			}
			return nil
		}
		if n++; n > 20000 {
			return filepath.SkipAll
		}
		lower := strings.ToLower(name)
		if !(strings.HasPrefix(lower, "caddyfile") || strings.HasSuffix(lower, ".caddyfile") || strings.HasSuffix(lower, ".conf") && strings.Contains(strings.ToLower(p), "nginx")) {
			return nil
		}
		if st, err := os.Lstat(p); err != nil || !st.Mode().IsRegular() || st.Size() > 1<<20 {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(top, p)
		if w := detect.ReadAuthorsWebServer(path.Join(up, filepath.ToSlash(rel)), data); w != nil {
			f.AuthorsWebServers = append(f.AuthorsWebServers, *w)
		}
		return nil
	})
}
