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
	// Workdir is where the package.json's folder sits in the stage;
	// Manifests (package.json and the lock, context paths) are copied
	// there before the install, Dir (the folder, "." at the root) after.
	Workdir   string
	Manifests []string
	Dir       string
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
	Why    string // the comment: how the app reads it
}

// scriptNameRe is a package.json script name written into a RUN line:
// the table's names are of this shape, and nothing else is written.
var scriptNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$`)

// debPackageRe is a Debian package name (Debian Policy 5.6.1).
var debPackageRe = regexp.MustCompile(`^[a-z0-9][a-z0-9.+-]+$`)

// chooseFrontends turns detect's node builds into node stages, and the
// folders it cannot build into warnings that name them.
func (p *Plan) chooseFrontends(f *detect.Facts) {
	for _, m := range f.NodeMissing {
		if m.What == "package data" {
			p.Warnings = append(p.Warnings, m.Dir+" is not in the project, and "+m.Manifest+" would build it into "+m.Source.File+", the package the project ships, but "+m.Why+
				": the image has no "+m.Dir+", so the app serves no front end from there; build it into that folder before the image's build (and keep it out of .dockerignore)")
			continue
		}
		p.Warnings = append(p.Warnings, m.Dir+" ("+m.What+", "+m.Source.String()+") is not in the project, and "+m.Manifest+" would build it, but "+m.Why+
			": the image has no "+m.Dir+", so the app serves no front end from there; build it into that folder before the image's build (and keep it out of .dockerignore), or commit what it needs to say where it writes")
	}
	for _, b := range f.NodeBuilds {
		ctx := func(s string) string { return path.Join(f.MemberDir, s) }
		dir := ctx(b.Dir)
		bad := ""
		for _, q := range append([]string{ctx(b.Manifest), ctx(b.Lock), ctx(b.Out), ctx(b.Target)}, b.CopyParents...) {
			if err := CheckPath(q); err != nil {
				bad = q + ": " + err.Error()
			}
		}
		if !scriptNameRe.MatchString(b.Script) {
			bad = "script " + strconv.Quote(b.Script) + " is not a plain name"
		}
		if bad != "" {
			p.Warnings = append(p.Warnings, "the front end "+b.Manifest+" builds into "+b.Out+" is not built by the image ("+bad+"): the app serves no front end from there")
			continue
		}
		fe := Frontend{
			Stage:     "frontend",
			Image:     b.Image,
			Workdir:   path.Join("/src", dir),
			Manifests: []string{ctx(b.Manifest), ctx(b.Lock)},
			Dir:       dir,
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
		if b.Package != "" && p.Packaged && f.NotBuilt == "" {
			rel := strings.TrimPrefix(strings.TrimPrefix(b.Target, path.Dir(b.Package)), "/")
			if path.Dir(b.Package) == "." {
				rel = b.Target
			}
			fe.Dests = append(fe.Dests, "/app/.venv/lib/python"+p.Python.Minor.String()+"/site-packages/"+rel)
		}
		if p.CopySource || len(fe.Dests) == 0 {
			fe.Dests = append(fe.Dests, path.Join("/app", ctx(b.Target)))
		}
		reads := b.Served + " (" + b.ServedFrom.String() + ") reads " + b.Target
		if b.CopiedBy != "" {
			reads += ", where the package's script " + strconv.Quote(b.CopiedBy) + " (" + b.CopiedFrom.String() + ") copies " + b.Out
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
		p.decide("front end", strings.Join(fe.Run, " ")+" in "+orDot(b.Dir)+" → "+b.Target,
			reads+", which "+b.Manifest+"'s build writes ("+b.OutWhy+sourceSuffix(b.OutFrom)+"); "+
				b.Tool+" installs exactly "+b.Lock+" ("+b.ToolFrom+"); "+node+runs)
	}
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
