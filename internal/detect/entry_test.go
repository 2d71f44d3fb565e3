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
