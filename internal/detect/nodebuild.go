package detect

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// NodeBuild is a JavaScript front end the Python side serves, built in the
// image as its lock pins it: where its package.json is, how its tool
// installs and runs it, on which node, and where its output goes.
type NodeBuild struct {
	Dir      string `json:"dir"` // the package.json's folder, "" at the root
	Manifest string `json:"manifest"`
	Lock     string `json:"lock"`
	Tool     string `json:"tool"`    // npm, pnpm, yarn, bun
	Install  string `json:"install"` // the table's command: fixed text
	Run      string `json:"run"`     // "npm run": the script follows as one word
	Cache    string `json:"cache"`   // the tool's download cache, mounted
	ToolFrom string `json:"tool_source"`
	Script   string `json:"script"` // a name of the table's scripts list
	// Image is the build's base image; Node the major it runs and NodeWhy
	// the declaration (or the table's default) that chose it.
	Image    string `json:"image"`
	Node     string `json:"node,omitempty"`
	NodeWhy  string `json:"node_why,omitempty"`
	NodeFrom Source `json:"node_source,omitzero"`
	// Out is the folder the build writes (project-relative), OutWhy how
	// pydock knows.
	Out     string `json:"out"`
	OutWhy  string `json:"out_why"`
	OutFrom Source `json:"out_source,omitzero"`
	// Target is where the app reads the output (project-relative): Out
	// itself, or the folder a script of the package copies it to.
	Target string `json:"target"`
	// CopiedBy is the package's script that copies Out to Target, and
	// where it is ("" when Target is Out).
	CopiedBy   string `json:"copied_by,omitempty"`
	CopiedFrom Source `json:"copied_from,omitzero"`
	// AuthorsCopy is the COPY of the authors' Dockerfile that puts Out at
	// Target in their image, when that is how pydock knows Target.
	AuthorsCopy Source `json:"authors_copy,omitzero"`
	// Env is the variable the authors' image points at the output (their
	// COPY's destination is that variable alone): the image sets it to
	// where it puts Target.
	Env string `json:"env,omitempty"`
	// EnvFiles are committed files the bundler reads at build time.
	EnvFiles []string `json:"env_files,omitempty"`
	// Served is how the Python side reads Target, and where.
	Served     string `json:"served"`
	ServedFrom Source `json:"served_source,omitzero"`
	// Package is the shipped Python package folder Out is inside ("" when
	// the app reads it from the source tree): a wheel carries it there.
	Package string `json:"package,omitempty"`
	// Lifecycle names the package.json's install-time scripts (preinstall,
	// postinstall, prepare…): they run inside the install and may read any
	// file of the folder, so the folder is copied before it.
	Lifecycle []string `json:"lifecycle,omitempty"`
	// InstallDir is the folder the install runs in: Dir, or the workspace
	// root whose lock installs Dir as a member. Members are the
	// workspace's package.json files, which the install reads.
	InstallDir string   `json:"install_dir"`
	Members    []string `json:"members,omitempty"`
	// WorkspaceFile is the install folder's pnpm-workspace.yaml, which
	// the install reads; MemberDirs the members Dir depends on by name,
	// whose sources its build reads.
	WorkspaceFile string   `json:"workspace_file,omitempty"`
	MemberDirs    []string `json:"member_dirs,omitempty"`
	// Programs are what the build script runs that the node image lacks,
	// installed from Debian in the stage.
	Programs []NodeProgram `json:"programs,omitempty"`
	// CopyParents are the folders (project-relative, outside Dir) above
	// where the build script itself copies its output: the stage has only
	// Dir, so they are made before the build.
	CopyParents []string `json:"copy_parents,omitempty"`
	// Make are the Makefile targets that are the build when the
	// package.json has none (nodemake.go): make runs them, in Dir.
	Make []string `json:"make,omitempty"`
	// Modules are folders of the install's node_modules (project-relative)
	// the settings serve as installed (nodesettingsmodules.go), copied
	// where they read them; StripMaps: a Manifest static storage collects
	// them, which resolves every sourceMappingURL comment and fails on a
	// map the package does not ship, so the stage drops those comments.
	Modules     []string `json:"modules,omitempty"`
	ModulesFrom Source   `json:"modules_source,omitzero"`
	StripMaps   bool     `json:"strip_source_maps,omitempty"`
}

// NodeProgram is a program a build script runs and the Debian package
// that gives it (nodebuild.toml's program rows).
type NodeProgram struct {
	Name    string `json:"name"`
	Package string `json:"package" toml:"debian"`
	Source  string `json:"source"`
}

// NodeMissing is a folder the app serves that is not in the checkout and
// that a node build would make, but pydock cannot build it: Why says what
// is missing from the project's evidence.
type NodeMissing struct {
	Dir      string `json:"dir"`
	What     string `json:"what"` // StaticFiles(directory=…), static_folder=…
	Source   Source `json:"source"`
	Manifest string `json:"manifest"`
	Why      string `json:"why"`
	// Committed: the folder is in the checkout, without the files the
	// build writes into it (an app's static folder).
	Committed bool `json:"committed,omitempty"`
	// Held is what the checkout has of a folder no package.json build
	// writes ("is not in the project", "holds only .keep…"); Why then
	// says which front-end packages have no build script.
	Held string `json:"held,omitempty"`
	// Outside: the project has no package.json, and the folder is named
	// like a bundler's output: its front end is outside the build context.
	Outside bool `json:"outside,omitempty"`
	// Computed: Dir is the expression of a setting read at run time.
	Computed bool `json:"computed,omitempty"`
}

// servedDir is a folder the Python side serves static files from.
type servedDir struct {
	Dir    string
	What   string
	Source Source
	django bool // a STATICFILES_DIRS entry: unbuilt, it blocks collectstatic
	// placeholders: the folder is committed with only these files in it.
	placeholders []string
	// computed: Dir is the expression of a folder known only at run time
	// (a setting read from the environment).
	computed bool
}

// readNodeBuilds matches the folders the Python side serves with the node
// builds that make them: a build whose output is such a folder (or that
// a script of its package copies there), or lies in a package the
// project ships, becomes a NodeBuild; a served folder a package.json at
// or above it would make, but whose build pydock cannot establish or
// run, is a NodeMissing (for Django, a collectstatic blocker).
func readNodeBuilds(fsys fs.FS, f *Facts) {
	manifests := findPackageJSONs(fsys)
	projects := map[string]*nodeProject{}
	for _, m := range manifests {
		projects[m] = readNodeProjectScript(fsys, m, authorsScript(f.AuthorsFrontends, path.Dir(m)))
	}
	var wants []servedDir
	if f.Django != nil {
		wants = append(wants, f.Django.staticDirs...)
		wants = append(wants, f.Django.manifestDirs...)
	} else {
		wants = append(wants, startSettingsDirs(fsys, f)...)
	}
	wants = append(wants, servedStaticDirs(fsys, f)...)
	wants = append(wants, artifactDirs(fsys)...)
	used := map[string]bool{}
	missing := func(w servedDir, pj, why string) {
		if w.django && f.Django != nil {
			f.Django.addBlocker(StaticBlocker{Kind: "node-output", What: w.Dir, Module: pj, Why: why, Source: w.Source})
			return
		}
		f.NodeMissing = append(f.NodeMissing, NodeMissing{Dir: w.Dir, What: w.What, Source: w.Source, Manifest: pj, Why: why})
	}
	build := func(np *nodeProject, target string, w servedDir) {
		b := *np.build
		b.Target, b.Served, b.ServedFrom = target, w.What, w.Source
		for _, c := range np.copies {
			if c.target == target {
				b.CopiedBy, b.CopiedFrom = c.script, c.from
			}
		}
		b.Package = packageOf(f, target)
		f.NodeBuilds = append(f.NodeBuilds, b)
		used[np.manifest] = true
	}
	// The authors' node stages whose output, a build's Out, they copy to
	// a folder of the project's in their image.
	authorsCopy := func(dir string) (*nodeProject, AuthorsFrontend, bool) {
		for _, fe := range f.AuthorsFrontends {
			if fe.OutDir == "" || fe.DestDir == "" || !insideOut(fe.DestDir, dir) {
				continue
			}
			for _, m := range manifests {
				if np := projects[m]; np.build != nil && np.build.Out == fe.OutDir {
					return np, fe, true
				}
			}
		}
		return nil, AuthorsFrontend{}, false
	}
	buildAuthors := func(np *nodeProject, fe AuthorsFrontend, w servedDir) {
		if np.blocked != "" {
			missing(w, np.manifest, np.blocked)
			return
		}
		if !used[np.manifest] {
			build(np, fe.DestDir, w)
			f.NodeBuilds[len(f.NodeBuilds)-1].AuthorsCopy = Source{File: fe.File, Line: fe.DestLine}
		}
	}
	var computed []servedDir
	modules := map[string][]servedDir{}
	var modulesOrder []string
wantLoop:
	for _, w := range wants {
		if w.computed {
			computed = append(computed, w)
			continue
		}
		if w.django {
			if m := modulesManifest(w.Dir, projects); m != "" {
				if _, seen := modules[m]; !seen {
					modulesOrder = append(modulesOrder, m)
				}
				modules[m] = append(modules[m], w)
				continue
			}
		}
		// A script that copies a build's output to the folder says so.
		for _, m := range manifests {
			np := projects[m]
			for _, c := range np.copies {
				if c.target != w.Dir {
					continue
				}
				if np.blocked != "" {
					missing(w, m, np.blocked)
				} else if !used[m] {
					build(np, w.Dir, w)
				}
				continue wantLoop
			}
		}
		// A build elsewhere whose output is the folder (outDir: "../app/dist").
		for _, m := range manifests {
			if np := projects[m]; np.build != nil && insideOut(np.build.Out, w.Dir) && np.blocked == "" {
				if !used[m] {
					build(np, np.build.Out, w)
				}
				continue wantLoop
			}
		}
		// The authors' Dockerfile copies a build's output to the folder.
		if np, fe, ok := authorsCopy(w.Dir); ok {
			buildAuthors(np, fe, w)
			continue
		}
		pj := nearestPackageJSON(fsys, w.Dir)
		if pj == "" {
			if len(manifests) == 0 {
				builtOutside(f, w)
			} else if !w.django {
				unbuiltServed(fsys, f, w, manifests, projects)
			}
			continue // not a node build's, or one the app static loop below finds
		}
		np := projects[pj]
		switch {
		case np == nil:
			missing(w, pj, "it is not read (too deep, or too many package.json files)")
		case np.build == nil:
			missing(w, pj, np.why)
		case !insideOut(np.build.Out, w.Dir):
			missing(w, pj, "its build writes "+np.build.Out+" ("+np.build.OutWhy+"), not "+w.Dir)
		case np.blocked != "":
			missing(w, pj, np.blocked)
		case !used[pj]:
			build(np, np.build.Out, w)
		}
	}
	// A build that writes (or copies its output) into a package the
	// project ships makes that package's data: a UI folder its code finds
	// by __file__.
	for _, m := range manifests {
		np := projects[m]
		if used[m] || np.build == nil {
			continue
		}
		targets := []nodeCopy{{target: np.build.Out, from: np.build.OutFrom}}
		targets = append(targets, np.copies...)
		for _, t := range targets {
			pkg := packageOf(f, t.target)
			if pkg == "" {
				continue
			}
			w := servedDir{Dir: t.target, What: "package data", Source: Source{File: pkg}}
			if np.blocked != "" {
				missing(w, m, np.blocked)
			} else {
				build(np, t.target, w)
			}
			break
		}
	}
	// A build that writes into the static folder of one of the site's own
	// apps makes files collectstatic gathers from there: the folder is
	// usually committed (icons beside the bundle), so no setting names it.
	if f.Django != nil {
		for _, m := range manifests {
			np := projects[m]
			if used[m] || np.build == nil {
				continue
			}
			if t, w, ok := appStaticTarget(f.Django.appStatics, np); ok {
				if np.blocked != "" {
					f.NodeMissing = append(f.NodeMissing, NodeMissing{Dir: t, What: w.What, Source: w.Source, Manifest: m, Why: np.blocked, Committed: isDir(fsys, t)})
				} else {
					build(np, t, w)
				}
			}
		}
	}
	// A build whose output the code names as a path (web/out), when no
	// setting or package ties it to a served folder: last, as the
	// weakest evidence.
	var outs []string
	for _, m := range manifests {
		if np := projects[m]; !used[m] && np.build != nil && np.blocked == "" {
			outs = append(outs, np.build.Out)
		}
	}
	for _, w := range codeNamedDirs(fsys, outs) {
		for _, m := range manifests {
			if np := projects[m]; !used[m] && np.build != nil && np.blocked == "" && np.build.Out == w.Dir {
				build(np, w.Dir, w)
				break
			}
		}
	}
	// A build the authors' Dockerfile copies into a folder of the project
	// in their image, which nothing above ties to the app: their image is
	// the evidence of where the app finds it.
	for _, fe := range f.AuthorsFrontends {
		if fe.DestDir == "" {
			continue
		}
		if np, _, ok := authorsCopy(fe.DestDir); ok && !used[np.manifest] {
			buildAuthors(np, fe, servedDir{Dir: fe.DestDir, What: "the app in the authors' image", Source: Source{File: fe.File, Line: fe.DestLine}})
		}
	}
	// A build the authors copy to a folder outside the project that a
	// variable of their image names (ENV STATIC_FILES=/spa/static, COPY
	// --from=web /app/dist ${STATIC_FILES}): the output stays where the
	// build writes it, and the variable points there.
	for _, fe := range f.AuthorsFrontends {
		if fe.DestDir != "" || fe.DestEnv == "" || fe.OutDir == "" {
			continue
		}
		for _, m := range manifests {
			np := projects[m]
			if used[m] || np.build == nil || np.build.Out != fe.OutDir {
				continue
			}
			w := servedDir{Dir: np.build.Out, What: "the app, through " + fe.DestEnv + " as in the authors' image", Source: Source{File: fe.File, Line: fe.DestLine}}
			if np.blocked != "" {
				missing(w, m, np.blocked)
				break
			}
			build(np, np.build.Out, w)
			f.NodeBuilds[len(f.NodeBuilds)-1].Env = fe.DestEnv
			break
		}
	}
	for _, w := range computed {
		computedServed(fsys, f, w, manifests, projects, used)
	}
	addSettingsModules(fsys, f, projects, modules, modulesOrder)
	authorsNodeLines(f)
}

// appStaticTarget is the folder np's build writes (its output, or where a
// script copies it) inside one of the app static folders, and that folder.
func appStaticTarget(statics []servedDir, np *nodeProject) (string, servedDir, bool) {
	targets := []string{np.build.Out}
	for _, c := range np.copies {
		targets = append(targets, c.target)
	}
	for _, t := range targets {
		for _, a := range statics {
			if t == a.Dir || strings.HasPrefix(t, a.Dir+"/") {
				return t, a, true
			}
		}
	}
	return "", servedDir{}, false
}

// startSettingsDirs are the STATICFILES_DIRS folders, not in the checkout,
// of the settings a start-time collectstatic loads (a site that is not
// Django's but runs its static files through it).
func startSettingsDirs(fsys fs.FS, f *Facts) []servedDir {
	var out []servedDir
	for _, w := range f.StartWrites {
		if w.What != "collectstatic" || w.Settings == "" {
			continue
		}
		root, file := locateModule(fsys, w.Settings)
		if file == "" {
			for _, r := range readLayout(fsys).sourceRoots(fsys) {
				if mf := moduleFile(fsys, r, w.Settings); mf != "" {
					root, file = r, mf
					break
				}
			}
		}
		if file == "" {
			continue
		}
		for _, d := range staticDirsMissing(fsys, root, file, fsys, "") {
			d.What = "STATICFILES_DIRS of " + w.Settings + ", collected at start"
			out = append(out, d)
		}
	}
	return out
}

// nearestPackageJSON is the package.json in dir or the closest folder
// above it, "" when there is none.
func nearestPackageJSON(fsys fs.FS, dir string) string {
	for d := dir; ; d = path.Dir(d) {
		if pj := path.Join(d, "package.json"); isRegularFile(fsys, pj) {
			return pj
		}
		if d == "." || d == "/" || d == "" {
			return ""
		}
	}
}

// packageOf is the shipped package folder out is inside ("" when none):
// one the build configuration declares, else a folder with __init__.py.
func packageOf(f *Facts, out string) string {
	for _, p := range f.PackageDirs {
		if strings.HasPrefix(out, p+"/") {
			return p
		}
	}
	return ""
}

// manifestsUnbuilt records the bundler manifests the settings read that no
// node build makes and no package.json would: the site's pages that load
// them fail.
func manifestsUnbuilt(f *Facts) {
	for _, w := range f.Django.manifestDirs {
		made := slices.ContainsFunc(f.NodeBuilds, func(b NodeBuild) bool {
			return w.Dir == b.Target || strings.HasPrefix(w.Dir, b.Target+"/")
		}) || slices.ContainsFunc(f.NodeMissing, func(m NodeMissing) bool { return m.Dir == w.Dir })
		if !made {
			f.NodeMissing = append(f.NodeMissing, NodeMissing{Dir: w.Dir, What: w.What, Source: w.Source,
				Why: "no package.json pydock reads has a build that writes it"})
		}
	}
}
