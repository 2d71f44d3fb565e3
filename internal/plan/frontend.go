package plan

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// Frontend is a node stage: the front end the app serves, built from its
// lock as the authors build it, of which only the output folder reaches
// the runtime stage.
type Frontend struct {
	Stage string // the stage's name
	Image string
	// Workdir is where the install runs in the stage (the package.json's
	// folder, or its workspace root's); Manifests (that package.json and
	// the lock, context paths) are copied there before the install, with
	// Members (a workspace's other package.json files, each to its
	// folder); Dir (the folder, "." at the root; "" for an install only)
	// goes to DirDest after, and the build runs in BuildDir.
	Workdir   string
	Manifests []string
	Members   []MemberCopy
	// Sources are the workspace members the build imports, each folder
	// copied whole to its place before Dir.
	Sources  []MemberCopy
	Dir      string
	DirDest  string
	BuildDir string
	// AllFirst: the folder is copied before the install, whose lifecycle
	// scripts (Lifecycle) may read any of its files.
	AllFirst  bool
	Lifecycle string
	Install   string // the tool's frozen install: fixed text from the table
	Cache     string
	Run       []string // the tool's run command and the script, one word each
	Out       string   // the output folder in the stage
	Dests     []string // where the runtime stage gets it
	// Packages are the Debian packages of the programs the build script
	// runs that the node image lacks (Programs names them, for the
	// comment), installed before the build.
	Packages []string
	Programs string
	// Mkdirs are the stage's folders above where the build script copies
	// its output, outside the folder the stage has.
	Mkdirs []string
	// MkdirsWhy is their comment, when not the build script's copies.
	MkdirsWhy string
	Why       string // the comment: how the app reads it
	// Modules: the install is the build, its node_modules the output.
	Modules bool
	// Env points the variable the authors' image sets to the front end
	// at where this image puts it (nil when there is none).
	Env *EnvVar
	// ModuleCopies are installed packages (node_modules folders) the
	// settings serve as they are, copied beside the output; StripMaps
	// the stage folders whose sourceMappingURL comments are dropped.
	ModuleCopies []MemberCopy
	StripMaps    []string
	ModulesWhy   string
}

// MemberCopy is a workspace member's package.json and the stage folder
// (relative to the install's, with a trailing slash) it is copied to.
type MemberCopy struct{ Src, Dst string }

// scriptNameRe is a package.json script name written into a RUN line:
// the table's names are of this shape, and nothing else is written.
var scriptNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$`)

// debPackageRe is a Debian package name (Debian Policy 5.6.1).
var debPackageRe = regexp.MustCompile(`^[a-z0-9][a-z0-9.+-]+$`)

// chooseFrontends turns detect's node builds into node stages, and the
// folders it cannot build into warnings that name them.
func (p *Plan) chooseFrontends(f *detect.Facts) {
	for _, m := range f.NodeMissing {
		if m.Outside && strings.HasPrefix(m.Dir, "../") {
			p.Warnings = append(p.Warnings, m.Dir+" ("+m.What+", "+m.Source.String()+") is above the project, outside the image's build context (this folder): "+m.Why+
				", and the image has none of it, so the app serves no front end from there; serve the built front end beside this image, or build it into a folder inside the project before the image's build and point the app there")
			continue
		}
		if m.Outside {
			p.Warnings = append(p.Warnings, m.Dir+" ("+m.What+", "+m.Source.String()+") is not in the project, and no package.json in the project builds it, though "+m.Why+
				": the front end that writes it is outside this folder, the build context, so the image cannot build it and serves nothing from "+m.Dir+authorsBuildOf(f, m.Dir)+"; build it into that folder before the image's build (and keep it out of .dockerignore), or run pydock where the build context holds the front end too")
			continue
		}
		if m.Computed {
			p.Warnings = append(p.Warnings, m.What+" ("+m.Source.String()+") serves the folder "+m.Dir+" names at run time, which pydock cannot tie to a front-end build of the project: "+m.Why+
				"; the image has no such folder and does not set "+m.Dir+", so the app serves no front end from there; build it into a folder of the image and set "+m.Dir+" to it")
			continue
		}
		if m.Held != "" {
			p.Warnings = append(p.Warnings, m.Dir+" ("+m.What+", "+m.Source.String()+") "+m.Held+", and no package.json build pydock reads writes it: "+m.Why+
				"; the image serves nothing from "+m.Dir+": build it before the image's build (and keep it out of .dockerignore), or give the package.json a build script that writes it")
			continue
		}
		if m.Committed {
			p.Warnings = append(p.Warnings, m.Manifest+" builds into "+m.Dir+" ("+m.What+", "+m.Source.String()+"), but "+m.Why+
				": the image's "+staticRoot(m.Dir)+" has only what is committed there, without the build's files, so the app serves no front end from there; build it before the image's build (and keep it out of .dockerignore)")
			continue
		}
		if m.Manifest == "" {
			p.Warnings = append(p.Warnings, m.What+" ("+m.Source.String()+") reads a file in "+m.Dir+" that is not in the project, and "+m.Why+
				": the image has none, so the pages that load it fail; build it before the image's build (and keep it out of .dockerignore)")
			continue
		}
		if m.What == "package data" {
			p.Warnings = append(p.Warnings, m.Dir+" is not in the project, and "+m.Manifest+" would build it into "+m.Source.File+", the package the project ships, but "+m.Why+
				": the image has no "+m.Dir+", so the app serves no front end from there; build it into that folder before the image's build (and keep it out of .dockerignore)")
			continue
		}
		p.Warnings = append(p.Warnings, m.Dir+" ("+m.What+", "+m.Source.String()+") is not in the project, and "+m.Manifest+" would build it, but "+m.Why+
			": the image has no "+m.Dir+", so the app serves no front end from there; build it into that folder before the image's build (and keep it out of .dockerignore), or commit what it needs to say where it writes")
	}
	for _, u := range f.NodeUnbuilt {
		p.Warnings = append(p.Warnings, u.Source.String()+" has a build script ("+strconv.Quote(u.Script)+": "+u.Command+") "+u.Where+
			", which the image does not run: "+u.Why+"; the image has nothing it builds, so the app serves no front end from it: build it before the image's build (and keep its output out of .dockerignore), or commit what says where it writes")
	}
	p.warnAuthorsFrontends(f)
	p.warnAuthorsWebServer(f)
	for _, b := range f.NodeBuilds {
		ctx := func(s string) string { return path.Join(f.MemberDir, s) }
		dir := ctx(b.Dir)
		bad := ""
		paths := append(append(append([]string{ctx(b.Manifest), ctx(b.Lock), ctx(b.Out), ctx(b.Target)}, b.CopyParents...), b.Members...), b.MemberDirs...)
		for _, d := range b.Modules {
			paths = append(paths, ctx(d))
		}
		if b.WorkspaceFile != "" {
			paths = append(paths, ctx(b.WorkspaceFile))
		}
		for _, q := range paths {
			if err := CheckPath(q); err != nil {
				bad = q + ": " + err.Error()
			}
		}
		if b.Script != "" && !scriptNameRe.MatchString(b.Script) {
			bad = "script " + strconv.Quote(b.Script) + " is not a plain name"
		}
		for _, t := range b.Make {
			if !scriptNameRe.MatchString(t) {
				bad = "Makefile target " + strconv.Quote(t) + " is not a plain name"
			}
		}
		if bad != "" {
			p.Warnings = append(p.Warnings, "the front end "+b.Manifest+" builds into "+b.Out+" is not built by the image ("+bad+"): the app serves no front end from there")
			continue
		}
		fe := Frontend{
			Stage:     "frontend",
			Image:     b.Image,
			Workdir:   path.Join("/src", ctx(b.InstallDir)),
			Manifests: workspaceManifests(b.InstallDir, b.Lock, b.WorkspaceFile, ctx),
			Members:   memberCopies(b.InstallDir, b.Members, ctx),
			Dir:       dir,
			DirDest:   relDest(b.InstallDir, b.Dir),
			BuildDir:  path.Join("/src", dir),
			Install:   b.Install,
			AllFirst:  len(b.Lifecycle) > 0,
			Lifecycle: strings.Join(b.Lifecycle, ", "),
			Cache:     b.Cache,
			Run:       append(strings.Fields(b.Run), b.Script),
			Out:       path.Join("/src", ctx(b.Out)),
			Why:       b.Served + ", " + b.ServedFrom.String(),
		}
		if fe.Dir == "" {
			fe.Dir = "."
		}
		if len(b.Make) > 0 {
			// The Makefile's targets are the build, and make their output
			// folder first: the tools write files into it.
			fe.Run = append([]string{"make"}, b.Make...)
			fe.MkdirsWhy = "The Makefile's targets write their files into this folder, which the stage does not have yet."
		} else if b.Script == "" {
			// Installed, not built: node_modules is the output, and the
			// folder's files are needed only by its lifecycle scripts.
			fe.Run, fe.Modules, fe.Why = nil, true, b.Served
			if !fe.AllFirst {
				fe.Dir = ""
			}
		}
		for _, d := range b.MemberDirs {
			fe.Sources = append(fe.Sources, MemberCopy{Src: ctx(d), Dst: relDest(b.InstallDir, d)})
		}
		fe.addModules(b, ctx)
		var progs []string
		for _, pr := range b.Programs {
			if !debPackageRe.MatchString(pr.Package) {
				continue // the table's rows are names; nothing else is written
			}
			fe.Packages = append(fe.Packages, pr.Package)
			progs = append(progs, pr.Name)
		}
		slices.Sort(fe.Packages)
		fe.Packages = slices.Compact(fe.Packages)
		fe.Programs = strings.Join(progs, ", ")
		for _, d := range b.CopyParents {
			fe.Mkdirs = append(fe.Mkdirs, path.Join("/src", ctx(d)))
		}
		if n := len(p.Frontends); n > 0 {
			fe.Stage = "frontend-" + strconv.Itoa(n+1)
		}
		// The code finds the folder where it runs from: the installed
		// package in the venv, the source tree, or both when both are there.
		// A source tree copied beside an installed package is read from
		// only when the package's folder is on the import path: the
		// working directory (a package at the root) or an import root.
		fromSource := true
		if b.Package != "" && p.Packaged && f.NotBuilt == "" {
			parent := path.Dir(b.Package)
			rel := strings.TrimPrefix(strings.TrimPrefix(b.Target, parent), "/")
			if parent == "." {
				rel = b.Target
			}
			fe.Dests = append(fe.Dests, "/app/.venv/lib/python"+p.Python.Minor.String()+"/site-packages/"+rel)
			fromSource = parent == "." || slices.Contains(f.ImportRoots, parent)
		}
		if p.CopySource && fromSource || len(fe.Dests) == 0 {
			fe.Dests = append(fe.Dests, path.Join("/app", ctx(b.Target)))
		}
		if b.Env != "" && envNameRe.MatchString(b.Env) {
			fe.Env = &EnvVar{Name: b.Env, Value: fe.Dests[0]}
		}
		reads := b.Served + " (" + b.ServedFrom.String() + ") reads " + b.Target
		if b.CopiedBy != "" {
			reads += ", where the package's script " + strconv.Quote(b.CopiedBy) + " (" + b.CopiedFrom.String() + ") copies " + b.Out
		} else if b.AuthorsCopy.File != "" && b.Target != b.Out {
			reads += ", where the authors' own image has " + b.Out + " (" + b.AuthorsCopy.String() + ")"
		}
		if b.Package != "" && b.Served == "package data" {
			reads = b.Target + " is inside " + b.Package + ", the package the project ships, whose code finds it beside itself"
			fe.Why = "data of the package " + b.Package
		}
		p.Frontends = append(p.Frontends, fe)
		node := b.Image
		if b.Node != "" {
			node += ", node " + b.Node + " from " + b.NodeWhy
		}
		var debs []string
		for _, pr := range b.Programs {
			debs = append(debs, pr.Name+" (Debian package "+pr.Package+", "+pr.Source+")")
		}
		runs := ""
		if len(debs) > 0 {
			runs = "; its " + b.Script + " script runs " + strings.Join(debs, ", ") + ", which the node image lacks"
		}
		if len(b.Make) > 0 {
			p.decide("front end", strings.Join(fe.Run, " ")+" in "+orDot(b.Dir)+" → "+b.Target,
				reads+"; "+b.OutWhy+"; "+b.Manifest+" has no build script, only the tools; "+
					b.Tool+" installs exactly "+b.Lock+" ("+b.ToolFrom+"); "+node+"; make from Debian, which the node image lacks")
			continue
		}
		if b.Script == "" {
			p.decide("front end", b.Install+" in "+orDot(b.Dir)+" → "+strings.Join(append([]string{b.Target}, b.Modules...), ", "),
				b.Served+", not in the project; "+b.Manifest+" has no build script: "+b.OutWhy+"; "+
					b.Tool+" installs exactly "+b.Lock+" ("+b.ToolFrom+"); "+node+modulesNote(b))
			continue
		}
		p.decide("front end", strings.Join(fe.Run, " ")+" in "+orDot(b.Dir)+" → "+b.Target,
			reads+", which "+b.Manifest+"'s build writes ("+b.OutWhy+sourceSuffix(b.OutFrom)+"); "+
				b.Tool+" installs exactly "+b.Lock+" ("+b.ToolFrom+"); "+node+runs+modulesNote(b))
	}
}

// addModules copies the node_modules folders the settings serve from the
// stage's install to where they read them, and drops their source-map
// comments when a Manifest storage collects them.
func (fe *Frontend) addModules(b detect.NodeBuild, ctx func(string) string) {
	for _, d := range b.Modules {
		fe.ModuleCopies = append(fe.ModuleCopies, MemberCopy{Src: path.Join("/src", ctx(d)), Dst: path.Join("/app", ctx(d))})
	}
	fe.ModulesWhy = b.ModulesFrom.String()
	if !b.StripMaps {
		return
	}
	strip := b.Modules
	if b.Script == "" && len(b.Make) == 0 {
		strip = append([]string{b.Out}, strip...) // an install only: its output is one of them
	}
	for _, d := range strip {
		fe.StripMaps = append(fe.StripMaps, path.Join("/src", ctx(d)))
	}
}

// modulesNote says which installed packages the stage also gives the
// settings, and why their source-map comments go.
func modulesNote(b detect.NodeBuild) string {
	note := ""
	if len(b.Modules) > 0 && b.Script != "" {
		note = "; the settings (" + b.ModulesFrom.String() + ") also serve " + strings.Join(b.Modules, ", ") + " from its install, copied there"
	}
	if b.StripMaps {
		note += "; the Manifest static storage resolves every sourceMappingURL comment collectstatic reads and fails on a map a package does not ship, so the installed packages' comments are dropped (https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#manifeststaticfilesstorage)"
	}
	return note
}

// warnAuthorsFrontends names the front ends the authors' Dockerfiles build
// in a node stage that the image does not: pydock builds no node stage
// from that folder and says nothing else of it, so the pages the authors
// serve from its output (through the app, a web server beside it, or an
// image of its own) would be missing without a word.
func (p *Plan) warnAuthorsFrontends(f *detect.Facts) {
	spoken := map[string]bool{}
	for _, b := range f.NodeBuilds {
		spoken[b.Dir], spoken[b.InstallDir] = true, true
	}
	for _, u := range f.NodeUnbuilt {
		spoken[manifestDir(u.Manifest)] = true
	}
	for _, m := range f.NodeMissing {
		if m.Manifest != "" {
			spoken[manifestDir(m.Manifest)] = true
		}
	}
	// pydock already says that the front end a served folder needs is
	// outside the build context.
	outside := slices.ContainsFunc(f.NodeMissing, func(m detect.NodeMissing) bool { return m.Outside })
	// An authors' stage that copies a folder holding the one pydock
	// speaks of (COPY . ., then cd frontend) builds that one, as far as
	// pydock can tell.
	holds := func(dir string) bool {
		for d := range spoken {
			if d == dir || dir == "" || strings.HasPrefix(d, dir+"/") {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	for _, fe := range f.AuthorsFrontends {
		if !fe.Outside && holds(fe.Dir) || fe.Outside && outside || seen[fe.Dir] {
			continue
		}
		seen[fe.Dir] = true
		dir := orDot(fe.Dir) + "/"
		at := func(line int) string { return detect.Source{File: fe.File, Line: line}.String() }
		msg := at(fe.Line) + " builds the front end " + dir + " in a node "
		if fe.Serves != "" {
			msg += "image (" + fe.Image + ") with " + strconv.Quote(fe.Build) + " (" + at(fe.BuildLine) + ") and serves it from that image (" + fe.Serves +
				"): the image pydock writes runs the Python app only and has none of it; serve the front end beside it, from the authors' " + fe.File
		} else {
			msg += "stage (" + fe.Image + ") with " + strconv.Quote(fe.Build) + " (" + at(fe.BuildLine) + ") and copies its output to " + fe.Dest + " (" + at(fe.DestLine) +
				"): the image pydock writes builds no front end from " + dir + ", so whatever serves those pages (the app, or a web server beside it) has none of them"
			if fe.Outside {
				msg += "; " + dir + " is outside this folder, the image's build context"
			}
			msg += "; build it into a folder the app serves before the image's build (and keep it out of .dockerignore), or serve it beside this image"
		}
		p.Warnings = append(p.Warnings, msg)
	}
}

// warnAuthorsWebServer names the authors' web server that serves files
// itself beside the app it proxies to (a front end's build, static
// files), when the image serves no front end: those files are not in the
// image, and the app does not serve them. A development configuration
// counts only when there is no other.
func (p *Plan) warnAuthorsWebServer(f *detect.Facts) {
	if len(f.NodeBuilds) > 0 || len(f.AuthorsWebServers) == 0 || p.Kind != "web" {
		return
	}
	dev := func(c detect.AuthorsWebServer) bool {
		return slices.ContainsFunc(strings.Split(c.File, "/"), func(s string) bool { return s == "dev" || s == "development" || s == "local" })
	}
	// The plainest front of the app: not a development one, then the
	// fewest proxied services.
	w := f.AuthorsWebServers[0]
	for _, c := range f.AuthorsWebServers[1:] {
		if dev(w) && !dev(c) || dev(w) == dev(c) && c.Proxies < w.Proxies {
			w = c
		}
	}
	// A folder served at the URL the app serves itself (Django's collected
	// static files, under WhiteNoise or another middleware: detect finds no
	// static gap) is in the image, collected at build, and answered by it.
	root, line := w.Root, w.Line
	if dj := f.Django; dj != nil && dj.StaticGap == nil && dj.StaticURL != "" && dj.StaticRoot && len(dj.StaticBlocked) == 0 {
		root = ""
		for _, s := range w.Folders {
			if s.Location == "" || strings.TrimSuffix(s.Location, "/") != strings.TrimSuffix(dj.StaticURL, "/") {
				root, line = s.Root, s.Line
				break
			}
		}
		if root == "" {
			return
		}
	}
	at := func(line int) string { return detect.Source{File: w.File, Line: line}.String() }
	p.Warnings = append(p.Warnings, "the authors' web server ("+w.File+") serves the files in "+root+" itself ("+at(line)+") and passes "+w.Proxy+" to the app ("+at(w.ProxyLine)+
		"): the image pydock writes runs the app only, without those files, and the app does not serve them; run that web server beside this image, with the files it serves")
}

// authorsBuildOf says which node stage of the authors' builds a folder
// outside the build context copies into dir (or a folder above it), ""
// when none does.
func authorsBuildOf(f *detect.Facts, dir string) string {
	for _, fe := range f.AuthorsFrontends {
		if !fe.Outside || fe.Dest == "" {
			continue
		}
		for d := dir; d != "." && d != ""; d = path.Dir(d) {
			if fe.DestDir == d || fe.DestDir == "" && strings.HasSuffix(fe.Dest, "/"+d) {
				at := func(line int) string { return detect.Source{File: fe.File, Line: line}.String() }
				return " (the authors build it from " + orDot(fe.Dir) + "/ with " + strconv.Quote(fe.Build) + ", " + at(fe.BuildLine) + ", and copy it to " + fe.Dest + ", " + at(fe.DestLine) + ")"
			}
		}
	}
	return ""
}

// manifestDir is a package.json's folder, "" at the root.
func manifestDir(m string) string {
	if d := path.Dir(m); d != "." {
		return d
	}
	return ""
}

// NodeMount is a bind mount of a node stage's path for one build step.
type NodeMount struct{ Stage, Source, Target string }

// chooseNodeTools gives a build-time collectstatic the node tools the
// settings run: the node stage that installs their lock (a front end's
// that installs the same lock, else a stage of their own), whose node and
// node_modules that step mounts, and node_modules/.bin on its PATH. The
// image gets neither.
func (p *Plan) chooseNodeTools(f *detect.Facts) {
	t := f.NodeTools
	if t == nil || p.Django == nil || !p.Django.CollectStatic {
		return
	}
	ctx := func(s string) string { return path.Join(f.MemberDir, s) }
	paths := append([]string{ctx(t.Manifest), ctx(t.Lock), t.Binary}, t.Members...)
	if t.WorkspaceFile != "" {
		paths = append(paths, ctx(t.WorkspaceFile))
	}
	for _, q := range paths {
		if err := CheckPath(strings.TrimPrefix(q, "/")); err != nil {
			p.Warnings = append(p.Warnings, "collectstatic needs the node tools "+t.Manifest+" installs ("+t.What+", "+t.Source.String()+"), which the image does not install ("+q+": "+err.Error()+"): collectstatic will fail at build")
			return
		}
	}
	workdir := path.Join("/src", ctx(t.Dir))
	stage := ""
	for _, fe := range p.Frontends {
		if fe.Workdir == workdir && len(fe.Manifests) >= 2 && fe.Manifests[1] == ctx(t.Lock) {
			stage = fe.Stage
			break
		}
	}
	if stage == "" {
		stage = "frontend"
		if n := len(p.Frontends); n > 0 {
			stage = "frontend-" + strconv.Itoa(n+1)
		}
		p.Frontends = append(p.Frontends, Frontend{
			Stage:     stage,
			Image:     t.Image,
			Workdir:   workdir,
			Manifests: workspaceManifests(t.Dir, t.Lock, t.WorkspaceFile, ctx),
			Members:   memberCopies(t.Dir, t.Members, ctx),
			Install:   t.Install,
			Cache:     t.Cache,
			Why:       "that collectstatic runs (" + t.What + ", " + t.Source.String() + ")",
		})
	}
	modules := path.Join(ctx(t.Dir), "node_modules")
	p.Django.NodeMounts = []NodeMount{
		{Stage: stage, Source: t.Binary, Target: t.Binary},
		{Stage: stage, Source: path.Join("/src", modules), Target: path.Join("/app", modules)},
	}
	p.Django.NodeBin = path.Join("/app", modules, ".bin")
	node := t.Image
	if t.Node != "" {
		node += ", node " + t.Node + " from " + t.NodeWhy
	}
	p.decide("node tools", "collectstatic with "+stage+"'s node and "+modules,
		t.What+" ("+t.Source.String()+") run in collectstatic; "+t.Tool+" installs exactly "+t.Lock+" ("+t.ToolFrom+"); "+node+"; node from "+t.Binary+" ("+t.BinaryFrom+")")
}

// workspaceManifests are the files the install reads before any source:
// the install folder's package.json, the lock, and pnpm-workspace.yaml
// when the workspace has one.
func workspaceManifests(dir, lock, wsFile string, ctx func(string) string) []string {
	out := []string{ctx(path.Join(dir, "package.json")), ctx(lock)}
	if wsFile != "" {
		out = append(out, ctx(wsFile))
	}
	return out
}

// memberCopies are a workspace's package.json files other than the
// root's, each with its folder relative to the root's.
func memberCopies(root string, members []string, ctx func(string) string) []MemberCopy {
	var out []MemberCopy
	for _, m := range members {
		if d := path.Dir(m); d != root && d != "." {
			out = append(out, MemberCopy{Src: ctx(m), Dst: relDest(root, d)})
		}
	}
	return out
}

// relDest is dir relative to root as a COPY destination: "./" for root
// itself, else "sub/dir/".
func relDest(root, dir string) string {
	rel := dir
	if root != "" {
		rel = strings.TrimPrefix(strings.TrimPrefix(dir, root), "/")
	}
	if rel == "" || rel == "." {
		return "./"
	}
	return rel + "/"
}

// staticRoot is the static folder a path lies in (its part up to the
// last "static" folder), else the path itself.
func staticRoot(p string) string {
	parts := strings.Split(p, "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if parts[i] == "static" {
			return strings.Join(parts[:i+1], "/")
		}
	}
	return p
}

func sourceSuffix(s detect.Source) string {
	if s.Line > 0 {
		return ", " + s.String()
	}
	return ""
}

// builtByNode reports whether a node stage of the image makes the path
// (its output folder, or a path inside it).
func builtByNode(f *detect.Facts, p string) bool {
	for _, b := range f.NodeBuilds {
		if p == b.Target || strings.HasPrefix(p, b.Target+"/") {
			return true
		}
	}
	return false
}
