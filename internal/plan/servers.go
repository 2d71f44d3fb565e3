package plan

import (
	"strconv"

	"github.com/pydock/pydock/internal/detect"
)

// server is one row of what pydock knows about a production server: the
// distribution that installs it, how it runs an app of each interface it
// serves, the settings it reads from the environment, and whom it believes
// about the client's address. Adding a server is a row, not a branch.
type server struct {
	Name    string
	Package string // distribution that installs the program
	// Program is the console script CMD starts ("python" for a runner
	// started as python -m, which Runs spells out).
	Program string
	Pin     string // version pydock installs when the project has no server
	// Runs are the ways pydock serves an app with it, one per interface
	// (gunicorn serves WSGI itself, ASGI and aiohttp through a worker class).
	Runs []run
	// Source documents the command line.
	Source string
	// LogFlags name a log file: /dev/null there throws the logs away, "-"
	// sends them to the container's output.
	LogFlags []string
	// WorkerClasses are the worker classes the authors may choose in their
	// own scripts, with the distribution each needs ("" built in), and
	// WorkerFlags the flags that choose one.
	WorkerClasses map[string]string
	WorkerFlags   []string
	// ConfigFlags name the server's config file on the command line;
	// DefaultGrace is its graceful-stop timeout when nothing sets one.
	ConfigFlags  []string
	DefaultGrace int
	// ImportDirFlag puts a folder first on the import path, ahead of the
	// working directory the server adds: an app imported from its own
	// folder by its bare name (AppTarget.ImportDir).
	ImportDirFlag string
	// Where an authors' command tells it to listen: BindFlags take
	// host:port, HostFlags a host (PortFlags, below, a port). Told no
	// address, it listens on LoopbackDefault (when that is loopback), and
	// ReachArgv makes it listen on all interfaces ({port}).
	BindFlags, HostFlags []string
	LoopbackDefault      string
	ReachArgv            []string
	// PreferredOnly: picked only when the project's evidence asks for it
	// (pickServer's prefer), never as one installed server among others.
	PreferredOnly bool

	// A launcher (a program that serves on its own, not an app object):
	// Subcommand is the word that starts it under Program (celery flower),
	// Module the module of python -m that does the same. Port is where it
	// listens when told nothing, PortFlags the flags that say otherwise (a
	// server's too), PortArg how pydock passes the port ({port}).
	Subcommand string
	Module     string
	Port       int
	PortFlags  []string
	PortArg    []string
	// BindArg: the launcher takes its address as a positional host:port
	// (PortArg spells it), which counts as the port given.
	BindArg bool
	// ProbeHost is the Host header its server answers the probe's route
	// under when it routes requests by host (others are redirected);
	// ProbeHostSource documents it.
	ProbeHost       string
	ProbeHostSource string
	// Its data: DataArg is a positional directory it serves and writes
	// (a path, or a folder of the project, counts as given), DataDir the
	// one pydock passes when none is; DataEnv is the variable that moves
	// it instead; InitArgv initialise the directory at start when it is
	// new (idempotent), InitCommand does the same once, for compose's
	// migrate service. DataSource documents them.
	DataArg bool
	// DataFlag: the launcher takes the directory as this flag's value.
	DataFlag string
	// Words are the launcher's subcommands and ValueFlags its options that
	// take a value: neither is a positional directory.
	Words       []string
	ValueFlags  []string
	DataDir     string
	DataEnv     string
	InitArgv    []string
	InitCommand []string
	DataSource  string
	// AddrFile: the launcher reads its address from this file in its data
	// directory and from nothing else (no flag, no variable), and writes it
	// with a loopback default when it is missing. AddrText is the file the
	// image writes there at start instead, when none is ({port}): it binds
	// all interfaces. AddrSource documents both.
	AddrFile   string
	AddrText   []string
	AddrSource string

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
	Notes []string
	// EnvSource documents Env and Trust.
	EnvSource string
}

// run is how a server runs an app of one interface. Placeholders:
// {target} (module:attr), {call} (module:attr(), a factory called by the
// server), {port}, {workers}, {config}.
type run struct {
	Interface detect.Interface
	// Needs is another distribution this run requires (gunicorn's uvicorn
	// worker class lives in uvicorn).
	Needs string
	Argv  []string
	// FactoryFlag marks a factory target; empty when {call} spells it.
	FactoryFlag string
	ConfigArgv  []string // with the project's config file
	// BindArgv follows ConfigArgv's config when the image must say where
	// to listen: the file binds nothing, loopback only, or not the port
	// the user asked for. The server takes it over the file's bind, unless
	// BindAdds (then it listens on both).
	BindArgv []string
	BindAdds bool
	Source   string // when it differs from the server's
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
	// Key is the config-file setting that does the same: when the file CMD
	// loads sets it, the file decides (gunicorn: a config file beats
	// WEB_CONCURRENCY); a file that is silent leaves the environment in charge.
	Key  string
	Note string // the comment line that says what it is for
	// OursOnly: set only on a command pydock wrote, never on the authors'
	// own (threads change how their app runs; a stop timeout does not).
	OursOnly bool
}

// serverPreference is the order servers are tried in for each interface.
var serverPreference = map[detect.Interface][]string{
	detect.InterfaceASGI:    {"uvicorn", "granian", "hypercorn", "gunicorn", "daphne"},
	detect.InterfaceWSGI:    {"gunicorn", "granian", "waitress", "uwsgi"},
	detect.InterfaceAiohttp: {"gunicorn", "aiohttp"},
}

const workersNote = "%s: worker processes; one per container suits an orchestrator that scales replicas."

func graceNote(server string) string {
	return server + " waits " + strconv.Itoa(GracefulTimeout) + " s for requests in flight on SIGTERM, inside docker stop's " +
		strconv.Itoa(StopGracePeriod) + " s and Kubernetes' 30 s."
}

var servers = []server{
	{
		Name: "uvicorn", Package: "uvicorn", Program: "uvicorn", Pin: "0.32.1",
		Runs: []run{{Interface: detect.InterfaceASGI,
			Argv:        []string{"uvicorn", "{target}", "--host", "0.0.0.0", "--port", "{port}", "--proxy-headers"},
			FactoryFlag: "--factory"}},
		Source:    "https://www.uvicorn.org/settings/",
		PortFlags: []string{"--port"}, HostFlags: []string{"--host"},
		ImportDirFlag:   "--app-dir",                                           // https://www.uvicorn.org/settings/#application
		LoopbackDefault: "127.0.0.1", ReachArgv: []string{"--host", "0.0.0.0"}, // --host defaults to 127.0.0.1
		TrustEnv: "FORWARDED_ALLOW_IPS", TrustFlag: "--forwarded-allow-ips",
		Trust: []string{
			"uvicorn believes X-Forwarded-For/-Proto only from the addresses in FORWARDED_ALLOW_IPS: set your proxy's",
			"address at run time (-e FORWARDED_ALLOW_IPS=10.0.0.5); never *, which lets any client choose its address.",
		},
		Env: []setting{
			{Env: "WEB_CONCURRENCY", Value: "{workers}", Flags: []string{"--workers"}, Note: workersNote},
			{Env: "UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN", Value: "{grace}", Flags: []string{"--timeout-graceful-shutdown"}, Note: graceNote("uvicorn")},
		},
		EnvSource: "https://www.uvicorn.org/settings/ (UVICORN_* variables, $WEB_CONCURRENCY, $FORWARDED_ALLOW_IPS)",
	},
	{
		Name: "gunicorn", Package: "gunicorn", Program: "gunicorn", Pin: "23.0.0",
		Runs: []run{
			// --worker-tmp-dir /dev/shm: gunicorn's heartbeat on a tmpfs, not the
			// container's overlay disk, where it can stall workers (DF016).
			{Interface: detect.InterfaceWSGI,
				Argv:       []string{"gunicorn", "--bind", "0.0.0.0:{port}", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "{call}"},
				ConfigArgv: []string{"gunicorn", "--config", "{config}", "{call}"},
				BindArgv:   []string{"--bind", "0.0.0.0:{port}"}},
			{Interface: detect.InterfaceASGI, Needs: "uvicorn",
				Argv:       []string{"gunicorn", "--bind", "0.0.0.0:{port}", "--worker-class", "uvicorn.workers.UvicornWorker", "--worker-tmp-dir", "/dev/shm", "{call}"},
				ConfigArgv: []string{"gunicorn", "--config", "{config}", "--worker-class", "uvicorn.workers.UvicornWorker", "{call}"},
				BindArgv:   []string{"--bind", "0.0.0.0:{port}"},
				Source:     "https://www.uvicorn.org/deployment/#gunicorn"},
			{Interface: detect.InterfaceAiohttp,
				Argv:       []string{"gunicorn", "--bind", "0.0.0.0:{port}", "--worker-class", "aiohttp.GunicornWebWorker", "--worker-tmp-dir", "/dev/shm", "{call}"},
				ConfigArgv: []string{"gunicorn", "--config", "{config}", "--worker-class", "aiohttp.GunicornWebWorker", "{call}"},
				BindArgv:   []string{"--bind", "0.0.0.0:{port}"},
				Source:     "https://docs.aiohttp.org/en/stable/deployment.html#start-gunicorn"},
		},
		Source:        "https://docs.gunicorn.org/en/stable/settings.html",
		BindFlags:     []string{"--bind", "-b"},
		ImportDirFlag: "--pythonpath", // https://docs.gunicorn.org/en/stable/settings.html#pythonpath
		LogFlags:      []string{"--access-logfile", "--error-logfile", "--log-file"},
		// https://docs.gunicorn.org/en/stable/design.html#async-workers
		WorkerClasses: map[string]string{"sync": "", "gthread": "", "gevent": "gevent", "eventlet": "eventlet", "tornado": "tornado",
			// ASGI through a worker class: https://www.uvicorn.org/deployment/#gunicorn, https://github.com/Kludex/uvicorn-worker
			"uvicorn.workers.UvicornWorker": "uvicorn", "uvicorn_worker.UvicornWorker": "uvicorn-worker", "aiohttp.GunicornWebWorker": "aiohttp"},
		WorkerFlags: []string{"--worker-class", "-k"},
		// https://docs.gunicorn.org/en/stable/settings.html#config, #graceful-timeout
		ConfigFlags: []string{"--config", "-c"}, DefaultGrace: 30,
		TrustEnv: "FORWARDED_ALLOW_IPS", TrustFlag: "--forwarded-allow-ips",
		Trust: []string{
			"gunicorn believes X-Forwarded-* only from the addresses in FORWARDED_ALLOW_IPS: set your proxy's",
			"address at run time (-e FORWARDED_ALLOW_IPS=10.0.0.5); never *, which lets any client choose its address.",
		},
		Env: []setting{
			{Env: "WEB_CONCURRENCY", Value: "{workers}", Flags: []string{"--workers", "-w"}, Key: "workers", Note: workersNote},
			// Threads only matter to the default sync worker, which they
			// turn into gthread; another worker class ignores them.
			{Env: "GUNICORN_CMD_ARGS", Arg: "--threads", Value: strconv.Itoa(GunicornThreads), OursOnly: true, Flags: []string{"--threads", "--worker-class", "-k", "-c", "--config"},
				Note: "gunicorn runs " + strconv.Itoa(GunicornThreads) + " threads per worker (gthread): a slow request does not block the others or the health probe."},
			{Env: "GUNICORN_CMD_ARGS", Arg: "--graceful-timeout", Value: "{grace}", Flags: []string{"--graceful-timeout", "-c", "--config"}, Key: "graceful_timeout", Note: graceNote("gunicorn")},
			// Also for the authors' command, which stays as written (DF016).
			{Env: "GUNICORN_CMD_ARGS", Arg: "--worker-tmp-dir", Value: "/dev/shm", Flags: []string{"--worker-tmp-dir", "-c", "--config"}, Key: "worker_tmp_dir",
				Note: "gunicorn's worker heartbeat files on tmpfs: on the overlay disk slow writes get workers killed as unresponsive."},
		},
		EnvSource: "https://docs.gunicorn.org/en/stable/settings.html (WEB_CONCURRENCY, GUNICORN_CMD_ARGS, FORWARDED_ALLOW_IPS, threads)",
	},
	{
		Name: "granian", Package: "granian", Program: "granian",
		Runs: []run{
			{Interface: detect.InterfaceASGI,
				Argv:        []string{"granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", "{port}", "{target}"},
				FactoryFlag: "--factory"},
			{Interface: detect.InterfaceWSGI,
				Argv:        []string{"granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "{port}", "{target}"},
				FactoryFlag: "--factory"},
		},
		Source:    "https://github.com/emmett-framework/granian#options",
		PortFlags: []string{"--port"}, HostFlags: []string{"--host"},
		LoopbackDefault: "127.0.0.1", ReachArgv: []string{"--host", "0.0.0.0"}, // --host defaults to 127.0.0.1
		Trust: []string{
			"granian ignores X-Forwarded-* headers, so no client can forge its address; behind a proxy, wrap the app",
			"with granian.utils.proxies.wrap_asgi_with_proxy_headers(app, trusted_hosts=[\"<proxy address>\"]) (wrap_wsgi_… for WSGI).",
		},
		Env: []setting{
			{Env: "GRANIAN_WORKERS", Value: "{workers}", Flags: []string{"--workers"}, Note: workersNote},
			{Env: "GRANIAN_WORKERS_KILL_TIMEOUT", Value: "{grace}", Flags: []string{"--workers-kill-timeout"}, Note: graceNote("granian")},
		},
		EnvSource: "https://github.com/emmett-framework/granian#options (GRANIAN_* variables, granian.utils.proxies)",
	},
	{
		Name: "hypercorn", Package: "hypercorn", Program: "hypercorn",
		Runs: []run{{Interface: detect.InterfaceASGI,
			Argv:       []string{"hypercorn", "--bind", "0.0.0.0:{port}", "--workers", "{workers}", "{call}"},
			ConfigArgv: []string{"hypercorn", "--config", "{config}", "{call}"},
			BindArgv:   []string{"--bind", "0.0.0.0:{port}"}}},
		Source:          "https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html",
		BindFlags:       []string{"--bind", "-b", "--insecure-bind"},
		LoopbackDefault: "127.0.0.1:8000", ReachArgv: []string{"--bind", "0.0.0.0:{port}"}, // bind defaults to 127.0.0.1:8000
		// graceful_timeout: 3 s by default (the same page's table).
		ConfigFlags: []string{"--config", "-c"}, DefaultGrace: 3,
		Trust: []string{
			"hypercorn ignores X-Forwarded-* headers, so no client can forge its address; behind a proxy, wrap the app",
			"with hypercorn.middleware.ProxyFixMiddleware(app, mode=\"legacy\", trusted_hops=1), one hop per proxy you run.",
		},
		// Notes hold for pydock's own command line (--workers in it) only.
		Notes: []string{
			"hypercorn reads no environment, so --workers is in CMD; its graceful timeout (3 s by default)",
			"fits inside docker stop's 10 s and Kubernetes' 30 s before SIGKILL.",
		},
		EnvSource: "https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html",
	},
	{
		Name: "waitress", Package: "waitress", Program: "waitress-serve",
		Runs: []run{{Interface: detect.InterfaceWSGI,
			Argv:        []string{"waitress-serve", "--listen=0.0.0.0:{port}", "{target}"},
			FactoryFlag: "--call"}},
		Source:    "https://docs.pylonsproject.org/projects/waitress/en/stable/runner.html",
		BindFlags: []string{"--listen"}, PortFlags: []string{"--port"}, HostFlags: []string{"--host"},
		TrustFlag: "--trusted-proxy",
		Trust: []string{
			"waitress-serve ignores X-Forwarded-* headers unless given --trusted-proxy <proxy address> (never *)",
			"and --trusted-proxy-headers naming the ones your proxy sets.",
		},
		EnvSource: "https://docs.pylonsproject.org/projects/waitress/en/latest/arguments.html#trusted-proxy",
	},
	{
		Name: "uwsgi", Package: "uwsgi", Program: "uwsgi",
		Runs: []run{{Interface: detect.InterfaceWSGI,
			Argv:       []string{"uwsgi", "--http-socket", "0.0.0.0:{port}", "--master", "--processes", "{workers}", "--module", "{target}"},
			ConfigArgv: []string{"uwsgi", "--ini", "{config}"},
			// A socket option adds a socket, on the command line as in the
			// file (core/uwsgi.c: http-socket → uwsgi_opt_add_socket).
			BindArgv: []string{"--http-socket", "0.0.0.0:{port}"}, BindAdds: true}},
		ConfigFlags: []string{"--ini"},
		Source:      "https://uwsgi-docs.readthedocs.io/en/latest/WSGIquickstart.html",
		BindFlags:   []string{"--http-socket", "--http"},
		Trust: []string{
			"uwsgi hands X-Forwarded-* to the app untouched and takes the client's address from the connection:",
			"behind a proxy, believe those headers in the app from that proxy only (werkzeug's ProxyFix, x_for=1).",
		},
		Env: []setting{
			// uWSGI 2.0 treats SIGTERM as "reload": docker stop would wait
			// out its timeout and SIGKILL it.
			{Env: "UWSGI_DIE_ON_TERM", Value: "true", Flags: []string{"--die-on-term", "--ini"}, Key: "die-on-term",
				Note: "UWSGI_DIE_ON_TERM: uWSGI 2.0 reloads on SIGTERM; with it, SIGTERM stops the server, as docker stop expects."},
			{Env: "UWSGI_WORKER_RELOAD_MERCY", Value: "{grace}", Flags: []string{"--worker-reload-mercy", "--ini"}, Key: "worker-reload-mercy", Note: graceNote("uwsgi")},
		},
		EnvSource: "https://uwsgi-docs.readthedocs.io/en/latest/Configuration.html#environment-variables (UWSGI_<OPTION>), ThingsToKnow (die-on-term)",
	},
	{
		// Channels' reference server: picked for a Channels site that
		// installs it, or when the authors serve with it; a project that
		// merely installs it (its own launcher starts it) keeps its way.
		Name: "daphne", Package: "daphne", Program: "daphne", PreferredOnly: true,
		Runs: []run{{Interface: detect.InterfaceASGI,
			Argv: []string{"daphne", "-b", "0.0.0.0", "-p", "{port}", "{target}"}}},
		Source: "https://github.com/django/daphne#readme (daphne -b 0.0.0.0 -p 8001 django_project.asgi:application)",
		// https://github.com/django/daphne#readme (-b/--bind is the host, -p/--port)
		PortFlags: []string{"-p", "--port"}, HostFlags: []string{"-b", "--bind"},
		LoopbackDefault: "127.0.0.1", ReachArgv: []string{"-b", "0.0.0.0"}, // -b defaults to 127.0.0.1
		TrustFlag: "--proxy-headers", TrustAll: true,
		Trust: []string{
			"daphne ignores X-Forwarded-* headers unless given --proxy-headers, which believes them from any client:",
			"add it only when a proxy you run overwrites those headers on every request.",
		},
		EnvSource: "https://github.com/django/daphne#readme (--proxy-headers)",
	},
	{
		// aiohttp's own runner imports a function that returns the app.
		Name: "aiohttp", Package: "aiohttp", Program: "python",
		Runs: []run{{Interface: detect.InterfaceAiohttp,
			Argv: []string{"python", "-m", "aiohttp.web", "--hostname", "0.0.0.0", "--port", "{port}", "{target}"}}},
		Source:    "https://docs.aiohttp.org/en/stable/web_quickstart.html#command-line-interface-cli",
		PortFlags: []string{"-P", "--port"}, HostFlags: []string{"-H", "--hostname"},
	},
}

// launchers are package programs that serve by themselves with their own
// default port and read no $PORT: the image listens where they do.
var launchers = []server{
	{
		// Flower is celery's flower subcommand (its wheel registers it in the
		// celery.commands entry points); it reads FLOWER_* variables, never
		// PORT, and tornado's option parser wants --port=N in one word.
		Name: "flower", Package: "flower", Program: "celery", Subcommand: "flower",
		Port: 5555, PortFlags: []string{"--port"}, PortArg: []string{"--port={port}"},
		Source: "https://flower.readthedocs.io/en/latest/config.html#port (default 5555; flower/options.py define(\"port\", default=5555))",
	},
	{
		Name: "pypiserver", Package: "pypiserver", Program: "pypi-server", Module: "pypiserver",
		Port: 8080, PortFlags: []string{"--port", "-p"}, PortArg: []string{"--port", "{port}"},
		Source: "https://github.com/pypiserver/pypiserver#usage (-p, --port PORT, default 8080)",
		// Its subcommands and valued options, from pypiserver/config.py's parsers.
		DataArg: true, DataDir: "/data/packages", Words: []string{"run", "update"},
		ValueFlags: []string{"-p", "--port", "-i", "-H", "--interface", "--host", "-a", "--authenticate", "-P", "--passwords",
			"--fallback-url", "--health-endpoint", "--server", "--welcome", "--cache-control", "--server-base-url", "--backend",
			"--hash-algo", "--log-file", "--log-stream", "--log-frmt", "--log-req-frmt", "--log-res-frmt", "--log-err-frmt",
			"-d", "--download-directory", "--blacklist-file", "--ignorelist-file"},
		DataSource: "https://github.com/pypiserver/pypiserver#usage (package_directory, default ~/packages, where uploads go; the authors' image serves a VOLUME /data/packages)",
	},
	{
		// ArchiveBox refuses to serve an uninitialised data directory, which
		// is the working directory unless DATA_DIR says otherwise, and binds
		// BIND_ADDR (127.0.0.1:8000) unless given host:port.
		Name: "archivebox", Package: "archivebox", Program: "archivebox", Subcommand: "server",
		Port: 8000, BindArg: true, PortArg: []string{"0.0.0.0:{port}"},
		Source:  "https://github.com/ArchiveBox/ArchiveBox#quickstart (archivebox server [--init] [host:port], BIND_ADDR default 127.0.0.1:8000)",
		DataEnv: "DATA_DIR", DataDir: "/data", InitArgv: []string{"--init"}, InitCommand: []string{"archivebox", "init"},
		DataSource: "https://github.com/ArchiveBox/ArchiveBox/blob/dev/Dockerfile (DATA_DIR=/data, CMD archivebox server --init 0.0.0.0:8000)",
		// Its default SERVER_SECURITY_MODE routes by subdomain of LISTEN_HOST
		// (archivebox.localhost:8000): HostRoutingMiddleware redirects any
		// other Host, 127.0.0.1:8000 included, to web.archivebox.localhost,
		// which the probe cannot resolve; the admin host is served as is.
		ProbeHost:       "admin.archivebox.localhost:8000",
		ProbeHostSource: "https://github.com/ArchiveBox/ArchiveBox/blob/dev/Dockerfile (HEALTHCHECK curl http://admin.archivebox.localhost:8000/health/; archivebox/core/middleware.py HostRoutingMiddleware)",
	},
	{
		// pyLoad's web UI (cheroot) binds [webui] host and port, localhost and
		// 8000 by default; settings/pyload.cfg in its user directory overrides
		// the defaults value by value, and nothing else sets them.
		Name: "pyload", Package: "pyload-ng", Program: "pyload", Module: "pyload",
		Port:   8000,
		Source: "https://github.com/pyload/pyload/blob/main/src/pyload/core/config/default.cfg (webui: ip host = localhost, int port = 8000)",
		// Its settings, database and plugins' state live there (~/.pyload
		// unless --userdir); the authors' image passes --userdir /config.
		DataFlag: "--userdir", DataDir: "/data",
		DataSource: "https://github.com/pyload/pyload#usage (pyload --userdir USERDIR; its Docker image runs pyload --userdir /config)",
		AddrFile:   "settings/pyload.cfg",
		AddrText: []string{"version: 2", "", `webui - "Web Interface":`,
			`    ip host : "IP address" = 0.0.0.0`, `    int port : "Port" = {port}`},
		AddrSource: "src/pyload/core/config/parser.py: ConfigParser copies default.cfg to <userdir>/settings/pyload.cfg when absent and reads that file's values over the defaults; linuxserver/docker-pyload-ng seeds one with host 0.0.0.0 the same way",
	},
}

// wrappers start the program that follows them (an agent around the
// server): the server is matched through them. Options: the wrapper takes
// --options (each with a value, or =value) before the program.
var wrappers = []struct {
	Program, Sub string
	Options      bool
	Source       string
}{
	{Program: "exec"},
	{Program: "newrelic-admin", Sub: "run-program", Source: "https://docs.newrelic.com/docs/apm/agents/python-agent/installation/standard-python-agent-install/"},
	{Program: "ddtrace-run", Source: "https://ddtrace.readthedocs.io/en/stable/installation_quickstart.html"},
	{Program: "opentelemetry-instrument", Options: true, Source: "https://opentelemetry.io/docs/zero-code/python/configuration/"},
}

// programs maps console scripts a command may start to the distribution
// that installs them, beyond the servers above.
var programs = map[string]string{
	"celery": "celery", "streamlit": "streamlit", "gradio": "gradio",
	"flask": "flask", "fastapi": "fastapi-cli", "litestar": "litestar", "sanic": "sanic",
	"newrelic-admin": "newrelic", "ddtrace-run": "ddtrace", "opentelemetry-instrument": "opentelemetry-distro",
	"huey_consumer": "huey", "rq": "rq", "dramatiq": "dramatiq", "alembic": "alembic", "arq": "arq",
}

// runnerBackends are the servers a framework's own runner starts: one of
// them must be installed too.
var runnerBackends = map[string][]string{
	"litestar": {"uvicorn", "litestar-granian"},
	"fastapi":  {"uvicorn"},
	"sanic":    {"sanic"},
}

// shellPrograms are always in the image (the base image's own).
var shellPrograms = map[string]bool{"python": true, "python3": true, "sh": true, "/bin/sh": true, "bash": true, "exec": true}
