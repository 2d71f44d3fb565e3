package detect

import (
	"bytes"
	"cmp"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"
)

// maxLockSize bounds lock files: the largest real ones are a few MiB.
const maxLockSize = 64 << 20

// uvLock is what pydock needs from uv.lock.
type uvLock struct {
	Version        int    // lock format version (1)
	Revision       int    // format revision (2, 3); 0 in older locks
	RequiresPython string // top-level requires-python, e.g. ">=3.12"
	// Members are the project and its workspace members: the package whose
	// source is { editable = "." } or { virtual = "." }, and those named in
	// [manifest] members (their source is { editable = "packages/x" }).
	Members []uvMember
	// Packages are every other locked package, in file order.
	Packages []uvPackage
}

// uvMember is the root project or a workspace member.
type uvMember struct {
	Name    string
	Version string
	Path    string // "." for the root, "packages/x" for a member
	Virtual bool   // { virtual = … }: not installed itself (no build system)
	// Deps are its runtime dependencies (not dev groups or extras);
	// Sets are its extras and dependency groups by name, installed only
	// when selected.
	Deps []uvDep
	Sets map[string][]uvDep
	Line int
}

// uvDep is a dependency edge: a package name and the extras it enables.
type uvDep struct {
	Name    string
	Extras  []string
	Version string // set when the lock forks: which of the versions
	Marker  string
}

// uvPackage is one locked third-party package.
type uvPackage struct {
	Name    string // PEP 503 normalised
	Version string
	Git     bool   // source = { git = … }
	Path    string // source = { path = … } or { directory = … }
	URL     bool   // source = { url = … }: a direct archive URL
	// Wheels are the tags of its wheels ("cp312-cp312-manylinux_2_17_x86_64");
	// Sdist is true when it has a source distribution.
	Wheels []string
	Sdist  bool
	Line   int    // line of its [[package]] header, 0 when unknown
	Marker string // pdm.lock: when the package is installed ("" always)
	// Deps and Optional are its edges, to find what the image installs.
	Deps     []uvDep
	Optional map[string][]uvDep
}

// uvDepRef is an edge of the lock's graph: { name = "x", extra = ["y"] }.
type uvDepRef struct {
	Name    string   `toml:"name"`
	Extra   []string `toml:"extra"`
	Version string   `toml:"version"`
	Marker  string   `toml:"marker"`
}

// uvLockFile mirrors the parts of uv.lock pydock reads; go-toml skips the
// rest (hashes, sizes, markers, metadata) without allocating it.
type uvLockFile struct {
	Version        int    `toml:"version"`
	Revision       int    `toml:"revision"`
	RequiresPython string `toml:"requires-python"`
	Manifest       struct {
		Members []string `toml:"members"`
	} `toml:"manifest"`
	Package []struct {
		Name    string `toml:"name"`
		Version string `toml:"version"`
		Source  struct {
			Editable  string `toml:"editable"`
			Virtual   string `toml:"virtual"`
			Git       string `toml:"git"`
			Path      string `toml:"path"`
			Directory string `toml:"directory"`
			URL       string `toml:"url"`
		} `toml:"source"`
		Dependencies []uvDepRef            `toml:"dependencies"`
		Optional     map[string][]uvDepRef `toml:"optional-dependencies"`
		Groups       map[string][]uvDepRef `toml:"dev-dependencies"`
		Sdist        *struct{}             `toml:"sdist"`
		Wheels       []struct {
			URL      string `toml:"url"`
			Path     string `toml:"path"`
			Filename string `toml:"filename"`
		} `toml:"wheels"`
	} `toml:"package"`
}

// readUVLock reads uv.lock at name. Syntax errors name file, line and column.
func readUVLock(fsys fs.FS, name string) (*uvLock, error) {
	data, err := readLockFile(fsys, name)
	if err != nil {
		return nil, err
	}
	offs, lines := packageHeaders(data)
	f, err := decodeUVLock(data, offs)
	if err != nil {
		return nil, tomlError(name, data, err)
	}
	if len(lines) != len(f.Package) {
		lines = nil // a header inside a string: a wrong line is worse than none
	}
	// Workspace members are listed in [manifest]; any other editable or
	// virtual source is a path dependency ({ editable = "../lib" }).
	members := make(map[string]bool, len(f.Manifest.Members))
	for _, m := range f.Manifest.Members {
		members[normName(m)] = true
	}
	l := &uvLock{Version: f.Version, Revision: f.Revision, RequiresPython: f.RequiresPython}
	l.Packages = make([]uvPackage, 0, len(f.Package))
	for i, p := range f.Package {
		line := 0
		if lines != nil {
			line = lines[i]
		}
		src := p.Source
		if local := src.Editable + src.Virtual; local != "" && (path.Clean(local) == "." || members[normName(p.Name)]) {
			m := uvMember{
				Name:    normName(p.Name),
				Version: p.Version,
				Path:    path.Clean(local),
				Virtual: src.Virtual != "",
				Line:    line,
			}
			m.Deps = uvDeps(p.Dependencies)
			for _, sets := range []map[string][]uvDepRef{p.Optional, p.Groups} {
				for k, v := range sets {
					if m.Sets == nil {
						m.Sets = map[string][]uvDep{}
					}
					m.Sets[normName(k)] = append(m.Sets[normName(k)], uvDeps(v)...)
				}
			}
			l.Members = append(l.Members, m)
			continue
		}
		pkg := uvPackage{
			Name:    normName(p.Name),
			Version: p.Version,
			Git:     src.Git != "",
			URL:     src.URL != "",
			Sdist:   p.Sdist != nil,
			Line:    line,
			Deps:    uvDeps(p.Dependencies),
		}
		if len(p.Optional) > 0 {
			pkg.Optional = make(map[string][]uvDep, len(p.Optional))
			for k, v := range p.Optional {
				pkg.Optional[normName(k)] = uvDeps(v)
			}
		}
		switch {
		case src.Directory != "":
			pkg.Path = src.Directory
		case src.Path != "":
			pkg.Path = src.Path
		case src.Editable != "":
			pkg.Path = src.Editable
		}
		for _, w := range p.Wheels {
			if tag := wheelTag(cmp.Or(w.Filename, w.URL, w.Path)); tag != "" {
				pkg.Wheels = append(pkg.Wheels, tag)
			}
		}
		l.Packages = append(l.Packages, pkg)
	}
	return l, nil
}

func uvDeps(refs []uvDepRef) []uvDep {
	if len(refs) == 0 {
		return nil
	}
	out := make([]uvDep, len(refs))
	for i, r := range refs {
		out[i] = uvDep{Name: normName(r.Name), Version: r.Version, Marker: r.Marker}
		for _, e := range r.Extra {
			out[i].Extras = append(out[i].Extras, normName(e))
		}
	}
	return out
}

// readLockFile reads a lock file through fsys, bounded by maxLockSize.
func readLockFile(fsys fs.FS, name string) ([]byte, error) {
	data, err := readBounded(fsys, name, maxLockSize, "lock files")
	if err != nil || path.Base(name) == "Pipfile.lock" { // JSON, not TOML
		return data, err
	}
	return data, checkTOMLCost(name, data)
}

// packageHeaders returns the byte offset and 1-based line of each
// "[[package]]" header at the start of a line.
func packageHeaders(data []byte) (offs, lines []int) {
	hdr := []byte("[[package]]")
	line, off := 1, 0
	for {
		i := bytes.Index(data[off:], hdr)
		if i < 0 {
			return offs, lines
		}
		at := off + i
		line += bytes.Count(data[off:at], []byte{'\n'})
		start := bytes.LastIndexByte(data[:at], '\n') + 1
		if len(bytes.TrimSpace(data[start:at])) == 0 {
			offs = append(offs, start)
			lines = append(lines, line)
		}
		off = at + len(hdr)
	}
}

// packageLines is packageHeaders' lines, or nil when their count is not
// want (a header inside a multi-line string, say).
func packageLines(data []byte, want int) []int {
	_, lines := packageHeaders(data)
	if len(lines) != want {
		return nil
	}
	return lines
}

// minChunk is the number of packages below which splitting the lock for
// parallel decoding is not worth a goroutine.
const minChunk = 500

// decodeUVLock decodes uv.lock. A large lock is cut at [[package]] headers
// into chunks that are each valid TOML on their own and decoded in
// parallel: go-toml is the whole cost of reading a lock of thousands of
// packages. Should a cut fall inside a multi-line string, that chunk fails
// to parse and the whole file is decoded in one pass instead, which also
// gives the error its true position.
func decodeUVLock(data []byte, offs []int) (*uvLockFile, error) {
	return decodeUVLockN(data, offs, min(runtime.GOMAXPROCS(0), len(offs)/minChunk, 8))
}

// decodeUVLockN decodes data in n chunks cut at offs.
func decodeUVLockN(data []byte, offs []int, n int) (*uvLockFile, error) {
	n = min(n, len(offs))
	if n < 2 {
		var f uvLockFile
		err := toml.Unmarshal(data, &f)
		return &f, err
	}
	cuts := []int{0}
	for i := 1; i < n; i++ {
		cuts = append(cuts, offs[i*len(offs)/n])
	}
	cuts = append(cuts, len(data))
	parts := make([]uvLockFile, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = toml.Unmarshal(data[cuts[i]:cuts[i+1]], &parts[i]) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			var f uvLockFile
			err := toml.Unmarshal(data, &f)
			return &f, err
		}
	}
	f := &parts[0]
	for i := 1; i < n; i++ {
		f.Package = append(f.Package, parts[i].Package...)
		f.Manifest.Members = append(f.Manifest.Members, parts[i].Manifest.Members...)
	}
	return f, nil
}

// wheelTag returns the "python-abi-platform" tag of a wheel file name or
// URL: the last three dash-separated fields of the name, minus ".whl".
// It returns "" for anything that is not a wheel name. The tag is a
// substring of ref: no allocation per wheel in large locks.
func wheelTag(ref string) string {
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, '/'); i >= 0 {
		ref = ref[i+1:]
	}
	base, ok := strings.CutSuffix(ref, ".whl")
	if !ok {
		return ""
	}
	// name-version[-build]-python-abi-platform: at least five fields.
	start, dashes := len(base), 0
	for i := len(base) - 1; i >= 0 && dashes < 3; i-- {
		if base[i] == '-' {
			if i+1 == start {
				return "" // an empty field
			}
			start, dashes = i, dashes+1
		}
	}
	if dashes < 3 || strings.IndexByte(base[:start], '-') <= 0 {
		return "" // no name-version before the tag
	}
	return base[start+1:]
}

// runtime returns the names of the packages the image installs: those
// reachable from the members' runtime dependencies, following the extras
// each edge enables. Markers are ignored, so it errs towards more. Dev
// groups are not followed. It returns nil when the lock has no members.
func (l *uvLock) runtime() map[string]bool {
	if len(l.Members) == 0 {
		return nil
	}
	byName := make(map[string][]int, len(l.Packages))
	for i, p := range l.Packages {
		byName[p.Name] = append(byName[p.Name], i) // forks lock several versions
	}
	seen := map[string]bool{}   // package names reached
	extras := map[string]bool{} // "name[extra]" reached
	members := make(map[string]*uvMember, len(l.Members))
	var stack []uvDep
	for i := range l.Members {
		members[l.Members[i].Name] = &l.Members[i]
		stack = append(stack, l.Members[i].Deps...)
	}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if m := members[d.Name]; m != nil && !seen[d.Name] {
			stack = append(stack, m.Deps...) // a member depending on a member
		}
		for _, i := range byName[d.Name] {
			p := &l.Packages[i]
			if !seen[d.Name] {
				stack = append(stack, p.Deps...)
			}
			for _, e := range d.Extras {
				if k := d.Name + "[" + e + "]"; !extras[k] {
					extras[k] = true
					stack = append(stack, p.Optional[e]...)
				}
			}
		}
		seen[d.Name] = true
	}
	return seen
}

// dependencies turns the packages the image installs (see runtime; all of
// them when the lock has no members) into Dependencies with their version
// and wheel information, sourced to file.
func (l *uvLock) dependencies(file string) []Dependency {
	rt := l.runtime()
	out := make([]Dependency, 0, len(l.Packages))
	for _, p := range l.Packages {
		if rt != nil && !rt[p.Name] {
			continue
		}
		d := Dependency{
			Name:    p.Name,
			Version: p.Version,
			VCS:     p.Git,
			Path:    p.Path,
			Source:  Source{File: file, Line: p.Line},
		}
		if !p.Git && p.Path == "" && (len(p.Wheels) > 0 || p.Sdist) {
			d.Wheels = &WheelInfo{Tags: p.Wheels}
		}
		out = append(out, d)
	}
	return out
}

// lock is the uv.lock as a graph from its members, for the wheel check.
func (l *uvLock) lock(file string) *Lock {
	out := &Lock{File: file, Roots: []LockEdge{}}
	edges := func(deps []uvDep) []LockEdge {
		e := make([]LockEdge, len(deps))
		for i, d := range deps {
			e[i] = LockEdge{Name: d.Name, Version: d.Version, Marker: d.Marker, Extras: d.Extras}
		}
		return e
	}
	for _, m := range l.Members {
		out.Roots = append(out.Roots, LockEdge{Name: m.Name})
		lp := LockedPackage{Name: m.Name, Version: m.Version, Deps: edges(m.Deps)}
		for k, v := range m.Sets {
			if lp.Optional == nil {
				lp.Optional = map[string][]LockEdge{}
			}
			lp.Optional[k] = edges(v)
		}
		out.Packages = append(out.Packages, lp)
	}
	if len(l.Members) == 0 {
		out.Roots = nil // no members: every package, as dependencies() does
	}
	for _, p := range l.Packages {
		lp := LockedPackage{Name: p.Name, Version: p.Version, Wheels: p.Wheels, Sdist: p.Sdist, Deps: edges(p.Deps)}
		if len(p.Optional) > 0 {
			lp.Optional = make(map[string][]LockEdge, len(p.Optional))
			for k, v := range p.Optional {
				lp.Optional[k] = edges(v)
			}
		}
		out.Packages = append(out.Packages, lp)
	}
	return out
}
