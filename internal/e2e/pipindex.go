package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// indexLine is a requirements file's own index option (pip's -i or
// --index-url, with a space or "=").
var indexLine = regexp.MustCompile(`^\s*(-i|--index-url)([\s=]|$)`)

// pointPipAt names the index in the project's requirements.txt with its
// credentials as ${VAR}s, the way pip's docs (and pydock's README) tell a user
// with a private index to: pydock then gives the install step a secret mount
// per variable, and pip expands them from the environment.
func pointPipAt(dir, index string) (bool, error) {
	p := filepath.Join(dir, "requirements.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		return false, nil // pyproject-only pip projects keep ARG PIP_INDEX_URL
	}
	url := strings.Replace(index, "://", "://${PYDOCK_E2E_INDEX_USER}:${PYDOCK_E2E_INDEX_TOKEN}@", 1)
	// pip takes the last --index-url it reads: the project's own lines
	// (pipenv requirements writes -i first) are commented out.
	lines := strings.SplitAfter(string(b), "\n")
	for i, l := range lines {
		if indexLine.MatchString(l) {
			lines[i] = "# " + l
		}
	}
	return true, os.WriteFile(p, []byte("--index-url "+url+"\n"+strings.Join(lines, "")), 0o644)
}

// requirementsReader is the project's file that reads requirements.txt: its
// build configuration (pyproject.toml, setup.cfg), or a Python file that names it
// as a string ("" when none): setup.py taking it as install_requires
// (changedetection.io), or the app checking its installed versions against it
// at run time (calibre-web parses every line as a pin). The mirror's
// --index-url line would break such a reader. Tests, docs and vendored trees
// are not the app.
func requirementsReader(dir string) string {
	// The build backend reads it for the wheel's dependencies: setuptools'
	// dynamic dependencies file (bugsink), setup.cfg's file:, a hatch
	// requirements plugin's files.
	for _, m := range []struct {
		file string
		re   *regexp.Regexp
	}{{"pyproject.toml", namesRequirements}, {"setup.cfg", cfgFileRequirements}} {
		if b, err := os.ReadFile(filepath.Join(dir, m.file)); err == nil && m.re.Match(b) {
			return m.file
		}
	}
	found := ""
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if found != "" {
			return fs.SkipAll
		}
		if err != nil {
			return nil // an unreadable folder: not the app's
		}
		if d.IsDir() {
			if p != dir && (strings.HasPrefix(d.Name(), ".") || notAppDir[d.Name()]) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".py") || strings.HasPrefix(d.Name(), "test_") {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && namesRequirements.Match(b) {
			found, _ = filepath.Rel(dir, p)
			found = filepath.ToSlash(found)
		}
		return nil
	})
	return found
}

// namesRequirements is requirements.txt as a quoted string of its own.
var namesRequirements = regexp.MustCompile(`["']requirements\.txt["']`)

// cfgFileRequirements is setup.cfg's "install_requires = file: requirements.txt".
var cfgFileRequirements = regexp.MustCompile(`(?m)^\s*install_requires\s*=\s*file:\s*requirements\.txt\b`)

// notAppDir holds folders whose Python files do not run in the image.
var notAppDir = map[string]bool{"tests": true, "test": true, "docs": true, "doc": true,
	"node_modules": true, "venv": true, "site-packages": true, "__pycache__": true}
