package cli

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// maxExampleLevels bounds how far above the project an example
// configuration file is looked for: an app is rarely deeper than that in
// its repository (autogen-studio's python/packages/autogen-studio).
const maxExampleLevels = 3

// folderAbove is a folder above the project in its repository: its path,
// its path from the project ("..", "../.."), and the project's path from
// it ("backend", "app/backend").
type folderAbove struct{ abs, up, down string }

// foldersAbove are the folders above dir, nearest first, as far as
// maxExampleLevels and never past the repository's root (the folder with
// .git, which is the last one).
func foldersAbove(dir string) []folderAbove {
	var out []folderAbove
	here, up, down := dir, "", ""
	for level := 0; level < maxExampleLevels; level++ {
		if isDirAt(filepath.Join(here, ".git")) {
			break // the repository's root
		}
		parent := filepath.Dir(here)
		if parent == here {
			break
		}
		up, down = path.Join(up, ".."), path.Join(filepath.Base(here), down)
		here = parent
		out = append(out, folderAbove{abs: here, up: up, down: down})
	}
	return out
}

// findExamplesAbove gives a configuration file the project's .gitignore
// keeps out, and its code names, the example the repository ships above
// the project (deer-flow's config.example.yaml beside its backend/): the
// nearest folder up holding one (foldersAbove).
func findExamplesAbove(dir string, f *detect.Facts) {
	above := foldersAbove(dir)
	for i := range f.ConfigFiles {
		c := &f.ConfigFiles[i]
		if c.Example != "" {
			continue
		}
	folders:
		for _, a := range above {
			for _, name := range detect.ExampleNames(c.Name) {
				if st, err := os.Lstat(filepath.Join(a.abs, name)); err == nil && st.Mode().IsRegular() {
					c.Example, c.Dir = path.Join(a.up, name), a.up
					break folders
				}
			}
		}
	}
}

// findIgnoresAbove settles whether git keeps pydock's local env file out
// when the project's own .gitignore does not: a .gitignore of a folder
// above it in its repository may (an app in backend/ of a larger one), as
// far as findExamplesAbove looks.
func findIgnoresAbove(dir string, f *detect.Facts) {
	if f.GitIgnoresCredentials != nil && *f.GitIgnoresCredentials {
		return
	}
	for _, a := range foldersAbove(dir) {
		info, err := os.Lstat(filepath.Join(a.abs, ".gitignore"))
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxListing {
			continue
		}
		data, err := os.ReadFile(filepath.Join(a.abs, ".gitignore"))
		if err != nil {
			continue
		}
		ok := detect.GitIgnores(data, path.Join(a.down, detect.CredentialsFile))
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
	// The same files' service URLs: the names of backing services the app
	// reads through a library (wireServices).
	for _, a := range append([]folderAbove{{abs: dir}}, foldersAbove(dir)...) {
		for _, sub := range []string{"", "docker"} {
			files, _ := filepath.Glob(filepath.Join(a.abs, sub, "*compose*.y*ml"))
			for _, file := range files {
				st, err := os.Lstat(file)
				if err != nil || !st.Mode().IsRegular() || st.Size() > 1<<20 {
					continue
				}
				data, err := os.ReadFile(file)
				if err != nil {
					continue
				}
				f.WorkerQueues = append(f.WorkerQueues, detect.ReadWorkerQueues(path.Join(a.up, sub, filepath.Base(file)), data)...)
				f.AuthorsComposeURLs = append(f.AuthorsComposeURLs, detect.ReadComposeEnv(path.Join(a.up, sub, filepath.Base(file)), data)...)
			}
		}
	}
}

// findAuthorsFrontendsAbove reads the authors' Dockerfiles above the
// project in its repository (each folder's Dockerfile, Dockerfile.* and
// *.dockerfile, and those of its docker/ folder) for the node stages
// that build a front end: one in a sibling folder is outside the
// project's build context.
func findAuthorsFrontendsAbove(dir string, f *detect.Facts) {
	authorsDockerfilesAbove(dir, []string{"", "docker"}, func(a folderAbove, rel string, data []byte) bool {
		fes := detect.ReadAuthorsFrontends(rel, data)
		f.AuthorsFrontends = append(f.AuthorsFrontends, detect.AuthorsFrontendsAbove(fes, a.up, a.down)...)
		return false
	})
}

// findDbmateAbove looks for the project's dbmate migrations above it in
// its repository (repositoryAbove) when it holds none:
// a repository keeps its schema beside the app's folder
// (database-docker/db/migrations beside backend/), and compose mounts it
// from there.
func findDbmateAbove(dir string, f *detect.Facts) {
	if f.Dbmate != nil {
		return
	}
	for _, a := range repositoryAbove(dir) {
		if m := detect.FindDbmateMigrations(os.DirFS(a.abs), a.down); m != nil {
			m.Dir = path.Join(a.up, m.Dir)
			m.Source.File = path.Join(a.up, m.Source.File)
			f.Dbmate = m
			return
		}
	}
}

// repositoryAbove are the folders above dir up to its repository's root,
// nearest first: the first that holds .git, or, in a copy without git's
// folder (git archive), .gitignore. None when no folder within
// maxExampleLevels does: a search of whole folders above must not wander
// into the projects beside this one.
func repositoryAbove(dir string) []folderAbove {
	above := foldersAbove(dir)
	for i, a := range above {
		for _, marker := range []string{".git", ".gitignore"} {
			if _, err := os.Lstat(filepath.Join(a.abs, marker)); err == nil {
				return above[:i+1]
			}
		}
	}
	return nil
}

// findAuthorsPortAbove gives the port the app's own run reads from a
// variable the value the authors' Dockerfile above the project sets it to
// (ENV ANALYTICS_PORT=9696 in the repository's Dockerfile, the app in
// backend/), when the project's own Dockerfiles set none: the nearest
// folder up that does.
func findAuthorsPortAbove(dir string, f *detect.Facts) {
	r := f.AppRunPort
	if r == nil || r.Env == "" || r.Port != 0 {
		return
	}
	authorsDockerfilesAbove(dir, []string{"", "docker", "deploy"}, func(_ folderAbove, rel string, data []byte) bool {
		return r.SetFromAuthors(detect.ReadAuthorsEnvFile(rel, data))
	})
}

// authorsDockerfilesAbove calls fn with each of the authors' Dockerfiles
// (Dockerfile, Dockerfile.*, *.dockerfile, up to 1 MiB) in the folders
// above dir and their subs, nearest first, by its path from the project;
// fn returns true to stop.
func authorsDockerfilesAbove(dir string, subs []string, fn func(a folderAbove, rel string, data []byte) bool) {
	for _, a := range foldersAbove(dir) {
		for _, sub := range subs {
			entries, _ := os.ReadDir(filepath.Join(a.abs, sub))
			for _, e := range entries {
				n := e.Name()
				if !e.Type().IsRegular() || !(n == "Dockerfile" || strings.HasPrefix(n, "Dockerfile.") || strings.HasSuffix(strings.ToLower(n), ".dockerfile")) {
					continue
				}
				file := filepath.Join(a.abs, sub, n)
				if st, err := os.Lstat(file); err != nil || st.Size() > 1<<20 {
					continue
				}
				data, err := os.ReadFile(file)
				if err != nil {
					continue
				}
				if fn(a, path.Join(a.up, sub, n), data) {
					return
				}
			}
		}
	}
}

// findFrontendsAbove gives each folder above the project that the code
// serves a front end from (detect's AboveFrontends) the package.json of
// the repository that builds it, found at the folder or above it, up to
// the repository's root: the image cannot build it, its build context
// being the project, and says so.
func findFrontendsAbove(dir string, f *detect.Facts) {
	repo := repositoryAbove(dir)
	if len(repo) == 0 {
		return
	}
	top := repo[len(repo)-1].abs
	for _, a := range f.AboveFrontends {
		abs := filepath.Join(dir, filepath.FromSlash(a.Dir))
		if rel, err := filepath.Rel(top, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue // outside the repository
		}
		pj := ""
		for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
			if st, err := os.Stat(filepath.Join(d, "package.json")); err == nil && st.Mode().IsRegular() {
				if rel, err := filepath.Rel(dir, filepath.Join(d, "package.json")); err == nil {
					pj = filepath.ToSlash(rel)
				}
				break
			}
			if d == top || len(d) <= len(top) {
				break
			}
		}
		if pj == "" {
			continue
		}
		what := "the folder the code serves its front end from"
		if a.Setting != "" {
			what += ", unless the setting " + a.Setting + " (" + a.At.String() + ") names another"
		}
		f.NodeMissing = append(f.NodeMissing, detect.NodeMissing{Dir: a.Dir, What: what, Source: a.Source, Manifest: pj, Outside: true,
			Why: pj + " in the repository is the front end that writes it"})
	}
}
