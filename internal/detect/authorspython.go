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
	// tox's py factor at the start of an environment name: py38, py3.11,
	// py{38,39,310}.
	toxPyFactorRe = regexp.MustCompile(`^py(?:(3\.?\d{1,2})|\{([\d.,\s]+)\})(?:-|$)`)
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
	return append(out, toxPythons(fsys)...)
}

// toxPythons are the Pythons tox.ini's envlist tests on: the py factors
// of its environment names, a test matrix like a CI's.
func toxPythons(fsys fs.FS) []PythonUse {
	data, err := readBounded(fsys, "tox.ini", maxManifestSize, "manifests")
	if err != nil {
		return nil
	}
	envlist, ok := parseINI(data)["tox"]["envlist"]
	if !ok {
		return nil
	}
	var out []PythonUse
	for i, l := range strings.Split(envlist.Value, "\n") {
		for _, env := range splitEnvlist(l) {
			m := toxPyFactorRe.FindStringSubmatch(env)
			if m == nil {
				continue
			}
			vs := []string{m[1]}
			if m[2] != "" {
				vs = strings.Split(m[2], ",")
			}
			for _, v := range vs {
				v = strings.TrimSpace(v)
				if !strings.Contains(v, ".") && len(v) >= 2 {
					v = v[:1] + "." + v[1:] // 38 → 3.8, 310 → 3.10
				}
				if ciVersionRe.MatchString(v) {
					out = append(out, PythonUse{Version: v, CI: true, Source: Source{File: "tox.ini", Line: envlist.Lines[i]}})
				}
			}
		}
	}
	return out
}

// splitEnvlist splits an envlist line at the commas and blanks outside
// braces: "py{38,39}-dj, lint" → "py{38,39}-dj", "lint".
func splitEnvlist(l string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range l + "," {
		switch {
		case c == '{':
			depth++
		case c == '}':
			depth--
		case depth == 0 && (c == ',' || c == ' ' || c == '\t'):
			if t := strings.TrimSpace(l[start:i]); t != "" {
				out = append(out, t)
			}
			start = i + 1
		}
	}
	return out
}
