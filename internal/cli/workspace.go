package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// detectIn detects the project in abs. When a uv workspace above it claims
// it as a member, the workspace root is the build context: detection
// reads from there, and the facts say where the context is.
func detectIn(abs string, fsys fs.FS, opt detect.Options) (*detect.Facts, error) {
	wsRoot, member, err := workspaceRoot(abs)
	if err != nil {
		return nil, err
	}
	if wsRoot == "" {
		if up, claim, err := claimingLock(abs); err != nil || claim != nil {
			if err != nil {
				return nil, err
			}
			rel, err := filepath.Rel(up, abs)
			if err != nil {
				return nil, err
			}
			opt.Claim = claim
			f, err := detectFrom(abs, up, filepath.ToSlash(rel), opt)
			if err == nil && len(f.OutsidePaths) > 0 {
				d := f.OutsidePaths[0]
				return nil, fmt.Errorf("%s: dependency %s is at %s, outside %s, whose lock names this folder; move it inside", where(d.Source), d.Name, d.Path, up)
			}
			return f, err
		}
		f, err := detect.Detect(fsys, opt)
		if err != nil || len(f.OutsidePaths) == 0 {
			return f, err
		}
		// Path dependencies in sibling folders: the context is the folder
		// they and the project share, within the repository. Only managers
		// that read the project where it is (--directory, -p, --project)
		// can build from there.
		switch f.Manager {
		case detect.ManagerUV, detect.ManagerPoetry, detect.ManagerPDM:
		default:
			d := f.OutsidePaths[0]
			return nil, fmt.Errorf("%s: dependency %s is at %s, outside the project folder: pydock widens the build context for uv, Poetry and pdm only, and %s would look for it relative to where it runs; move it inside the project, or install it from an index", where(d.Source), orPath(d), d.Path, f.Manager)
		}
		ctx, err := sharedFolder(abs, f.OutsidePaths)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(ctx, abs)
		if err != nil {
			return nil, err
		}
		opt.MemberLock = true
		return detectFrom(abs, ctx, filepath.ToSlash(rel), opt)
	}
	f, err := detectFrom(abs, wsRoot, member, opt)
	if err == nil && len(f.OutsidePaths) > 0 {
		d := f.OutsidePaths[0]
		return nil, fmt.Errorf("%s: dependency %s is at %s, outside the uv workspace at %s, which is the build context; move it into the workspace (a member), or install it from an index", where(d.Source), d.Name, d.Path, wsRoot)
	}
	return f, err
}

// claimingLock finds, for a folder without a lock of its own, the nearest
// folder above within bound whose pyproject.toml and lock name it by a
// path dependency (an umbrella project).
func claimingLock(abs string) (string, *detect.Claim, error) {
	for _, l := range []string{"uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock", "pylock.toml"} {
		if st, err := os.Stat(filepath.Join(abs, l)); err == nil && st.Mode().IsRegular() {
			return "", nil, nil
		}
	}
	top, _ := bound(abs)
	if top == abs {
		return "", nil, nil
	}
	root, err := os.OpenRoot(top)
	if err != nil {
		return "", nil, nil // an unreadable parent claims nothing
	}
	defer root.Close()
	rel, err := filepath.Rel(top, abs)
	if err != nil {
		return "", nil, err
	}
	target := filepath.ToSlash(rel)
	for d := path.Dir(target); ; d = path.Dir(d) {
		c, err := detect.FindClaim(root.FS(), d, target)
		if err != nil || c != nil {
			return filepath.Join(top, filepath.FromSlash(d)), c, err
		}
		if d == "." {
			return "", nil, nil
		}
	}
}

// detectFrom detects the project in abs as member of the build context ctx.
func detectFrom(abs, ctx, member string, opt detect.Options) (*detect.Facts, error) {
	root, err := os.OpenRoot(ctx)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	opt.Member = member
	f, err := detect.Detect(root.FS(), opt)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(abs, ctx)
	if err != nil {
		return nil, err
	}
	f.ContextDir = filepath.ToSlash(rel)
	return f, nil
}

// sharedFolder is the deepest folder holding abs and each path dependency
// (their paths relative to abs); one past the walk's bound is an error
// naming it.
func sharedFolder(abs string, deps []detect.Dependency) (string, error) {
	top, git := bound(abs)
	ctx := abs
	for _, d := range deps {
		p := filepath.Join(abs, filepath.FromSlash(d.Path))
		if !inside(top, p) {
			if git {
				return "", fmt.Errorf("%s: dependency %s is at %s, outside the repository root (%s, the folder holding .git), so no build context holds both; move it into the repository, or install it from an index", where(d.Source), d.Name, d.Path, top)
			}
			return "", fmt.Errorf("%s: dependency %s is at %s, outside the repository root: with no .git, pydock looks no higher than %s (the folders above it hold no Python manifest); run pydock in a git checkout, or install it from an index", where(d.Source), d.Name, d.Path, top)
		}
		for !inside(ctx, p) {
			ctx = filepath.Dir(ctx)
		}
	}
	return ctx, nil
}

func orPath(d detect.Dependency) string {
	if d.Name != "" {
		return d.Name
	}
	return d.Path
}

func inside(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func where(s detect.Source) string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return s.File
}

// bound is how far up pydock looks for what a project's files name: the
// repository root (the nearest folder holding .git), or with no .git the
// last of the folders above that each hold a Python manifest.
func bound(abs string) (string, bool) {
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		p := filepath.Dir(d)
		if p == d {
			break
		}
		d = p
	}
	top := abs
	for p := filepath.Dir(top); p != top && hasManifest(p); p = filepath.Dir(top) {
		top = p
	}
	return top, false
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

// ceiling is how far up the walk for a uv workspace may go: the nearest
// folder holding .git, else the highest run of ancestors holding a Python
// manifest, where one folder without one may sit between two that have
// one. That one folder is the packages/ of members = ["packages/*"]: the
// workspace's own glob names it, and a copy without .git (an unpacked
// release) still builds from its workspace. Everything else the project
// names stops at bound's stricter line.
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
