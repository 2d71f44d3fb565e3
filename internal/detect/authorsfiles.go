package detect

// The authors' own files pydock reads as evidence (their Dockerfiles, CI
// workflows, Makefiles): where they are, and their text.

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
)

// maxAuthorsFile bounds the Dockerfiles and CI files read.
const maxAuthorsFile = 256 << 10

// authorsFile is one of the authors' files as read.
type authorsFile struct {
	name string
	text string
}

// readAuthorsFiles reads files, leaving out one pydock generated (it is not
// the authors') and one that cannot be read within the bound.
func readAuthorsFiles(fsys fs.FS, files []string) []authorsFile {
	var out []authorsFile
	for _, file := range files {
		data, err := readBounded(fsys, file, maxAuthorsFile, "Dockerfiles and CI files")
		if err != nil || bytes.Contains(data, []byte(generatedMarker)) {
			continue
		}
		out = append(out, authorsFile{file, string(data)})
	}
	return out
}

// authorsContainerFiles lists the authors' Dockerfiles: Dockerfile,
// Dockerfile.* and *.Dockerfile (any case) at the root and in the folders
// projects keep them in.
func authorsContainerFiles(fsys fs.FS) []string {
	var out []string
	for _, dir := range []string{".", "docker", "container", "containers", "deploy"} {
		entries, _ := fs.ReadDir(fsys, dir)
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !(n == "Dockerfile" || strings.HasPrefix(n, "Dockerfile.") || strings.HasSuffix(strings.ToLower(n), ".dockerfile")) {
				continue
			}
			out = append(out, path.Join(dir, n))
		}
	}
	return out
}

// authorsCIFiles lists the CI workflows: GitHub Actions and GitLab CI.
func authorsCIFiles(fsys fs.FS) []string {
	var out []string
	entries, _ := fs.ReadDir(fsys, ".github/workflows")
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
			out = append(out, path.Join(".github/workflows", n))
		}
	}
	if isRegularFile(fsys, ".gitlab-ci.yml") {
		out = append(out, ".gitlab-ci.yml")
	}
	return out
}

func authorsMakefiles(fsys fs.FS) []string {
	var out []string
	for _, n := range []string{"Makefile", "makefile", "GNUmakefile", "justfile"} {
		if isRegularFile(fsys, n) {
			out = append(out, n)
		}
	}
	return out
}
