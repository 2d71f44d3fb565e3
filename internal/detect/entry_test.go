package detect

import (
	"testing"
	"testing/fstest"
)

func TestFindServingPort(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		port  int
	}{
		{"port argument of the serving call", fstest.MapFS{"srv.py": srcFile("import uvicorn\nuvicorn.run(app, host='0.0.0.0', port=8100)\n")}, 8100},
		{"PORT's default from the environment", fstest.MapFS{"srv.py": srcFile("import os\nport = int(os.environ.get('PORT', 5000))\nsocketio.run(app, port=port)\n")}, 5000},
		{"a defaults class constant", fstest.MapFS{
			"pkg/config.py": srcFile("class DEFAULTS:\n    HOST = '0.0.0.0'\n    PORT = 8080\n"),
			"pkg/main.py":   srcFile("import bottle\nbottle.run(app=app, host=h, port=p)\n"),
		}, 8080},
		{"no port named", fstest.MapFS{"srv.py": srcFile("from aiohttp import web\nweb.run_app(app)\n")}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := findServing(tt.files, []string{""})
			if ev == nil {
				t.Fatal("no serving code found")
			}
			if ev.Port != tt.port {
				t.Errorf("port %d, want %d", ev.Port, tt.port)
			}
		})
	}
}

func TestFindLauncherTargetFolder(t *testing.T) {
	app := "from fastapi import FastAPI\napp = FastAPI()\n"
	tests := []struct {
		name  string
		files fstest.MapFS
		roots []string
		want  string // "" when no target is importable as the image runs it
	}{
		{"a launcher inside its package", fstest.MapFS{
			"pkg/__init__.py": srcFile(""),
			"pkg/app.py":      srcFile("import uvicorn\nfrom pkg.routes import r\n" + app + "uvicorn.run('app:app', reload=True)\n"),
			"pkg/routes.py":   srcFile("r = 1\n"),
		}, []string{""}, "pkg.app:app"},
		{"two folders down under src", fstest.MapFS{
			"src/svc/api/__init__.py": srcFile(""),
			"src/svc/api/main.py":     srcFile("import uvicorn\n" + app + "uvicorn.run('main:app')\n"),
		}, []string{"src"}, "svc.api.main:app"},
		{"the launcher's folder is the root", fstest.MapFS{
			"src/run.py":          srcFile("import uvicorn\nuvicorn.run('service:app')\n"),
			"src/service.py":      srcFile(app),
			"src/pkg/__init__.py": srcFile(""),
		}, []string{"src"}, "service:app"},
		{"a sibling imported by its bare name", fstest.MapFS{
			"backend/main.py":    srcFile("import uvicorn\nfrom routers import r\n" + app + "uvicorn.run('main:app')\n"),
			"backend/routers.py": srcFile("r = 1\n"),
		}, []string{""}, ""},
		{"a folder that is no identifier", fstest.MapFS{
			"my-api/main.py": srcFile("import uvicorn\n" + app + "uvicorn.run('main:app')\n"),
		}, []string{""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if a := findLauncherTarget(tt.files, tt.roots); a != nil {
				got = a.String()
			}
			if got != tt.want {
				t.Errorf("target %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBindsLoopbackOnly(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"site = web.TCPSite(\n    runner,\n    host=\"127.0.0.1\",\n    port=port,\n)\n", true},
		{"httpd = make_server('localhost', 8051, app)\n", true},
		{"web.run_app(app, host='::1', port=8080)\n", true},
		{"web.run_app(app, host='0.0.0.0', port=8080)\n", false},
		{"a = web.TCPSite(r, host='127.0.0.1', port=1)\nb = web.TCPSite(r, host='0.0.0.0', port=2)\n", false},
		{"uvicorn.run(app, host=settings.HOST, port=8000)\n", false},
		{"web.run_app(app)\n", false},
	}
	for _, tt := range tests {
		if got := bindsLoopbackOnly(pyLines([]byte(tt.src))); got != tt.want {
			t.Errorf("bindsLoopbackOnly(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}
