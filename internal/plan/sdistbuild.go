package plan

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/pydock/pydock/internal/detect"
)

//go:embed sdistbuild.toml
var sdistBuildTOML string

// sdistBuild is sdistbuild.toml: the setuptools APIs old setup.py scripts
// import that setuptools removed, the sdist-only releases known to import
// one, and how a bound on the build's setuptools reaches each manager.
var sdistBuild = func() (t struct {
	Removal []struct{ API, Removed, Source string }
	Break   []struct {
		Package  string
		Versions []string
		API      string
		Source   string
	}
	Manager []struct {
		Name   string
		Env    []string
		Advice string
		Source string
	}
}) {
	if _, err := toml.Decode(sdistBuildTOML, &t); err != nil {
		panic("sdistbuild.toml: " + err.Error())
	}
	for _, b := range t.Break {
		if !slices.ContainsFunc(t.Removal, func(r struct{ API, Removed, Source string }) bool { return r.API == b.API }) {
			panic("sdistbuild.toml: break " + b.Package + " names no removal " + b.API)
		}
	}
	return t
}()

// removedIn is the setuptools release that removed api.
func removedIn(api string) string {
	for _, r := range sdistBuild.Removal {
		if r.API == api {
			return r.Removed
		}
	}
	return ""
}

// boundBelow is the specifier under a release: 70.0.0 gives <70.
func boundBelow(release string) string {
	for strings.HasSuffix(release, ".0") {
		release = strings.TrimSuffix(release, ".0")
	}
	return "<" + release
}

// sdistBreak is a locked or pinned release of a break row.
type sdistBreak struct {
	pkg, version, source, bound string // bound: "<70"
}

// warnSdistOnly names the locked packages the image builds from an sdist
// alone, with the setuptools removals their setup.py may hit; a release
// known to fail there gets its bound: in the builder when the manager
// takes a build constraint from the environment, else as advice.
func (p *Plan) warnSdistOnly(f *detect.Facts) {
	var names []string
	var breaks []sdistBreak
	seen := map[string]bool{}
	add := func(name, version string, sdistOnly bool) {
		if seen[name+" "+version] {
			return
		}
		seen[name+" "+version] = true
		if sdistOnly {
			names = append(names, name+" "+version)
		}
		for _, b := range sdistBuild.Break {
			if b.Package == name && slices.Contains(b.Versions, version) {
				breaks = append(breaks, sdistBreak{name, version, b.Source, boundBelow(removedIn(b.API))})
			}
		}
	}
	if f.Lock != nil && !f.Lock.Pins {
		sets := selectedSets(f)
		for _, arch := range p.Platforms {
			env := detect.MarkerEnv{Python: p.Python.Minor.String(), FullVersion: p.Python.Patch.String(), Arch: arch, Extras: sets.extras, Groups: sets.groups}
			for _, pkg := range f.Lock.Closure(env) {
				if pkg.Sdist && len(pkg.Wheels) == 0 {
					add(pkg.Name, pkg.Version, true)
				}
			}
		}
	} else {
		// Exact pins without a file list: only the rows, which know the
		// release has no wheel.
		for _, d := range f.Dependencies {
			if d.Version != "" && !d.VCS && d.Path == "" {
				add(d.Name, d.Version, false)
			}
		}
	}
	p.sdistBreaks = breaks
	if len(names) == 0 {
		return
	}
	var removed []string
	for _, r := range sdistBuild.Removal {
		removed = append(removed, fmt.Sprintf("%s in setuptools %s (%s)", r.API, r.Removed, r.Source))
	}
	fix := "pin their build's setuptools below the release that removed what they import, or move them to a release with a wheel"
	if f.Manager == detect.ManagerUV {
		fix = "bound it in [tool.uv] build-constraint-dependencies (e.g. [\"setuptools<70\"]), or move them to a release with a wheel"
	}
	// Most such builds pass: a note, so a failure there is understood.
	p.Notes = append(p.Notes, fmt.Sprintf("%s lists no wheel for %s: the build runs their setup.py in an isolated environment with the newest setuptools, which removed %s; if the build fails there, %s", f.Lock.File, strings.Join(names, ", "), strings.Join(removed, "; "), fix))
}

// boundSdistBuilds bounds setuptools for the isolated builds of the known
// failing releases: the builder sets the manager's variables when it has
// them (one bound, the lowest, for every build), and a warning says what
// the project adds when it has none. A project whose own build needs a
// setuptools at or above the bound keeps the warning only.
func (p *Plan) boundSdistBuilds(f *detect.Facts) {
	breaks := p.sdistBreaks
	if len(breaks) == 0 {
		return
	}
	bound := breaks[0].bound
	var what []string
	for _, b := range breaks {
		if compareVersions(strings.TrimPrefix(b.bound, "<"), strings.TrimPrefix(bound, "<")) < 0 {
			bound = b.bound
		}
		what = append(what, fmt.Sprintf("%s %s (%s)", b.pkg, b.version, b.source))
	}
	mgr := string(f.Manager)
	if f.Manager == detect.ManagerNone {
		mgr = "pip"
	}
	i := slices.IndexFunc(sdistBuild.Manager, func(m struct {
		Name   string
		Env    []string
		Advice string
		Source string
	}) bool {
		return m.Name == mgr
	})
	if i >= 0 && len(sdistBuild.Manager[i].Env) > 0 {
		if own := ownSetuptoolsFloor(f); own != "" && compareVersions(own, strings.TrimPrefix(bound, "<")) >= 0 {
			p.Warnings = append(p.Warnings, fmt.Sprintf("the build will likely fail on %s: its build needs setuptools%s, but the project's own [build-system] requires setuptools>=%s, and one bound covers both builds: move them to a release with a wheel", strings.Join(what, "; "), bound, own))
			return
		}
		m := sdistBuild.Manager[i]
		p.BuildConstraints = []string{"setuptools" + bound}
		p.BuildConstraintEnv = m.Env
		var pkgs []string
		for _, b := range breaks {
			pkgs = append(pkgs, b.pkg+" "+b.version)
		}
		p.BuildConstraintFor = strings.Join(pkgs, ", ")
		p.Notes = append(p.Notes, fmt.Sprintf("%s builds from an sdist whose setup.py imports what setuptools%s no longer has: the builder bounds setuptools%s for the isolated builds (%s)", p.BuildConstraintFor, strings.Replace(bound, "<", ">=", 1), bound, strings.Join(m.Env, ", ")))
		p.decide("build constraint", "setuptools"+bound, fmt.Sprintf("the isolated builds of %s, whose setup.py imports what setuptools removed; the builder sets %s (%s)", strings.Join(what, "; "), strings.Join(m.Env, " and "), m.Source))
		return
	}
	if own := ownBounds(f, breaks, p.PoetryVersion); own != "" {
		p.decide("build constraint", "setuptools"+bound, fmt.Sprintf("the isolated builds of %s, whose setup.py imports what setuptools removed: the project bounds them (%s)", strings.Join(what, "; "), own))
		return
	}
	advice := "pin their build's setuptools below the release that removed what they import, or move them to a release with a wheel"
	if i >= 0 {
		advice = strings.NewReplacer("{bound}", "setuptools"+bound, "{bound_spec}", bound, "{package}", breaks[0].pkg).Replace(sdistBuild.Manager[i].Advice)
	}
	p.Warnings = append(p.Warnings, fmt.Sprintf("the build will likely fail on %s: its build needs setuptools%s: %s", strings.Join(what, "; "), bound, advice))
}

// ownSetuptoolsFloor is the lowest setuptools the project's own
// [build-system] requires ("" when it names none with >=).
func ownSetuptoolsFloor(f *detect.Facts) string {
	for _, r := range f.BuildRequires {
		name, spec, _ := strings.Cut(strings.ReplaceAll(r, " ", ""), ">=")
		if strings.EqualFold(name, "setuptools") && spec != "" {
			v, _, _ := strings.Cut(spec, ",")
			return v
		}
	}
	return ""
}

// ownBounds says where the project itself bounds setuptools for every
// break, "" when one is left unbounded: uv's build-constraint-dependencies
// bound every build (uv sync reads them from the lock), Poetry's table one
// package's, from Poetry 2.3.
func ownBounds(f *detect.Facts, breaks []sdistBreak, poetry string) string {
	var scope func(c detect.BuildConstraint, pkg string) bool
	switch {
	case f.Manager == detect.ManagerUV:
		scope = func(c detect.BuildConstraint, _ string) bool { return c.Package == "" }
	case f.Manager == detect.ManagerPoetry && compareVersions(poetry, "2.3.0") >= 0:
		scope = func(c detect.BuildConstraint, pkg string) bool { return c.Package == pkg }
	default:
		return ""
	}
	var at []string
	for _, b := range breaks {
		i := slices.IndexFunc(f.BuildConstraints, func(c detect.BuildConstraint) bool {
			v, ok := strings.CutPrefix(c.Spec, "setuptools<")
			return scope(c, b.pkg) && ok && !strings.HasPrefix(v, "=") && compareVersions(v, strings.TrimPrefix(b.bound, "<")) <= 0
		})
		if i < 0 {
			return ""
		}
		at = append(at, f.BuildConstraints[i].Spec+", "+f.BuildConstraints[i].Source.String())
	}
	return strings.Join(dedupe(at), "; ")
}
