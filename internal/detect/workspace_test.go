package detect

import (
	"testing"
	"testing/fstest"
)

func TestFindWorkspace(t *testing.T) {
	root := "[tool.uv.workspace]\nmembers = [\"packages/*\", \"apps/web\"]\nexclude = [\"packages/old\"]\n"
	fsys := fstest.MapFS{
		"py/pyproject.toml":                file(root),
		"py/uv.lock":                       file("version = 1\n"),
		"py/packages/a/pyproject.toml":     file("[project]\nname = \"a\"\n"),
		"py/packages/old/pyproject.toml":   file("[project]\nname = \"old\"\n"),
		"py/apps/web/pyproject.toml":       file("[project]\nname = \"web\"\n"),
		"py/apps/cli/pyproject.toml":       file("[project]\nname = \"cli\"\n"),
		"nolock/pyproject.toml":            file(root),
		"nolock/packages/a/pyproject.toml": file("[project]\nname = \"a\"\n"),
	}
	for _, tc := range []struct{ dir, want string }{
		{"py/packages/a", "py"},
		{"py/apps/web", "py"},
		{"py/packages/old", ""},   // excluded
		{"py/apps/cli", ""},       // not a member
		{"nolock/packages/a", ""}, // a workspace without its lock claims nothing
		{"py", ""},
	} {
		got, err := FindWorkspace(fsys, tc.dir)
		if err != nil || got != tc.want {
			t.Errorf("FindWorkspace(%s) = %q, %v; want %q", tc.dir, got, err, tc.want)
		}
	}
}

func TestSubProjects(t *testing.T) {
	fsys := fstest.MapFS{
		"README.md":                 file(""),
		"api/pyproject.toml":        file(""),
		"api/poetry.lock":           file(""),
		"services/bot/Pipfile":      file(""),
		"services/bot/Pipfile.lock": file(""),
		"web/index.html":            file(""),
	}
	got := subProjects(fsys)
	want := []string{"api/ (poetry)", "services/bot/ (pipenv)"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("subProjects = %q, want %q", got, want)
	}
}
