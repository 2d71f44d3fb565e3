package detect

// The console script the authors' own launch script starts (docker/
// entrypoint.sh's `exec tux start`): when the scripts' code shows none
// serving, the authors' choice of script and subcommand is the evidence.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// scriptWordRe is a subcommand word after the script's name; the first
// option or value ends them.
var scriptWordRe = regexp.MustCompile(`^[A-Za-z][\w-]*$`)

// authorsScriptChoice returns the last command of the authors' shell
// scripts (scriptDirs) that starts one of the scripts, in a branch that
// runs by default, with its subcommand words; nil when none does.
func authorsScriptChoice(fsys fs.FS, scripts []Script) *scriptChoice {
	var found *scriptChoice
	for _, file := range shellScripts(fsys, "") {
		data, err := readBounded(fsys, file, maxScriptSize, "shell scripts")
		if err != nil {
			continue
		}
		untaken, _ := shellcmd.UntakenBranches(string(data))
		for _, c := range scriptCommands(data) {
			if len(c.argv) == 0 || inUntaken(untaken, c.line) {
				continue
			}
			for _, sc := range scripts {
				if c.argv[0] != sc.Name {
					continue
				}
				argv := []string{sc.Name}
				for _, w := range c.argv[1:] {
					if !scriptWordRe.MatchString(w) {
						break
					}
					argv = append(argv, w)
				}
				at := Source{File: file, Line: c.line}
				found = &scriptChoice{argv: argv, src: at,
					why: fmt.Sprintf("the authors' %s starts the console script %s as `%s` (%s)", file, sc.Name, strings.Join(argv, " "), at)}
			}
		}
	}
	return found
}

func inUntaken(untaken []shellcmd.Untaken, line int) bool {
	for _, u := range untaken {
		if line >= u.From && line <= u.To {
			return true
		}
	}
	return false
}
