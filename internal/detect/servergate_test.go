package detect

import (
	"testing"
	"testing/fstest"
)

// A server test counts only where it runs on import: at module level or in
// a module-level if/else, never inside a function.
func TestFindServerGates(t *testing.T) {
	fsys := fstest.MapFS{
		"svc/__init__.py": {Data: []byte("")},
		"svc/main.py": {Data: []byte(`import sys
app = object()
if __name__ == "__main__":
    pass
else:
    if "gunicorn" in sys.modules:
        run()
`)},
		"svc/logs.py": {Data: []byte(`import sys
def configure():
    if "uvicorn" in sys.modules:
        return 1
`)},
		"svc/other.py": {Data: []byte(`import sys
if "numpy" in sys.modules:
    pass
`)},
	}
	gates := findServerGates(fsys, []string{""})
	if len(gates) != 1 || gates[0].Server != "gunicorn" || gates[0].Source.String() != "svc/main.py:6" {
		t.Fatalf("gates = %+v, want gunicorn at svc/main.py:6 only", gates)
	}
}

// Wiring under __main__ is a route attached or a setup call handed the app;
// starting a server or preparing data is not.
func TestMainWiring(t *testing.T) {
	for name, tc := range map[string]struct {
		src  string
		want bool
	}{
		"router":   {"app = X()\nif __name__ == \"__main__\":\n    app.include_router(r)\n    uvicorn.run(app)\n", true},
		"setup":    {"app = X()\nif __name__ == \"__main__\":\n    configure_routes(app)\n", true},
		"run only": {"app = X()\nif __name__ == \"__main__\":\n    uvicorn.run(app, port=8000)\n", false},
		"data":     {"app = X()\nif __name__ == \"__main__\":\n    init_db(app)\n    app.run()\n", false},
	} {
		fsys := fstest.MapFS{"main.py": {Data: []byte(tc.src)}}
		if got := mainWiring(fsys, "main.py", "app") != nil; got != tc.want {
			t.Errorf("%s: wiring found = %v, want %v", name, got, tc.want)
		}
	}
}

// The settings a server config sets at its top level, with the variable a
// value is read from.
func TestConfigSettings(t *testing.T) {
	got := configSettings([]byte("import os\nbind = \":5500\"\nworkers = int(os.environ.get(\"GUNICORN_NUM_WORKERS\", 4))\ngraceful_timeout = 30  # drain\ndef post_fork(server, worker):\n    workers = 9\n"))
	if len(got) != 2 {
		t.Fatalf("settings = %+v, want workers and graceful_timeout", got)
	}
	if w := got[0]; w.Key != "workers" || w.Env != "GUNICORN_NUM_WORKERS" || w.Default != "4" || w.Number != 4 || w.Line != 3 {
		t.Errorf("workers = %+v", w)
	}
	if g := got[1]; g.Key != "graceful_timeout" || g.Value != "30" || g.Number != 30 || g.Env != "" {
		t.Errorf("graceful_timeout = %+v", g)
	}
}
