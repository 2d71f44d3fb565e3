// Package pyversion understands the ways Python projects declare which
// interpreter they need (PEP 440 requires-python, Poetry constraints,
// .python-version and runtime.txt pins) and chooses an official
// python:<minor>-slim-<debian> Docker image that satisfies all of them.
//
// Everything here is pure: no I/O, no clock. Functions that depend on the
// date (end-of-life checks) take it as a parameter so results are
// reproducible in tests.
package pyversion

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a CPython version as written in a specifier: one to three
// release components and an optional pre-release tag (3, 3.12, 3.12.3,
// 3.14.0rc1).
//
// Post-, dev- and local versions and epochs are deliberately not supported:
// CPython never publishes them, so accepting them would only hide typos.
// Two versions that differ only in how many components were written compare
// equal (3.12 == 3.12.0), as PEP 440 zero-pads release segments.
type Version struct {
	Major, Minor, Micro int

	// parts is how many release components were written (1–3). It matters
	// for printing and for prefix matching (~=, .*). Zero means three, so a
	// Version literal prints all of its components.
	parts int
	pre   preRelease
}

// preKind orders pre-release phases. The zero value is a final release and
// ranks above every pre-release of the same release.
type preKind int8

const (
	final preKind = iota
	alpha
	beta
	candidate
)

type preRelease struct {
	kind preKind
	n    int
}

// rank orders pre-release phases so that a < b < rc < final.
func (p preRelease) rank() int {
	if p.kind == final {
		return 4
	}
	return int(p.kind)
}

func (p preRelease) String() string {
	switch p.kind {
	case alpha:
		return "a" + strconv.Itoa(p.n)
	case beta:
		return "b" + strconv.Itoa(p.n)
	case candidate:
		return "rc" + strconv.Itoa(p.n)
	}
	return ""
}

// maxComponent bounds each number so that arithmetic on it (the next major
// for ^, the next minor for ~) cannot overflow. No real version comes close.
const maxComponent = 999_999_999

// ParseVersion parses a CPython version such as "3.12", "3.12.3" or
// "3.14.0rc1". Surrounding whitespace is ignored; wildcards are not versions
// and are rejected.
func ParseVersion(s string) (Version, error) {
	v, wildcard, detail, ok := parseVersion(strings.TrimSpace(s))
	if !ok || wildcard {
		msg := "expected a version such as 3.12 or 3.12.3"
		if detail != "" {
			msg = detail
		}
		return Version{}, fmt.Errorf("invalid version %q: %s", s, msg)
	}
	return v, nil
}

// parseVersion parses a version, optionally ending in ".*" (reported as
// wildcard, only after the release components). On failure detail explains
// what is unsupported when that is more useful than a generic "expected a
// version"; it is empty for plain syntax errors.
func parseVersion(s string) (v Version, wildcard bool, detail string, ok bool) {
	var nums [3]int
	n := 0
	i := 0
	for {
		if n > 0 && i < len(s) && s[i] == '*' {
			// Only ".*" at the very end is a wildcard; "3.*.1" is nothing.
			if i+1 != len(s) {
				return Version{}, false, "", false
			}
			wildcard = true
			i++
			break
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return Version{}, false, "", false
		}
		num, err := strconv.Atoi(s[start:i])
		if err != nil || num > maxComponent {
			return Version{}, false, "version number too large", false
		}
		if n == len(nums) {
			return Version{}, false, "at most three components (major.minor.micro) are supported", false
		}
		nums[n] = num
		n++
		if i+1 < len(s) && s[i] == '.' && (isDigit(s[i+1]) || s[i+1] == '*') {
			i++
			continue
		}
		break
	}
	v = Version{Major: nums[0], Minor: nums[1], Micro: nums[2], parts: n}
	if i == len(s) {
		return v, wildcard, "", true
	}
	if wildcard {
		return Version{}, false, "", false
	}
	pre, detail, ok := parsePre(s[i:])
	if !ok {
		return Version{}, false, detail, false
	}
	v.pre = pre
	return v, false, "", true
}

// preLabels lists PEP 440's pre-release spellings, longest first so that
// "preview" is not read as "pre" followed by junk.
var preLabels = []struct {
	label string
	kind  preKind
}{
	{"preview", candidate},
	{"alpha", alpha},
	{"beta", beta},
	{"pre", candidate},
	{"rc", candidate},
	{"a", alpha},
	{"b", beta},
	{"c", candidate},
}

// parsePre parses a pre-release suffix such as "rc1", ".b2" or "-alpha".
func parsePre(s string) (preRelease, string, bool) {
	lower := strings.ToLower(s)
	if lower != "" && isSep(lower[0]) {
		lower = lower[1:]
	}
	for _, l := range preLabels {
		rest, found := strings.CutPrefix(lower, l.label)
		if !found {
			continue
		}
		if rest != "" && isSep(rest[0]) {
			rest = rest[1:]
			if rest == "" {
				return preRelease{}, "", false
			}
		}
		n := 0
		if rest != "" {
			for j := 0; j < len(rest); j++ {
				if !isDigit(rest[j]) {
					return preRelease{}, "", false
				}
			}
			num, err := strconv.Atoi(rest)
			if err != nil || num > maxComponent {
				return preRelease{}, "version number too large", false
			}
			n = num
		}
		return preRelease{kind: l.kind, n: n}, "", true
	}
	for _, unsupported := range []string{"post", "dev", "+", "!"} {
		if strings.Contains(lower, unsupported) {
			return preRelease{}, "post-, dev- and local versions and epochs are not supported", false
		}
	}
	return preRelease{}, "", false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
func isSep(b byte) bool   { return b == '.' || b == '-' || b == '_' }

// numParts is the number of release components written, treating a
// Version literal (parts 0) as fully written.
func (v Version) numParts() int {
	if v.parts == 0 {
		return 3
	}
	return v.parts
}

func (v Version) component(i int) int {
	switch i {
	case 0:
		return v.Major
	case 1:
		return v.Minor
	}
	return v.Micro
}

// String prints the version in PEP 440 normal form with as many components
// as were written: ParseVersion(v.String()) equals v.
func (v Version) String() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(v.Major))
	for i := 1; i < v.numParts(); i++ {
		b.WriteByte('.')
		b.WriteString(strconv.Itoa(v.component(i)))
	}
	b.WriteString(v.pre.String())
	return b.String()
}

// IsPreRelease reports whether v is an alpha, beta or release candidate.
func (v Version) IsPreRelease() bool { return v.pre.kind != final }

// Compare returns -1, 0 or +1 as v is older than, the same as, or newer
// than w. Missing components count as zero and pre-releases sort before the
// final release, as PEP 440 orders them.
func (v Version) Compare(w Version) int {
	if c := v.compareRelease(w); c != 0 {
		return c
	}
	if c := cmpInt(v.pre.rank(), w.pre.rank()); c != 0 {
		return c
	}
	return cmpInt(v.pre.n, w.pre.n)
}

// compareRelease compares only the numeric components.
func (v Version) compareRelease(w Version) int {
	for i := 0; i < 3; i++ {
		if c := cmpInt(v.component(i), w.component(i)); c != 0 {
			return c
		}
	}
	return 0
}

// hasPrefix reports whether the first n release components of v equal
// those of p, the prefix match behind ==X.Y.* and ~=.
func (v Version) hasPrefix(p Version, n int) bool {
	for i := 0; i < n; i++ {
		if v.component(i) != p.component(i) {
			return false
		}
	}
	return true
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
