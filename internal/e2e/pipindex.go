package e2e

import (
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

// requirementsReader is the project file that reads requirements.txt itself
// ("" when none): setup.py taking it as install_requires (changedetection.io).
// The mirror's --index-url line would break such a reader.
func requirementsReader(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "setup.py"))
	if err == nil && strings.Contains(string(b), "requirements.txt") {
		return "setup.py"
	}
	return ""
}
