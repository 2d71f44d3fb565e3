package detect

import (
	"slices"
	"strconv"
	"strings"
)

// Target architectures, as Docker names them.
const (
	ArchAMD64 = "amd64"
	ArchARM64 = "arm64"
)

// machine is the wheel platform suffix of a Docker architecture.
func machine(arch string) string {
	switch arch {
	case ArchAMD64:
		return "x86_64"
	case ArchARM64:
		return "aarch64"
	}
	return arch
}

// Wheel usability: pydock builds on the official python:3.X-slim images
// (Debian, glibc) for linux/amd64 and linux/arm64. A wheel tag
// python-abi-platform (each part may be a dot-separated set) is usable for
// CPython 3.<minor> when:
//
//   - it is pure: platform "any", abi "none", python py3/py2.py3 (or
//     py3Y/cp3Y with Y ≤ minor);
//   - or it is built for a manylinux platform of the machine whose glibc
//     is no newer than the image's (bookworm 2.36, trixie 2.41), and its
//     abi is "abi3" with python cp3Y, Y ≤ minor (the stable ABI works
//     forward), "cp3Y" with python cp3Y, Y == minor (free-threaded "cp3Yt"
//     does not count: the official images are not free-threaded), or
//     "none" (a binary wheel with no Python ABI, like ruff's).
//
// musllinux wheels (Alpine), bare linux_x86_64 (never on PyPI, not
// portable), macOS, Windows and PyPy wheels are not usable. A package with
// no usable wheel is built from its sdist, which needs compilers in the
// builder stage (psycopg2, unlike psycopg2-binary).

// bookwormGlibc is the glibc minor of Debian 12, the oldest suite pydock
// builds on: what HasLinuxWheel assumes when no suite is given.
const bookwormGlibc = 36

// WheelFits reports whether the wheel tag installs on CPython 3.minor on
// linux/arch (amd64, arm64) with glibc 2.glibc.
func WheelFits(tag string, minor int, arch string, glibc int) bool {
	return wheelUsable(tag, minor, machine(arch), glibc)
}

// hasLinuxWheel reports whether some tag is usable (see above) for CPython
// pyMinor ("3.12") on linux x86_64 or aarch64 with bookworm's glibc.
func hasLinuxWheel(tags []string, pyMinor string) bool {
	return hasWheelFor(tags, pyMinor, "x86_64") || hasWheelFor(tags, pyMinor, "aarch64")
}

// hasWheelFor is hasLinuxWheel for one machine ("x86_64" or "aarch64").
func hasWheelFor(tags []string, pyMinor, mach string) bool {
	minor, ok := parseMinor(pyMinor)
	if !ok {
		return false
	}
	for _, t := range tags {
		if wheelUsable(t, minor, mach, bookwormGlibc) {
			return true
		}
	}
	return false
}

// IsBinary reports whether a package's wheels are all platform-specific:
// then whether it installs without a compiler depends on the Python and
// the machine. A package with a pure wheel, or none, is not binary.
func IsBinary(tags []string) bool {
	if len(tags) == 0 {
		return false
	}
	for _, t := range tags {
		if strings.HasSuffix(t, "-any") || strings.Contains(t, "-any.") || strings.Contains(t, ".any") {
			return false
		}
	}
	return true
}

// NewestShipped is the newest CPython minor any of the wheels is built
// for, on any platform: a release that shipped cp310 wheels at most was
// never tested on 3.11 and its sdist rarely compiles there. ok is false
// when some wheel is not tied to one version (abi3, abi "none").
func NewestShipped(tags []string) (minor int, ok bool) {
	minor = -1
	for _, t := range tags {
		parts := strings.Split(t, "-")
		if len(parts) != 3 {
			continue
		}
		for _, abi := range strings.Split(parts[1], ".") {
			if abi == "abi3" || abi == "none" {
				return 0, false
			}
		}
		for _, py := range strings.Split(parts[0], ".") {
			if y, found := cpython3Minor(py, "cp"); found && y > minor {
				minor = y
			}
		}
	}
	return minor, minor >= 0
}

// OldestShipped is the oldest CPython 3 minor the wheels install on (an
// abi3 wheel counts from the minor it names): a binary release whose
// wheels all start past a line dropped that line, and its Requires-Python
// with it (wheel builders such as cibuildwheel build every line
// Requires-Python allows). PyPy's and other interpreters' wheels say
// nothing of CPython's lines; ok is false when some wheel is not tied to
// a CPython 3 floor (abi "none", a Python 2 tag) or none is CPython's.
func OldestShipped(tags []string) (minor int, ok bool) {
	minor = -1
	for _, t := range tags {
		parts := strings.Split(t, "-")
		if len(parts) != 3 {
			continue
		}
		if slices.Contains(strings.Split(parts[1], "."), "none") {
			return 0, false
		}
		for _, py := range strings.Split(parts[0], ".") {
			if strings.HasPrefix(py, "cp2") || strings.HasPrefix(py, "py2") {
				return 0, false
			}
			y, found := cpython3Minor(py, "cp")
			if !found {
				continue
			}
			if minor < 0 || y < minor {
				minor = y
			}
		}
	}
	return minor, minor >= 0
}

// parseMinor reads "3.12" (or "3.12.4", "312") as 12.
func parseMinor(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if rest, ok := strings.CutPrefix(v, "3."); ok {
		v, _, _ = strings.Cut(rest, ".")
	} else if rest, ok := strings.CutPrefix(v, "3"); ok && len(rest) > 0 {
		v = rest
	} else {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 99 {
		return 0, false
	}
	return n, true
}

func wheelUsable(tag string, minor int, mach string, glibc int) bool {
	parts := strings.Split(tag, "-")
	if len(parts) != 3 {
		return false
	}
	pys, abis, plats := strings.Split(parts[0], "."), strings.Split(parts[1], "."), strings.Split(parts[2], ".")
	if containsString(plats, "any") {
		if !containsString(abis, "none") {
			return false
		}
		for _, py := range pys {
			if py == "py3" {
				return true
			}
			if y, ok := cpython3Minor(py, "py"); ok && y <= minor {
				return true
			}
			if y, ok := cpython3Minor(py, "cp"); ok && y <= minor {
				return true
			}
		}
		return false
	}
	platOK := false
	for _, p := range plats {
		if manylinuxOK(p, mach, glibc) {
			platOK = true
			break
		}
	}
	if !platOK {
		return false
	}
	for _, abi := range abis {
		for _, py := range pys {
			switch {
			case abi == "none":
				if py == "py3" || strings.HasPrefix(py, "py3") || strings.HasPrefix(py, "cp3") {
					if y, ok := pyMinorOf(py); !ok || y <= minor {
						return true
					}
				}
			case abi == "abi3":
				if y, ok := cpython3Minor(py, "cp"); ok && y <= minor {
					return true
				}
			default:
				a, okA := cpython3Minor(abi, "cp")
				y, okP := cpython3Minor(py, "cp")
				if okA && okP && a == minor && y == minor {
					return true
				}
			}
		}
	}
	return false
}

// pyMinorOf reads the minor of "py3Y"/"cp3Y"; "py3" has none.
func pyMinorOf(py string) (int, bool) {
	if y, ok := cpython3Minor(py, "py"); ok {
		return y, true
	}
	return cpython3Minor(py, "cp")
}

// cpython3Minor parses prefix+"3Y" (cp312 → 12). Suffixed ABIs such as
// cp313t (free-threaded) or cp37m do not parse, except the old "m" ABI
// flag, which is irrelevant for Python ≥ 3.8.
func cpython3Minor(s, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(s, prefix+"3")
	if !ok || rest == "" || len(rest) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// manylinuxOK reports whether platform tag p installs on an image for
// machine mach with glibc 2.glibc: manylinux1/2010/2014 (glibc
// 2.5/2.12/2.17) or manylinux_2_N with N ≤ glibc.
func manylinuxOK(p, mach string, glibc int) bool {
	rest, ok := strings.CutPrefix(p, "manylinux")
	if !ok {
		return false
	}
	rest, ok = strings.CutSuffix(rest, "_"+mach)
	if !ok {
		return false
	}
	switch rest {
	case "1", "2010", "2014":
		return true
	}
	ver, ok := strings.CutPrefix(rest, "_2_")
	if !ok {
		return false
	}
	n, err := strconv.Atoi(ver)
	return err == nil && n >= 0 && n <= glibc
}
