package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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

// capsLine is the step that writes pydock's pip constraints for the
// dependency step: printf '%s\n' 'django<3.1' … > /tmp/constraints.txt.
var capsLine = regexp.MustCompile(`printf '%s\\n'((?: '[^']*')+) > /tmp/constraints\.txt`)

// dockerfileCaps are the constraints a generated Dockerfile's dependency
// step installs under (the newest range the project's tests run): the
// mirror must hold a release within them, not only the newest.
func dockerfileCaps(df string) []string {
	var out []string
	for _, m := range capsLine.FindAllStringSubmatch(df, -1) {
		for _, q := range strings.Fields(m[1]) {
			out = append(out, strings.Trim(q, "'"))
		}
	}
	return out
}

// bindRequirements is a requirements file a Dockerfile step mounts.
var bindRequirements = regexp.MustCompile(`source=([^,\s]+\.txt)`)

// otherRequirements are the requirement files a generated Dockerfile
// installs besides requirements.txt (a production file that covers it,
// requirements-production.txt): the mirror must hold their pins, and an
// --index-url line in requirements.txt does not reach pip through them.
func otherRequirements(df string) []string {
	var out []string
	for _, m := range bindRequirements.FindAllStringSubmatch(df, -1) {
		if m[1] != "requirements.txt" && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}
