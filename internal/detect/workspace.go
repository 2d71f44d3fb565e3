package detect

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// A uv workspace keeps one uv.lock at its root for every member. pydock
// run in a member (or at a virtual root with one application member)
// builds from the workspace root: the lock is there, and uv sync
// --package installs just that member and what it needs.

// FindWorkspace walks up from dir (a slash path inside fsys, whose root is
// the repository root or the last directory holding a Python manifest)
// to the nearest uv workspace root whose uv.lock claims dir as a member.
// It returns that root, or "" when no workspace claims dir.
func FindWorkspace(fsys fs.FS, dir string) (string, error) {
	dir = path.Clean(dir)
	for a := dir; a != "."; {
		a = path.Dir(a)
		py, ok, err := workspaceAt(fsys, a)
		if err != nil {
			return "", err
		}
		if ok && claims(py, relTo(a, dir)) {
			return a, nil
		}
	}
	return "", nil
}

// workspaceAt reads dir's pyproject.toml when it declares a uv workspace
// and a uv.lock sits beside it.
func workspaceAt(fsys fs.FS, dir string) (*pyproject, bool, error) {
	name := path.Join(dir, "pyproject.toml")
	if !isRegularFile(fsys, name) || !isRegularFile(fsys, path.Join(dir, "uv.lock")) {
		return nil, false, nil
	}
	py, err := readPyproject(fsys, name)
	if err != nil {
		return nil, false, err
	}
	return py, py.Tool.UV != nil && py.Tool.UV.Workspace != nil, nil
}

func relTo(base, p string) string {
	if base == "." {
		return p
	}
	return strings.TrimPrefix(p, base+"/")
}

// claims reports whether the workspace's members globs take rel and its
// exclude globs do not.
func claims(py *pyproject, rel string) bool {
	ws := py.Tool.UV.Workspace
	match := func(globs []string) bool {
		for _, g := range globs {
			if ok, _ := path.Match(path.Clean(g), rel); ok {
				return true
			}
		}
		return false
	}
	return match(ws.Members) && !match(ws.Exclude)
}

// workspaceMember is one member of a workspace: its directory, name and
// the workspace members it depends on.
type workspaceMember struct {
	Dir, Name string
	Deps      []string // member names
	App       bool     // has scripts or depends on a web framework
}

// members lists the workspace's member directories that hold a
// pyproject.toml, by expanding the members globs.
func workspaceMembers(fsys fs.FS, py *pyproject) ([]workspaceMember, error) {
	ws := py.Tool.UV.Workspace
	var out []workspaceMember
	seen := map[string]bool{}
	for _, g := range ws.Members {
		dirs, err := fs.Glob(fsys, path.Clean(g))
		if err != nil {
			continue
		}
		for _, d := range dirs {
			if seen[d] || !claims(py, d) || !isRegularFile(fsys, path.Join(d, "pyproject.toml")) {
				continue
			}
			seen[d] = true
			mp, err := readPyproject(fsys, path.Join(d, "pyproject.toml"))
			if err != nil {
				return nil, err
			}
			m := workspaceMember{Dir: d, Name: NormalizeName(mp.name())}
			for _, dep := range mp.projectDeps(path.Join(d, "pyproject.toml")) {
				m.Deps = append(m.Deps, dep.Name)
				for _, fw := range frameworks {
					if containsString(fw.Packages, dep.Name) {
						m.App = true
					}
				}
			}
			m.App = m.App || len(mp.scripts("")) > 0
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dir < out[j].Dir })
	// Only names of other members count as member dependencies.
	names := map[string]bool{}
	for _, m := range out {
		names[m.Name] = true
	}
	for i := range out {
		var deps []string
		for _, d := range out[i].Deps {
			if names[d] && d != out[i].Name {
				deps = append(deps, d)
			}
		}
		out[i].Deps = deps
	}
	return out, nil
}

// applicationMembers are the members nothing else in the workspace
// depends on that have something to run.
func applicationMembers(ms []workspaceMember) []workspaceMember {
	used := map[string]bool{}
	for _, m := range ms {
		for _, d := range m.Deps {
			used[d] = true
		}
	}
	var out []workspaceMember
	for _, m := range ms {
		if m.App && !used[m.Name] {
			out = append(out, m)
		}
	}
	return out
}

// ErrChooseMember is returned at a virtual workspace root with several
// application members: the user picks one with --package.
var ErrChooseMember = errors.New("several workspace members could be the application")

// chooseMember picks the member a virtual workspace root builds: the one
// named by package, else its only application member.
func chooseMember(fsys fs.FS, py *pyproject, pkg string) (string, error) {
	ms, err := workspaceMembers(fsys, py)
	if err != nil {
		return "", err
	}
	if pkg != "" {
		for _, m := range ms {
			if m.Name == NormalizeName(pkg) || m.Dir == path.Clean(pkg) {
				return m.Dir, nil
			}
		}
		var names []string
		for _, m := range ms {
			names = append(names, m.Name)
		}
		return "", fmt.Errorf("--package %s: no such workspace member (members: %s)", pkg, strings.Join(names, ", "))
	}
	apps := applicationMembers(ms)
	switch len(apps) {
	case 1:
		return apps[0].Dir, nil
	case 0:
		return "", fmt.Errorf("pyproject.toml is a uv workspace root with no [project] and no member that runs anything; run pydock in the member to containerise (e.g. pydock init %s), or pass --package NAME", firstDir(ms))
	}
	e := &ChooseMemberError{}
	var list []string
	for _, m := range apps {
		list = append(list, fmt.Sprintf("%s (%s)", m.Name, m.Dir))
		e.Members = append(e.Members, m.Name)
	}
	e.msg = fmt.Sprintf("%s: %s; pass --package NAME (or package = \"NAME\" in pydock.toml), or run pydock in the member's folder", ErrChooseMember, strings.Join(list, ", "))
	return "", e
}

// ChooseMemberError names the members a virtual workspace root could
// build, so the wizard can ask.
type ChooseMemberError struct {
	Members []string
	msg     string
}

func (e *ChooseMemberError) Error() string { return e.msg }

func (e *ChooseMemberError) Is(target error) bool { return target == ErrChooseMember }

func firstDir(ms []workspaceMember) string {
	if len(ms) == 0 {
		return "packages/NAME"
	}
	return ms[0].Dir
}

// workspaceCtx is set on Facts when the project is a member of a
// workspace whose root is the build context.
type workspaceCtx struct {
	root   fs.FS
	member string // the member's directory, relative to the root
	py     *pyproject
	// ownLock: the member holds its own lock; the root is only the
	// folder its path dependencies share.
	ownLock bool
	// claim: the root's lock (an umbrella project's) names the member.
	claim *Claim
}

// uvWorkspace reports whether the member's lock is its uv workspace's.
func (w *workspaceCtx) uvWorkspace() bool {
	return w != nil && !w.ownLock && w.claim == nil
}

// readWorkspaceDeps reads the root's uv.lock for a member: its runtime
// dependencies, and the members it needs (their manifests go to the
// dependency layer).
func readWorkspaceDeps(f *Facts, py *pyproject) error {
	ws := f.workspace
	if py == nil || py.Project == nil {
		return fmt.Errorf("%s/pyproject.toml has no [project] table; a workspace member needs one", ws.member)
	}
	lock, err := readUVLock(ws.root, "uv.lock")
	if err != nil {
		return err
	}
	f.lockPython = lock.RequiresPython
	name := NormalizeName(py.name())
	f.Package = name
	// The lock's graph from this member only.
	var keep []uvMember
	byName := map[string]uvMember{}
	for _, m := range lock.Members {
		byName[m.Name] = m
	}
	need := map[string]bool{}
	var walk func(n string)
	walk = func(n string) {
		m, ok := byName[n]
		if !ok || need[n] {
			return
		}
		need[n] = true
		keep = append(keep, m)
		for _, d := range m.Deps {
			walk(d.Name)
		}
	}
	walk(name)
	if len(keep) == 0 {
		return fmt.Errorf("uv.lock at the workspace root does not list %s; run `uv lock` in the workspace and commit it", name)
	}
	sub := *lock
	sub.Members = keep
	f.Dependencies = annotate(py.projectDeps("pyproject.toml"), sub.dependencies("uv.lock"))
	f.Lock = sub.lock("uv.lock")
	f.Workspace = true
	for _, m := range keep {
		if m.Path != "" && m.Path != "." {
			f.WorkspaceManifests = append(f.WorkspaceManifests, path.Join(m.Path, "pyproject.toml"))
		}
	}
	sort.Strings(f.WorkspaceManifests)
	return nil
}

// subProjects names the folders one or two levels down that are Python
// projects, with the manager their files choose: "api/ (poetry)".
func subProjects(fsys fs.FS) []string {
	var out []string
	var visit func(dir string, depth int)
	visit = func(dir string, depth int) {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			name := e.Name()
			if !e.IsDir() || strings.HasPrefix(name, ".") || name == "node_modules" || name == "venv" || name == "__pycache__" {
				continue
			}
			d := path.Join(dir, name)
			if inHelperFolder(d + "/") {
				continue // an example plugin is no application of the repository
			}
			if m := projectKind(fsys, d); m != "" {
				out = append(out, fmt.Sprintf("%s/ (%s)", d, m))
			} else if depth < 2 {
				visit(d, depth+1)
			}
		}
	}
	visit(".", 1)
	return out
}

// projectKind is the manager a folder's own files choose, "" when it is
// not a project.
func projectKind(fsys fs.FS, dir string) string {
	for _, l := range lockOwners {
		if isRegularFile(fsys, path.Join(dir, l.file)) {
			return string(l.manager)
		}
	}
	if isRegularFile(fsys, path.Join(dir, "pylock.toml")) {
		return string(ManagerPylock)
	}
	for _, m := range []string{"pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile"} {
		if isRegularFile(fsys, path.Join(dir, m)) {
			return "pip"
		}
	}
	return ""
}
