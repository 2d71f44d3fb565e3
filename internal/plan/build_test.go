package plan

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pydock/pydock/internal/detect"
)

var today = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func src(f string) detect.Source { return detect.Source{File: f} }

func webFacts(fw detect.Framework, servers ...string) *detect.Facts {
	f := &detect.Facts{
		Manager: detect.ManagerPip, ManagerFrom: src("requirements.txt"),
		Framework: fw, Servers: servers,
		App: &detect.AppTarget{Module: "app.main", Attr: "app", Source: src("app/main.py")},
	}
	f.Dependencies = append(f.Dependencies, detect.Dependency{Name: string(fw)})
	for _, s := range servers {
		f.Dependencies = append(f.Dependencies, detect.Dependency{Name: s})
	}
	return f
}

func withConfig(f *detect.Facts, server, file string, port int) *detect.Facts {
	f.ServerConfigs = append(f.ServerConfigs, detect.ServerConfig{Server: server, File: file, Port: port, Source: src(file)})
	return f
}

func withIface(f *detect.Facts, i detect.Interface) *detect.Facts {
	f.App.Interface = i
	return f
}

func TestPythonSelection(t *testing.T) {
	c := func(kind, spec, file string) detect.PythonConstraint {
		return detect.PythonConstraint{Kind: kind, Spec: spec, Source: src(file)}
	}
	tests := []struct {
		name    string
		cons    []detect.PythonConstraint
		flag    string
		want    string
		image   string
		warn    string
		wantErr []string
	}{
		{"nothing declared", nil, "", "3.13", "python:3.13-slim-trixie", "", nil},
		{"compound range (flyctl rendered python:3.11,<3.13)", []detect.PythonConstraint{c("requires-python", ">=3.11,<3.13", "pyproject.toml")}, "", "3.12", "python:3.12-slim-trixie", "", nil},
		{"wildcard (flyctl rendered python:3.12.)", []detect.PythonConstraint{c("requires-python", "==3.12.*", "pyproject.toml")}, "", "3.12", "", "", nil},
		{"poetry caret without a lock: the default release", []detect.PythonConstraint{c("poetry", "^3.11", "pyproject.toml")}, "", "3.13", "", "", nil},
		{"below the default: the nearest allowed", []detect.PythonConstraint{c("requires-python", "<3.12", "pyproject.toml")}, "", "3.11", "", "", nil},
		{"latest: the newest", []detect.PythonConstraint{c("python-version", "latest", ".python-version"), c("requires-python", ">=3.11", "pyproject.toml")}, "", "3.14", "", "", nil},
		{"pin narrows a range", []detect.PythonConstraint{c("python-version", "3.12", ".python-version"), c("requires-python", ">=3.11", "pyproject.toml")}, "", "3.12", "", "", nil},
		{"runtime.txt patch pin: its own tag", []detect.PythonConstraint{c("runtime.txt", "python-3.11.9", "runtime.txt")}, "", "3.11", "python:3.11.9-slim-bookworm", "security", nil},
		{"an old patch builds on its line", []detect.PythonConstraint{c("runtime.txt", "python-3.6.5", "runtime.txt")}, "", "3.6", "python:3.6-slim-bullseye", "no slim image", nil},
		{"no image for the line", []detect.PythonConstraint{c("python-version", "3.15", ".python-version")}, "", "", "", "", []string{".python-version", "3.15"}},
		{"conflict names every source", []detect.PythonConstraint{c("python-version", "3.11", ".python-version"), c("requires-python", ">=3.12", "pyproject.toml")}, "", "", "", "",
			[]string{"disagree", ".python-version: python-version \"3.11\"", "pyproject.toml: requires-python \">=3.12\"", "--python"}},
		{"flag overrides and warns", []detect.PythonConstraint{c("requires-python", ">=3.12", "pyproject.toml")}, "3.11", "3.11", "", "does not allow it", nil},
		{"end of life warned", []detect.PythonConstraint{c("python-version", "3.10", ".python-version")}, "", "3.10", "", "END OF LIFE", nil},
		{"end of life still published", []detect.PythonConstraint{c("python-version", "3.8", ".python-version")}, "", "3.8", "python:3.8-slim-bookworm", "END OF LIFE", nil},
		{"unsupported flag", nil, "2.7", "", "", "", []string{"--python"}},
		{"garbage spec names its file", []detect.PythonConstraint{c("requires-python", ">=three", "pyproject.toml")}, "", "", "", "", []string{"pyproject.toml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &detect.Facts{Manager: detect.ManagerNone, EntryFile: "main.py", Python: tt.cons}
			p, err := Build(f, Settings{Python: tt.flag}, today)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatal("want an error")
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Python.Minor.String(); got != tt.want {
				t.Errorf("python = %s, want %s", got, tt.want)
			}
			if tt.image != "" && p.BaseImage != tt.image {
				t.Errorf("image = %s, want %s", p.BaseImage, tt.image)
			}
			if tt.warn != "" && !slices.ContainsFunc(p.Warnings, func(s string) bool { return strings.Contains(s, tt.warn) }) {
				t.Errorf("warnings %q lack %q", p.Warnings, tt.warn)
			}
		})
	}
}

func TestServerCommand(t *testing.T) {
	tests := []struct {
		name  string
		facts *detect.Facts
		set   Settings
		want  string
		warn  string
	}{
		{"fastapi + uvicorn", webFacts(detect.FrameworkFastAPI, "uvicorn"), Settings{},
			"uvicorn app.main:app --host 0.0.0.0 --port 8000 --proxy-headers", ""},
		{"fastapi without a server warns", webFacts(detect.FrameworkFastAPI), Settings{},
			"uvicorn app.main:app --host 0.0.0.0 --port 8000 --proxy-headers", "no ASGI server"},
		{"flask + gunicorn, workers and port flags", webFacts(detect.FrameworkFlask, "gunicorn"), Settings{Port: 5000, Workers: 3},
			"gunicorn --bind 0.0.0.0:5000 --worker-tmp-dir /dev/shm --access-logfile - app.main:app", ""},
		{"starlette on granian", webFacts(detect.FrameworkStarlette, "granian"), Settings{},
			"granian --interface asgi --host 0.0.0.0 --port 8000 app.main:app", ""},
		{"fastapi on gunicorn only: gunicorn runs uvicorn's worker, and uvicorn is installed for it", webFacts(detect.FrameworkFastAPI, "gunicorn"), Settings{},
			"gunicorn --bind 0.0.0.0:8000 --worker-class uvicorn.workers.UvicornWorker --worker-tmp-dir /dev/shm app.main:app", "uvicorn==0.32.1"},
		{"fastapi with a gunicorn config file uses the uvicorn worker under it", withConfig(webFacts(detect.FrameworkFastAPI, "gunicorn", "uvicorn"), "gunicorn", "gunicorn.conf.py", 9000), Settings{},
			"gunicorn --config gunicorn.conf.py --worker-class uvicorn.workers.UvicornWorker app.main:app", ""},
		{"flask without a server installs a pinned gunicorn", webFacts(detect.FrameworkFlask), Settings{},
			"gunicorn --bind 0.0.0.0:8000 --worker-tmp-dir /dev/shm --access-logfile - app.main:app", "gunicorn==23.0.0"},
		{"falcon asgi app on hypercorn", withIface(webFacts(detect.FrameworkFalcon, "hypercorn"), detect.InterfaceASGI), Settings{},
			"hypercorn --bind 0.0.0.0:8000 --workers 1 app.main:app", ""},
		{"--app factory", webFacts(detect.FrameworkFlask, "gunicorn"), Settings{App: "svc:create_app()"},
			"gunicorn --bind 0.0.0.0:8000 --worker-tmp-dir /dev/shm --access-logfile - svc:create_app()", ""},
		{"--app command line", webFacts(detect.FrameworkFlask, "gunicorn"), Settings{App: "waitress-serve --port 8000 app:app"},
			"waitress-serve --port 8000 app:app", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build(tt.facts, tt.set, today)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Command, " "); got != tt.want {
				t.Errorf("command =\n  %s\nwant\n  %s", got, tt.want)
			}
			if tt.warn != "" && !slices.ContainsFunc(p.Warnings, func(s string) bool { return strings.Contains(s, tt.warn) }) {
				t.Errorf("warnings %q lack %q", p.Warnings, tt.warn)
			}
			if w := max(tt.set.Workers, 1); p.Command[0] != "waitress-serve" && p.Command[0] != "hypercorn" && !slices.Contains(p.ServerEnv, EnvVar{"WEB_CONCURRENCY", strconv.Itoa(w)}) && !slices.Contains(p.ServerEnv, EnvVar{"GRANIAN_WORKERS", strconv.Itoa(w)}) {
				t.Errorf("server env %v does not carry the worker count %d", p.ServerEnv, w)
			}
		})
	}
}

func TestProcfile(t *testing.T) {
	f := webFacts(detect.FrameworkFlask, "gunicorn")
	f.Procfile = &detect.Procfile{Command: "gunicorn wsgi:app --bind 0.0.0.0:${PORT:-5000} --workers 2", Source: detect.Source{File: "Procfile", Line: 1}}
	p, err := Build(f, Settings{}, today)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Command, " "); got != "gunicorn wsgi:app --bind 0.0.0.0:5000 --workers 2" || p.Port != 5000 {
		t.Errorf("command %q port %d", got, p.Port)
	}
	// A variable the port substitution does not cover needs a shell.
	f.Procfile.Command = "gunicorn wsgi:app --bind 0.0.0.0:$PORT --workers $WEB_CONCURRENCY"
	p, err = Build(f, Settings{Port: 8080}, today)
	if err != nil {
		t.Fatal(err)
	}
	if p.Command[0] != "/bin/sh" || !strings.Contains(p.Command[2], "0.0.0.0:8080") {
		t.Errorf("command = %q, want sh -c with the port substituted", p.Command)
	}
}

func TestNonWebServices(t *testing.T) {
	f := &detect.Facts{Manager: detect.ManagerNone, EntryFile: "bot.py"}
	p, err := Build(f, Settings{}, today)
	if err != nil {
		t.Fatal(err)
	}
	if p.HasWeb() || p.HealthPath != "" || p.StopSignal != "SIGINT" || strings.Join(p.Command, " ") != "python bot.py" {
		t.Errorf("plan = port %d health %q stop %q cmd %q", p.Port, p.HealthPath, p.StopSignal, p.Command)
	}
	f = &detect.Facts{Manager: detect.ManagerPip, Packaged: true, Scripts: []detect.Script{{Name: "worker", Target: "svc.cli:main"}}}
	p, err = Build(f, Settings{}, today)
	if err != nil || strings.Join(p.Command, " ") != "worker" {
		t.Errorf("script command = %q, %v", p.Command, err)
	}
	_, err = Build(&detect.Facts{Manager: detect.ManagerPip}, Settings{}, today)
	if err == nil || !strings.Contains(err.Error(), "--app") {
		t.Errorf("nothing to run: err = %v, want a hint about --app", err)
	}
}

func TestSystemPackages(t *testing.T) {
	psycopg2 := func(w *detect.WheelInfo) *detect.Facts {
		f := webFacts(detect.FrameworkFlask, "gunicorn")
		f.Dependencies = append(f.Dependencies, detect.Dependency{Name: "psycopg2", Wheels: w})
		return f
	}
	tests := []struct {
		name           string
		facts          *detect.Facts
		build, runtime []string
	}{
		{"psycopg2 without a lock compiles", psycopg2(nil), []string{"gcc", "libc6-dev", "libpq-dev"}, []string{"libpq5"}},
		{"psycopg2 sdist-only in the lock compiles", psycopg2(&detect.WheelInfo{}), []string{"gcc", "libc6-dev", "libpq-dev"}, []string{"libpq5"}},
		{"a manylinux wheel for both targets needs nothing", psycopg2(&detect.WheelInfo{Tags: []string{"cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp313-cp313-manylinux_2_17_aarch64.manylinux2014_aarch64"}}), nil, nil},
		{"a wheel for amd64 alone still compiles for arm64", psycopg2(&detect.WheelInfo{Tags: []string{"cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64"}}), []string{"gcc", "libc6-dev", "libpq-dev"}, []string{"libpq5"}},
		{"trixie's glibc takes a manylinux_2_39 wheel", psycopg2(&detect.WheelInfo{Tags: []string{"cp313-cp313-manylinux_2_39_x86_64", "cp313-cp313-manylinux_2_39_aarch64"}}), nil, nil},
		{"a wheel for another Python does not count", psycopg2(&detect.WheelInfo{Tags: []string{"cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64"}}), []string{"gcc", "libc6-dev", "libpq-dev"}, []string{"libpq5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build(tt.facts, Settings{Python: "3.13"}, today)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.BuildPackages, tt.build) || !slices.Equal(p.RuntimePackages, tt.runtime) {
				t.Errorf("build %q runtime %q, want %q %q", p.BuildPackages, p.RuntimePackages, tt.build, tt.runtime)
			}
		})
	}
	f := webFacts(detect.FrameworkFlask, "gunicorn")
	f.Dependencies = append(f.Dependencies, detect.Dependency{Name: "internal-lib", VCS: true})
	p, _ := Build(f, Settings{}, today)
	if !slices.Equal(p.BuildPackages, []string{"git"}) || len(p.RuntimePackages) != 0 {
		t.Errorf("VCS dependency: build %q runtime %q, want git in the builder only", p.BuildPackages, p.RuntimePackages)
	}
}

func TestServicesAndHealth(t *testing.T) {
	f := webFacts(detect.FrameworkDjango, "gunicorn")
	f.Django = &detect.Django{SettingsModule: "site1.settings", StaticRoot: true, SecretEnv: "DJANGO_SECRET_KEY"}
	f.AppDir = "site1"
	f.Dependencies = append(f.Dependencies, detect.Dependency{Name: "psycopg2-binary"}, detect.Dependency{Name: "celery", Extras: []string{"redis"}})
	f.EnvUses = []detect.EnvUse{{Name: "DATABASE_URL", Source: src("site1/settings.py")}}
	p, err := Build(f, Settings{}, today)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, s := range p.Services {
		kinds = append(kinds, s.Kind)
	}
	if !slices.Equal(kinds, []string{"postgres", "redis"}) {
		t.Errorf("services = %q", kinds)
	}
	if p.Worker == nil || strings.Join(p.Worker.Command, " ") != "celery -A site1 worker --loglevel=INFO" {
		t.Errorf("worker = %+v", p.Worker)
	}
	// No route yet: the snippet is written, and the probe checks the port
	// until it is wired.
	if p.Snippet == nil || p.Snippet.Path != "site1/health.py" || p.Snippet.LivePath != "/healthz" || p.HealthPath != "" {
		t.Errorf("snippet = %+v health %q", p.Snippet, p.HealthPath)
	}
	if len(p.BuildPackages) != 0 {
		t.Errorf("psycopg2-binary needs no compiler, got %q", p.BuildPackages)
	}

	// An existing route is re-used and no snippet is written (HE003).
	f.Health = &detect.HealthRoute{Path: "/ping", Source: src("site1/urls.py")}
	p, _ = Build(f, Settings{}, today)
	if p.Snippet != nil || p.HealthPath != "/ping" {
		t.Errorf("existing route: snippet %+v path %q", p.Snippet, p.HealthPath)
	}
	no := false
	f.Health = nil
	p, _ = Build(f, Settings{HealthSnippet: &no}, today)
	if p.Snippet != nil || p.HealthPath != "" {
		t.Errorf("--no-health-snippet: snippet %+v path %q", p.Snippet, p.HealthPath)
	}
	// The snippet once wired is the route, and stays pydock's file.
	f.Health = &detect.HealthRoute{Path: "/healthz", Snippet: true, Source: src("site1/health.py")}
	p, _ = Build(f, Settings{}, today)
	if p.Snippet == nil || p.HealthPath != "/healthz" {
		t.Errorf("wired snippet: snippet %+v path %q", p.Snippet, p.HealthPath)
	}
}

func TestBadSettings(t *testing.T) {
	for _, s := range []Settings{{Port: 70000}, {Workers: -1}, {HealthPath: "healthz"}, {BaseImage: "python:latest"}, {BaseImage: "python:3.12"}, {App: "nocolon"}} {
		if _, err := Build(webFacts(detect.FrameworkFlask, "gunicorn"), s, today); err == nil {
			t.Errorf("Build(%+v) accepted a bad setting", s)
		}
	}
}

// A framework's own runner needs its server backend in the image too.
func TestRunnerBackendInstalled(t *testing.T) {
	f := webFacts(detect.FrameworkLitestar)
	f.Procfile = &detect.Procfile{Process: "web", Command: "litestar run --host 0.0.0.0", Source: detect.Source{File: "Procfile", Line: 1}}
	p, err := Build(f, Settings{}, today)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, "uvicorn") && strings.Contains(w, "litestar run") }) {
		t.Errorf("warnings %q do not say litestar run needs uvicorn", p.Warnings)
	}
	f.Dependencies = append(f.Dependencies, detect.Dependency{Name: "uvicorn"})
	p, _ = Build(f, Settings{}, today)
	if slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, "litestar run") }) {
		t.Errorf("uvicorn installed, still warned: %q", p.Warnings)
	}
}
