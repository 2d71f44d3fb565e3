package detect

import (
	"cmp"
	"io/fs"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// ManagerPDM installs from pdm.lock with pdm.
const ManagerPDM Manager = "pdm"

// pdmLock is what pydock needs from pdm.lock: the resolved set in the
// shape uv.lock's packages have, so wheel checks read both alike.
type pdmLock struct {
	LockVersion    string   // [metadata] lock_version: "4.5.0"
	Groups         []string // [metadata] groups the lock resolves: "default", "dev", …
	Strategy       []string // [metadata] strategy: inherit_metadata writes groups per package
	RequiresPython string   // [[metadata.targets]] requires_python (lock 4.5+)
	Packages       []uvPackage
	// groups are each package's groups (inherit_metadata), by index.
	groups [][]string
}

type pdmFileEntry struct {
	File string `toml:"file"`
	URL  string `toml:"url"`
}

// pdmLockFile mirrors the parts of pdm.lock pydock reads.
type pdmLockFile struct {
	Metadata struct {
		Groups         []string `toml:"groups"`
		Strategy       []string `toml:"strategy"`
		LockVersion    string   `toml:"lock_version"`
		RequiresPython string   `toml:"requires_python"`
		Targets        []struct {
			RequiresPython string `toml:"requires_python"`
		} `toml:"targets"`
		// Files is lock 3.x/4.0's [metadata.files]: "name version" → files.
		Files map[string][]pdmFileEntry `toml:"files"`
	} `toml:"metadata"`
	Package []struct {
		Name         string         `toml:"name"`
		Version      string         `toml:"version"`
		Extras       []string       `toml:"extras"`
		Groups       []string       `toml:"groups"`
		Dependencies []string       `toml:"dependencies"`
		Files        []pdmFileEntry `toml:"files"`
		Git          string         `toml:"git"`
		Path         string         `toml:"path"`
		URL          string         `toml:"url"`
		Marker       string         `toml:"marker"`
	} `toml:"package"`
}

// readPDMLock reads pdm.lock at name. A package locked with extras is its
// own entry in pdm.lock (httpx[socks] beside httpx); it becomes the extra's
// edges of the one package here.
func readPDMLock(fsys fs.FS, name string) (*pdmLock, error) {
	data, err := readLockFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var f pdmLockFile
	if err := toml.Unmarshal(data, &f); err != nil {
		return nil, tomlError(name, data, err)
	}
	l := &pdmLock{
		LockVersion:    f.Metadata.LockVersion,
		Groups:         f.Metadata.Groups,
		Strategy:       f.Metadata.Strategy,
		RequiresPython: f.Metadata.RequiresPython,
	}
	if len(f.Metadata.Targets) > 0 {
		l.RequiresPython = f.Metadata.Targets[0].RequiresPython
	}
	lines := packageLines(data, len(f.Package))
	byName := map[string]int{}
	for i, p := range f.Package {
		n := normName(p.Name)
		deps := make([]uvDep, 0, len(p.Dependencies))
		for _, s := range p.Dependencies {
			if d, ok := parsePEP508(s, Source{}); ok && d.Name != n {
				deps = append(deps, uvDep{Name: d.Name, Extras: d.Extras})
			}
		}
		j, seen := byName[n]
		if !seen {
			pkg := uvPackage{Name: n, Version: p.Version, Git: p.Git != "", Path: p.Path, URL: p.URL != "", Marker: p.Marker}
			if lines != nil {
				pkg.Line = lines[i]
			}
			files := p.Files
			if len(files) == 0 {
				files = f.Metadata.Files[p.Name+" "+p.Version]
			}
			for _, fe := range files {
				ref := cmp.Or(fe.File, fe.URL)
				if tag := wheelTag(ref); tag != "" {
					pkg.Wheels = append(pkg.Wheels, tag)
				} else if isSdist(ref) {
					pkg.Sdist = true
				}
			}
			j = len(l.Packages)
			byName[n] = j
			l.Packages = append(l.Packages, pkg)
			l.groups = append(l.groups, nil)
		}
		pkg := &l.Packages[j]
		l.groups[j] = append(l.groups[j], p.Groups...)
		if len(p.Extras) == 0 {
			pkg.Deps = append(pkg.Deps, deps...)
			continue
		}
		if pkg.Optional == nil {
			pkg.Optional = map[string][]uvDep{}
		}
		for _, e := range p.Extras {
			pkg.Optional[normName(e)] = append(pkg.Optional[normName(e)], deps...)
		}
	}
	return l, nil
}

// inheritsGroups reports whether each package records its groups.
func (l *pdmLock) inheritsGroups() bool {
	for _, s := range l.Strategy {
		if s == "inherit_metadata" {
			return true
		}
	}
	return false
}

// runtime names the packages the image installs: with inherit_metadata,
// those in the default group (or a selected one); otherwise those reached
// from the project's own dependencies through the lock's edges. Markers
// are ignored, so it errs towards more. nil means "cannot tell": all.
func (l *pdmLock) runtime(direct []Dependency, groups []string) map[string]bool {
	want := append([]string{"default"}, groups...)
	if l.inheritsGroups() {
		seen := map[string]bool{}
		for i, p := range l.Packages {
			for _, g := range l.groups[i] {
				if containsString(want, g) {
					seen[p.Name] = true
				}
			}
		}
		return seen
	}
	if len(direct) == 0 {
		return nil
	}
	byName := make(map[string]*uvPackage, len(l.Packages))
	for i := range l.Packages {
		byName[l.Packages[i].Name] = &l.Packages[i]
	}
	seen := map[string]bool{}
	extras := map[string]bool{}
	var stack []uvDep
	for _, d := range direct {
		stack = append(stack, uvDep{Name: d.Name, Extras: d.Extras})
	}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		p := byName[d.Name]
		if p == nil {
			continue
		}
		if !seen[d.Name] {
			seen[d.Name] = true
			stack = append(stack, p.Deps...)
		}
		for _, e := range d.Extras {
			if k := d.Name + "[" + e + "]"; !extras[k] {
				extras[k] = true
				stack = append(stack, p.Optional[e]...)
			}
		}
	}
	return seen
}

// dependencies are the packages the image installs, with version and
// wheel information, sourced to file.
func (l *pdmLock) dependencies(file string, direct []Dependency, groups []string) []Dependency {
	rt := l.runtime(direct, groups)
	out := make([]Dependency, 0, len(l.Packages))
	for _, p := range l.Packages {
		if rt != nil && !rt[p.Name] {
			continue
		}
		d := Dependency{Name: p.Name, Version: p.Version, VCS: p.Git, Path: p.Path, Source: Source{File: file, Line: p.Line}}
		if !p.Git && p.Path == "" && (len(p.Wheels) > 0 || p.Sdist) {
			d.Wheels = &WheelInfo{Tags: p.Wheels}
		}
		out = append(out, d)
	}
	return out
}

// pdmTool is [tool.pdm]: what decides whether the project is installed,
// and the dev groups of layouts older than PEP 735.
type pdmTool struct {
	// Distribution false (pdm ≥ 2.12) or package-type = "application"
	// (2.7–2.11) means pdm installs the dependencies only.
	Distribution *bool  `toml:"distribution"`
	PackageType  string `toml:"package-type"`
	// DevDependencies is [tool.pdm.dev-dependencies]: group → requirements.
	DevDependencies map[string][]string `toml:"dev-dependencies"`
	// Build is [tool.pdm.build]: custom-hook and run-setuptools make
	// pdm-backend run the project's code while it builds (buildhook.go).
	Build map[string]any `toml:"build"`
}

// pdmPackaged reports whether pdm installs the project itself: a build
// backend and not distribution = false.
func (p *pyproject) pdmPackaged() bool {
	if t := p.Tool.PDM; t != nil {
		if t.Distribution != nil {
			return *t.Distribution
		}
		if strings.EqualFold(t.PackageType, "application") {
			return false
		}
	}
	return p.BuildSystem != nil && p.BuildSystem.BuildBackend != ""
}
