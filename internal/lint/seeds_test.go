package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeeds lints the good and bad Dockerfiles printed in the documents the
// rules were distilled from (testdata/lint/seeds/<name>/: a Dockerfile, and
// a .dockerignore and pyproject.toml when the document had them) and
// compares the findings with the `want` file beside them, one
// "file:line rule severity" per line. UPDATE_GOLDEN=1 rewrites the want
// files; review the diff like code.
func TestSeeds(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/lint/seeds/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no seed fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in := Input{Dockerfile: mustRead(t, filepath.Join(dir, "Dockerfile"))}
			if data, err := os.ReadFile(filepath.Join(dir, ".dockerignore")); err == nil {
				in.CheckIgnore, in.Dockerignore = true, data
			}
			if data, err := os.ReadFile(filepath.Join(dir, "pyproject.toml")); err == nil {
				in.Pyproject = data
			}
			findings, err := Lint(in)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, f := range findings {
				fmt.Fprintf(&b, "%s:%d %s %s\n", f.File, f.Line, f.Rule, f.Severity)
			}
			got := b.String()
			wantFile := filepath.Join(dir, "want")
			if os.Getenv("UPDATE_GOLDEN") != "" {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("no want file; run with UPDATE_GOLDEN=1 and review it. got:\n%s", got)
			}
			if got != string(want) {
				t.Errorf("findings differ\ngot:\n%s\nwant:\n%s", got, want)
				for _, f := range findings {
					t.Logf("%s:%d %s %s: %s", f.File, f.Line, f.Rule, f.Severity, f.Message)
				}
			}
		})
	}
}
