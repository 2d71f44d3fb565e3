package lint

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// ---- DF008 ----------------------------------------------------------------

func checkUser(c *checker) {
	final := c.d.final()
	var last *instructions.UserCommand
	for _, cmd := range final.commands() {
		if u, ok := cmd.(*instructions.UserCommand); ok {
			last = u
		}
	}
	if last == nil {
		c.report(final.line, "the image runs as root: no USER in the final stage; create a user with a fixed UID (useradd --system --uid 1001 …) and add USER before CMD")
		return
	}
	u, _ := c.d.expand(last.User, final.env(c.d, last))
	name, _, _ := strings.Cut(u, ":")
	if name == "root" || name == "0" {
		c.report(line(last), "USER %s runs the app as root; switch to an unprivileged user with a fixed UID", last.User)
	}
}

// ---- DF009 ----------------------------------------------------------------

var runtimeEnv = []string{"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}

func checkRuntimeEnv(c *checker) {
	final := c.d.final()
	inFinal := map[string]bool{}
	finalPath := ""
	for _, cmd := range final.commands() {
		if e, ok := cmd.(*instructions.EnvCommand); ok {
			for _, kv := range e.Env {
				inFinal[kv.Key] = true
				if kv.Key == "PATH" {
					finalPath = kv.Value
				}
			}
		}
	}
	inChain := map[*stage]bool{}
	for _, s := range final.chain() {
		inChain[s] = true
	}
	lost := map[string]bool{}
	for _, st := range c.d.stages {
		if inChain[st] {
			continue
		}
		for _, cmd := range st.cmds {
			e, ok := cmd.(*instructions.EnvCommand)
			if !ok {
				continue
			}
			for _, kv := range e.Env {
				key := kv.Key
				isVenvPath := key == "PATH" && (strings.Contains(kv.Value, "venv") || strings.Contains(kv.Value, "VIRTUAL_ENV")) && !strings.Contains(finalPath, "venv") && !strings.Contains(finalPath, "VIRTUAL_ENV")
				if (slices.Contains(runtimeEnv, key) && !inFinal[key]) || isVenvPath {
					c.report(line(cmd), "ENV %s is set in stage %s, but the final stage does not inherit it (ENV does not cross stages); set it in the runtime stage", key, stageName(st))
					lost[key] = true
				}
			}
		}
	}
	var missing []string
	for _, k := range runtimeEnv {
		if !inFinal[k] && !lost[k] {
			missing = append(missing, k+"=1")
		}
	}
	if len(missing) > 0 {
		c.reportAs(SeverityInfo, final.line, "the final stage does not set %s: Python buffers its output (logs arrive late or are lost on a crash) and writes .pyc files at run time; add ENV %s", strings.Join(missing, " "), strings.Join(missing, " "))
	}
}

func stageName(s *stage) string {
	if s.name != "" {
		return s.name
	}
	return strconv.Itoa(s.index)
}

// ---- DF010 ----------------------------------------------------------------

func checkExecForm(c *checker) {
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			var cl instructions.ShellDependantCmdLine
			var kind string
			switch cmd := cmd.(type) {
			case *instructions.CmdCommand:
				cl, kind = cmd.ShellDependantCmdLine, "CMD"
			case *instructions.EntrypointCommand:
				cl, kind = cmd.ShellDependantCmdLine, "ENTRYPOINT"
			default:
				continue
			}
			if !cl.PrependShell {
				continue
			}
			args := splitCommands(script(cl))
			if len(args) == 1 && len(args[0]) == 1 && strings.Contains(args[0][0], " ") {
				args = splitCommands(args[0][0]) // CMD "prog arg": one quoted word
			}
			var quoted []string
			if len(args) == 1 {
				for _, a := range args[0] {
					quoted = append(quoted, strconv.Quote(a))
				}
			}
			fix := "write it as a JSON array"
			if len(quoted) > 0 {
				fix = fmt.Sprintf("write %s [%s]", kind, strings.Join(quoted, ", "))
			}
			c.report(line(cmd), "%s in shell form runs under /bin/sh, which is PID 1 and does not forward SIGTERM: docker stop kills the server mid-request after the grace period; %s", kind, fix)
		}
	}
}

// ---- DF011 ----------------------------------------------------------------

var servers = map[string]bool{
	"gunicorn": true, "uvicorn": true, "hypercorn": true, "granian": true, "daphne": true,
	"waitress-serve": true, "uwsgi": true, "fastapi": true, "flask": true, "litestar": true, "sanic": true,
}

// startCommand returns the final stage's ENTRYPOINT and CMD argvs and the
// line of the instruction that starts the app.
func startCommand(d *dockerfile) ([][]string, int) {
	var ep, cmd instructions.Command
	for _, c := range d.final().commands() {
		switch c.(type) {
		case *instructions.EntrypointCommand:
			ep, cmd = c, nil // ENTRYPOINT resets an inherited CMD
		case *instructions.CmdCommand:
			cmd = c
		}
	}
	var out [][]string
	at := 0
	if e, ok := ep.(*instructions.EntrypointCommand); ok {
		out = append(out, argvs(e.ShellDependantCmdLine)...)
		at = line(e)
	}
	if c, ok := cmd.(*instructions.CmdCommand); ok {
		a := argvs(c.ShellDependantCmdLine)
		if len(out) > 0 && !c.PrependShell && len(a) == 1 {
			out[len(out)-1] = append(out[len(out)-1], a[0]...) // CMD gives ENTRYPOINT its arguments
		} else {
			out = append(out, a...)
		}
		at = line(c)
	}
	return out, at
}

func isServer(argv []string) bool {
	for i, a := range argv {
		b := path.Base(a)
		if servers[b] || (b == "manage.py" && i+1 < len(argv) && argv[i+1] == "runserver") {
			return true
		}
		if a == "-m" && i+1 < len(argv) && servers[argv[i+1]] {
			return true
		}
	}
	return false
}

func checkHealthcheck(c *checker) {
	final := c.d.final()
	var hc *instructions.HealthCheckCommand
	exposes := false
	for _, cmd := range final.commands() {
		switch cmd := cmd.(type) {
		case *instructions.HealthCheckCommand:
			hc = cmd
		case *instructions.ExposeCommand:
			exposes = true
		}
	}
	if hc != nil {
		if hc.Health == nil || len(hc.Health.Test) == 0 || hc.Health.Test[0] == "NONE" {
			return
		}
		var cmds [][]string
		if hc.Health.Test[0] == "CMD-SHELL" {
			cmds = splitCommands(strings.Join(hc.Health.Test[1:], " "))
		} else {
			cmds = [][]string{hc.Health.Test[1:]}
		}
		for _, argv := range cmds {
			if len(argv) == 0 {
				continue
			}
			tool := path.Base(argv[0])
			if (tool == "curl" || tool == "wget") && !installs(c.d, final, tool) {
				c.reportAs(SeverityWarning, line(hc), "HEALTHCHECK calls %s, which slim Python images do not have, so the container never becomes healthy; probe with the image's Python: CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:PORT/healthz', timeout=4)\"]", tool)
				return
			}
		}
		return
	}
	start, at := startCommand(c.d)
	web := exposes
	for _, argv := range start {
		web = web || isServer(argv)
	}
	if !web {
		return
	}
	if at == 0 {
		at = final.line
	}
	c.report(at, "a web server with no HEALTHCHECK: Docker and compose cannot tell a hung server from a healthy one; add HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:PORT/healthz', timeout=4)\"]")
}

// installs reports whether the stage's chain installs a package.
func installs(d *dockerfile, st *stage, pkg string) bool {
	for _, cmd := range st.commands() {
		if run, ok := cmd.(*instructions.RunCommand); ok {
			for _, inv := range invocations(argvs(run.ShellDependantCmdLine)) {
				if (inv.sub == "install" || inv.sub == "add") && slices.Contains(inv.positionals(), pkg) {
					return true
				}
			}
		}
	}
	return false
}

// ---- DF012 ----------------------------------------------------------------

var bindPort = regexp.MustCompile(`:(\d+)$`)

// listenPort finds the port a server command binds, "" when unknown.
func listenPort(argv []string) string {
	for i, a := range argv {
		next := ""
		if i+1 < len(argv) {
			next = argv[i+1]
		}
		k, v, eq := strings.Cut(a, "=")
		if !eq {
			v = next
		}
		switch {
		case k == "--port" || k == "-p" && isServer(argv):
			if _, err := strconv.Atoi(v); err == nil {
				return v
			}
		case k == "--bind" || k == "-b":
			if m := bindPort.FindStringSubmatch(v); m != nil {
				return m[1]
			}
		case strings.HasPrefix(a, "-b ") || strings.HasPrefix(a, "--bind "):
			if m := bindPort.FindStringSubmatch(strings.TrimSpace(a[strings.Index(a, " "):])); m != nil {
				return m[1]
			}
		case a == "runserver":
			if m := bindPort.FindStringSubmatch(next); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

func checkExpose(c *checker) {
	start, _ := startCommand(c.d)
	port := ""
	for _, argv := range start {
		if isServer(argv) {
			if p := listenPort(argv); p != "" {
				port = p
			}
		}
	}
	if port == "" {
		return
	}
	for _, cmd := range c.d.final().commands() {
		e, ok := cmd.(*instructions.ExposeCommand)
		if !ok {
			continue
		}
		for _, p := range e.Ports {
			num, _, _ := strings.Cut(p, "/")
			if strings.Contains(num, "$") || num == port {
				continue
			}
			c.report(line(cmd), "EXPOSE %s, but the server listens on %s; expose only the port it listens on", p, port)
		}
	}
}

// ---- DF016 ----------------------------------------------------------------

func checkServer(c *checker) {
	start, at := startCommand(c.d)
	if at == 0 {
		return
	}
	env := c.d.final().env(c.d, nil)
	for _, argv := range start {
		argv = unwrap(argv)
		if len(argv) == 0 {
			continue
		}
		prog := path.Base(argv[0])
		mod := ""
		for i, a := range argv {
			if a == "-m" && i+1 < len(argv) {
				mod = argv[i+1]
			}
		}
		for _, a := range argv {
			if a == "--reload" || strings.HasPrefix(a, "--reload=") {
				c.report(at, "--reload is for development: it watches files and restarts the server, costing CPU and hiding crashes; drop it")
				break
			}
		}
		if i := slices.Index(argv, "manage.py"); i >= 0 || strings.HasSuffix(argv[0], "manage.py") {
			if i < 0 {
				i = 0
			}
			if i+1 < len(argv) {
				switch argv[i+1] {
				case "runserver":
					c.report(at, "manage.py runserver is Django's development server (single-threaded, not hardened, DEBUG-oriented); serve with gunicorn or uvicorn")
				case "migrate":
					c.report(at, "manage.py migrate in the start command runs on every replica and every restart, racing itself; run it once as a release step or a compose one-off service")
				}
			}
		}
		if (prog == "flask" || mod == "flask") && slices.Contains(argv, "run") {
			c.report(at, "flask run is Flask's development server; serve with gunicorn")
		}
		if prog == "uv" && len(argv) > 1 && argv[1] == "run" {
			c.report(at, "uv run at start re-syncs the venv (as the non-root user, with no cache) before starting; activate the venv with ENV PATH and run the server directly")
		}
		if prog == "gunicorn" || mod == "gunicorn" {
			gca, _ := lookup(env, "GUNICORN_CMD_ARGS")
			if !hasFlag(argv, "--worker-tmp-dir") && !strings.Contains(gca, "--worker-tmp-dir") && !hasFlag(argv, "-c") && !hasFlag(argv, "--config") {
				c.report(at, "gunicorn without --worker-tmp-dir /dev/shm keeps worker heartbeat files on the container's overlay disk, where slow writes get workers killed as unresponsive; add --worker-tmp-dir /dev/shm")
			}
		}
		if prog == "uvicorn" || mod == "uvicorn" {
			host := ""
			for i, a := range argv {
				if a == "--host" && i+1 < len(argv) {
					host = argv[i+1]
				} else if v, ok := strings.CutPrefix(a, "--host="); ok {
					host = v
				}
			}
			if host == "" || host == "127.0.0.1" || host == "localhost" {
				c.report(at, "uvicorn listens on 127.0.0.1 unless told otherwise, which is unreachable from outside the container; add --host 0.0.0.0")
			}
		}
	}
}

// unwrap drops the agents that start the server after them (newrelic-admin
// run-program, ddtrace-run, opentelemetry-instrument with its options,
// exec): the rules apply to the server they start.
func unwrap(argv []string) []string {
	for len(argv) > 0 {
		switch path.Base(argv[0]) {
		case "exec", "ddtrace-run":
			argv = argv[1:]
		case "newrelic-admin":
			if len(argv) < 2 || argv[1] != "run-program" {
				return argv
			}
			argv = argv[2:]
		case "opentelemetry-instrument":
			argv = argv[1:]
			for len(argv) > 0 && strings.HasPrefix(argv[0], "-") {
				n := 2
				if strings.Contains(argv[0], "=") {
					n = 1
				}
				argv = argv[min(n, len(argv)):]
			}
		default:
			return argv
		}
	}
	return argv
}

func hasFlag(argv []string, flag string) bool {
	for _, a := range argv {
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}
