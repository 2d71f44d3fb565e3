package lint

import (
	"strings"
	"testing"
)

// TestBuildNeedsAndDockerignore: the list init checks a kept .dockerignore
// against is DI004's (mounts, copies, the readme of a built project), and
// the strict reader names the line BuildKit would stop on. Patterns are
// anchored at the root: "*.md" leaves docs/x.md to the "*" above it.
func TestBuildNeedsAndDockerignore(t *testing.T) {
	needs, err := BuildNeeds(Input{
		Dockerfile: []byte("FROM python:3.13-slim\nRUN --mount=type=bind,source=uv.lock,target=uv.lock true\nCOPY app.py ./\nCOPY --from=python:3.13 /x /x\n"),
		Pyproject:  []byte("[project]\nname = \"a\"\nreadme = \"README.md\"\n[build-system]\nbuild-backend = \"hatchling.build\"\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range needs {
		got = append(got, n.Path+": "+n.Why)
	}
	want := "README.md: pyproject.toml names it and the build backend reads it|uv.lock: Dockerfile mounts it|app.py: Dockerfile copies it"
	if strings.Join(got, "|") != want {
		t.Fatalf("needs = %q, want %q", strings.Join(got, "|"), want)
	}

	ig, err := ParseDockerignore(".dockerignore", []byte("*\n!app.py\n*.md\n"))
	if err != nil {
		t.Fatal(err)
	}
	for p, line := range map[string]int{"uv.lock": 1, "README.md": 3, "app.py": 0, "docs/x.md": 1} {
		ex, at := ig.Excludes(p)
		if ex != (line > 0) || at != line {
			t.Errorf("Excludes(%s) = %v, %d; want line %d", p, ex, at, line)
		}
	}
	if _, err := ParseDockerignore(".dockerignore", []byte(".git\n!\n")); err == nil || !strings.HasPrefix(err.Error(), ".dockerignore:2: ") {
		t.Fatalf("a bare ! line: %v, want an error at .dockerignore:2", err)
	}
}
