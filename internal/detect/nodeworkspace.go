package detect

import (
	"encoding/json"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// pnpmWorkspaceFile is where pnpm reads a workspace's members from
// (https://pnpm.io/pnpm-workspace_yaml): package.json's workspaces field
// is npm's, Yarn's and bun's.
const pnpmWorkspaceFile = "pnpm-workspace.yaml"

// maxWorkspaceMembers bounds the members read of one workspace.
const maxWorkspaceMembers = 500

// workspaceGlobs are the member patterns a package.json's folder declares:
// package.json's workspaces ([globs], or {"packages": [globs]}) and
// pnpm-workspace.yaml's packages list; "!" patterns exclude.
func workspaceGlobs(fsys fs.FS, np *nodeProject) (include, exclude []string) {
	var globs []string
	if json.Unmarshal(np.pkg.Workspaces, &globs) != nil {
		var obj struct{ Packages []string }
		if json.Unmarshal(np.pkg.Workspaces, &obj) == nil {
			globs = obj.Packages
		}
	}
	globs = append(globs, pnpmWorkspacePackages(fsys, path.Join(np.dir, pnpmWorkspaceFile))...)
	for _, g := range globs {
		neg := strings.HasPrefix(g, "!")
		g = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(g, "!"), "./"), "/")
		if g == "" || strings.Contains(g, "..") || path.IsAbs(g) {
			continue
		}
		if neg {
			exclude = append(exclude, g)
		} else {
			include = append(include, g)
		}
	}
	return include, exclude
}

// pnpmWorkspacePackages reads the packages list of a pnpm-workspace.yaml:
// a block sequence of scalars under a top-level packages key, or a flow
// list ([a, b]). Other YAML forms give nothing.
func pnpmWorkspacePackages(fsys fs.FS, file string) []string {
	data, err := readBounded(fsys, file, maxNodeFileSize, "pnpm workspace files")
	if err != nil {
		return nil
	}
	// scalar is a quoted scalar's text, or a plain one's before a comment.
	scalar := func(s string) string {
		s = strings.TrimSpace(s)
		if s != "" && (s[0] == '"' || s[0] == '\'') {
			if end := strings.IndexByte(s[1:], s[0]); end >= 0 {
				return s[1 : 1+end]
			}
			return ""
		}
		if i := strings.Index(s, " #"); i >= 0 {
			s = s[:i]
		}
		return strings.TrimSpace(s)
	}
	var out []string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' && line[0] != '-' {
			in = false
			if rest, ok := strings.CutPrefix(line, "packages:"); ok {
				rest = strings.TrimSpace(rest)
				if strings.HasPrefix(rest, "[") {
					rest = strings.TrimSuffix(strings.TrimPrefix(rest, "["), "]")
					for _, item := range strings.Split(rest, ",") {
						if s := scalar(item); s != "" {
							out = append(out, s)
						}
					}
				} else {
					in = true
				}
			}
			continue
		}
		if item, ok := strings.CutPrefix(t, "- "); in && ok {
			if s := scalar(item); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// globMatch matches a slash-separated path against a workspace pattern,
// segment by segment: ** is any number of folders, other segments are
// path.Match patterns.
func globMatch(pattern, p string) bool {
	var match func(ps, xs []string) bool
	match = func(ps, xs []string) bool {
		if len(ps) == 0 {
			return len(xs) == 0
		}
		if ps[0] == "**" {
			for i := 0; i <= len(xs); i++ {
				if match(ps[1:], xs[i:]) {
					return true
				}
			}
			return false
		}
		if len(xs) == 0 {
			return false
		}
		if ok, _ := path.Match(ps[0], xs[0]); !ok {
			return false
		}
		return match(ps[1:], xs[1:])
	}
	return match(strings.Split(pattern, "/"), strings.Split(p, "/"))
}

// workspacePackages lists the folders under dir that hold a package.json
// (not node_modules, hidden or virtualenv folders), relative to dir.
func workspacePackages(fsys fs.FS, dir string) []string {
	root := dir
	if root == "" {
		root = "."
	}
	var out []string
	_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if pySkipDirs[name] && name != "build" && name != "dist" || strings.HasPrefix(name, ".") || strings.Count(relTo(root, p), "/") >= 2*maxPackageJSONAt {
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() == "package.json" && d.Type().IsRegular() && path.Dir(p) != root {
			out = append(out, relTo(root, path.Dir(p)))
			if len(out) >= maxWorkspaceMembers {
				return fs.SkipAll
			}
		}
		return nil
	})
	return out
}

// workspaceMemberDirs are the members (their folders, project-relative)
// the package depends on by name, directly or through other members: the
// build imports their sources, so the stage copies them.
func workspaceMemberDirs(fsys fs.FS, np *nodeProject, members []string) []string {
	byName := map[string]*nodeProject{}
	for _, m := range members {
		if mp := readPackage(fsys, m); mp != nil && mp.pkg.Name != "" && m != np.manifest {
			byName[mp.pkg.Name] = mp
		}
	}
	var out []string
	queue := []*nodeProject{np}
	seen := map[string]bool{np.manifest: true}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, deps := range []map[string]string{cur.pkg.Dependencies, cur.pkg.DevDependencies} {
			names := make([]string, 0, len(deps))
			for n := range deps {
				names = append(names, n)
			}
			slices.Sort(names)
			for _, n := range names {
				if mp := byName[n]; mp != nil && !seen[mp.manifest] {
					seen[mp.manifest] = true
					out = append(out, mp.dir)
					queue = append(queue, mp)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
