package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

// imageLine is a Python line the authors' own Dockerfile builds on.
type imageLine struct {
	r   pyversion.Release
	src detect.Source
}

// ownImageLines are the supported lines the authors' own Dockerfiles
// build on (not their CI's), one per line, in the order found.
func ownImageLines(f *detect.Facts) []imageLine {
	var out []imageLine
	for _, u := range f.PythonUsed {
		if u.CI {
			continue
		}
		r, ok := pyversion.Lookup(u.Version)
		if !ok || slices.ContainsFunc(out, func(l imageLine) bool { return l.r.Minor == r.Minor }) {
			continue
		}
		out = append(out, imageLine{r, u.Source})
	}
	return out
}

// setAsideStalePins drops a version pin (runtime.txt, .python-version…)
// that the authors' own image contradicts when the evidence sides with the
// image: a buildpack's runtime.txt is read by no image at all, so the
// image the authors ship outranks it; any other pin yields only when the
// locked or pinned releases do not install on its lines (they need a
// newer Python). It returns the declarations kept, the image's lines that
// replace the pins (nil when none was set aside), and what they are, for
// the python decision's reason. Each pin set aside is a warning naming the
// evidence.
func (p *Plan) setAsideStalePins(f *detect.Facts, specs []declared, lock *detect.Lock, arches []string, sets selected) ([]declared, []pyversion.Release, string) {
	own := ownImageLines(f)
	if len(own) == 0 {
		return specs, nil, ""
	}
	kept := slices.Clone(specs)
	aside := false
	for i := 0; i < len(kept); i++ {
		x := kept[i]
		if !detect.IsPinKind(x.c.Kind) || slices.ContainsFunc(own, func(l imageLine) bool { return x.spec.AllowsMinor(l.r) }) {
			continue
		}
		others := slices.Delete(slices.Clone(kept), i, i+1)
		image := imageAllowed(own, others)
		if len(image) == 0 {
			continue // the other declarations rule the image out too
		}
		refused := refusedOnAll(lock, pyversion.Allowed(specsOf(kept)), arches, sets)
		if refused == "" && x.c.Kind != detect.KindRuntimeTxt {
			continue // no evidence which of the two is stale
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s set aside: the authors' own image builds on %s", x.named(), describeImage(image))
		if ci := ciRuns(f, image); ci != "" {
			fmt.Fprintf(&b, ", their CI tests %s", ci)
		}
		if refused != "" {
			fmt.Fprintf(&b, ", and %s", refused)
		}
		if x.c.Kind == detect.KindRuntimeTxt {
			b.WriteString("; runtime.txt is read by buildpacks (Heroku and its kin), not by an image")
		}
		to := image[0].r.Minor.String()
		if x.c.Kind == detect.KindRuntimeTxt {
			to = "python-" + to // the buildpacks' spelling
		}
		fmt.Fprintf(&b, ": update %s to %s, or delete it", x.c.Source.File, to)
		p.Warnings = append(p.Warnings, b.String())
		kept, aside = others, true
		i--
	}
	if !aside {
		return specs, nil, ""
	}
	image := imageAllowed(own, kept)
	var lines []pyversion.Release
	var why []string
	for _, l := range image {
		lines = append(lines, l.r)
		why = append(why, "the Python of the authors' own image ("+l.src.String()+")")
	}
	return kept, lines, strings.Join(why, ", ") + " (a stale pin set aside: see the warning)"
}

// where2 is the declaration as the warnings name it: runtime.txt
// "python-3.8.10" (runtime.txt:1).
func (d declared) named() string {
	return fmt.Sprintf("%s %q (%s)", d.c.Source.File, d.c.Spec, d.c.Source)
}

func specsOf(ds []declared) []pyversion.Spec {
	out := make([]pyversion.Spec, len(ds))
	for i, d := range ds {
		out[i] = d.spec
	}
	return out
}

// imageAllowed are the image's lines every declaration allows, newest first.
func imageAllowed(own []imageLine, specs []declared) []imageLine {
	var out []imageLine
	for _, l := range own {
		if !slices.ContainsFunc(specs, func(d declared) bool { return !d.spec.AllowsMinor(l.r) }) {
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b imageLine) int { return b.r.Minor.Compare(a.r.Minor) })
	return out
}

func describeImage(image []imageLine) string {
	var parts []string
	for _, l := range image {
		parts = append(parts, fmt.Sprintf("%s (%s)", l.r.Minor, l.src))
	}
	return strings.Join(parts, ", ")
}

// ciRuns names the first CI line that tests one of the image's lines.
func ciRuns(f *detect.Facts, image []imageLine) string {
	for _, u := range f.PythonUsed {
		if u.CI && slices.ContainsFunc(image, func(l imageLine) bool { return l.r.Minor.String() == u.Version }) {
			return fmt.Sprintf("%s (%s)", u.Version, u.Source)
		}
	}
	return ""
}

// refusedOnAll says which locked releases pip will not install on each of
// the lines, when on every one of them some does not (it needs a newer
// Python); "" when some line installs them all, or nothing is locked.
func refusedOnAll(lock *detect.Lock, lines []pyversion.Release, arches []string, sets selected) string {
	if lock == nil || len(lines) == 0 {
		return ""
	}
	var first []wheelGap
	for i, r := range lines {
		refused := checkWheels(lock, r, arches, sets).refused()
		if len(refused) == 0 {
			return ""
		}
		if i == 0 {
			first = refused
		}
	}
	where := lines[0].Minor.String()
	if len(lines) > 1 {
		where = lines[len(lines)-1].Minor.String() + " to " + where
	}
	return fmt.Sprintf("on %s pip will not install %s (the releases need a newer Python: Requires-Python)", where, describeGaps(first, arches))
}
