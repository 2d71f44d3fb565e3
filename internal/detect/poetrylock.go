package detect

import (
	"io/fs"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// poetryLock is what pydock needs from poetry.lock.
type poetryLock struct {
	LockVersion    string // [metadata] lock-version: "2.1" (Poetry 2), "2.0", "1.1"
	PythonVersions string // [metadata] python-versions, e.g. "^3.12"
	ContentHash    string // [metadata] content-hash, to spot a stale lock
	Packages       []poetryPackage
}

// poetryPackage is one locked package.
type poetryPackage struct {
	Name    string // PEP 503 normalised
	Version string
	// Category is Poetry 1's "main"/"dev"; Groups is Poetry ≥ 1.5's list
	// (lock-version 2.1 always writes it). Both may be empty.
	Category string
	Groups   []string
	// SourceType is [package.source] type: "git", "directory", "file",
	// "url", "legacy" (a private index) or "" for PyPI; SourceURL its url.
	SourceType string
	SourceURL  string
	Wheels     []string // wheel tags, as uvPackage.Wheels
	Sdist      bool
	Marker     string            // when it is installed ("" always)
	Optional   bool              // installed only for an extra
	Deps       map[string]string // dependency name → its marker ("" none); optional ones left out
	Line       int               // line of its [[package]] header, 0 when unknown
}

// Main reports whether the package belongs to the main (runtime) group.
// A lock that records neither category nor groups is taken as all main.
func (p *poetryPackage) Main() bool {
	if len(p.Groups) > 0 {
		return containsString(p.Groups, "main")
	}
	return p.Category == "" || p.Category == "main"
}

type poetryFileEntry struct {
	File string `toml:"file"`
}

// poetryLockFile mirrors the parts of poetry.lock pydock reads.
type poetryLockFile struct {
	Package []struct {
		Name     string            `toml:"name"`
		Version  string            `toml:"version"`
		Category string            `toml:"category"`
		Groups   []string          `toml:"groups"`
		Files    []poetryFileEntry `toml:"files"`
		// Markers is lock-version 2.1's per-package marker: a string, or
		// a table of group → marker.
		Markers      any            `toml:"markers"`
		Optional     bool           `toml:"optional"`
		Dependencies map[string]any `toml:"dependencies"`
		Source       struct {
			Type string `toml:"type"`
			URL  string `toml:"url"`
		} `toml:"source"`
	} `toml:"package"`
	Metadata struct {
		LockVersion    string `toml:"lock-version"`
		PythonVersions string `toml:"python-versions"`
		ContentHash    string `toml:"content-hash"`
		// Files is lock-version 1.x's [metadata.files]: name → files.
		Files map[string][]poetryFileEntry `toml:"files"`
	} `toml:"metadata"`
}

// readPoetryLock reads poetry.lock at name. Syntax errors name file, line
// and column.
func readPoetryLock(fsys fs.FS, name string) (*poetryLock, error) {
	data, err := readLockFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var f poetryLockFile
	if err := toml.Unmarshal(data, &f); err != nil {
		return nil, tomlError(name, data, err)
	}
	lines := packageLines(data, len(f.Package))
	l := &poetryLock{
		LockVersion:    f.Metadata.LockVersion,
		PythonVersions: f.Metadata.PythonVersions,
		ContentHash:    f.Metadata.ContentHash,
		Packages:       make([]poetryPackage, 0, len(f.Package)),
	}
	// Poetry 1 keyed [metadata.files] by the name as written in the lock.
	oldFiles := make(map[string][]poetryFileEntry, len(f.Metadata.Files))
	for k, v := range f.Metadata.Files {
		oldFiles[normName(k)] = v
	}
	for i, p := range f.Package {
		pkg := poetryPackage{
			Name:       normName(p.Name),
			Version:    p.Version,
			Category:   p.Category,
			Groups:     p.Groups,
			SourceType: p.Source.Type,
			SourceURL:  p.Source.URL,
		}
		if lines != nil {
			pkg.Line = lines[i]
		}
		switch m := p.Markers.(type) {
		case string:
			pkg.Marker = m
		case map[string]any:
			pkg.Marker, _ = m["main"].(string)
		}
		pkg.Deps = poetryDeps(p.Dependencies)
		pkg.Optional = p.Optional
		files := p.Files
		if len(files) == 0 {
			files = oldFiles[pkg.Name]
		}
		for _, fe := range files {
			if tag := wheelTag(fe.File); tag != "" {
				pkg.Wheels = append(pkg.Wheels, tag)
			} else if isSdist(fe.File) {
				pkg.Sdist = true
			}
		}
		l.Packages = append(l.Packages, pkg)
	}
	return l, nil
}

// isSdist reports whether a file name is a source distribution archive.
func isSdist(name string) bool {
	name = strings.ToLower(name)
	for _, ext := range []string{".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// dependencies turns the main-group packages into Dependencies with their
// version and wheel information, sourced to file. Dev-only packages are
// left out: the image never installs them.
func (l *poetryLock) dependencies(file string) []Dependency {
	return l.dependenciesOf(file, (*poetryPackage).Main)
}

// inGroup is the packages the lock records in group (lock-version 2.1
// lists each package's groups); false when it records none.
func (l *poetryLock) inGroup(file, group string) ([]Dependency, bool) {
	deps := l.dependenciesOf(file, func(p *poetryPackage) bool { return containsString(p.Groups, group) })
	return deps, len(deps) > 0
}

func (l *poetryLock) dependenciesOf(file string, keep func(*poetryPackage) bool) []Dependency {
	out := make([]Dependency, 0, len(l.Packages))
	for i := range l.Packages {
		p := &l.Packages[i]
		if !keep(p) {
			continue
		}
		d := Dependency{Name: p.Name, Version: p.Version, Source: Source{File: file, Line: p.Line}}
		switch p.SourceType {
		case "git":
			d.VCS = true
		case "directory", "file":
			d.Path = p.SourceURL
		case "url":
		default:
			// Poetry writes files = [] for packages whose files it did not
			// record; say nothing about wheels then.
			if len(p.Wheels) > 0 || p.Sdist {
				d.Wheels = &WheelInfo{Tags: p.Wheels}
			}
		}
		out = append(out, d)
	}
	return out
}

// poetryDeps reads [package.dependencies]: name = "constraint", a table
// with markers (and optional = true for an extra's dependency), or a list
// of such tables. A name with any unconditional entry gets marker "".
func poetryDeps(deps map[string]any) map[string]string {
	if len(deps) == 0 {
		return nil
	}
	out := make(map[string]string, len(deps))
	for name, v := range deps {
		entries := []any{v}
		if list, ok := v.([]any); ok {
			entries = list
		}
		var markers []string
		always, optional := false, true
		for _, e := range entries {
			t, ok := e.(map[string]any)
			if !ok {
				always, optional = true, false
				continue
			}
			if o, _ := t["optional"].(bool); o {
				continue
			}
			optional = false
			if m, _ := t["markers"].(string); m != "" {
				markers = append(markers, m)
			} else {
				always = true
			}
		}
		if optional {
			continue
		}
		if always {
			out[normName(name)] = ""
		} else {
			out[normName(name)] = orMarkers(markers)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func orMarkers(ms []string) string {
	if len(ms) == 1 {
		return ms[0]
	}
	return "(" + strings.Join(ms, ") or (") + ")"
}

// lock is the main group as a flat list for the wheel check. A package
// without its own marker (locks before 2.1) is installed under the markers
// of the edges that reach it: always when any edge is unconditional or
// none reaches it (a direct dependency).
func (l *poetryLock) lock(file string) *Lock {
	incoming := map[string][]string{}
	always := map[string]bool{}
	for i := range l.Packages {
		p := &l.Packages[i]
		if !p.Main() {
			continue
		}
		for name, m := range p.Deps {
			if m == "" {
				always[name] = true
			} else {
				incoming[name] = append(incoming[name], m)
			}
		}
	}
	out := &Lock{File: file}
	for i := range l.Packages {
		p := &l.Packages[i]
		lp := LockedPackage{Name: p.Name, Version: p.Version, Wheels: p.Wheels, Sdist: p.Sdist, Marker: p.Marker, ExtraOnly: p.Optional}
		if !p.Main() {
			if len(p.Groups) == 0 {
				continue // Poetry 1's dev category: never in the image
			}
			// Installed only when the image selects one of its groups.
			for _, g := range p.Groups {
				lp.Groups = append(lp.Groups, NormalizeName(g))
			}
			out.Packages = append(out.Packages, lp)
			continue
		}
		if lp.Marker == "" && !always[p.Name] && len(incoming[p.Name]) > 0 {
			lp.Marker = orMarkers(incoming[p.Name])
		}
		out.Packages = append(out.Packages, lp)
	}
	return out
}
