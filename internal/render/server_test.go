package render

import (
	"regexp"
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

func withGunicornConf(f *detect.Facts) *detect.Facts {
	f.ServerConfigs = []detect.ServerConfig{{Server: "gunicorn", File: "gunicorn.conf.py", Source: detect.Source{File: "gunicorn.conf.py"}}}
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
	// uvicorn is preferred when installed; the project's gunicorn config
	// makes gunicorn run it as a worker class.
	{"gunicorn with the uvicorn worker", withGunicornConf(serverFacts(detect.FrameworkFastAPI, "gunicorn", "uvicorn")), "gunicorn"},
	{"granian asgi", serverFacts(detect.FrameworkStarlette, "granian"), "granian"},
	{"granian wsgi", serverFacts(detect.FrameworkFlask, "granian"), "granian"},
	{"hypercorn", serverFacts(detect.FrameworkFastAPI, "hypercorn"), "hypercorn"},
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
