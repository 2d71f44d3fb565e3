package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
)

// lockNames are the lock files the mirror relock may rewrite.
var lockNames = map[string]bool{"uv.lock": true, "poetry.lock": true, "pdm.lock": true, "Pipfile.lock": true, "pylock.toml": true}

// lockSet is lock files by path, with their contents.
type lockSet map[string][]byte

// snapshotLocks reads every lock file of the tree under root (not in
// .git or node_modules).
func snapshotLocks(root string) lockSet {
	out := lockSet{}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && lockNames[d.Name()] {
			if b, err := os.ReadFile(p); err == nil {
				out[p] = b
			}
		}
		return nil
	})
	return out
}

// swap writes s's contents over those of its files that differ now, and
// returns what they held: swapping that back restores them.
func (s lockSet) swap() (lockSet, error) {
	now := lockSet{}
	for p, b := range s {
		cur, err := os.ReadFile(p)
		if err != nil || bytes.Equal(cur, b) {
			continue
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return now, err
		}
		now[p] = cur
	}
	return now, nil
}
