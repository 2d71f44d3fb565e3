package pyversion

import "fmt"

// patchSuites says, for each line, which patch releases have a
// python:X.Y.Z-slim-<suite> tag: the official images publish a patch's
// tag on the Debian suites they built while that patch was current, so
// the suite follows the patch's date. Newest suite first; last -1 means
// the range is still open.
//
// Sources: the tag lists of the Docker Official Image "python" (library/
// python in docker-library/official-images, and docker-library/python's
// versions.json history); Debian 11 bullseye was added to the images in
// August 2021, 12 bookworm in June 2023, 13 trixie in summer 2025 (the
// first trixie tags seen in public Dockerfiles: 3.13.5, 3.12.11, 3.11.13,
// 3.10.18, 3.9.23; none for the patches before them). Last updated
// 2026-11-29.
var patchSuites = map[string][]suiteRange{
	"3.14": {{"trixie", 0, -1}, {"bookworm", 0, -1}},
	"3.13": {{"trixie", 5, -1}, {"bookworm", 0, -1}},
	"3.12": {{"trixie", 11, -1}, {"bookworm", 0, -1}},
	"3.11": {{"trixie", 13, -1}, {"bookworm", 4, -1}, {"bullseye", 0, 9}},
	"3.10": {{"trixie", 18, -1}, {"bookworm", 12, -1}, {"bullseye", 0, 11}},
	"3.9":  {{"trixie", 23, -1}, {"bookworm", 17, -1}, {"bullseye", 7, 16}},
	"3.8":  {{"bookworm", 17, 20}, {"bullseye", 12, 16}},
	"3.7":  {{"bookworm", 17, 17}, {"bullseye", 12, 16}},
	"3.6":  {{"bullseye", 15, 15}},
}

type suiteRange struct {
	suite       string
	first, last int
}

// PatchRelease is r pinned to an exact patch: its image is the patch's own
// tag, on the newest suite that published it. A patch with no such tag
// (older than the suites pydock supports, or newer than the table) is an
// error that says which patches exist.
func PatchRelease(r Release, v Version) (Release, error) {
	ranges := patchSuites[r.Minor.String()]
	if v.Micro > r.Patch.Micro {
		return Release{}, fmt.Errorf("Python %s is newer than the newest %s release pydock knows (%s)", v, r.Minor, r.Patch)
	}
	for _, s := range ranges {
		if v.Micro >= s.first && (s.last < 0 || v.Micro <= s.last) {
			out := r
			out.Patch, out.Debian, out.Exact = v, s.suite, true
			return out, nil
		}
	}
	oldest := r.Patch.Micro
	for _, s := range ranges {
		oldest = min(oldest, s.first)
	}
	return Release{}, fmt.Errorf("Python %s has no slim image on a Debian suite that is still maintained (bullseye or newer); pin %s, or a patch from %d.%d.%d on", v, r.Minor, r.Minor.Major, r.Minor.Minor, oldest)
}

// ExactPatch reports whether the spec pins one patch release (==3.12.4, or
// a pin "3.12.4"), and which.
func (s Spec) ExactPatch() (Version, bool) {
	if len(s.alts) != 1 {
		return Version{}, false
	}
	for _, c := range s.alts[0] {
		if c.op == opEqual && !c.wildcard && c.v.numParts() == 3 && !c.v.IsPreRelease() {
			return c.v, true
		}
	}
	return Version{}, false
}
