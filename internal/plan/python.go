package plan

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

// declared is one Python declaration of the project, parsed.
type declared struct {
	c    detect.PythonConstraint
	spec pyversion.Spec
}

func (d declared) String() string {
	return fmt.Sprintf("%s %q (%s)", d.c.Kind, d.c.Spec, d.c.Source)
}

// where is the declaration led by its file, for error lists.
func (d declared) where() string {
	return fmt.Sprintf("%s: %s %q", d.c.Source, d.c.Kind, d.c.Spec)
}

// parseDeclarations parses every declaration with its tool's dialect. A
// pin that is no version at all (a path committed in place of a symbolic
// link, "system") is skipped with a warning while something else declares
// the version, and is an error when nothing does.
func (p *Plan) parseDeclarations(f *detect.Facts) ([]declared, error) {
	var out []declared
	var notVersion []string
	for _, c := range f.Python {
		var sp pyversion.Spec
		var err error
		switch {
		case detect.IsPinKind(c.Kind):
			sp, err = pyversion.ParsePin(c.Spec)
		case c.Kind == detect.KindPoetry:
			sp, err = pyversion.ParsePoetry(c.Spec)
		default:
			sp, err = pyversion.ParsePEP440(c.Spec)
		}
		var nv *pyversion.NotVersionError
		if errors.As(err, &nv) {
			notVersion = append(notVersion, fmt.Sprintf("%s: %v", c.Source, err))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Source, err)
		}
		out = append(out, declared{c, sp})
	}
	if len(notVersion) > 0 {
		if len(out) == 0 {
			return nil, fmt.Errorf("%s; write a version such as 3.12 there, or pass --python X.Y", notVersion[0])
		}
		for _, w := range notVersion {
			p.Warnings = append(p.Warnings, w+"; ignored: the other declarations decide")
		}
	}
	return out, nil
}

// conflict explains declarations no release satisfies together, naming
// each pair that contradicts (or all of them when only the whole set does).
func conflict(specs []declared) error {
	var b strings.Builder
	b.WriteString("the project's Python requirements disagree: no supported release satisfies all of them:")
	pairs := 0
	for i := range specs {
		for j := i + 1; j < len(specs); j++ {
			if _, ok := pyversion.Select([]pyversion.Spec{specs[i].spec, specs[j].spec}); !ok {
				fmt.Fprintf(&b, "\n  %s contradicts %s", specs[i].where(), specs[j].where())
				pairs++
			}
		}
	}
	if pairs == 0 {
		for _, x := range specs {
			fmt.Fprintf(&b, "\n  %s", x.where())
		}
	}
	b.WriteString("\nalign them, or pass --python X.Y to choose")
	return errors.New(b.String())
}

// choosePython resolves every stated constraint together. Among the
// releases all of them allow it takes the newest the lock's wheels cover
// (see pickByWheels); without a lock, pydock's default release when
// allowed, else the nearest allowed. Disagreement is an error that names
// each source, never a silent pick.
func (p *Plan) choosePython(f *detect.Facts, s Settings, now time.Time) error {
	specs, err := p.parseDeclarations(f)
	if err != nil {
		return err
	}
	for _, x := range specs {
		if r, v, ok := x.spec.Unreleased(); ok {
			return fmt.Errorf("%s: %s %q: %w", x.c.Source, x.c.Kind, x.c.Spec, pyversion.UnreleasedError(r, v))
		}
		if len(pyversion.Allowed([]pyversion.Spec{x.spec})) == 0 {
			return fmt.Errorf("%s: %s %q allows no CPython line with an official image (supported: %s)", x.c.Source, x.c.Kind, x.c.Spec, supported())
		}
	}
	arches := platforms(s)
	p.Platforms = arches
	// The lock's files, or without one a requirements file's exact pins
	// judged by pydock's dated wheel table.
	lock := cmp.Or(f.Lock, pinnedLock(f))

	if s.Python != "" {
		sp, err := pyversion.ParsePin(s.Python)
		if err != nil {
			return fmt.Errorf("--python: %w", err)
		}
		if r, v, ok := sp.Unreleased(); ok {
			return fmt.Errorf("--python: %w", pyversion.UnreleasedError(r, v))
		}
		r, ok := pyversion.Select([]pyversion.Spec{sp})
		if !ok {
			return fmt.Errorf("%s: not a supported CPython release (supported: %s)", s.given("python", "--python", s.Python), supported())
		}
		for _, x := range specs {
			if !x.spec.AllowsMinor(r) {
				p.Warnings = append(p.Warnings, fmt.Sprintf("--python %s overrides %s, which does not allow it", s.Python, x))
			}
		}
		p.Python = r
		if v, ok := sp.ExactPatch(); ok {
			if err := p.pinPatch(v, "--python "+s.Python); err != nil {
				return fmt.Errorf("--python: %w", err)
			}
		}
		if lock != nil {
			c := checkWheels(lock, p.Python, arches, selectedSets(f))
			if w := refusedWarning(c, "pass another --python, or update the pins"); w != "" {
				p.Warnings = append(p.Warnings, fmt.Sprintf("--python %s: %s", s.Python, w))
			}
			if gaps := c.compiled(); len(gaps) > 0 {
				w := fmt.Sprintf("--python %s: no wheel for %s: it compiles from source", s.Python, describeGaps(gaps, arches))
				if bad := c.uncompilable(); len(bad) > 0 {
					w += fmt.Sprintf("; %s cannot be built by pydock's builder (Rust, Fortran or unknown headers), so the build will likely fail", describeGaps(bad, arches))
				}
				p.Warnings = append(p.Warnings, w)
			}
		}
		p.decide("python", r.Minor.String(), s.given("python", "--python", s.Python))
		p.eol(now)
		return nil
	}

	declaredAny := len(specs) > 0
	specs, image, imageWhy := p.setAsideStalePins(f, specs, lock, arches, selectedSets(f))
	all := make([]pyversion.Spec, len(specs))
	why := make([]string, len(specs))
	latest := false
	for i, x := range specs {
		all[i] = x.spec
		why[i] = x.String()
		latest = latest || (detect.IsPinKind(x.c.Kind) && strings.EqualFold(x.c.Spec, "latest"))
	}
	allowed := pyversion.Allowed(all)
	if image != nil {
		// A pin set aside: the authors' image's lines stand in its place.
		allowed = slices.DeleteFunc(allowed, func(r pyversion.Release) bool {
			return !slices.ContainsFunc(image, func(i pyversion.Release) bool { return i.Minor == r.Minor })
		})
		why = append(why, imageWhy)
	}
	if len(allowed) == 0 {
		return conflict(specs)
	}
	allowedBy := "; allowed by " + strings.Join(why, ", ")
	if !declaredAny {
		allowedBy = "; nothing declared"
		p.Notes = append(p.Notes, "no Python version declared: pin it with .python-version or requires-python")
	}
	allowed = onPinnedPatch(allowed, specs)
	if r, reason, warn, ok := pickByWheels(lock, allowed, arches, selectedSets(f)); ok {
		p.Python = r
		p.decide("python", r.Minor.String(), reason+allowedBy)
		if warn != "" {
			p.Warnings = append(p.Warnings, warn)
		}
	} else if r, used, ok := authorsPython(f, allowed); ok && !latest {
		// No wheel says which Python: the one the authors run does.
		p.Python = r
		none := "no lock to check wheels against"
		if f.Lock != nil {
			none = fmt.Sprintf("none of the %d locked packages needs a platform wheel", installedCount(f.Lock, r, arches, selectedSets(f)))
		}
		p.decide("python", r.Minor.String(), fmt.Sprintf("%s — %s; %s, so the authors' version decides rather than the newest allowed%s", r.Minor, used, none, allowedBy))
	} else if f.Lock != nil {
		p.Python = allowed[0]
		p.decide("python", p.Python.Minor.String(), fmt.Sprintf("%s — newest allowed: none of the %d locked packages needs a platform wheel%s", p.Python.Minor, installedCount(f.Lock, p.Python, arches, selectedSets(f)), allowedBy))
	} else if latest {
		p.Python = allowed[0]
		p.decide("python", p.Python.Minor.String(), "newest supported release"+allowedBy)
	} else {
		// No evidence of which versions the dependencies have wheels for.
		def := pyversion.Default()
		p.Python = nearest(allowed, def)
		reason := fmt.Sprintf("pydock's default release (one behind the newest, so wheels exist), no lock to check wheels against")
		if len(allowed) == 1 {
			reason = "the only release the declarations allow, no lock to check wheels against"
		} else if p.Python.Minor != def.Minor {
			reason = fmt.Sprintf("the allowed release nearest to pydock's default release %s, no lock to check wheels against", def.Minor)
		}
		p.decide("python", p.Python.Minor.String(), reason+allowedBy)
	}
	for _, x := range specs {
		if v, ok := x.spec.ExactPatch(); ok && x.spec.Allows(v) && v.Major == p.Python.Minor.Major && v.Minor == p.Python.Minor.Minor {
			if err := p.pinPatch(v, x.String()); err != nil {
				return fmt.Errorf("%s: %w", x.c.Source, err)
			}
			break
		}
	}
	p.eol(now)
	if f.Manager == detect.ManagerPoetry && p.Python.Minor.Minor < 9 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("Poetry %s runs on Python 3.9 or newer, and the image installs it with Python %s: the build will fail; move the project to 3.9+, or export requirements.txt and pass --package-manager pip", PoetryVersion, p.Python.Minor))
	}
	return nil
}

// authorsPython is the release the authors run among those allowed: the
// newest their own Dockerfile builds on, else the newest their CI tests
// on; used says where.
func authorsPython(f *detect.Facts, allowed []pyversion.Release) (pyversion.Release, string, bool) {
	for _, ci := range []bool{false, true} {
		for _, r := range allowed { // newest first
			for _, u := range f.PythonUsed {
				if u.CI != ci || u.Version != r.Minor.String() {
					continue
				}
				if ci {
					return r, "the newest Python the authors' CI runs that the declarations allow (" + u.Source.String() + ")", true
				}
				return r, "the Python of the authors' own image (" + u.Source.String() + ")", true
			}
		}
	}
	return pyversion.Release{}, "", false
}

// onPinnedPatch puts each allowed line that a declaration pins to one
// patch on that patch's tag, so the wheel check reads the glibc of the
// suite the image is really built on (3.10.7's is bullseye's 2.31).
func onPinnedPatch(allowed []pyversion.Release, specs []declared) []pyversion.Release {
	out := slices.Clone(allowed)
	for i, r := range out {
		for _, x := range specs {
			v, ok := x.spec.ExactPatch()
			if !ok || !x.spec.Allows(v) || v.Major != r.Minor.Major || v.Minor != r.Minor.Minor {
				continue
			}
			if pr, err := pyversion.PatchRelease(r, v); err == nil {
				out[i] = pr
			}
			break
		}
	}
	return out
}

// pinPatch builds on the exact patch a declaration pins: a tag that exists,
// with a warning that it never gets security rebuilds.
func (p *Plan) pinPatch(v pyversion.Version, by string) error {
	r, err := pyversion.PatchRelease(p.Python, v)
	var newer *pyversion.NewerPatchError
	if errors.As(err, &newer) {
		// Likely released after pydock's table: the line's floating tag
		// follows the newest patch, so it has this one or a later one.
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %v; building on %s, which follows the newest %s patch, instead", by, err, p.Python.Image(), p.Python.Minor))
		return nil
	}
	if err != nil {
		// An old patch's tags sit on Debian suites whose archives are gone:
		// the line's image is the nearest that builds.
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %v; building on %s (Python %s) instead", by, err, p.Python.Image(), p.Python.Patch))
		return nil
	}
	p.Python = r
	p.Warnings = append(p.Warnings, fmt.Sprintf("%s pins the patch release %s: the image %s is never rebuilt with security fixes; pin %s to follow patch releases", by, v, r.Image(), r.Minor))
	return nil
}

// nearest is the allowed release closest to want, the older on a tie
// (older lines have more wheels).
func nearest(allowed []pyversion.Release, want pyversion.Release) pyversion.Release {
	best := allowed[0]
	dist := func(r pyversion.Release) int {
		d := (r.Minor.Major-want.Minor.Major)*100 + r.Minor.Minor - want.Minor.Minor
		if d < 0 {
			return -d
		}
		return d
	}
	for _, r := range allowed[1:] {
		if dist(r) <= dist(best) {
			best = r
		}
	}
	return best
}

func (p *Plan) eol(now time.Time) {
	if p.Python.IsEOL(now) {
		p.Warnings = append(p.Warnings, fmt.Sprintf("Python %s is END OF LIFE since %s: no security fixes, and fewer new wheels every month; move to a newer release", p.Python.Minor, p.Python.EOL.Format("2006-01-02")))
	}
}

func supported() string {
	var v []string
	for _, r := range pyversion.Releases() {
		v = append(v, r.Minor.String())
	}
	return strings.Join(v, ", ")
}

// platforms are the target architectures: pydock.toml's, else amd64 and arm64.
func platforms(s Settings) []string {
	if s.Platforms != nil && len(*s.Platforms) > 0 {
		return *s.Platforms
	}
	return DefaultPlatforms
}
