package plan

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// programDir is where every programs.toml package puts its executables
// (the table's rule: /usr/bin on every suite pydock builds on).
const programDir = "/usr/bin"

// locationVar is a variable name that says it holds where a program is:
// FFMPEG_LOCATION, FFMPEG_PATH, FFMPEG_BIN, FFMPEG_DIR…
var locationVar = regexp.MustCompile(`^[A-Z][A-Z0-9_]*_(LOCATION|PATH|DIR|BIN|BINARY|EXE|EXECUTABLE|HOME)$`)

// chooseProgramEnv points the code's own variables for the programs the
// image installs at them. Code that runs a program through a variable
// whose default is elsewhere (a folder of the source tree, ./ffmpeg/bin)
// finds nothing there: the Debian package put it in /usr/bin. A default of
// the bare name is found on PATH and is left alone.
func (p *Plan) chooseProgramEnv(f *detect.Facts) {
	var progs []string
	for name, row := range programTable {
		if slices.Contains(p.RuntimePackages, row.Package) {
			progs = append(progs, name)
		}
	}
	slices.Sort(progs)
	seen := map[string]bool{}
	for _, u := range f.EnvUses {
		if seen[u.Name] || u.Default == "" || !locationVar.MatchString(u.Name) {
			continue
		}
		for _, prog := range progs {
			v := programLocation(u.Name, u.Default, prog)
			if v == "" {
				continue
			}
			seen[u.Name] = true
			p.ProgramEnv = append(p.ProgramEnv, EnvVar{u.Name, v})
			from := u.DefaultFrom
			if from.File == "" {
				from = u.Source
			}
			p.decide("program location", u.Name+"="+v, fmt.Sprintf("the code finds %s through %s, which defaults to %q (%s), where the image has no %s; its Debian package (%s) puts it in %s", prog, u.Name, u.Default, from, prog, programTable[prog].Package, programDir))
			break
		}
	}
}

// programLocation is the value that points a location variable at prog in
// /usr/bin: the folder, or the executable when the default names one; ""
// when the variable is not prog's or its default already finds it.
func programLocation(name, def, prog string) string {
	if !slices.Contains(strings.Split(name, "_"), strings.ToUpper(prog)) {
		return ""
	}
	if def == prog {
		return "" // the bare name: found on PATH
	}
	clean := path.Clean(def)
	want := programDir
	if path.Base(clean) == prog {
		want = path.Join(programDir, prog)
	}
	if clean == want {
		return ""
	}
	return want
}
