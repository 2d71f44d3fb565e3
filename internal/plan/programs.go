package plan

import (
	_ "embed"
	"fmt"

	"github.com/BurntSushi/toml"

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
	md, err := toml.Decode(data, &doc)
	if err != nil {
		return nil, fmt.Errorf("programs.toml: %w", err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, fmt.Errorf("programs.toml: unknown key %s", u[0])
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
// the venv (a console script of the same name) needs nothing.
func programPackages(f *detect.Facts) (pkgs, why []string) {
	seen := map[string]bool{}
	for _, r := range f.ProgramRuns {
		row, ok := programTable[r.Program]
		if !ok || f.IsInstalled(r.Program) {
			continue
		}
		if !seen[row.Package] {
			seen[row.Package] = true
			pkgs = append(pkgs, row.Package)
		}
		why = append(why, fmt.Sprintf("%s runs %s (%s): %s in the runtime image", r.Source, r.Program, r.How, row.Package))
	}
	return pkgs, why
}
