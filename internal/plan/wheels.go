package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

// DefaultPlatforms are the architectures an image is built for unless
// pydock.toml says otherwise: a wheel for one is not a wheel for the other.
var DefaultPlatforms = []string{detect.ArchAMD64, detect.ArchARM64}

// wheelGap is a locked binary package with no wheel for a release on some
// target architectures.
type wheelGap struct {
	pkg    *detect.LockedPackage
	arches []string
	// floor, when not 0, is the oldest line the release ships wheels for,
	// newer than the release checked: the release dropped this line, so pip
	// refuses it there (Requires-Python) rather than compiling it.
	floor int
}

func (g wheelGap) String() string {
	return g.pkg.Name + " " + g.pkg.Version
}

// coverage is how a release fares against the lock's binary packages.
type coverage struct {
	release pyversion.Release
	binary  int // binary packages the image installs
	gaps    []wheelGap
	// capped: some package's locked release shipped no wheel for a
	// CPython this new, so its sdist was never built for it.
	capped []string
}

// wheelFits reports whether some tag installs on the release and arch.
func wheelFits(tags []string, r pyversion.Release, arch string) bool {
	for _, t := range tags {
		if detect.WheelFits(t, r.Minor.Minor, arch, r.Glibc()) {
			return true
		}
	}
	return false
}

// hasLinuxBinary reports whether a package is binary (all its wheels are
// platform-specific) and ships some Linux wheel; one without any is left
// to the system-package table.
func hasLinuxBinary(tags []string) bool {
	if !detect.IsBinary(tags) {
		return false
	}
	for _, t := range tags {
		if strings.Contains(t, "linux") {
			return true
		}
	}
	return false
}

// checkWheels evaluates the lock's production closure for release r on
// each architecture, markers judged for that version and machine.
// selected are the extras and dependency groups the image installs.
type selected struct{ extras, groups []string }

func selectedSets(f *detect.Facts) selected { return selected{f.Extras, f.Groups} }

func checkWheels(l *detect.Lock, r pyversion.Release, arches []string, sets selected) coverage {
	c := coverage{release: r}
	seen := map[*detect.LockedPackage]int{} // → index in gaps, or -1
	for _, arch := range arches {
		env := detect.MarkerEnv{Python: r.Minor.String(), FullVersion: r.Patch.String(), Arch: arch, Extras: sets.extras, Groups: sets.groups}
		for _, p := range l.Closure(env) {
			if !hasLinuxBinary(p.Wheels) {
				continue
			}
			i, ok := seen[p]
			if !ok {
				c.binary++
				i = -1
				if n, capped := detect.NewestShipped(p.Wheels); capped && n < r.Minor.Minor {
					c.capped = append(c.capped, p.Name+" "+p.Version)
				}
			}
			if !wheelFits(p.Wheels, r, arch) {
				if i < 0 {
					g := wheelGap{pkg: p}
					if n, ok := detect.OldestShipped(p.Wheels); ok && n > r.Minor.Minor && (!l.Pins || tableFloorKnown(p.Name, r.Minor.Minor)) {
						g.floor = n
					}
					c.gaps = append(c.gaps, g)
					i = len(c.gaps) - 1
				}
				c.gaps[i].arches = append(c.gaps[i].arches, arch)
			}
			seen[p] = i
		}
	}
	return c
}

// installedCount is how many of the lock's packages the image installs on
// release r, on any target architecture: those with files to install (the
// project and its workspace members have none in the lock).
func installedCount(l *detect.Lock, r pyversion.Release, arches []string, sets selected) int {
	seen := map[*detect.LockedPackage]bool{}
	for _, arch := range arches {
		env := detect.MarkerEnv{Python: r.Minor.String(), FullVersion: r.Patch.String(), Arch: arch, Extras: sets.extras, Groups: sets.groups}
		for _, p := range l.Closure(env) {
			if len(p.Wheels) > 0 || p.Sdist {
				seen[p] = true
			}
		}
	}
	return len(seen)
}

// sourceBuilds counts the packages compiled on arch.
func (c coverage) sourceBuilds(arch string) int {
	n := 0
	for _, g := range c.gaps {
		if g.floor == 0 && slices.Contains(g.arches, arch) {
			n++
		}
	}
	return n
}

// refused lists the gaps pip does not install at all on the release: the
// locked release needs a newer Python.
func (c coverage) refused() []wheelGap {
	var out []wheelGap
	for _, g := range c.gaps {
		if g.floor > 0 {
			out = append(out, g)
		}
	}
	return out
}

// compiled lists the gaps pip builds from the sdist.
func (c coverage) compiled() []wheelGap {
	var out []wheelGap
	for _, g := range c.gaps {
		if g.floor == 0 {
			out = append(out, g)
		}
	}
	return out
}

// uncompilable lists the compiled gaps no builder can fill: Rust or
// Fortran builds, and packages whose headers pydock does not know.
func (c coverage) uncompilable() []wheelGap {
	var out []wheelGap
	for _, g := range c.compiled() {
		if !compilable(g.pkg.Name) {
			out = append(out, g)
		}
	}
	return out
}

// describe says which packages lack wheels: "orjson 3.10.0 on arm64".
func describeGaps(gaps []wheelGap, arches []string) string {
	var parts []string
	for i, g := range gaps {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(gaps)-3))
			break
		}
		s := g.String()
		if len(g.arches) < len(arches) {
			s += " on " + strings.Join(g.arches, ", ")
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// archList prints "amd64 and arm64".
func archList(arches []string) string {
	if len(arches) <= 1 {
		return strings.Join(arches, "")
	}
	return strings.Join(arches[:len(arches)-1], ", ") + " and " + arches[len(arches)-1]
}

// pickByWheels chooses among the allowed releases (newest first) by the
// lock's wheels: the newest covered on every architecture; when none is,
// the one with the fewest source builds on amd64 among those that only
// compile C packages pydock knows the headers of, never past the newest
// CPython every binary package's locked release shipped wheels for.
// ok is false when the lock has no binary packages (any release will do).
func pickByWheels(l *detect.Lock, allowed []pyversion.Release, arches []string, sets selected) (r pyversion.Release, why string, warn string, ok bool) {
	if l == nil || len(allowed) == 0 {
		return pyversion.Release{}, "", "", false
	}
	covs := make([]coverage, len(allowed))
	binary := false
	for i, a := range allowed {
		covs[i] = checkWheels(l, a, arches, sets)
		binary = binary || covs[i].binary > 0
	}
	if !binary {
		return pyversion.Release{}, "", "", false
	}
	for i, c := range covs {
		if len(c.gaps) > 0 {
			continue
		}
		why = fmt.Sprintf("%s — newest allowed with wheels for all %d %s binary packages on %s", c.release.Minor, c.binary, lockedWord(l), archList(arches))
		if i > 0 {
			prev := covs[i-1]
			why += fmt.Sprintf(" (%s: none for %s)", prev.release.Minor, describeGaps(prev.gaps, arches))
		}
		return c.release, why, "", true
	}

	// No release is covered: first where pip installs every locked
	// release, then stay within what every package shipped wheels for,
	// prefer releases whose gaps all compile, then the fewest builds on
	// amd64, then the newest.
	best := -1
	better := func(i, j int) bool {
		a, b := covs[i], covs[j]
		if x, y := len(a.refused()), len(b.refused()); x != y {
			return x < y
		}
		if (len(a.capped) == 0) != (len(b.capped) == 0) {
			return len(a.capped) == 0
		}
		if (len(a.uncompilable()) == 0) != (len(b.uncompilable()) == 0) {
			return len(a.uncompilable()) == 0
		}
		if x, y := a.sourceBuilds(detect.ArchAMD64), b.sourceBuilds(detect.ArchAMD64); x != y {
			return x < y
		}
		if len(a.capped) != len(b.capped) {
			return len(a.capped) < len(b.capped)
		}
		return a.release.Minor.Compare(b.release.Minor) > 0
	}
	for i := range covs {
		if best < 0 || better(i, best) {
			best = i
		}
	}
	c := covs[best]
	fewest := "needs the fewest source builds"
	if len(c.refused()) > 0 {
		fewest = "has the fewest releases that need another Python"
	}
	why = fmt.Sprintf("%s — no allowed version has wheels for all %d %s binary packages on %s; %s %s (%s)",
		c.release.Minor, c.binary, lockedWord(l), archList(arches), c.release.Minor, fewest, describeGaps(c.gaps, arches))
	var parts []string
	if w := refusedWarning(c, "update the lock, or pass --python"); w != "" {
		parts = append(parts, w)
	}
	if compiled := c.compiled(); len(compiled) > 0 {
		w := fmt.Sprintf("%s compile from source", describeGaps(compiled, arches))
		if bad := c.uncompilable(); len(bad) > 0 {
			w += fmt.Sprintf("; %s cannot be built by pydock's builder (Rust, Fortran or unknown headers): the build will likely fail — update the lock, or pass --python", describeGaps(bad, arches))
		}
		parts = append(parts, w)
	}
	return c.release, why, fmt.Sprintf("Python %s: %s", c.release.Minor, strings.Join(parts, "; ")), true
}

// refusedWarning names the locked releases that need a newer Python than
// the release checked: pip reads their Requires-Python and does not
// install them, which is no source build. fix ends the sentence.
func refusedWarning(c coverage, fix string) string {
	refused := c.refused()
	if len(refused) == 0 {
		return ""
	}
	var each []string
	for i, g := range refused {
		if i == 3 {
			each = append(each, fmt.Sprintf("and %d more", len(refused)-3))
			break
		}
		each = append(each, fmt.Sprintf("%s (wheels from 3.%d on)", g, g.floor))
	}
	return fmt.Sprintf("pip will not install %s: each release needs a newer Python than %s (Requires-Python), so the build fails — %s", strings.Join(each, ", "), c.release.Minor, fix)
}
func lockedWord(l *detect.Lock) string {
	if l.Pins {
		return "pinned"
	}
	return "locked"
}

// WheelGaps names the binary packages of the lock with no wheel for the
// release on some target architecture ("lxml 4.9.1 on arm64") with the
// selected extras and groups: what the image compiles. Empty when the lock is nil or everything is covered.
func WheelGaps(l *detect.Lock, r pyversion.Release, arches, extras, groups []string) []string {
	if l == nil {
		return nil
	}
	c := checkWheels(l, r, arches, selected{extras, groups})
	out := make([]string, len(c.gaps))
	for i, g := range c.gaps {
		out[i] = describeGaps([]wheelGap{g}, arches)
	}
	return out
}
