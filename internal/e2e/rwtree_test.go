package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/cli"
	"github.com/rogpeppe/go-internal/txtar"
)

// extractTree writes the files of the txtar archive (one of pydock's own
// CLI scenarios) under prefix into dir, without the prefix.
func extractTree(t *testing.T, archive, prefix, dir string) {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "script", archive))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range a.Files {
		rel, ok := strings.CutPrefix(f.Name, prefix)
		if !ok {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("%s has no files under %s", archive, prefix)
	}
}

func pydockInit(t *testing.T, dir string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), []string{"init", "--yes", dir}, cli.IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, errb.String()
}

// The realworld harness runs pydock where a user does: in the app's
// folder of the whole checkout. A monorepo app whose path dependencies sit
// in sibling folders (unstract's backend/ and ../unstract/*) and a uv
// workspace member (autogen's python/packages/autogen-studio) then build
// from the folder compose.yaml names, with the lock their tool reads there;
// a copy of the app's folder alone fails to generate at all.
func TestStageTree(t *testing.T) {
	for _, tc := range []struct {
		name, archive, prefix, app string
		ctx, lock                  string // relative to the copy's root
		aloneErr                   string // pydock's error on the app's folder alone
	}{
		{"path dependencies", "monorepo_path_deps.txtar", "uvr/", "backend", ".", "backend", "outside"},
		{"uv workspace member", "workspace_member.txtar", "ws/", "packages/studio", ".", ".", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree, corpus := t.TempDir(), t.TempDir()
			extractTree(t, tc.archive, tc.prefix, tree)
			// The corpus keeps the authors' own files renamed AUTHORS.*,
			// anywhere in the tree (unstract's docker/dockerfiles/).
			authors := filepath.Join(corpus, "docker", "AUTHORS.backend.Dockerfile")
			if err := os.MkdirAll(filepath.Dir(authors), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(authors, []byte("FROM python:3.12-slim\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			root := filepath.Join(t.TempDir(), "proj")
			app, err := stageTree(tree, corpus, tc.app, root)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(root, filepath.FromSlash(tc.app)); app != want {
				t.Fatalf("app folder %s, want %s", app, want)
			}
			if _, err := os.Stat(filepath.Join(root, "docker", "AUTHORS.backend.Dockerfile")); err != nil {
				t.Fatalf("the corpus's AUTHORS file is not laid over the tree: %v", err)
			}
			if code, stderr := pydockInit(t, app); code != 0 {
				t.Fatalf("pydock init in %s: exit %d\n%s", tc.app, code, stderr)
			}
			ctx, err := buildContext(root, app)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(root, tc.ctx); ctx != want {
				t.Fatalf("build context %s, want %s", ctx, want)
			}
			if got, want := lockFolder(app, ctx, "uv.lock"), filepath.Join(root, filepath.FromSlash(tc.lock)); got != want {
				t.Fatalf("lock folder %s, want %s", got, want)
			}
			// What the harness did before: the app's folder alone, where
			// path dependencies are missing and no workspace lock is found.
			alone := filepath.Join(t.TempDir(), "proj")
			if err := copyProject(filepath.Join(tree, filepath.FromSlash(tc.app)), alone); err != nil {
				t.Fatal(err)
			}
			code, stderr := pydockInit(t, alone)
			if tc.aloneErr != "" {
				if code == 0 || !strings.Contains(stderr, tc.aloneErr) {
					t.Fatalf("the app's folder alone: exit %d, want an error with %q:\n%s", code, tc.aloneErr, stderr)
				}
				return
			}
			df, err := os.ReadFile(filepath.Join(alone, "Dockerfile"))
			if err != nil {
				t.Fatalf("the app's folder alone: exit %d, no Dockerfile: %v\n%s", code, err, stderr)
			}
			if bytes.Contains(df, []byte("uv.lock")) {
				t.Fatalf("the app's folder alone found a uv.lock it does not hold")
			}
		})
	}
}

// A compose.yaml whose build context lies outside the copied tree, or
// does not hold the app, is refused; none at all is the app's folder.
func TestBuildContextBounds(t *testing.T) {
	root := t.TempDir()
	app := filepath.Join(root, "a", "app")
	if err := os.MkdirAll(filepath.Join(root, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(app, 0o755); err != nil {
		t.Fatal(err)
	}
	if ctx, err := buildContext(root, app); err != nil || ctx != app {
		t.Fatalf("no compose.yaml: %q, %v; want the app folder", ctx, err)
	}
	for ctx, ok := range map[string]bool{"..": true, "../..": true, ".": true, "../../..": false, "../../b": false, "/": false} {
		compose := "services:\n  app:\n    build:\n      context: " + ctx + "\n      dockerfile: a/app/Dockerfile\n"
		if err := os.WriteFile(filepath.Join(app, "compose.yaml"), []byte(compose), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := buildContext(root, app)
		if ok && (err != nil || got != filepath.Join(app, ctx)) {
			t.Errorf("context %s: %q, %v", ctx, got, err)
		}
		if !ok && err == nil {
			t.Errorf("context %s: %q accepted, want an error", ctx, got)
		}
	}
}
