package detect

// A Procfile line that runs a process manager over another Procfile
// (`web: honcho -f Procfile.multi start`, foreman's the same) starts every
// process of that file in one container. Its processes are the authors'
// real ones: the one that serves is the image's command, the others
// compose services, as a Procfile's own are.

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// procfileManagers are the programs that run a Procfile's processes, with
// the flag that names another file (https://honcho.readthedocs.io/en/latest/using_procfiles.html,
// https://ddollar.github.io/foreman/#OPTIONS).
var procfileManagers = map[string][]string{"honcho": {"-f", "--procfile"}, "foreman": {"-f", "--procfile"}}

// managedProcfile is the file a process manager's start command names
// ("" when the line is no such command, or names the root Procfile).
func managedProcfile(cmd string) string {
	l, err := shellcmd.Parse(cmd)
	if err != nil {
		return ""
	}
	cmds := l.Commands()
	if len(cmds) == 0 {
		return ""
	}
	vals := cmds[len(cmds)-1].Values()
	for len(vals) > 1 && vals[0] == "exec" {
		vals = vals[1:]
	}
	if len(vals) == 0 {
		return ""
	}
	flags, ok := procfileManagers[path.Base(vals[0])]
	if !ok {
		return ""
	}
	file, start := "", false
	for i := 1; i < len(vals); i++ {
		v := vals[i]
		switch {
		case v == "start":
			start = true
		case contains(flags, v) && i+1 < len(vals):
			file = vals[i+1]
			i++
		case strings.HasPrefix(v, "--procfile="):
			file = strings.TrimPrefix(v, "--procfile=")
		}
	}
	file = path.Clean(strings.TrimPrefix(file, "./"))
	if !start || file == "." || file == "Procfile" || strings.HasPrefix(file, "../") || path.IsAbs(file) {
		return ""
	}
	return file
}

// followManager replaces a process that runs a process manager over
// another Procfile by that file's service process; its other processes
// are returned to run beside it, with a note.
func followManager(fsys fs.FS, proc *Procfile) (*Procfile, []Procfile, string) {
	file := managedProcfile(proc.Command)
	if file == "" {
		return nil, nil, ""
	}
	procs, err := readProcfileNamed(fsys, file)
	if err != nil {
		return nil, nil, ""
	}
	svc := serviceProcess(procs)
	if svc == nil {
		return nil, nil, ""
	}
	var others []Procfile
	for _, p := range procs {
		if p != *svc {
			p.Via = fmt.Sprintf("the %s: process of %s (%s runs that file)", p.Process, p.Source, proc.Source)
			others = append(others, p)
		}
	}
	note := fmt.Sprintf("the %s: line of %s runs every process of %s in one container (%s): its %s: process (%s) is the image's command, the others compose services", proc.Process, proc.Source, file, proc.Command, svc.Process, svc.Source)
	return svc, others, note
}
