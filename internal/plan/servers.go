package plan

import (
	"path"
	"slices"
	"strconv"
	"strings"
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

// serverRow is what pydock knows about one server's run-time settings: the
// ones it reads from the environment (an operator changes them with -e, no
// rebuild) and whom it believes about the client's address.
type serverRow struct {
	Program string // argv[0], or the module of python -m
	// TrustEnv lists the proxies whose X-Forwarded-* headers the server
	// believes; "" when the server reads no such variable.
	TrustEnv string
	// TrustFlag sets the same on the command line; "*" there believes
	// anyone, and so does the flag itself when TrustAll is set.
	TrustFlag string
	TrustAll  bool
	// Trust is the Dockerfile comment: how the server treats forwarded
	// headers and how to trust the real proxy.
	Trust []string
	// Env are the tunables the server reads from the environment.
	Env []setting
	// Notes are comment lines for a server that reads no environment.
	Notes  []string
	Source string
}

// setting is one tunable read from the environment. Value may hold
// {workers} or {grace}. With Arg set, the setting is one option inside an
// arguments variable (GUNICORN_CMD_ARGS); settings of one variable join.
type setting struct {
	Env, Arg, Value string
	// Flags set the same thing on the command line, where they win over
	// the environment (or name a config file that decides): a command
	// holding one keeps its own value and the image sets no ENV for it.
	Flags []string
	Note  string // the comment line that says what it is for
	// OursOnly: set only on a command pydock wrote, never on the authors'
	// own (threads change how their app runs; a stop timeout does not).
	OursOnly bool
}

const workersNote = "%s: worker processes; one per container suits an orchestrator that scales replicas."

func graceNote(server string) string {
	return server + " waits " + strconv.Itoa(GracefulTimeout) + " s for requests in flight on SIGTERM, inside docker stop's " +
		strconv.Itoa(StopGracePeriod) + " s and Kubernetes' 30 s."
}

var serverTable = []serverRow{
	{
		Program: "uvicorn", TrustEnv: "FORWARDED_ALLOW_IPS", TrustFlag: "--forwarded-allow-ips",
		Trust: []string{
			"uvicorn believes X-Forwarded-For/-Proto only from the addresses in FORWARDED_ALLOW_IPS: set your proxy's",
			"address at run time (-e FORWARDED_ALLOW_IPS=10.0.0.5); never *, which lets any client choose its address.",
		},
		Env: []setting{
			{Env: "WEB_CONCURRENCY", Value: "{workers}", Flags: []string{"--workers"}, Note: workersNote},
			{Env: "UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN", Value: "{grace}", Flags: []string{"--timeout-graceful-shutdown"}, Note: graceNote("uvicorn")},
		},
		Source: "https://www.uvicorn.org/settings/ (UVICORN_* variables, $WEB_CONCURRENCY, $FORWARDED_ALLOW_IPS)",
	},
	{
		Program: "gunicorn", TrustEnv: "FORWARDED_ALLOW_IPS", TrustFlag: "--forwarded-allow-ips",
		Trust: []string{
			"gunicorn believes X-Forwarded-* only from the addresses in FORWARDED_ALLOW_IPS: set your proxy's",
			"address at run time (-e FORWARDED_ALLOW_IPS=10.0.0.5); never *, which lets any client choose its address.",
		},
		Env: []setting{
			{Env: "WEB_CONCURRENCY", Value: "{workers}", Flags: []string{"--workers", "-w"}, Note: workersNote},
			// Threads only matter to the default sync worker, which they
			// turn into gthread; another worker class ignores them.
			{Env: "GUNICORN_CMD_ARGS", Arg: "--threads", Value: strconv.Itoa(GunicornThreads), OursOnly: true, Flags: []string{"--threads", "--worker-class", "-k", "-c", "--config"},
				Note: "gunicorn runs " + strconv.Itoa(GunicornThreads) + " threads per worker (gthread): a slow request does not block the others or the health probe."},
			{Env: "GUNICORN_CMD_ARGS", Arg: "--graceful-timeout", Value: "{grace}", Flags: []string{"--graceful-timeout", "-c", "--config"}, Note: graceNote("gunicorn")},
			// Also for the authors' command, which stays as written (DF016).
			{Env: "GUNICORN_CMD_ARGS", Arg: "--worker-tmp-dir", Value: "/dev/shm", Flags: []string{"--worker-tmp-dir", "-c", "--config"},
				Note: "gunicorn's worker heartbeat files on tmpfs: on the overlay disk slow writes get workers killed as unresponsive."},
		},
		Source: "https://docs.gunicorn.org/en/stable/settings.html (WEB_CONCURRENCY, GUNICORN_CMD_ARGS, FORWARDED_ALLOW_IPS, threads)",
	},
	{
		Program: "granian",
		Trust: []string{
			"granian ignores X-Forwarded-* headers, so no client can forge its address; behind a proxy, wrap the app",
			"with granian.utils.proxies.wrap_asgi_with_proxy_headers(app, trusted_hosts=[\"<proxy address>\"]) (wrap_wsgi_… for WSGI).",
		},
		Env: []setting{
			{Env: "GRANIAN_WORKERS", Value: "{workers}", Flags: []string{"--workers"}, Note: workersNote},
			{Env: "GRANIAN_WORKERS_KILL_TIMEOUT", Value: "{grace}", Flags: []string{"--workers-kill-timeout"}, Note: graceNote("granian")},
		},
		Source: "https://github.com/emmett-framework/granian#options (GRANIAN_* variables, granian.utils.proxies)",
	},
	{
		Program: "hypercorn",
		Trust: []string{
			"hypercorn ignores X-Forwarded-* headers, so no client can forge its address; behind a proxy, wrap the app",
			"with hypercorn.middleware.ProxyFixMiddleware(app, mode=\"legacy\", trusted_hops=1), one hop per proxy you run.",
		},
		Notes: []string{
			"hypercorn reads no environment, so --workers is in CMD; its graceful timeout (3 s by default)",
			"fits inside docker stop's 10 s and Kubernetes' 30 s before SIGKILL.",
		},
		Source: "https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html",
	},
	{
		Program: "uwsgi",
		Trust: []string{
			"uwsgi hands X-Forwarded-* to the app untouched and takes the client's address from the connection:",
			"behind a proxy, believe those headers in the app from that proxy only (werkzeug's ProxyFix, x_for=1).",
		},
		Env: []setting{
			// uWSGI 2.0 treats SIGTERM as "reload": docker stop would wait
			// out its timeout and SIGKILL it.
			{Env: "UWSGI_DIE_ON_TERM", Value: "true", Flags: []string{"--die-on-term", "--ini"},
				Note: "UWSGI_DIE_ON_TERM: uWSGI 2.0 reloads on SIGTERM; with it, SIGTERM stops the server, as docker stop expects."},
			{Env: "UWSGI_WORKER_RELOAD_MERCY", Value: "{grace}", Flags: []string{"--worker-reload-mercy", "--ini"}, Note: graceNote("uwsgi")},
		},
		Source: "https://uwsgi-docs.readthedocs.io/en/latest/Configuration.html#environment-variables (UWSGI_<OPTION>), ThingsToKnow (die-on-term)",
	},
	{
		Program: "daphne", TrustFlag: "--proxy-headers", TrustAll: true,
		Trust: []string{
			"daphne ignores X-Forwarded-* headers unless given --proxy-headers, which believes them from any client:",
			"add it only when a proxy you run overwrites those headers on every request.",
		},
		Source: "https://github.com/django/daphne#readme (--proxy-headers)",
	},
	{
		Program: "waitress-serve", TrustFlag: "--trusted-proxy",
		Trust: []string{
			"waitress-serve ignores X-Forwarded-* headers unless given --trusted-proxy <proxy address> (never *)",
			"and --trusted-proxy-headers naming the ones your proxy sets.",
		},
		Source: "https://docs.pylonsproject.org/projects/waitress/en/latest/arguments.html#trusted-proxy",
	},
}

// serverOf finds the row of the server an exec-form argv starts: its
// program, or the module of `python -m`.
func serverOf(argv []string) *serverRow {
	if len(argv) == 0 {
		return nil
	}
	prog := path.Base(argv[0])
	if strings.HasPrefix(prog, "python") && len(argv) > 2 && argv[1] == "-m" {
		prog = argv[2]
	}
	for i := range serverTable {
		if serverTable[i].Program == prog {
			return &serverTable[i]
		}
	}
	return nil
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
	row := serverOf(p.Command)
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
	for _, st := range row.Env {
		if st.OursOnly && !p.ownCommand || slices.ContainsFunc(st.Flags, func(f string) bool { _, given := flagValue(p.Command, f); return given }) {
			continue
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
		if _, given := flagValue(p.Command, row.TrustFlag); !given {
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
		p.decide("server environment", strings.Join(names, " "), row.Source)
	}
	p.ServerEnv = env
	p.ServerNotes = append(append(notes, row.Notes...), row.Trust...)
}

// warnTrustAnyone flags a command line (split into words) that believes
// forwarded headers from any client.
func (p *Plan) warnTrustAnyone(words []string) {
	for i, w := range words {
		row := serverOf(words[i:])
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
