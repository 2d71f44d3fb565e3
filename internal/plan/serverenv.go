package plan

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// The stop timeouts a graceful shutdown must fit inside: docker stop (and
// compose) send SIGKILL 10 s after SIGTERM, Kubernetes 30 s. The server
// gets GracefulTimeout for the requests in flight and exits before either.
const (
	StopGracePeriod = 10
	GracefulTimeout = 8
	// GunicornThreads lets one gunicorn worker serve several requests at
	// once (the gthread worker): a slow request no longer blocks the rest,
	// nor the health probe.
	GunicornThreads = 4
)

// TrustedProxy is whom a server believes about the client's address until
// the operator names their proxy: the container's own loopback, that is,
// nobody outside it.
const TrustedProxy = "127.0.0.1"

// serverOf finds the row of the server an exec-form argv starts: its
// program, or the module of `python -m`, through a wrapper or as the last
// command of a sh -c line.
func serverOf(argv []string) *server {
	return rowAt(serverArgv(argv))
}

// rowAt finds the row of the server argv starts as it is.
func rowAt(argv []string) *server {
	for i := range servers {
		if servers[i].starts(argv) {
			return &servers[i]
		}
	}
	return nil
}

// serverArgv is the part of an exec-form argv that starts the long-running
// program: the last command of a sh -c line, after any wrapper.
func serverArgv(argv []string) []string {
	if len(argv) == 3 && isShell(argv[0]) && argv[1] == "-c" {
		line, err := shellcmd.Parse(argv[2])
		if err != nil {
			return nil
		}
		cmds := line.Commands()
		if len(cmds) == 0 {
			return nil
		}
		argv = cmds[len(cmds)-1].Values()
	}
	return argv[unwrapped(argv):]
}

func isShell(prog string) bool {
	switch path.Base(prog) {
	case "sh", "bash", "dash":
		return true
	}
	return false
}

// unwrapped is the index in argv of the program the wrappers before it
// start (0 when there is no wrapper).
func unwrapped(argv []string) int {
	i := 0
next:
	for i < len(argv) {
		for _, w := range wrappers {
			if path.Base(argv[i]) != w.Program {
				continue
			}
			j := i + 1
			if w.Sub != "" {
				if j >= len(argv) || argv[j] != w.Sub {
					return i
				}
				j++
			}
			for w.Options && j < len(argv) && strings.HasPrefix(argv[j], "-") {
				if strings.Contains(argv[j], "=") {
					j++
				} else {
					j += 2
				}
			}
			i = j
			continue next
		}
		return i
	}
	return min(i, len(argv))
}

// launcherOf finds the launcher an exec-form argv starts.
func launcherOf(argv []string) *server {
	for i := range launchers {
		if launchers[i].starts(argv) {
			return &launchers[i]
		}
	}
	return nil
}

// starts reports whether argv starts this server: its program (and
// subcommand), or python -m of its module.
func (s *server) starts(argv []string) bool {
	if len(argv) == 0 {
		return false
	}
	prog := path.Base(argv[0])
	if strings.HasPrefix(prog, "python") && len(argv) > 2 && argv[1] == "-m" {
		if s.Module != "" && argv[2] == s.Module {
			return true
		}
		prog = argv[2]
	}
	if prog != s.Program || prog == "python" {
		return false
	}
	return s.Subcommand == "" || slices.Contains(argv[1:], s.Subcommand)
}

// flagValue returns the value a command gives a flag (--flag v or
// --flag=v), and whether the flag is there at all.
func flagValue(argv []string, flag string) (string, bool) {
	for i, a := range argv {
		if a == flag {
			if i+1 < len(argv) && !strings.HasPrefix(argv[i+1], "-") {
				return argv[i+1], true
			}
			return "", true
		}
		if v, ok := strings.CutPrefix(a, flag+"="); ok {
			return v, true
		}
	}
	return "", false
}

// chooseServerEnv decides the server settings the image sets through the
// environment, the comment above them, and the graceful-stop timeout.
func (p *Plan) chooseServerEnv() {
	argv := serverArgv(p.Command)
	row := rowAt(argv)
	if row == nil {
		return
	}
	var env []EnvVar
	var notes []string
	add := func(name, value string) {
		for i := range env {
			if env[i].Name == name {
				env[i].Value += " " + value
				return
			}
		}
		env = append(env, EnvVar{name, value})
	}
	conf := p.serverConf
	var covered []string
	for _, st := range row.Env {
		flags := st.Flags
		if conf != nil && st.Key != "" {
			// The file is read: it decides what it sets, and only that.
			flags = slices.DeleteFunc(slices.Clone(flags), func(f string) bool { return slices.Contains(row.ConfigFlags, f) })
		}
		if st.OursOnly && !p.ownCommand || slices.ContainsFunc(flags, func(f string) bool { _, given := flagValue(argv, f); return given }) {
			if st.Key != "" {
				covered = append(covered, st.Key)
			}
			continue
		}
		if conf != nil && st.Key != "" {
			// A file that reads the very variable pydock sets leaves it in charge.
			if set := conf.Setting(st.Key); set != nil && !(set.Env == st.Env && st.Arg == "") {
				covered = append(covered, st.Key)
				notes = append(notes, p.fromConfig(row, st, set, add))
				continue
			}
		}
		if st.Key != "" {
			covered = append(covered, st.Key)
		}
		v := strings.NewReplacer("{workers}", strconv.Itoa(p.Workers), "{grace}", strconv.Itoa(GracefulTimeout)).Replace(st.Value)
		if strings.Contains(st.Value, "{grace}") {
			p.GracefulTimeout = GracefulTimeout
		}
		if st.Arg != "" {
			v = st.Arg + " " + v
		}
		add(st.Env, v)
		if st.Note != "" {
			notes = append(notes, strings.ReplaceAll(st.Note, "%s", st.Env))
		}
	}
	if row.TrustEnv != "" {
		if _, given := flagValue(argv, row.TrustFlag); !given {
			add(row.TrustEnv, TrustedProxy)
			p.decide("trusted proxies", row.TrustEnv+"="+TrustedProxy, "forwarded headers believed from the container's loopback only, until you name your proxy")
		}
	}
	if len(env) > 0 {
		notes = append([]string{"The server's settings, read from the environment: change them at run time (-e, compose's environment), no rebuild."}, notes...)
		var names []string
		for _, e := range env {
			names = append(names, e.Name+"="+e.Value)
		}
		p.decide("server environment", strings.Join(names, " "), row.EnvSource)
	}
	p.ServerEnv = env
	if conf != nil {
		// The row's notes describe pydock's own command line (--workers in
		// CMD): not the file's, nor an authors' command.
		notes = append(notes, p.configNotes(row, covered)...)
	} else if p.ownCommand {
		notes = append(notes, row.Notes...)
	}
	p.ServerNotes = append(notes, row.Trust...)
}

// warnTrustAnyone flags a command line (split into words) that believes
// forwarded headers from any client.
func (p *Plan) warnTrustAnyone(words []string) {
	for i, w := range words {
		row := rowAt(words[i:])
		if row == nil || row.TrustFlag == "" {
			continue
		}
		rest := words[i:]
		for j, x := range rest {
			if j > 0 && (x == "&&" || x == "||" || x == ";" || x == "|") {
				rest = rest[:j]
				break
			}
		}
		v, given := flagValue(rest, row.TrustFlag)
		if row.TrustAll {
			v = ""
		}
		if given && (v == "*" || row.TrustAll) {
			p.Warnings = append(p.Warnings, w+" "+strings.TrimSpace(row.TrustFlag+" "+v)+" believes X-Forwarded-* headers from any client, so anyone can forge their address; name your proxy instead ("+strings.Join(row.Trust, " ")+")")
		}
	}
}
