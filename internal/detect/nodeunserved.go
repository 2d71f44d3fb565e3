package detect

import (
	"io/fs"
	"slices"
	"strings"
)

// Folders the app serves that pydock sees no way to build: named here so
// the image does not ship without its front end silently.

// builtOutside records a folder the app serves, not in the checkout, in a
// project with no package.json at all, when a part of its path is the
// output folder of a bundler (nodebuild.toml's defaults: dist, build…):
// the front end that builds it is outside the folder pydock builds from
// (a monorepo's frontend/ beside the backend/ pydock runs in).
func builtOutside(f *Facts, w servedDir) {
	if w.computed || len(w.placeholders) > 0 {
		return
	}
	var names []string
	by := map[string][]string{}
	for _, b := range nodeTable.Bundler {
		if b.Default != "" {
			by[b.Default] = append(by[b.Default], b.Command)
		}
	}
	for _, r := range nodeTable.Framework {
		by[r.Default] = append(by[r.Default], r.Name)
	}
	for _, part := range strings.Split(w.Dir, "/") {
		if cmds, ok := by[part]; ok && !slices.Contains(names, part) {
			names = append(names, part+" (the output folder of "+strings.Join(cmds, ", ")+")")
		}
	}
	if len(names) == 0 {
		return // an empty folder git does not keep, most likely
	}
	f.NodeMissing = append(f.NodeMissing, NodeMissing{Dir: w.Dir, What: w.What, Source: w.Source, Outside: true,
		Why: "its path names " + strings.Join(names, ", ")})
}

// computedServed records a folder the app serves that a setting gives at
// run time (StaticFiles(directory=settings.SPA_DIR)) when the project
// holds front-end packages with a lock at its top (the root, or a folder
// there) whose build pydock does not tie to a folder the app serves: the
// image has neither their output nor the setting pointing at it.
func computedServed(fsys fs.FS, f *Facts, w servedDir, manifests []string, projects map[string]*nodeProject, used map[string]bool) {
	var cands []string
	for _, m := range manifests {
		np := projects[m]
		if used[m] || strings.Count(m, "/") > 1 || np == nil || np.data == nil {
			continue
		}
		lock := nodeLock(fsys, np)
		if lock == nil {
			continue
		}
		switch {
		case np.build == nil:
			cands = append(cands, m+" ("+lock.File+"): "+np.why)
		default:
			cands = append(cands, m+" ("+lock.File+") writes "+np.build.Out+" ("+np.build.OutWhy+")")
		}
	}
	if len(cands) == 0 {
		return
	}
	f.NodeMissing = append(f.NodeMissing, NodeMissing{Dir: w.Dir, What: w.What, Source: w.Source, Computed: true,
		Why: strings.Join(cands, "; ")})
}

// unbuiltServed records a folder the app serves that is empty in the
// checkout (absent, or placeholders only) with no package.json at or above
// it, when the project has front-end packages with a lock beside the app
// (the root, or a folder at the top) that could fill it but have no build
// script pydock runs: pydock names them instead of staying silent. A
// project with none says nothing (an upload folder made at run time).
func unbuiltServed(fsys fs.FS, f *Facts, w servedDir, manifests []string, projects map[string]*nodeProject) {
	var cands []string
	for _, m := range manifests {
		np := projects[m]
		if strings.Count(m, "/") > 1 || np == nil || np.build != nil || np.data == nil {
			continue
		}
		if lock := nodeLock(fsys, np); lock != nil {
			if rest, ok := strings.CutPrefix(np.why, "it "); ok {
				cands = append(cands, m+" ("+lock.File+") "+rest)
			} else {
				cands = append(cands, m+" ("+lock.File+"): "+np.why)
			}
		}
	}
	if len(cands) == 0 {
		return
	}
	held := "is not in the project"
	if len(w.placeholders) > 0 {
		held = "holds only " + strings.Join(w.placeholders, ", ") + " in the project"
	}
	f.NodeMissing = append(f.NodeMissing, NodeMissing{Dir: w.Dir, What: w.What, Source: w.Source, Held: held,
		Why: strings.Join(cands, "; ")})
}
