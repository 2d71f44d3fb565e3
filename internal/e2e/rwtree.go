package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A project whose app is one folder of a larger tree (a monorepo's
// backend/, a uv workspace member) is copied whole and generated in its
// app folder, as a user runs pydock in a checkout: the build context may
// then be a folder above it (path dependencies in sibling folders, the
// workspace root with its uv.lock), and the harness builds from where
// the generated compose.yaml says, with the lock the tool reads there.

// composeContext matches the app service's build context in the compose
// file pydock writes (`context: ..` under `build:`).
var composeContext = regexp.MustCompile(`(?m)^\s+context:\s*("[^"]*"|\S+)`)

// buildContext is the build context of the app in folder app, within the
// copied tree root: the folder the generated compose.yaml names (relative
// to app), else app itself. A context outside root is an error: the copy
// holds the whole tree, so nothing the build needs lies outside it.
func buildContext(root, app string) (string, error) {
	b, err := os.ReadFile(filepath.Join(app, "compose.yaml"))
	if err != nil {
		return app, nil // no compose file: the folder is the context
	}
	m := composeContext.FindSubmatch(b)
	if m == nil {
		return app, nil
	}
	rel := strings.Trim(string(m[1]), `"`)
	if filepath.IsAbs(rel) {
		return "", fmt.Errorf("compose.yaml: build context %q is absolute", rel)
	}
	ctx := filepath.Join(app, filepath.FromSlash(rel))
	if !within(root, ctx) || !within(ctx, app) {
		return "", fmt.Errorf("compose.yaml: build context %q is not a folder of %s holding the app", rel, root)
	}
	return ctx, nil
}

// lockFolder is the folder whose lock file (name) the build reads: the
// nearest from app up to the context that holds one (the app's own lock
// beside path dependencies, or the workspace root's); app when none does.
func lockFolder(app, ctx, name string) string {
	for d := app; within(ctx, d); d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, name)); err == nil && st.Mode().IsRegular() {
			return d
		}
		if d == ctx {
			break
		}
	}
	return app
}

// within reports whether p is dir or a folder below it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// stageTree copies the project's tree (a full source tree, or the
// corpus's copy) whole to dst, lays the corpus's AUTHORS.* files over a
// full tree at the same places, and returns the app's folder in the copy.
func stageTree(tree, corpus, appDir, dst string) (string, error) {
	app := filepath.Join(dst, filepath.FromSlash(appDir))
	if !within(dst, app) {
		return "", fmt.Errorf("app_dir %q is not a folder of the project", appDir)
	}
	if err := copyProject(tree, dst); err != nil {
		return "", err
	}
	if _, err := os.Stat(app); err != nil {
		return "", fmt.Errorf("app_dir %q: %v", appDir, err)
	}
	if corpus != tree {
		if err := overlayAuthors(corpus, dst); err != nil {
			return "", err
		}
	}
	return app, nil
}

// copyProject copies src to dst, skipping virtualenvs and caches.
func copyProject(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() && (d.Name() == ".venv" || d.Name() == "__pycache__" || d.Name() == ".git" || d.Name() == ".mypy_cache" || d.Name() == ".pytest_cache") {
			return filepath.SkipDir
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case info.Mode()&fs.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(l, target)
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, info.Mode().Perm())
		}
	})
}

// overlayAuthors copies every AUTHORS.* file of the corpus copy into the
// full source tree, at the same place.
func overlayAuthors(corpus, dst string) error {
	return filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasPrefix(d.Name(), "AUTHORS.") {
			return err
		}
		rel, _ := filepath.Rel(corpus, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}
