package detect

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A field of a shape pydock's struct does not expect is dropped with a
// warning naming file and line; the fields around it are still read.
func TestPyprojectUnexpectedShapes(t *testing.T) {
	fsys := fstest.MapFS{"pyproject.toml": file(`[project]
name = "app"
version = "1"
dependencies = ["flask", "gunicorn"]
optional-dependencies = "not-a-table"

[project.scripts]
app = "app:main"
odd = 7

[tool.poetry]
packages = [{ include = 5 }]
`)}
	py, err := readPyproject(fsys, "pyproject.toml")
	if err != nil {
		t.Fatal(err)
	}
	if py.name() != "app" || len(py.Project.Dependencies) != 2 {
		t.Fatalf("fields beside the bad ones lost: name %q deps %v", py.name(), py.Project.Dependencies)
	}
	want := []string{
		"pyproject.toml:5: [project] optional-dependencies: expected a table",
		"pyproject.toml:9: [project.scripts] odd: expected a string",
		"pyproject.toml:12: [tool.poetry.packages] include: expected a string",
	}
	if len(py.warnings) != len(want) {
		t.Fatalf("warnings = %q, want %d", py.warnings, len(want))
	}
	for _, w := range want {
		found := false
		for _, got := range py.warnings {
			found = found || strings.HasPrefix(got, w)
		}
		if !found {
			t.Errorf("no warning starting %q in %q", w, py.warnings)
		}
	}
	if s := py.scripts("pyproject.toml"); len(s) != 1 || s[0].Name != "app" {
		t.Errorf("scripts = %v, want the valid one kept", s)
	}
}

// Syntax errors stay errors: the file cannot be read at all.
func TestPyprojectSyntaxStillFails(t *testing.T) {
	_, err := readPyproject(fstest.MapFS{"pyproject.toml": file("[project\nname = 1\n")}, "pyproject.toml")
	if err == nil || !strings.Contains(err.Error(), "pyproject.toml:1:") {
		t.Fatalf("err = %v, want a positioned syntax error", err)
	}
}

func TestUVSourceShapes(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want uvSource
		ok   bool
	}{
		{map[string]any{"path": "../lib", "editable": true}, uvSource{Path: "../lib"}, true},
		{map[string]any{"workspace": true}, uvSource{Workspace: true}, true},
		{[]any{map[string]any{"index": "cpu", "marker": "sys_platform == 'linux'"}, map[string]any{"git": "https://x/y"}}, uvSource{Git: "https://x/y"}, true},
		{int64(3), uvSource{}, false},
		{[]any{"x"}, uvSource{}, false},
	} {
		got, ok := uvSourceOf(tc.v)
		if ok != tc.ok || got != tc.want {
			t.Errorf("uvSourceOf(%v) = %+v, %v; want %+v, %v", tc.v, got, ok, tc.want, tc.ok)
		}
	}
}
