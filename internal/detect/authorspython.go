package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// PythonUse is a Python line the authors build or test on, outside the
// declarations: their own Dockerfile's base image, their CI's versions.
// It says which of the releases the declarations allow they actually run.
type PythonUse struct {
	Version string `json:"version"` // X.Y
	// CI is true for a version a CI job tests on; false for the base of
	// the authors' own image, which is what they ship.
	CI     bool   `json:"ci,omitempty"`
	Source Source `json:"source"`
}

var (
	// FROM python:3.10-slim, FROM --platform=$X docker.io/library/python:3.12 AS base
	fromPythonRe = regexp.MustCompile(`(?i)^\s*FROM\s+(?:--\S+\s+)*(?:docker\.io/)?(?:library/)?python:(\d+\.\d+)\b`)
	// GitLab CI's image: python:3.11
	ciImageRe = regexp.MustCompile(`^\s*(?:-\s*)?image:\s*["']?(?:docker\.io/)?(?:library/)?python:(\d+\.\d+)\b`)
	// actions/setup-python's python-version (one, or a matrix's list) and
	// a matrix's python-version/python key.
	ciVersionKeyRe = regexp.MustCompile(`^\s*(?:-\s*)?(?:python-version|python_version|python)\s*:\s*(.*)$`)
	ciVersionRe    = regexp.MustCompile(`["']?\b(3\.\d{1,2})\b["']?`)
	ciListItemRe   = regexp.MustCompile(`^\s*-\s*["']?(3\.\d{1,2})["']?\s*$`)
)

// readPythonUsed reads the Python lines the authors' own Dockerfiles and
// CI workflows run. A Dockerfile pydock generated is not the authors'.
func readPythonUsed(fsys fs.FS) []PythonUse {
	var out []PythonUse
	read := func(name string) []byte {
		data, err := readBounded(fsys, name, maxAuthorsFile, "Dockerfiles and CI files")
		if err != nil {
			return nil
		}
		return data
	}
	for _, af := range readAuthorsFiles(fsys, authorsContainerFiles(fsys)) {
		for i, l := range strings.Split(af.text, "\n") {
			if m := fromPythonRe.FindStringSubmatch(l); m != nil {
				out = append(out, PythonUse{Version: m[1], Source: Source{File: af.name, Line: i + 1}})
			}
		}
	}
	ciFiles := authorsCIFiles(fsys)
	for _, file := range ciFiles {
		lines := strings.Split(string(read(file)), "\n")
		for i := 0; i < len(lines); i++ {
			l := strings.TrimRight(lines[i], "\r")
			if m := ciImageRe.FindStringSubmatch(l); m != nil {
				out = append(out, PythonUse{Version: m[1], CI: true, Source: Source{File: file, Line: i + 1}})
				continue
			}
			m := ciVersionKeyRe.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			if v := strings.TrimSpace(m[1]); v != "" && !strings.HasPrefix(v, "#") {
				for _, x := range ciVersionRe.FindAllStringSubmatch(v, -1) {
					out = append(out, PythonUse{Version: x[1], CI: true, Source: Source{File: file, Line: i + 1}})
				}
				continue
			}
			// A block list under the key.
			for j := i + 1; j < len(lines); j++ {
				x := ciListItemRe.FindStringSubmatch(strings.TrimRight(lines[j], "\r"))
				if x == nil {
					break
				}
				out = append(out, PythonUse{Version: x[1], CI: true, Source: Source{File: file, Line: j + 1}})
			}
		}
	}
	return out
}
