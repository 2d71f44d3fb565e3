package cli

import (
	"os"
	"path"
	"path/filepath"

	"github.com/pydock/pydock/internal/detect"
)

// maxExampleLevels bounds how far above the project an example
// configuration file is looked for: an app is rarely deeper than that in
// its repository (autogen-studio's python/packages/autogen-studio).
const maxExampleLevels = 3

// findExamplesAbove gives a configuration file the project's .gitignore
// keeps out, and its code names, the example the repository ships above
// the project (deer-flow's config.example.yaml beside its backend/): the
// nearest folder up holding one, never past the repository's root (the
// folder with .git).
func findExamplesAbove(dir string, f *detect.Facts) {
	for i := range f.ConfigFiles {
		c := &f.ConfigFiles[i]
		if c.Example != "" {
			continue
		}
		up, rel := dir, ""
		for level := 0; level < maxExampleLevels; level++ {
			if isDirAt(filepath.Join(up, ".git")) {
				break // the repository's root
			}
			parent := filepath.Dir(up)
			if parent == up {
				break
			}
			up, rel = parent, path.Join(rel, "..")
			for _, name := range detect.ExampleNames(c.Name) {
				if st, err := os.Lstat(filepath.Join(up, name)); err == nil && st.Mode().IsRegular() {
					c.Example, c.Dir = path.Join(rel, name), rel
					break
				}
			}
			if c.Example != "" {
				break
			}
		}
	}
}

func isDirAt(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// findAuthorsWorkers reads the authors' compose files, in the project and
// above it in its repository (each folder's and its docker/ folder's, as
// far as findExamplesAbove looks), for Celery workers on named queues.
func findAuthorsWorkers(dir string, f *detect.Facts) {
	up, rel := dir, ""
	for level := 0; ; level++ {
		for _, sub := range []string{"", "docker"} {
			files, _ := filepath.Glob(filepath.Join(up, sub, "*compose*.y*ml"))
			for _, file := range files {
				st, err := os.Lstat(file)
				if err != nil || !st.Mode().IsRegular() || st.Size() > 1<<20 {
					continue
				}
				data, err := os.ReadFile(file)
				if err != nil {
					continue
				}
				f.WorkerQueues = append(f.WorkerQueues, detect.ReadWorkerQueues(path.Join(rel, sub, filepath.Base(file)), data)...)
			}
		}
		if level == maxExampleLevels || isDirAt(filepath.Join(up, ".git")) {
			return
		}
		parent := filepath.Dir(up)
		if parent == up {
			return
		}
		up, rel = parent, path.Join(rel, "..")
	}
}
