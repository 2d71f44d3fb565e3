package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// sourceScriptArgv is the command that runs a console script the image does
// not install (the project's wheel is not built): python imports the
// script's function from the source tree and calls it, as the script's
// wrapper would, with the script's name as argv[0] so its usage reads the
// same. ok is false when the target is not a plain module:function.
func sourceScriptArgv(sc detect.Script, args []string) (argv []string, ok bool) {
	if !detect.SourceScriptTarget(sc.Target) || !scriptName(sc.Name) {
		return nil, false
	}
	mod, fn, _ := strings.Cut(sc.Target, ":")
	mod, fn = strings.TrimSpace(mod), strings.TrimSpace(fn)
	top, rest, dotted := strings.Cut(fn, ".")
	call := top + "()"
	if dotted {
		call = top + "." + rest + "()"
	}
	line := "import sys; from " + mod + " import " + top + "; sys.argv[0] = " + strconv.Quote(sc.Name) + "; sys.exit(" + call + ")"
	return append([]string{"python", "-c", line}, args...), true
}

// scriptName: the characters a console script's name may hold (the
// entry-point name grammar), none of them special in a Python string.
func scriptName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}

// unbuiltScriptsError is the refusal for a project whose console scripts
// exist but none can start: the wheel that would install them is not built
// (or the project is not one), and no script's function is in the source
// tree. nil when the project declares no scripts.
func unbuiltScriptsError(f *detect.Facts) error {
	if len(f.Scripts) == 0 || f.Packaged {
		return nil
	}
	var names []string
	for _, s := range f.Scripts {
		names = append(names, s.Name+" = "+s.Target)
	}
	why := "the project is not installed as a package"
	if f.NotBuilt != "" {
		why = "the wheel is not built (" + f.NotBuilt + ")"
	}
	return fmt.Errorf("found nothing to run: no web framework app, no Procfile and no main.py; the console scripts (%s) are not installed because %s, and none names a function in the source tree; pass --app module:attribute or --app \"command line\"", strings.Join(names, ", "), why)
}
