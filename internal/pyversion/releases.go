package pyversion

import "time"

// Release is one CPython minor line pydock can build on, with the official
// Docker image that ships it.
type Release struct {
	// Minor is the release line, written with two components (3.13).
	Minor Version
	// Patch is the newest patch with a published tag in imagetags.txt (or
	// the pinned patch when Exact). The floating tag follows whatever patch
	// Docker publishes next; AllowsMinor uses Patch as the end of a line
	// that has ended.
	Patch Version
	// Debian is the Debian suite of the slim image variant.
	Debian string
	// EOL is the day upstream stops releasing security fixes for the line.
	EOL time.Time
	// Exact is set when the project pins Patch exactly: the image is that
	// patch's tag, which never gets a rebuild (see PatchRelease).
	Exact bool
}

// Image is the official image reference, e.g. "python:3.13-slim-trixie".
// It names the Debian suite explicitly so a rebuild after Debian's next
// stable release does not silently change the base system.
func (r Release) Image() string {
	if r.Exact {
		return "python:" + r.Patch.String() + "-slim-" + r.Debian
	}
	return "python:" + r.Minor.String() + "-slim-" + r.Debian
}

// IsEOL reports whether the line no longer gets security fixes on the day
// now falls on. The EOL date itself already counts as end of life.
func (r Release) IsEOL(now time.Time) bool {
	return !now.Before(r.EOL)
}

func (r Release) String() string { return r.Minor.String() }

// debianGlibc is the glibc minor version of each Debian suite the official
// images use (Debian's glibc package: 2.36 in bookworm, 2.41 in trixie). A
// manylinux_2_N wheel installs on the image when N is no newer.
var debianGlibc = map[string]int{"bullseye": 31, "bookworm": 36, "trixie": 41}

// KnownSuite reports whether suite is a Debian suite the official images
// are built on.
func KnownSuite(suite string) bool {
	_, ok := debianGlibc[suite]
	return ok
}

// Glibc is the glibc minor of the release's image (2.Glibc()).
func (r Release) Glibc() int {
	if g, ok := debianGlibc[r.Debian]; ok {
		return g
	}
	return debianGlibc["bookworm"]
}

// releases is the table of supported CPython lines, newest first.
//
// Sources: the end-of-life dates come from the Python developer's guide
// ("Status of Python versions", https://devguide.python.org/versions/) and
// each line's release-schedule PEP; the newest patches and the Debian suites
// from the tags the Docker Official Images published (imagetags.txt, see
// tags.go; a test checks each line's suite carries its newest patch). Last
// updated 2026-11-30.
//
// Update it when a new minor ships (every October: add a row, and consider
// moving defaultMinor once its ecosystem has wheels), when the official
// images move a line to a new Debian stable, and now and then for the
// tags (gen/imagetags.py). Keep end-of-life lines for a while after their
// EOL so pinned projects still build, with a warning, rather than fail.
var releases = withNewestPatches([]Release{
	{Minor: minor(3, 14), Debian: "trixie", EOL: day(2030, 10, 31)},
	{Minor: minor(3, 13), Debian: "trixie", EOL: day(2029, 10, 31)},
	{Minor: minor(3, 12), Debian: "trixie", EOL: day(2028, 10, 31)},
	{Minor: minor(3, 11), Debian: "trixie", EOL: day(2027, 10, 31)},
	{Minor: minor(3, 10), Debian: "trixie", EOL: day(2026, 10, 31)},
	// 3.9's last patches (3.9.23 to 3.9.25) were published on bookworm
	// and trixie; it stays on bookworm, where it was built most of its life.
	{Minor: minor(3, 9), Debian: "bookworm", EOL: day(2025, 10, 31)},
	// End-of-life lines whose last images are still published: generated
	// with a loud warning so an old project still gets a Dockerfile.
	{Minor: minor(3, 8), Debian: "bookworm", EOL: day(2024, 10, 7)},
	{Minor: minor(3, 7), Debian: "bookworm", EOL: day(2023, 6, 27)},
	{Minor: minor(3, 6), Debian: "bullseye", EOL: day(2021, 12, 23)},
})

func withNewestPatches(rs []Release) []Release {
	for i := range rs {
		rs[i].Patch = newestPatch(rs[i].Minor)
	}
	return rs
}

// defaultMinor is the line used when a project declares nothing. It lags
// the newest release by one so that projects with compiled dependencies
// find wheels for it.
var defaultMinor = minor(3, 13)

func minor(major, minor int) Version { return Version{Major: major, Minor: minor, parts: 2} }

func patch(major, minor, micro int) Version {
	return Version{Major: major, Minor: minor, Micro: micro, parts: 3}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Releases returns the supported lines, newest first. The slice is a copy
// the caller may modify.
func Releases() []Release {
	return append([]Release(nil), releases...)
}

// Default returns the release used when a project declares no Python
// version at all.
func Default() Release {
	r, _ := lookup(defaultMinor)
	return r
}

// Lookup finds the line of a version such as "3.12". A patch version
// ("3.12.3") finds its line too; a bare major ("3") finds nothing because it
// names no single line.
func Lookup(minor string) (Release, bool) {
	v, err := ParseVersion(minor)
	if err != nil || v.numParts() < 2 {
		return Release{}, false
	}
	return lookup(v)
}

func lookup(v Version) (Release, bool) {
	for _, r := range releases {
		if r.Minor.Major == v.Major && r.Minor.Minor == v.Minor {
			return r, true
		}
	}
	return Release{}, false
}
