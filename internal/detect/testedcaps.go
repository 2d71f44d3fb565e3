package detect

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// TestedCap bounds a dependency the manifest lets float to the newest
// range the project's own test matrix runs: setup.cfg's django>=2.2 with
// tox.ini testing django>=3.0,<3.1 at most is installed as django<3.1.
// Without a lock, pip at build time takes the newest release, which the
// authors never tested (one that removed an API the code imports).
type TestedCap struct {
	Name string `json:"name"`
	// Below is the version the newest tested range stops before: "3.1".
	Below string `json:"below"`
	// Spec is the manifest's own requirement, without an upper bound.
	Spec   string `json:"spec"`
	Source Source `json:"source"` // the matrix line with that bound
	From   Source `json:"from"`   // the manifest's line
}

var (
	// toxFactorDepRe is a factor-conditional line of tox's deps:
	// "django-30: django>=3.0,<3.1", "py38-dj{22,30}: Django<3.1".
	toxFactorDepRe = regexp.MustCompile(`^([\w.{},!-]+)\s*:\s*(\S.*)$`)
	// upperBoundRe is a clause that caps a version from above: <X, <=X,
	// ==X, ===X, ~=X (and != caps nothing).
	upperBoundRe = regexp.MustCompile(`(?:^|,)\s*(<=?|===?|~=)\s*[0-9]`)
	// belowRe is the "<X" clause of a tested range.
	belowRe = regexp.MustCompile(`(?:^|,)\s*<\s*([0-9][0-9A-Za-z.]*)`)
	// floorRe is the ">=X" or ">X" clause of a manifest's requirement.
	floorRe = regexp.MustCompile(`(?:^|,)\s*>=?\s*([0-9][0-9A-Za-z.]*)`)
)

// findTestedCaps reads tox.ini's [testenv] deps for the ranges the matrix
// tests each dependency in, and bounds the manifest's floating ones (no
// lock, no upper bound in setup.cfg or [project].dependencies) below the
// newest of them. The matrix tests the newest when some factor of it, or
// an unconditional line, names the dependency without an upper bound; a
// manifest floor at or above the cap is a stale matrix: nothing then.
func findTestedCaps(fsys fs.FS, f *Facts, py *pyproject) {
	if f.Manager != ManagerPip || f.RequirementsFile != "" {
		return
	}
	specs := manifestSpecs(fsys, f, py)
	if len(specs) == 0 {
		return
	}
	data, err := readBounded(fsys, "tox.ini", maxManifestSize, "manifests")
	if err != nil {
		return
	}
	deps, ok := parseINI(data)["testenv"]["deps"]
	if !ok {
		return
	}
	type tested struct {
		below   string
		src     Source
		newest  bool // some line tests it without an upper bound
		factors bool // some line is factor-conditional
	}
	matrix := map[string]*tested{}
	for i, l := range strings.Split(deps.Value, "\n") {
		l = strings.TrimSpace(l)
		conditional := false
		if m := toxFactorDepRe.FindStringSubmatch(l); m != nil && !strings.Contains(m[1], "://") {
			l, conditional = m[2], true
		}
		m := reqNameRe.FindStringSubmatch(l)
		if m == nil || strings.HasPrefix(l, "-") {
			continue
		}
		name, rest := NormalizeName(m[1]), versionClauses(m[3])
		t := matrix[name]
		if t == nil {
			t = &tested{}
			matrix[name] = t
		}
		t.factors = t.factors || conditional
		b := belowRe.FindStringSubmatch(rest)
		if b == nil {
			t.newest = true
			continue
		}
		if t.below == "" || compareDotted(b[1], t.below) > 0 {
			t.below, t.src = b[1], Source{File: "tox.ini", Line: deps.Lines[i]}
		}
	}
	names := make([]string, 0, len(matrix))
	for n := range matrix {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		t := matrix[name]
		s, ok := specs[name]
		if !ok || !t.factors || t.newest || t.below == "" || upperBoundRe.MatchString(s.spec) {
			continue
		}
		if fl := floorRe.FindStringSubmatch(s.spec); fl != nil && compareDotted(fl[1], t.below) >= 0 {
			continue
		}
		f.TestedCaps = append(f.TestedCaps, TestedCap{Name: name, Below: t.below, Spec: s.spec, Source: t.src, From: s.src})
	}
}

// manifestSpec is a requirement's version clauses and where it is.
type manifestSpec struct {
	spec string
	src  Source
}

// manifestSpecs are the version clauses of the dependencies pip installs
// from the manifest itself: setup.cfg's install_requires, or pyproject's
// [project].dependencies.
func manifestSpecs(fsys fs.FS, f *Facts, py *pyproject) map[string]manifestSpec {
	out := map[string]manifestSpec{}
	add := func(req string, src Source) {
		if m := reqNameRe.FindStringSubmatch(strings.TrimSpace(req)); m != nil {
			if _, seen := out[NormalizeName(m[1])]; !seen {
				out[NormalizeName(m[1])] = manifestSpec{versionClauses(m[3]), src}
			}
		}
	}
	switch {
	case f.SetupDeps == "setup.cfg":
		data, err := readBounded(fsys, "setup.cfg", maxManifestSize, "manifests")
		if err != nil {
			return nil
		}
		ir := parseINI(data)["options"]["install_requires"]
		for i, l := range strings.Split(ir.Value, "\n") {
			add(l, Source{File: "setup.cfg", Line: ir.Lines[i]})
		}
	case f.SetupDeps == "" && py != nil && py.Project != nil && !py.dynamicDeps():
		for _, d := range py.Project.Dependencies {
			add(d, Source{File: "pyproject.toml"})
		}
	}
	return out
}

// versionClauses is a requirement's version part, without its marker,
// parentheses or a URL: ">=2.2", ">=2.0,<3".
func versionClauses(rest string) string {
	rest, _, _ = strings.Cut(rest, ";")
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "@") {
		return ""
	}
	return strings.Trim(rest, "() ")
}

// String is "django<3.1 (tox.ini:11)".
func (c TestedCap) String() string {
	return fmt.Sprintf("%s<%s (%s)", c.Name, c.Below, c.Source)
}
