package detect

import (
	"cmp"
	"io/fs"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// ManagerPylock installs a PEP 751 pylock.toml with uv pip sync: the
// standard lock format any tool may write (uv export, pdm export, pip lock).
const ManagerPylock Manager = "pylock"

// pylockFile mirrors the parts of pylock.toml pydock reads (PEP 751).
type pylockFile struct {
	LockVersion    string `toml:"lock-version"`
	RequiresPython string `toml:"requires-python"`
	CreatedBy      string `toml:"created-by"`
	Packages       []struct {
		Name    string `toml:"name"`
		Version string `toml:"version"`
		VCS     *struct {
			URL string `toml:"url"`
		} `toml:"vcs"`
		Directory *struct {
			Path string `toml:"path"`
		} `toml:"directory"`
		Archive *struct {
			URL string `toml:"url"`
		} `toml:"archive"`
		Sdist *struct {
			Name string `toml:"name"`
		} `toml:"sdist"`
		Wheels []struct {
			Name string `toml:"name"`
			URL  string `toml:"url"`
			Path string `toml:"path"`
		} `toml:"wheels"`
	} `toml:"packages"`
}

// readPylock reads pylock.toml into uv.lock's package shape, so wheel
// checks read it like the other locks.
func readPylock(fsys fs.FS, name string) (*pylockFile, []uvPackage, error) {
	data, err := readLockFile(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	var f pylockFile
	if err := toml.Unmarshal(data, &f); err != nil {
		return nil, nil, tomlError(name, data, err)
	}
	lines := headerLines(data, "[[packages]]", len(f.Packages))
	pkgs := make([]uvPackage, 0, len(f.Packages))
	for i, p := range f.Packages {
		pkg := uvPackage{Name: normName(p.Name), Version: p.Version, Git: p.VCS != nil, URL: p.Archive != nil, Sdist: p.Sdist != nil}
		if p.Directory != nil {
			pkg.Path = p.Directory.Path
		}
		if lines != nil {
			pkg.Line = lines[i]
		}
		for _, w := range p.Wheels {
			if tag := wheelTag(cmp.Or(w.Name, w.URL, w.Path)); tag != "" {
				pkg.Wheels = append(pkg.Wheels, tag)
			}
		}
		pkgs = append(pkgs, pkg)
	}
	return &f, pkgs, nil
}

// headerLines are the lines of each table-array header, nil when their
// count disagrees with the decoded tables (a header inside a string).
func headerLines(data []byte, header string, want int) []int {
	var lines []int
	n := 0
	for line := range strings.Lines(string(data)) {
		n++
		if strings.TrimSpace(line) == header {
			lines = append(lines, n)
		}
	}
	if len(lines) != want {
		return nil
	}
	return lines
}

// pylockDependencies are every locked package: a pylock.toml lists what
// to install (markers are left to the installer).
func pylockDependencies(pkgs []uvPackage, file string) []Dependency {
	out := make([]Dependency, 0, len(pkgs))
	for _, p := range pkgs {
		d := Dependency{Name: p.Name, Version: p.Version, VCS: p.Git, Path: p.Path, Source: Source{File: file, Line: p.Line}}
		if !p.Git && p.Path == "" && (len(p.Wheels) > 0 || p.Sdist) {
			d.Wheels = &WheelInfo{Tags: p.Wheels}
		}
		out = append(out, d)
	}
	return out
}
