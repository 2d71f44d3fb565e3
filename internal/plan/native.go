package plan

import (
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

//go:embed native.toml
var nativeData string

// nativeRow is one Python package of native.toml: what it needs from
// Debian to compile or to run. See the file's header for the fields.
type nativeRow struct {
	Name            string            `toml:"name"`
	Kind            string            `toml:"kind"`
	SdistOnly       bool              `toml:"sdist_only"`
	Build           []string          `toml:"build"`
	Runtime         []string          `toml:"runtime"`
	BuildBullseye   []string          `toml:"build_bullseye"`
	BuildBookworm   []string          `toml:"build_bookworm"`
	BuildTrixie     []string          `toml:"build_trixie"`
	RuntimeBullseye []string          `toml:"runtime_bullseye"`
	RuntimeBookworm []string          `toml:"runtime_bookworm"`
	RuntimeTrixie   []string          `toml:"runtime_trixie"`
	Extras          map[string]string `toml:"extras"`
	Unless          []string          `toml:"unless"`
	DjangoApp       bool              `toml:"django_app"`
	Why             string            `toml:"why"`
	Source          string            `toml:"source"`
}

// Kinds of native.toml rows.
const (
	kindC       = "c"
	kindRust    = "rust"
	kindFortran = "fortran"
	kindHeavy   = "heavy"
	kindLib     = "lib"
	kindTool    = "tool"
)

// build is the row's build packages on a Debian suite.
func (n nativeRow) build(suite string) []string {
	return forSuite(suite, n.Build, n.BuildBullseye, n.BuildBookworm, n.BuildTrixie)
}

// runtime is the row's runtime packages on a Debian suite.
func (n nativeRow) runtime(suite string) []string {
	return forSuite(suite, n.Runtime, n.RuntimeBullseye, n.RuntimeBookworm, n.RuntimeTrixie)
}

// forSuite picks a suite's own list, else the shared one. Bullseye (old
// patch pins, 3.6) falls back to bookworm's names, the closest, where a
// row has no bullseye list: the bullseye package list test says where that
// is wrong.
func forSuite(suite string, all, bullseye, bookworm, trixie []string) []string {
	switch {
	case suite == "bullseye" && bullseye != nil:
		return bullseye
	case suite != "trixie" && bookworm != nil:
		return bookworm
	case suite == "trixie" && trixie != nil:
		return trixie
	}
	return all
}

// nativeTable is native.toml by package name.
var nativeTable = mustNativeTable(nativeData)

func mustNativeTable(data string) map[string]nativeRow {
	t, err := parseNativeTable(data)
	if err != nil {
		panic(err) // the embedded table is tested; a broken one is a build bug
	}
	return t
}

func parseNativeTable(data string) (map[string]nativeRow, error) {
	var doc struct {
		Package []nativeRow `toml:"package"`
	}
	if err := decodeTable("native.toml", data, &doc); err != nil {
		return nil, err
	}
	out := make(map[string]nativeRow, len(doc.Package))
	for _, r := range doc.Package {
		if _, dup := out[r.Name]; dup {
			return nil, fmt.Errorf("native.toml: %s listed twice", r.Name)
		}
		out[r.Name] = r
	}
	return out, nil
}

// wheelOnAll reports whether every target architecture has a wheel.
func wheelOnAll(tags []string, r pyversion.Release, arches []string) bool {
	for _, a := range arches {
		if !wheelFits(tags, r, a) {
			return false
		}
	}
	return true
}

// compilable reports whether pydock's builder can compile the package
// from source: a C extension whose headers the table names.
func compilable(name string) bool {
	n, ok := nativeTable[name]
	return ok && n.Kind == kindC
}

// systemPackages decides the apt packages of each stage from native.toml.
// A C extension compiles when some target architecture has no wheel for
// the release (build packages in the builder, its libraries in the
// runtime); a wheel on every target bundles its libraries, so nothing is
// needed. Packages that load a library or run a program need it always.
// Rust, Fortran and heavy C++ builds are never attempted: a warning says
// so. Without a lock, exact pins are judged by the pin table, and other
// packages by whether PyPI has Linux wheels at all.
func systemPackages(f *detect.Facts, py pyversion.Release, arches []string) (build, runtime, why, warnings []string) {
	suite := py.Debian
	b, rt := map[string]bool{}, map[string]bool{}
	deps := f.Dependencies
	have := map[string]bool{}
	for _, d := range deps {
		have[d.Name] = true
	}
	for _, d := range f.Dependencies {
		// psycopg[c] needs psycopg-c even where no lock lists it.
		for _, e := range d.Extras {
			if pkg := nativeTable[d.Name].Extras[e]; pkg != "" && !have[pkg] {
				deps = append(deps, detect.Dependency{Name: pkg, Source: d.Source})
				have[pkg] = true
			}
		}
	}
	// Rows that are Django apps apply from the settings, never from a
	// dependency that happens to share the name.
	apps := djangoApps(f)
	for _, a := range apps {
		deps = append(deps, detect.Dependency{Name: a})
	}
	for i, d := range deps {
		n, ok := nativeTable[d.Name]
		if !ok || n.DjangoApp != (i >= len(deps)-len(apps)) {
			continue
		}
		if slices.ContainsFunc(d.Extras, func(e string) bool { return n.Extras[e] != "" }) {
			continue // the extra's own package decides (psycopg[binary], psycopg[c])
		}
		if slices.ContainsFunc(n.Unless, func(u string) bool { return have[u] }) {
			continue
		}
		switch n.Kind {
		case kindLib, kindTool:
			for _, p := range n.runtime(suite) {
				rt[p] = true
			}
			why = append(why, n.Why)
			continue
		}
		lacking := missingWheels(d, n, py, arches)
		if len(lacking) == 0 {
			continue
		}
		if n.Kind != kindC {
			warnings = append(warnings, fmt.Sprintf("%s %s has no wheel for Python %s on %s: %s; pydock's builder has no toolchain for it (%s build), so the image build will fail there — choose a Python or a release of %s that ships wheels",
				d.Name, d.Version, py.Minor, strings.Join(lacking, ", "), n.Why, n.Kind, d.Name))
			continue
		}
		for _, p := range n.build(suite) {
			b[p] = true
		}
		for _, p := range n.runtime(suite) {
			rt[p] = true
		}
		w := n.Why
		if len(lacking) < len(arches) {
			w += " (no wheel on " + strings.Join(lacking, ", ") + ")"
		}
		why = append(why, w)
	}
	pkgs, runs, missing := programPackages(f)
	for _, p := range pkgs {
		rt[p] = true
	}
	why = append(why, runs...)
	warnings = append(warnings, missing...)
	tls, tlWhy := typelibPackages(f)
	for _, p := range tls {
		rt[p] = true
	}
	why = append(why, tlWhy...)
	for _, d := range f.Dependencies {
		if d.VCS {
			b["git"] = true
			why = append(why, fmt.Sprintf("%s is installed from a VCS URL: git in the builder only", d.Name))
		}
	}
	return keys(b), keys(rt), why, warnings
}

// djangoApps are the Django apps of native.toml the settings install, and
// the GeoDjango database backends of native.toml they name.
func djangoApps(f *detect.Facts) []string {
	if f.Django == nil || f.Django.GIS == nil {
		return nil
	}
	out := []string{"django.contrib.gis"}
	for _, b := range f.Django.GISBackends {
		if nativeTable[b].DjangoApp {
			out = append(out, b)
		}
	}
	return out
}

// missingWheels lists the target architectures on which the package has no
// wheel for the release, as far as pydock can know: the lock's files, the
// pin table for an exact pin, else PyPI's habit (sdist_only).
func missingWheels(d detect.Dependency, n nativeRow, py pyversion.Release, arches []string) []string {
	var tags []string
	switch {
	case d.Wheels != nil:
		tags = d.Wheels.Tags
	case d.Version != "" && pinTable[d.Name] != nil:
		tags = pinnedTags(d.Name, d.Version)
	case n.SdistOnly:
		return arches
	default:
		return nil // PyPI has wheels for it; assume one fits
	}
	var out []string
	for _, a := range arches {
		if !wheelFits(tags, py, a) {
			out = append(out, a)
		}
	}
	return out
}

// debianName is Debian policy's package name: lower-case letters, digits,
// "+", "-" and ".", starting with a letter or digit.
var debianName = regexp.MustCompile(`^[a-z0-9][a-z0-9+.-]+$`)

// CheckDebianPackage refuses a [system] entry that is not a Debian package
// name: it lands on an apt-get line and must stay data.
func CheckDebianPackage(name string) error {
	if !debianName.MatchString(name) {
		return errors.New("not a Debian package name (lower-case letters, digits, +, - and .)")
	}
	return nil
}

// CheckPlatform refuses a target architecture pydock does not build for.
func CheckPlatform(p string) error {
	if !slices.Contains(DefaultPlatforms, p) {
		return fmt.Errorf("unknown platform; use %s", strings.Join(DefaultPlatforms, " or "))
	}
	return nil
}

// playwrightBrowsers are the names `playwright install` takes.
var playwrightBrowsers = []string{"chromium", "chromium-headless-shell", "chrome", "firefox", "webkit", "msedge"}

// CheckPlaywrightBrowser refuses a browser `playwright install` does not know.
func CheckPlaywrightBrowser(b string) error {
	if !slices.Contains(playwrightBrowsers, b) {
		return fmt.Errorf("unknown browser; use one of %s", strings.Join(playwrightBrowsers, ", "))
	}
	return nil
}

// choosePlaywright gives a Playwright project its browser (chromium unless
// pydock.toml names another), installed where every user reads it.
func (p *Plan) choosePlaywright(f *detect.Facts, s Settings) {
	if !slices.ContainsFunc(f.Dependencies, func(d detect.Dependency) bool { return d.Name == "playwright" }) || !p.HasVenv() {
		return
	}
	browser := cmp.Or(s.PlaywrightBrowser, "chromium")
	p.Playwright = &Playwright{Browser: browser, Path: "/ms-playwright"}
	p.decide("playwright", browser, "playwright is a dependency: the browser and its libraries go in the runtime image at /ms-playwright")
}

// addConfigured adds pydock.toml's [system] packages to the plan.
func (p *Plan) addConfigured(s Settings) {
	if s.SystemBuild == nil && s.SystemRuntime == nil {
		return
	}
	merge := func(have []string, add *[]string) []string {
		m := map[string]bool{}
		for _, x := range have {
			m[x] = true
		}
		if add != nil {
			for _, x := range *add {
				m[x] = true
			}
		}
		return keys(m)
	}
	p.BuildPackages = merge(p.BuildPackages, s.SystemBuild)
	p.RuntimePackages = merge(p.RuntimePackages, s.SystemRuntime)
	p.NativeReasons = append(p.NativeReasons, "pydock.toml [system] adds them")
}

func hasAny(list []string, want ...string) bool {
	for _, l := range list {
		for _, w := range want {
			if l == w {
				return true
			}
		}
	}
	return false
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out) // DF013: one per line, sorted
	return out
}
