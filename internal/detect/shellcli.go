package detect

// A console script that is an interactive command shell: a cliff App
// (https://docs.openstack.org/cliff/latest/user/demoapp.html: run with no
// arguments it enters its interactive mode) or a cmd.Cmd loop
// (https://docs.python.org/3/library/cmd.html#cmd.Cmd.cmdloop). Started bare
// it reads commands from stdin, and a container's stdin is closed: it ends
// at once. It is never the service.

import (
	"regexp"
	"strings"
)

// ShellCLI is a console script whose function runs a command shell.
type ShellCLI struct {
	Name   string `json:"name"`
	What   string `json:"what"`
	Source Source `json:"source"`
}

// shellBases are the base classes of a command shell, with the module
// that must be imported for the name to mean it.
var shellBases = []struct {
	re      *regexp.Regexp
	imports string
	what    string
}{
	{regexp.MustCompile(`^(?:cliff\.app\.)?App$`), "cliff", "cliff's App"},
	{regexp.MustCompile(`^(?:cmd\.)?Cmd$`), "cmd", "cmd.Cmd"},
}

var classBasesRe = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*:`)

// shellScript says whether the console script's function, in its own
// module, builds an instance of a command-shell class defined there.
func (r *scriptReader) shellScript(sc Script) *ShellCLI {
	mod, fn, _ := strings.Cut(sc.Target, ":")
	fn, _, _ = strings.Cut(strings.TrimSpace(fn), ".")
	file := r.moduleFile(strings.TrimSpace(mod))
	if file == "" {
		return nil
	}
	body := r.body(file, fn)
	for _, l := range r.lines(file) {
		m := classBasesRe.FindStringSubmatch(l.text)
		if m == nil || l.indent != 0 {
			continue
		}
		built := regexp.MustCompile(`\b` + regexp.QuoteMeta(m[1]) + `\s*\(`)
		uses := false
		for _, b := range body {
			uses = uses || built.MatchString(b.text)
		}
		if !uses {
			continue
		}
		for _, base := range strings.Split(m[2], ",") {
			base = strings.TrimSpace(base)
			for _, s := range shellBases {
				if s.re.MatchString(base) && r.importsModule(file, s.imports) {
					return &ShellCLI{Name: sc.Name, What: s.what, Source: Source{File: file, Line: l.line}}
				}
			}
		}
	}
	return nil
}
