package render

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
)

var today = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// serverFacts is a pip project whose app pydock serves with the servers given.
func serverFacts(fw detect.Framework, servers ...string) *detect.Facts {
	f := &detect.Facts{
		Manager: detect.ManagerPip, ManagerFrom: detect.Source{File: "requirements.txt"},
		RequirementsFile: "requirements.txt", RequirementsFiles: []string{"requirements.txt"},
		Framework: fw, Servers: servers,
		App: &detect.AppTarget{Module: "app.main", Attr: "app", Source: detect.Source{File: "app/main.py"}},
	}
	f.Dependencies = append(f.Dependencies, detect.Dependency{Name: string(fw)})
	for _, s := range servers {
		f.Dependencies = append(f.Dependencies, detect.Dependency{Name: s})
	}
	return f
}

// serverCases covers every server command pydock writes itself.
var serverCases = []struct {
	name    string
	facts   *detect.Facts
	program string
}{
	{"uvicorn", serverFacts(detect.FrameworkFastAPI, "uvicorn"), "uvicorn"},
	{"gunicorn", serverFacts(detect.FrameworkFlask, "gunicorn"), "gunicorn"},
	{"gunicorn with the uvicorn worker", serverFacts(detect.FrameworkFastAPI, "gunicorn"), "gunicorn"},
	{"granian asgi", serverFacts(detect.FrameworkStarlette, "granian"), "granian"},
	{"granian wsgi", serverFacts(detect.FrameworkFlask, "granian"), "granian"},
	{"hypercorn", serverFacts(detect.FrameworkFastAPI, "hypercorn"), "hypercorn"},
	{"uwsgi", serverFacts(detect.FrameworkFlask, "uwsgi"), "uwsgi"},
	{"waitress", serverFacts(detect.FrameworkFlask, "waitress"), "waitress-serve"},
}

func renderFiles(t *testing.T, f *detect.Facts, s plan.Settings) (*plan.Plan, map[string]string) {
	t.Helper()
	p, err := plan.Build(f, s, today)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, file := range files {
		out[file.Path] = string(file.Content)
	}
	return p, out
}

// Forwarded headers (X-Forwarded-For, -Proto) name the client's address and
// scheme; believed from anyone, any client picks its own address. Every
// server pydock writes trusts them from a configured proxy only, 127.0.0.1
// until the user names theirs, and the Dockerfile says how.
func TestForwardedHeadersTrustedFromTheProxyOnly(t *testing.T) {
	trustEnv := map[string]string{"uvicorn": "FORWARDED_ALLOW_IPS", "gunicorn": "FORWARDED_ALLOW_IPS"}
	for _, tc := range serverCases {
		t.Run(tc.name, func(t *testing.T) {
			p, files := renderFiles(t, tc.facts, plan.Settings{})
			if p.Command[0] != tc.program {
				t.Fatalf("command %q does not run %s", p.Command, tc.program)
			}
			df := files["Dockerfile"]
			for i, a := range p.Command {
				if a == "--forwarded-allow-ips" || strings.HasPrefix(a, "--forwarded-allow-ips=") || a == "*" {
					t.Errorf("CMD argument %d is %q: trust comes from the environment, never from anyone", i, a)
				}
			}
			if env, ok := trustEnv[tc.program]; ok {
				if !regexp.MustCompile(`(?m)^(ENV |    )` + env + `=127\.0\.0\.1\b`).MatchString(df) {
					t.Errorf("Dockerfile does not set %s=127.0.0.1:\n%s", env, df)
				}
				if !regexp.MustCompile(`(?m)^# .*` + env + `.*proxy`).MatchString(df) {
					t.Errorf("no comment says how to trust the real proxy through %s", env)
				}
			} else if !regexp.MustCompile(`(?m)^# .*` + tc.program + `.*(X-Forwarded|proxy)`).MatchString(df) {
				t.Errorf("no comment says how %s treats forwarded headers", tc.program)
			}
			if strings.Contains(df, `"*"`) || strings.Contains(df, "=*") {
				t.Errorf("Dockerfile trusts * somewhere:\n%s", df)
			}
			if !strings.Contains(files["compose.yaml"], `- "127.0.0.1:8000:8000"`) {
				t.Errorf("compose publishes the app beyond the host's loopback:\n%s", files["compose.yaml"])
			}
		})
	}
}

// envIn returns the value a Dockerfile's ENV gives name (one ENV per
// block, continuation lines indented by four spaces, as pydock writes them).
func envIn(df, name string) (string, bool) {
	m := regexp.MustCompile(`(?m)^(?:ENV |    )` + name + `=("([^"]*)"|[^\s\\]+)`).FindStringSubmatch(df)
	if m == nil {
		return "", false
	}
	if strings.HasPrefix(m[1], `"`) {
		return m[2], true
	}
	return m[1], true
}

// Tunables come from the environment the server reads (an operator sets
// them without a rebuild), and a graceful stop fits inside the stop timeout
// of Docker (10 s, compose's stop_grace_period here) and so of Kubernetes
// (30 s): the server finishes its requests before SIGKILL.
func TestServerTunablesAndGracefulStop(t *testing.T) {
	grace := map[string]*regexp.Regexp{
		"uvicorn":  regexp.MustCompile(`^(\d+)$`),
		"gunicorn": regexp.MustCompile(`--graceful-timeout[= ](\d+)`),
		"granian":  regexp.MustCompile(`^(\d+)s?$`),
		"uwsgi":    regexp.MustCompile(`^(\d+)$`),
	}
	graceEnv := map[string]string{"uvicorn": "UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN", "gunicorn": "GUNICORN_CMD_ARGS", "granian": "GRANIAN_WORKERS_KILL_TIMEOUT", "uwsgi": "UWSGI_WORKER_RELOAD_MERCY"}
	workersEnv := map[string]string{"uvicorn": "WEB_CONCURRENCY", "gunicorn": "WEB_CONCURRENCY", "granian": "GRANIAN_WORKERS"}
	for _, tc := range serverCases {
		t.Run(tc.name, func(t *testing.T) {
			p, files := renderFiles(t, tc.facts, plan.Settings{Workers: 3})
			df, compose := files["Dockerfile"], files["compose.yaml"]
			if env, ok := workersEnv[tc.program]; ok {
				if v, _ := envIn(df, env); v != "3" {
					t.Errorf("%s = %q, want 3 (--workers 3)", env, v)
				}
				for _, a := range p.Command {
					if a == "--workers" || a == "-w" || strings.HasPrefix(a, "--workers=") {
						t.Errorf("CMD %q fixes the worker count the server reads from %s", p.Command, env)
					}
				}
			} else if flag, ok := map[string]string{"hypercorn": "--workers 3", "uwsgi": "--processes 3"}[tc.program]; ok && !strings.Contains(strings.Join(p.Command, " "), flag) {
				t.Errorf("CMD %q should carry %s", p.Command, flag)
			}
			if tc.program == "uwsgi" {
				// uWSGI 2.0 reloads on SIGTERM: without die-on-term, docker stop kills it.
				if v, _ := envIn(df, "UWSGI_DIE_ON_TERM"); v != "true" {
					t.Errorf("UWSGI_DIE_ON_TERM = %q, want true", v)
				}
			}
			m := regexp.MustCompile(`(?m)^    stop_grace_period: (\d+)s\b`).FindStringSubmatch(compose)
			if m == nil {
				t.Fatalf("compose sets no stop_grace_period:\n%s", compose)
			}
			stop := atoi(t, m[1])
			if stop > 10 {
				t.Errorf("stop_grace_period %ds: docker stop gives 10 s", stop)
			}
			if env, ok := graceEnv[tc.program]; ok {
				v, _ := envIn(df, env)
				g := grace[tc.program].FindStringSubmatch(v)
				if g == nil {
					t.Fatalf("%s = %q sets no graceful-shutdown timeout:\n%s", env, v, df)
				}
				if n := atoi(t, g[1]); n <= 0 || n >= stop {
					t.Errorf("graceful timeout %d s does not fit inside the %d s stop timeout", n, stop)
				}
			}
			if tc.name == "gunicorn" {
				v, _ := envIn(df, "GUNICORN_CMD_ARGS")
				th := regexp.MustCompile(`--threads[= ](\d+)`).FindStringSubmatch(v)
				if th == nil || atoi(t, th[1]) < 2 {
					t.Errorf("gunicorn's sync worker serves one request at a time: GUNICORN_CMD_ARGS = %q, want --threads", v)
				}
				if !regexp.MustCompile(`(?m)^# .*threads`).MatchString(df) {
					t.Errorf("no comment documents gunicorn's threads")
				}
			}
			if !strings.HasPrefix(df[strings.LastIndex(df, "\nCMD ")+1:], `CMD ["`) {
				t.Errorf("CMD is not in exec form")
			}
		})
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
