package plan

import (
	"fmt"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/shellcmd"
)

// warnSetupCommand says when the program the image runs needs the
// configuration file another of the project's console scripts writes
// (weewxd reads what `weectl station create` makes): the image never runs
// that setup, and a first start without it stops. The warning names the
// command and how to run it in the container, where the program looks.
// The program's own script is left alone (its other subcommands are its
// options, not a setup it needs).
func (p *Plan) warnSetupCommand(f *detect.Facts) {
	sc := f.SetupCommand
	if sc == nil || f.App != nil || len(p.Command) == 0 || p.Command[0] == sc.Script.Name || strings.Contains(strings.Join(p.Command, " "), "sys.argv[0] = \""+sc.Script.Name+"\"") {
		return
	}
	run := sc.Argv
	if !f.Packaged {
		argv, ok := sourceScriptArgv(sc.Script, sc.Argv[1:])
		if !ok {
			return
		}
		run = argv
	}
	var words []string
	for _, a := range run {
		q, err := shellcmd.Quote(a)
		if err != nil {
			return
		}
		words = append(words, q)
	}
	p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the project's own setup, `%s` (%q), writes the configuration file the program reads, and the image never runs it: run it once before the first start, in the container so it writes where the program looks (docker compose run --rm app %s), and keep what it writes in a volume", sc.Source, strings.Join(sc.Argv, " "), sc.Help, strings.Join(words, " ")))
}
