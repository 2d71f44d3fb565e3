package plan

import (
	"bufio"
	_ "embed"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

//go:generate python3 gen/pinwheels.py pinwheels.txt

// pinwheelsData is which releases of the binary packages projects pin most
// ship wheels for each CPython line, per architecture: generated from the
// package index by gen/pinwheels.py, dated in its header.
//
//go:embed pinwheels.txt
var pinwheelsData string

// wheelRange is the releases of a package with a wheel for one line and
// architecture: first..last, last "" while the newest release still has one.
type wheelRange struct{ first, last string }

// pinTable maps package → "3.12" → arch → range; the line "pure" holds
// the releases that also ship a pure wheel.
var pinTable = parsePinTable(pinwheelsData)

func parsePinTable(data string) map[string]map[string]map[string]wheelRange {
	out := map[string]map[string]map[string]wheelRange{}
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			continue
		}
		if out[f[0]] == nil {
			out[f[0]] = map[string]map[string]wheelRange{}
		}
		m := map[string]wheelRange{}
		for i, arch := range []string{detect.ArchAMD64, detect.ArchARM64} {
			if first, last, ok := strings.Cut(f[2+i], ".."); ok {
				m[arch] = wheelRange{first, last}
			}
		}
		out[f[0]][f[1]] = m
	}
	return out
}

// pinnedLock turns the exact pins of a project without a lock into a flat
// lock whose packages carry the wheels the table says their release
// ships, so the same wheel check decides. Nil when no pin is in the table.
func pinnedLock(f *detect.Facts) *detect.Lock {
	var l *detect.Lock
	for _, d := range f.Dependencies {
		if _, ok := pinTable[d.Name]; !ok || d.Version == "" || d.VCS || d.Path != "" {
			continue
		}
		p := detect.LockedPackage{Name: d.Name, Version: d.Version, Wheels: pinnedTags(d.Name, d.Version)}
		if len(p.Wheels) == 0 {
			continue // older than every line the table knows: no evidence
		}
		if l == nil {
			l = &detect.Lock{File: d.Source.File, Pins: true}
		}
		l.Packages = append(l.Packages, p)
	}
	return l
}

// pinnedTags are wheel tags standing for what the table says release
// version of the package ships: one per line and machine.
func pinnedTags(name, version string) []string {
	if r, ok := pinTable[name]["pure"][detect.ArchAMD64]; ok && compareVersions(version, r.first) >= 0 {
		return []string{"py3-none-any"} // a pure wheel: installs anywhere
	}
	var tags []string
	for line, arches := range pinTable[name] {
		if line == "pure" {
			continue
		}
		minor := strings.TrimPrefix(line, "3.")
		for arch, r := range arches {
			if compareVersions(version, r.first) >= 0 && (r.last == "" || compareVersions(version, r.last) <= 0) {
				mach := map[string]string{detect.ArchAMD64: "x86_64", detect.ArchARM64: "aarch64"}[arch]
				tags = append(tags, "cp3"+minor+"-cp3"+minor+"-manylinux2014_"+mach)
			}
		}
	}
	slices.Sort(tags)
	return tags
}

// tableFloorKnown reports whether the table's ranges tell that a release
// newer than a line's last one dropped that line. They do not below 3.8,
// whose rows miss the cp36m/cp37m wheels (gen/pinwheels.py reads the ABI
// tag as cp36), nor for a package with a pure row, whose releases with a
// pure wheel sit inside the binary ranges they are left out of.
func tableFloorKnown(name string, minor int) bool {
	_, pure := pinTable[name]["pure"]
	return minor >= 8 && !pure
}

// compareVersions orders two release versions the way PEP 440 does for
// the common cases: numeric components, missing ones as zero, and a
// pre-release (a, b, rc) before its final release.
func compareVersions(a, b string) int {
	ra, pa := splitRelease(a)
	rb, pb := splitRelease(b)
	for i := 0; i < max(len(ra), len(rb)); i++ {
		var x, y int
		if i < len(ra) {
			x = ra[i]
		}
		if i < len(rb) {
			y = rb[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case pa == pb:
		return 0
	case pa == "":
		return 1
	case pb == "":
		return -1
	}
	return strings.Compare(pa, pb)
}

func splitRelease(v string) ([]int, string) {
	v = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(v)), "v")
	var nums []int
	for {
		i := 0
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		if i == 0 {
			return nums, v
		}
		n, _ := strconv.Atoi(v[:i])
		nums = append(nums, n)
		v = v[i:]
		if len(v) > 1 && v[0] == '.' && v[1] >= '0' && v[1] <= '9' {
			v = v[1:]
			continue
		}
		return nums, strings.TrimLeft(v, ".-_")
	}
}
