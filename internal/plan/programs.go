package plan

import (
	_ "embed"
	"fmt"
	"path"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

//go:embed programs.toml
var programsData string

// programRow is one Debian package of programs.toml and the executables it
// puts on PATH.
type programRow struct {
	Names   []string `toml:"names"`
	Package string   `toml:"package"`
	Source  string   `toml:"source"`
}

// programTable is programs.toml by executable name.
var programTable = mustProgramTable(programsData)

func mustProgramTable(data string) map[string]programRow {
	t, err := parseProgramTable(data)
	if err != nil {
		panic(err) // the embedded table is tested; a broken one is a build bug
	}
	return t
}

func parseProgramTable(data string) (map[string]programRow, error) {
	var doc struct {
		Program []programRow `toml:"program"`
	}
	if err := decodeTable("programs.toml", data, &doc); err != nil {
		return nil, err
	}
	out := map[string]programRow{}
	for _, r := range doc.Program {
		if r.Package == "" || r.Source == "" || len(r.Names) == 0 {
			return nil, fmt.Errorf("programs.toml: row %v needs names, a package and a source", r.Names)
		}
		for _, n := range r.Names {
			if _, dup := out[n]; dup {
				return nil, fmt.Errorf("programs.toml: %s listed twice", n)
			}
			out[n] = r
		}
	}
	return out, nil
}

// programPackages are the Debian packages of the programs the app's code
// runs by name, with one reason each. A program a dependency installs in
// the venv (a console script of the same name) needs nothing. A program
// run by an absolute path gets its package where the path is the one the
// package installs; a path outside the system's folders (a vendor SDK
// unpacked by hand) is a file the image does not have: a warning.
func programPackages(f *detect.Facts) (pkgs, why, warnings []string) {
	seen := map[string]bool{}
	for _, r := range f.ProgramRuns {
		name, where := r.Program, r.Source.String()
		if r.Through != nil {
			where = fmt.Sprintf("%s runs %s (through %s)", where, r.Program, r.Through)
		} else {
			where = fmt.Sprintf("%s runs %s (%s)", where, r.Program, r.How)
		}
		if path.IsAbs(name) {
			if !systemPath(name) {
				warnings = append(warnings, fmt.Sprintf("%s, a path the image does not have: no Debian package pydock knows puts it there; install it in the image yourself (a stage of your own) or point the code at a program on PATH", where))
				continue
			}
			if path.Dir(name) != programDir && path.Dir(name) != "/bin" {
				continue
			}
			name = path.Base(name)
		}
		row, ok := programTable[name]
		if !ok || f.IsInstalled(name) {
			continue
		}
		if !seen[row.Package] {
			seen[row.Package] = true
			pkgs = append(pkgs, row.Package)
		}
		why = append(why, fmt.Sprintf("%s: %s in the runtime image", where, row.Package))
	}
	return pkgs, why, warnings
}

// systemPath is a path in the folders the base image and Debian's
// packages fill (/usr/bin/ffmpeg, /bin/sh): whether it is there is a
// question of packages, not of a file the authors put there by hand.
func systemPath(p string) bool {
	for _, d := range []string{"/bin/", "/sbin/", "/usr/", "/lib/", "/etc/"} {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}
