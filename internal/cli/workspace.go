package cli

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pydock/pydock/internal/detect"
)

// detectIn detects the project in abs. When a uv workspace above it claims
// it as a member, the workspace root is the build context: detection
// reads from there, and the facts say where the context is.
func detectIn(abs string, fsys fs.FS, opt detect.Options) (*detect.Facts, error) {
	wsRoot, member, err := workspaceRoot(abs)
	if err != nil || wsRoot == "" {
		if err != nil {
			return nil, err
		}
		return detect.Detect(fsys, opt)
	}
	root, err := os.OpenRoot(wsRoot)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	opt.Member = member
	f, err := detect.Detect(root.FS(), opt)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(abs, wsRoot)
	if err != nil {
		return nil, err
	}
	f.ContextDir = filepath.ToSlash(rel)
	return f, nil
}

// workspaceRoot is the uv workspace root above abs that claims it as a
// member, with abs relative to it; "" when none does. The walk never goes
// past the repository root (the folder holding .git) or, outside a
// repository, past the last folder holding a Python manifest.
func workspaceRoot(abs string) (string, string, error) {
	top := ceiling(abs)
	if top == abs {
		return "", "", nil
	}
	root, err := os.OpenRoot(top)
	if err != nil {
		return "", "", nil // an unreadable parent claims nothing
	}
	defer root.Close()
	rel, err := filepath.Rel(top, abs)
	if err != nil {
		return "", "", err
	}
	ws, err := detect.FindWorkspace(root.FS(), filepath.ToSlash(rel))
	if err != nil || ws == "" {
		return "", "", err
	}
	wsAbs := filepath.Join(top, filepath.FromSlash(ws))
	member, err := filepath.Rel(wsAbs, abs)
	return wsAbs, filepath.ToSlash(member), err
}

// ceiling is how far up the walk may go: the nearest folder holding .git,
// else the highest run of ancestors holding a Python manifest, where one
// folder without one may sit between two that have one (the packages/ of
// members = ["packages/*"]).
func ceiling(abs string) string {
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		p := filepath.Dir(d)
		if p == d {
			break
		}
		d = p
	}
	top := abs
	for {
		p := filepath.Dir(top)
		if p == top {
			return top
		}
		if hasManifest(p) {
			top = p
			continue
		}
		if g := filepath.Dir(p); g != p && hasManifest(g) {
			top = g
			continue
		}
		return top
	}
}

func hasManifest(dir string) bool {
	for _, m := range []string{"pyproject.toml", "uv.lock", "setup.py", "setup.cfg", "requirements.txt", "Pipfile"} {
		if st, err := os.Stat(filepath.Join(dir, m)); err == nil && st.Mode().IsRegular() {
			return true
		}
	}
	return false
}
