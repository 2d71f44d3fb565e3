package detect

// circus (https://circus.readthedocs.io/en/latest/for-ops/configuration/)
// runs each [watcher:name] section's cmd (with args appended) as a
// process; the one that runs the server is pydock's CMD (launchProcess
// leaves it out), the others become compose services like supervisord's
// programs.

import (
	"fmt"
	"strings"
)

// circusProcs reads a circus ini's watchers. A cmd that takes circus's own
// $(circus.…) values (its sockets' file descriptors, its env section) runs
// only under circus: a note, unless launchProcess finds it is the server.
func circusProcs(file string, data []byte) (procs []Procfile, notes []string) {
	cmds := map[string]launchLine{}
	args := map[string]string{}
	var order []string
	for _, l := range launchLines(data) {
		name, ok := strings.CutPrefix(l.section, "watcher:")
		if !ok || name == "" {
			continue
		}
		switch l.key {
		case "cmd":
			if _, seen := cmds[name]; !seen {
				order = append(order, name)
			}
			cmds[name] = l
		case "args":
			args[name] = l.value
		}
	}
	for _, name := range order {
		l := cmds[name]
		at := Source{File: file, Line: l.line}
		cmd := strings.TrimSpace(l.value + " " + args[name])
		p, note := launchProcess(cmd, at, "[watcher:"+name+"] of "+at.String())
		if p == nil {
			if note != "" {
				notes = append(notes, note)
			}
			continue
		}
		if strings.Contains(cmd, "$(circus.") {
			notes = append(notes, fmt.Sprintf("%s: [watcher:%s] takes circus's own $(circus.…) values: not a compose service", at, name))
			continue
		}
		p.Process = serviceName(name)
		procs = append(procs, *p)
	}
	return procs, notes
}
