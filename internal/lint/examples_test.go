package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// Every Dockerfile and .dockerignore pydock generates (the committed
// examples are the templates' real output) must lint clean: no errors and
// no warnings. Info findings are advice and allowed.
func TestExamplesLintClean(t *testing.T) {
	dirs, err := filepath.Glob("../../examples/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no examples found")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in := Input{DockerfileName: "Dockerfile", CheckIgnore: true, DockerignoreName: ".dockerignore"}
			in.Dockerfile = mustRead(t, filepath.Join(dir, "Dockerfile"))
			in.Dockerignore = mustRead(t, filepath.Join(dir, ".dockerignore"))
			if py, err := os.ReadFile(filepath.Join(dir, "pyproject.toml")); err == nil {
				in.Pyproject = py
			}
			findings, err := Lint(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				if f.Severity != SeverityInfo {
					t.Errorf("%s:%d: %s %s: %s", f.File, f.Line, f.Rule, f.Severity, f.Message)
				} else {
					t.Logf("%s:%d: %s %s: %s", f.File, f.Line, f.Rule, f.Severity, f.Message)
				}
			}
		})
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
