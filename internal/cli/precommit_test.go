package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestPreCommitFiles: the hook's files: pattern must fire on every input
// that can change what pydock generates, Python sources included (a new
// import can add a system package or a service).
func TestPreCommitFiles(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var pattern string
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "files:"); ok {
			pattern = strings.TrimSpace(v)
		}
	}
	if pattern == "" {
		t.Fatal("no files: pattern in .pre-commit-hooks.yaml")
	}
	re := regexp.MustCompile(pattern)
	for _, p := range []string{
		"app.py", "src/app/main.py", "pyproject.toml", "uv.lock", "poetry.lock",
		"requirements.txt", "requirements/prod.txt", ".python-version", "pydock.toml",
		"Dockerfile", ".dockerignore", "compose.yaml", ".pydock/generated/Dockerfile",
		"Procfile", "manage.py", "runtime.txt",
	} {
		if !re.MatchString(p) {
			t.Errorf("files: %s does not match %s", pattern, p)
		}
	}
	if re.MatchString("docs/index.md") {
		t.Errorf("files: %s matches docs/index.md", pattern)
	}
}
