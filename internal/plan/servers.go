package plan

import (
	"path"
	"strings"
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
	Trust  []string
	Source string
}

var serverTable = []serverRow{
	{
		Program: "uvicorn", TrustEnv: "FORWARDED_ALLOW_IPS", TrustFlag: "--forwarded-allow-ips",
		Trust: []string{
			"uvicorn believes X-Forwarded-For/-Proto only from the addresses in FORWARDED_ALLOW_IPS: set your proxy's",
			"address at run time (-e FORWARDED_ALLOW_IPS=10.0.0.5); never *, which lets any client choose its address.",
		},
		Source: "https://www.uvicorn.org/settings/#http (--forwarded-allow-ips, $FORWARDED_ALLOW_IPS)",
	},
	{
		Program: "gunicorn", TrustEnv: "FORWARDED_ALLOW_IPS", TrustFlag: "--forwarded-allow-ips",
		Trust: []string{
			"gunicorn believes X-Forwarded-* only from the addresses in FORWARDED_ALLOW_IPS: set your proxy's",
			"address at run time (-e FORWARDED_ALLOW_IPS=10.0.0.5); never *, which lets any client choose its address.",
		},
		Source: "https://docs.gunicorn.org/en/stable/settings.html#forwarded-allow-ips",
	},
	{
		Program: "granian",
		Trust: []string{
			"granian ignores X-Forwarded-* headers, so no client can forge its address; behind a proxy, wrap the app",
			"with granian.utils.proxies.wrap_asgi_with_proxy_headers(app, trusted_hosts=[\"<proxy address>\"]) (wrap_wsgi_… for WSGI).",
		},
		Source: "https://github.com/emmett-framework/granian (granian.utils.proxies)",
	},
	{
		Program: "hypercorn",
		Trust: []string{
			"hypercorn ignores X-Forwarded-* headers, so no client can forge its address; behind a proxy, wrap the app",
			"with hypercorn.middleware.ProxyFixMiddleware(app, mode=\"legacy\", trusted_hops=1), one hop per proxy you run.",
		},
		Source: "https://hypercorn.readthedocs.io/en/latest/how_to_guides/proxy_fix.html",
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
			"waitress ignores X-Forwarded-* headers unless given --trusted-proxy <proxy address> (never *)",
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
// environment, and warns when a command of the user's believes forwarded
// headers from anyone.
func (p *Plan) chooseServerEnv() {
	row := serverOf(p.Command)
	if row == nil {
		return
	}
	p.ServerNotes = row.Trust
	if row.TrustEnv != "" {
		if _, given := flagValue(p.Command, row.TrustFlag); !given {
			p.ServerEnv = append(p.ServerEnv, EnvVar{row.TrustEnv, TrustedProxy})
			p.decide("trusted proxies", row.TrustEnv+"="+TrustedProxy, "forwarded headers believed from the container's loopback only, until you name your proxy")
		}
	}
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
