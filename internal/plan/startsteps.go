package plan

// Steps of the authors' start line that run before its server and do not
// belong in every start: taken out of the line (takeSteps), to compose's
// release service (splitRelease, launch.go) or dropped when the build did
// them already (dropCatalogueSteps).

import (
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/shellcmd"
)

// dropCatalogueSteps takes out of the authors' start line the steps that
// compile gettext catalogues: the image compiled them at build (or the
// authors commit them), and at start they would write into the app's
// read-only tree and fail at every start.
func (p *Plan) dropCatalogueSteps(f *detect.Facts, line *shellcmd.Line, from string) *shellcmd.Line {
	if f.Catalogues == nil || f.Catalogues.Loader == "" {
		return line
	}
	var dropped []string
	rest := takeSteps(line, func(c *shellcmd.Command) bool {
		what := f.Catalogues.CompileStep(c.Values())
		if what != "" {
			dropped = append(dropped, what)
		}
		return what != ""
	})
	if rest == line {
		return line
	}
	done := "the catalogues stage compiles them at build"
	if len(f.Catalogues.Dirs) == 0 {
		done = "the authors commit them compiled"
	}
	p.decide("build steps", strings.Join(dropped, ", "), "taken out of "+from+": "+done+", and at start they would write into the app's read-only tree")
	return rest
}

// takeSteps takes the commands take says yes to out of a line of && chains
// listed with ";". Two commands a taken one stood between join with ";"
// when either operator was ";" (the later one ran whatever the earlier
// did), else with &&. line is returned as is when nothing is taken, or
// when nothing would be left.
func takeSteps(line *shellcmd.Line, take func(*shellcmd.Command) bool) *shellcmd.Line {
	cmds, ops, ok := line.Steps()
	if !ok || len(cmds) < 2 {
		return line
	}
	var keep []*shellcmd.Command
	var keepOps []string
	taken := false
	op := "" // the operator joining the next kept command to the last
	for i, c := range cmds {
		if i > 0 && (op == "" || ops[i-1] == ";") {
			op = ops[i-1]
		}
		if take(c) {
			taken = true
			continue
		}
		if len(keep) > 0 {
			keepOps = append(keepOps, op)
		}
		keep, op = append(keep, c), ""
	}
	if !taken || len(keep) == 0 {
		return line
	}
	return shellcmd.NewSteps(keep, keepOps)
}
