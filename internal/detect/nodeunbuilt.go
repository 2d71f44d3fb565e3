package detect

import (
	"io/fs"
	"path"
	"strings"
)

// NodeUnbuilt is a package.json with a production build script that lies
// where the app carries its front end (beside the Python project at its
// root, or inside a package the project ships or a Django app of the
// site), whose build pydock neither runs nor ties to a folder the app
// serves: the image has none of its output.
type NodeUnbuilt struct {
	Manifest string `json:"manifest"`
	Script   string `json:"script"`
	Command  string `json:"command"`
	Source   Source `json:"source"` // the script's line
	Where    string `json:"where"`  // beside the app, inside src/pkg…
	Why      string `json:"why"`    // why pydock does not build it
}

// readNodeUnbuilt lists the front-end builds pydock leaves out of the
// image, so detect and init warn instead of shipping the app silently
// without them. A package.json elsewhere (docs sites, end-to-end tests,
// a separate front-end service) says nothing about the app.
func readNodeUnbuilt(fsys fs.FS, f *Facts) {
	done := map[string]bool{}
	for _, b := range f.NodeBuilds {
		done[b.Manifest] = true
	}
	for _, m := range f.NodeMissing {
		done[m.Manifest] = true
	}
	if f.Django != nil {
		for _, b := range f.Django.StaticBlocked {
			if b.Kind == "node-output" {
				done[b.Module] = true
			}
		}
	}
	for _, m := range findPackageJSONs(fsys) {
		if done[m] {
			continue
		}
		np := readNodeProject(fsys, m)
		if np.script == "" || runsWorkspaces(np) {
			continue
		}
		where := frontEndHome(f, np.dir)
		if where == "" || f.WheelNode != nil && packageOf(f, np.dir+"/") != "" {
			continue // none, or in the shipped package, whose wheel build runs node
		}
		why := np.why
		switch {
		case np.build == nil:
		case np.blocked != "":
			why = np.blocked
		default:
			why = "it writes " + np.build.Out + " (" + np.build.OutWhy + "), which is no folder pydock sees the app read"
		}
		f.NodeUnbuilt = append(f.NodeUnbuilt, NodeUnbuilt{Manifest: m, Script: np.script, Command: np.pkg.Scripts[np.script],
			Source: Source{File: m, Line: np.scriptLine(np.script)}, Where: where, Why: why})
	}
}

// frontEndHome says where a package.json's folder is a front end of the
// app: the project's root, a package the project ships, or a Django app
// of the site ("" elsewhere).
func frontEndHome(f *Facts, dir string) string {
	if dir == "" {
		return "beside the app"
	}
	for _, p := range f.PackageDirs {
		if dir == p || strings.HasPrefix(dir, p+"/") {
			return "inside " + p + ", the package the project ships"
		}
	}
	if f.Django != nil {
		for _, a := range f.Django.appStatics {
			app := path.Dir(a.Dir)
			if dir == app || strings.HasPrefix(dir, app+"/") {
				return "inside " + app + ", an app of the Django site (" + a.Source.String() + ")"
			}
		}
	}
	return ""
}

// runsWorkspaces reports whether the build script runs the workspace
// members' own builds (nodebuild.toml's workspace_runner rows): the
// members are judged on their own.
func runsWorkspaces(np *nodeProject) bool {
	for _, w := range scriptWords(np.pkg.Scripts[np.script]) {
		cmd := strings.Join(w, " ")
		for _, r := range nodeTable.WorkspaceRunner {
			if r.re.MatchString(cmd) {
				return true
			}
		}
	}
	return false
}
