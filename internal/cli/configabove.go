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

// findIgnoresAbove settles whether git keeps pydock's local env file out
// when the project's own .gitignore does not: a .gitignore of a folder
// above it in its repository may (an app in backend/ of a larger one), as
// far as findExamplesAbove looks and never past the repository's root.
func findIgnoresAbove(dir string, f *detect.Facts) {
	if f.GitIgnoresCredentials != nil && *f.GitIgnoresCredentials {
		return
	}
	up, rel := dir, detect.CredentialsFile
	for level := 0; level < maxExampleLevels; level++ {
		if isDirAt(filepath.Join(up, ".git")) {
			return
		}
		parent := filepath.Dir(up)
		if parent == up {
			return
		}
		up, rel = parent, path.Join(filepath.Base(up), rel)
		info, err := os.Lstat(filepath.Join(up, ".gitignore"))
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxListing {
			continue
		}
		data, err := os.ReadFile(filepath.Join(up, ".gitignore"))
		if err != nil {
			continue
		}
		ok := detect.GitIgnores(data, rel)
		if f.GitIgnoresCredentials == nil || ok {
			f.GitIgnoresCredentials = &ok
		}
		if ok {
			return
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
