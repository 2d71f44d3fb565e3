package detect

import (
	"encoding/json"
	"io/fs"
	"path"
	"slices"
)

// NodeTools is the node install a build-time collectstatic runs with: the
// settings name node tools (django-pipeline's compressors and compilers,
// django-npm's finder, a binary under node_modules: the "node" rows of
// djangostatic.go), and a package.json with a lock beside the site
// installs them. The node stage installs it; collectstatic gets that
// stage's node and node_modules for its step only.
type NodeTools struct {
	Dir      string `json:"dir"` // the package.json's folder, "" at the root
	Manifest string `json:"manifest"`
	Lock     string `json:"lock"`
	Tool     string `json:"tool"`
	Install  string `json:"install"`
	Cache    string `json:"cache"`
	ToolFrom string `json:"tool_source"`
	// Members are the workspace members' package.json files, which the
	// install reads.
	Members []string `json:"members,omitempty"`
	// WorkspaceFile is the folder's pnpm-workspace.yaml, which the
	// install reads.
	WorkspaceFile string `json:"workspace_file,omitempty"`
	Image         string `json:"image"`
	Node          string `json:"node,omitempty"`
	NodeWhy       string `json:"node_why,omitempty"`
	NodeFrom      Source `json:"node_source,omitzero"`
	// Binary is where the node image has node (nodebuild.toml).
	Binary     string `json:"binary"`
	BinaryFrom string `json:"binary_source"`
	// What the settings run, and where.
	What   string `json:"what"`
	Source Source `json:"source"`
}

// readNodeTools lifts the settings' node blocker when the site's folder
// (manage.py's) or the project root has a package.json whose lock the
// node image's own tool installs (bun's image has no node).
func readNodeTools(fsys fs.FS, f *Facts) {
	dj := f.Django
	if dj == nil {
		return
	}
	i := slices.IndexFunc(dj.StaticBlocked, func(b StaticBlocker) bool { return b.Kind == "node" })
	if i < 0 {
		return
	}
	dirs := []string{dj.Dir}
	if dj.Dir != "" {
		dirs = append(dirs, "")
	}
	for _, d := range dirs {
		np := readPackage(fsys, path.Join(d, "package.json"))
		if np == nil {
			continue
		}
		lock := nodeLock(fsys, np)
		if lock == nil || lock.Image != "" {
			continue
		}
		b := dj.StaticBlocked[i]
		t := &NodeTools{Dir: np.dir, Manifest: np.manifest, Lock: path.Join(np.dir, lock.File), Tool: lock.Tool,
			Install: lockInstall(lock, np), Cache: lock.Cache, ToolFrom: lock.Source, Members: npmWorkspaceMembers(fsys, np),
			Binary: nodeTable.NodeBinary, BinaryFrom: nodeTable.NodeBinarySource, What: b.What, Source: b.Source}
		if ws := path.Join(np.dir, pnpmWorkspaceFile); isRegularFile(fsys, ws) {
			t.WorkspaceFile = ws
		}
		t.Node, t.NodeWhy, t.NodeFrom = nodeMajor(fsys, np)
		t.Image = "node:" + nodeImageTag(t.Node)
		f.NodeTools = t
		dj.StaticBlocked = slices.Delete(dj.StaticBlocked, i, i+1)
		return
	}
}

// nodeImageTag is the table's tag for a node major, else its Debian slim tag.
func nodeImageTag(major string) string {
	if tag := nodeTag(nodeTable.Node, major); tag != "" {
		return tag
	}
	return major + "-slim"
}

// readPackage reads a package.json for its scripts, engines and
// workspaces; nil when it is absent or unreadable.
func readPackage(fsys fs.FS, manifest string) *nodeProject {
	if !isRegularFile(fsys, manifest) {
		return nil
	}
	data, err := readBounded(fsys, manifest, maxNodeFileSize, "package.json files")
	if err != nil {
		return nil
	}
	np := &nodeProject{manifest: manifest, dir: path.Dir(manifest), data: data}
	if np.dir == "." {
		np.dir = ""
	}
	if json.Unmarshal(data, &np.pkg) != nil {
		return nil
	}
	return np
}

// npmWorkspaceMembers are the package.json files of the workspace a
// package.json declares (workspaceGlobs: npm, Yarn, bun, pnpm), sorted.
func npmWorkspaceMembers(fsys fs.FS, np *nodeProject) []string {
	include, exclude := workspaceGlobs(fsys, np)
	if len(include) == 0 {
		return nil
	}
	var out []string
	for _, rel := range workspacePackages(fsys, np.dir) {
		in := slices.ContainsFunc(include, func(g string) bool { return globMatch(g, rel) })
		if in && !slices.ContainsFunc(exclude, func(g string) bool { return globMatch(g, rel) }) {
			out = append(out, path.Join(np.dir, rel, "package.json"))
		}
	}
	slices.Sort(out)
	return out
}

// workspaceRoot is the package.json above np whose workspaces include it
// and that has a lock the install freezes (nil when none): a member's
// install runs there.
func workspaceRoot(fsys fs.FS, np *nodeProject) (*nodeProject, *nodeLockRow) {
	if np.dir == "" {
		return nil, nil
	}
	for d := path.Dir(np.dir); ; d = path.Dir(d) {
		if root := readPackage(fsys, path.Join(d, "package.json")); root != nil {
			if slices.Contains(npmWorkspaceMembers(fsys, root), np.manifest) {
				if lock := nodeLock(fsys, root); lock != nil {
					return root, lock
				}
			}
			return nil, nil // the nearest package.json above decides
		}
		if d == "." || d == "/" {
			return nil, nil
		}
	}
}
