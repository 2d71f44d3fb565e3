package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// setuptoolsRemovals are APIs setuptools removed that old setup.py scripts
// import: a locked package with only an sdist is built with the newest
// setuptools in an isolated environment, and fails there when its
// setup.py uses one. Rows: the API, the release that removed it, where
// that is written.
var setuptoolsRemovals = []struct {
	API, Removed, Source string
}{
	{"setuptools.convert_path", "70.0.0", "https://setuptools.pypa.io/en/stable/history.html#v70-0-0 (Deprecations and Removals)"},
	{"setuptools.command.test (setup.py test)", "72.0.0", "https://setuptools.pypa.io/en/stable/history.html#v72-0-0 (Deprecations and Removals)"},
}

// sdistBreaks are locked releases, sdist only, whose setup.py imports one
// of setuptoolsRemovals: with them the build fails unless its setuptools
// is bounded. Rows: the package, the releases seen failing, the API, the
// bound, and where the failure is recorded.
var sdistBreaks = []struct {
	Package  string
	Versions []string
	API      string
	Bound    string
	Source   string
}{
	{"django-allauth", []string{"0.45.0"}, "setuptools.convert_path", "setuptools<70",
		"setup.py:8 runs `from setuptools import convert_path, find_packages, setup` (ImportError on setuptools 70+, as pydock's real-world e2e build of shynet failed)"},
}

// warnSdistOnly names the locked packages the image builds from an sdist
// alone, with the setuptools removals their setup.py may hit and how to
// bound the build environment's setuptools.
func (p *Plan) warnSdistOnly(f *detect.Facts) {
	if f.Lock == nil || f.Lock.Pins {
		return
	}
	sets := selectedSets(f)
	seen := map[string]bool{}
	var names, breaks []string
	for _, arch := range p.Platforms {
		env := detect.MarkerEnv{Python: p.Python.Minor.String(), FullVersion: p.Python.Patch.String(), Arch: arch, Extras: sets.extras, Groups: sets.groups}
		for _, pkg := range f.Lock.Closure(env) {
			if pkg.Sdist && len(pkg.Wheels) == 0 && !seen[pkg.Name] {
				seen[pkg.Name] = true
				names = append(names, pkg.Name+" "+pkg.Version)
				for _, b := range sdistBreaks {
					if b.Package == pkg.Name && slices.Contains(b.Versions, pkg.Version) {
						breaks = append(breaks, fmt.Sprintf("%s %s (%s): its build needs %s", pkg.Name, pkg.Version, b.Source, b.Bound))
					}
				}
			}
		}
	}
	if len(names) == 0 {
		return
	}
	var removed []string
	for _, r := range setuptoolsRemovals {
		removed = append(removed, fmt.Sprintf("%s in setuptools %s (%s)", r.API, r.Removed, r.Source))
	}
	fix := "pin their build's setuptools below the release that removed what they import, or move them to a release with a wheel"
	if f.Manager == detect.ManagerUV {
		fix = "bound it in [tool.uv] build-constraint-dependencies (e.g. [\"setuptools<70\"]), or move them to a release with a wheel"
	}
	if len(breaks) > 0 {
		// A known failure: a warning.
		p.Warnings = append(p.Warnings, fmt.Sprintf("the build will likely fail on %s: %s", strings.Join(breaks, "; "), fix))
	}
	// Most such builds pass: a note, so a failure there is understood.
	p.Notes = append(p.Notes, fmt.Sprintf("%s lists no wheel for %s: the build runs their setup.py in an isolated environment with the newest setuptools, which removed %s; if the build fails there, %s", f.Lock.File, strings.Join(names, ", "), strings.Join(removed, "; "), fix))
}
