package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// The realworld run relocks a project's lock against the mirror, which
// holds the stand-in's files only: the relocked lock lists no arm64 wheel,
// and pydock generating from it adds compilers and run-time libraries a
// user's Dockerfile (from the committed lock) does not have. The harness
// keeps the committed locks to put them back while pydock generates.
func TestLockSnapshot(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"uv.lock":                      "committed uv",
		"backend/poetry.lock":          "committed poetry",
		"pyproject.toml":               "not a lock",
		"node_modules/x/pdm.lock":      "vendored, not the project's",
		".git/uv.lock":                 "not the tree's",
		"services/api/Pipfile.lock":    "committed pipenv",
		"services/api/pylock.toml":     "committed pylock",
		"services/api/requirements.in": "not a lock",
	}
	for p, c := range files {
		fp := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fp, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snap := snapshotLocks(root)
	if len(snap) != 4 {
		t.Fatalf("snapshot has %d locks, want 4 (uv.lock, poetry.lock, Pipfile.lock, pylock.toml): %v", len(snap), snap)
	}
	// The relock rewrites one of them.
	if err := os.WriteFile(filepath.Join(root, "uv.lock"), []byte("relocked uv"), 0o644); err != nil {
		t.Fatal(err)
	}
	relocked, err := snap.swap()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "uv.lock")); string(got) != "committed uv" {
		t.Errorf("swap left uv.lock as %q, want the committed one back", got)
	}
	if len(relocked) != 1 {
		t.Errorf("swap kept %d relocked locks, want 1 (only uv.lock changed)", len(relocked))
	}
	if _, err := relocked.swap(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "uv.lock")); string(got) != "relocked uv" {
		t.Errorf("swapping back left uv.lock as %q, want the relocked one", got)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "backend", "poetry.lock")); string(got) != "committed poetry" {
		t.Errorf("an unchanged lock became %q", got)
	}
}
