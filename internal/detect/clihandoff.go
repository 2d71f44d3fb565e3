package detect

// A CLI whose entry function parses nothing itself: main() hands its
// arguments to a click group of another module, and python -m pkg runs the
// same function. The commands are that group's.

import (
	"io/fs"
	"strings"
)

// mainSubcommand is the serving subcommand of the console script whose
// function the package's __main__ calls: python -m pkg parses the same
// arguments, and run bare it prints its usage and exits.
func mainSubcommand(fsys fs.FS, f *Facts, roots []string) *Launcher {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	file := r.moduleFile(f.MainModule + ".__main__")
	if file == "" {
		return nil
	}
	module, fn := mainModuleCall(r.lines(file), f.MainModule)
	for _, sc := range f.Scripts {
		mod, sfn, _ := strings.Cut(sc.Target, ":")
		if strings.TrimSpace(mod) != module || strings.TrimSpace(sfn) != fn {
			continue
		}
		if c := r.readScript(sc); c != nil && len(c.argv) > 1 && c.signal != nil && c.signal.serves {
			return f.scriptLauncher(c)
		}
	}
	return nil
}

// handoffGroup is the click group of the project a function calls (the
// group's file and function), zero when it calls none.
func (r *scriptReader) handoffGroup(file, fn string) [2]string {
	for _, c := range r.callees(file, r.body(file, fn), fn) {
		lines := r.lines(c[0])
		for i, l := range lines {
			if m := defRe.FindStringSubmatch(l.text); m == nil || m[1] != c[1] || l.indent != 0 {
				continue
			}
			for j := i - 1; j >= 0 && strings.HasPrefix(lines[j].text, "@"); j-- {
				if m := commandDecoRe.FindStringSubmatch(lines[j].text); m != nil && m[2] == "group" {
					return c
				}
			}
		}
	}
	return [2]string{}
}
