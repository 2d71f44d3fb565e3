package plan

import (
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

func TestCheckWritable(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"media", "/app/media", ""},
		{"./var//db/", "/app/var/db", ""},
		{"/app/media", "/app/media", ""},
		{"/data", "/data", ""},
		{"/var/lib/app/cache", "/var/lib/app/cache", ""},
		{"", "", "empty"},
		{".", "", "project itself"},
		{"/app", "", "project itself"},
		{"/app/.venv/lib", "", "venv"},
		{".venv", "", "venv"},
		{"../etc", "", "'..'"},
		{"/app/../etc/cron.d", "", "'..'"},
		{"/etc/cron.d", "", "in /etc,"},
		{"/", "", "image's root"},
		{"/var", "", "in /var,"},
		{"/var/log/app", "", "in /var/log,"},
		{"/home/other", "", "in /home,"},
		{"/datax", "/datax", ""},
		{"/config", "/config", ""},
		{"/var/docs/db", "/var/docs/db", ""},
		{"me dia", "", "' '"},
		{"media\"\nRUN id", "", "'\"'"},
		{"$HOME/x", "", "'$'"},
		{"media/-rf", "", "starts with '-'"},
	}
	for _, tt := range tests {
		got, err := CheckWritable(tt.in)
		if tt.err == "" && (err != nil || got != tt.want) {
			t.Errorf("CheckWritable(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("CheckWritable(%q) = %q, %v; want an error with %q", tt.in, got, err, tt.err)
		}
	}
}

func TestWritableVolumes(t *testing.T) {
	f := webFacts(detect.FrameworkFlask, "gunicorn")
	f.DataPaths = []detect.DataPath{
		{Path: "var/db", What: "SQLite database", File: "var/db/app.sqlite3", Source: detect.Source{File: "s.py", Line: 3}},
		{Path: "../up", What: "MEDIA_ROOT", Source: detect.Source{File: "s.py", Line: 4}},
	}
	listed := []string{"var-db", "/app/var/db", "/data"}
	p, err := Build(f, Settings{Writable: &listed}, today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range p.Writable {
		got = append(got, w.Path+"="+w.Volume)
	}
	if want := "/app/var/db=app-var-db /app/var-db=app-var-db-2 /data=app-data"; strings.Join(got, " ") != want {
		t.Errorf("writable = %s, want %s", strings.Join(got, " "), want)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], `s.py:4: MEDIA_ROOT "../up"`) {
		t.Errorf("warnings = %q", p.Warnings)
	}
	bad := []string{"/etc"}
	if _, err := Build(f, Settings{Writable: &bad}, today); err == nil || !strings.Contains(err.Error(), `writable "/etc"`) {
		t.Errorf("err = %v", err)
	}
}

// What plan makes of library writes at start: a project folder writable
// (a file's folder), nothing for /tmp or a variable already set to /data,
// a warning for the root, a folder outside the writable roots and an
// unreadable path, a note for a path only the environment names.
func TestLibraryWrites(t *testing.T) {
	src := func(line int) detect.Source { return detect.Source{File: "app.py", Line: line} }
	f := webFacts(detect.FrameworkFlask, "gunicorn")
	f.EnvUses = []detect.EnvUse{{Name: "DB_PATH", Default: "app.db", Source: src(1)}}
	f.StartWrites = []detect.StartWrite{
		{What: "library directory", Call: "diskcache.Cache", Path: "cache/pages", Source: src(2)},
		{What: "library file", Call: "sqlite3.connect", Path: "var/app.db", Source: src(3)},
		{What: "library directory", Call: "tempfile.mkdtemp", Path: "/tmp/work", Source: src(4)},
		{What: "library file", Call: "sqlite3.connect", Env: "DB_PATH", Expr: `os.environ.get("DB_PATH", "app.db")`, Source: src(5)},
		{What: "library file", Call: "tinydb.TinyDB", Path: "events.json", Source: src(6)},
		{What: "library file", Call: "logging.FileHandler", Path: "/var/log/app.log", Source: src(7)},
		{What: "library directory", Call: "joblib.Memory", Expr: "where()", Source: src(8)},
		{What: "library file", Call: "shelve.open", Env: "STORE", Expr: `os.environ["STORE"]`, Source: src(9)},
		{What: "library file", Call: "shelve.open", Env: "STORE", Expr: "STORE", Source: src(10)},
	}
	p, err := Build(f, Settings{}, today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range p.Writable {
		got = append(got, w.Path+"="+w.Volume)
	}
	if want := "/data=app-data /app/cache/pages=app-cache-pages /app/var=app-var"; strings.Join(got, " ") != want {
		t.Errorf("writable = %s, want %s", strings.Join(got, " "), want)
	}
	said := map[string]string{} // file:line -> message
	for _, m := range append(p.Warnings, p.Notes...) {
		if at, _, ok := strings.Cut(m, ": "); ok && strings.HasPrefix(at, "app.py:") {
			said[at] = m
		}
	}
	for _, line := range []string{"app.py:2", "app.py:3", "app.py:4", "app.py:5", "app.py:10"} {
		if m, ok := said[line]; ok {
			t.Errorf("%s is reported: %s", line, m)
		}
	}
	for line, want := range map[string]string{"app.py:6": "project root", "app.py:7": "in /var/log,", "app.py:8": "cannot tell (where())", "app.py:9": "STORE names"} {
		if !strings.Contains(said[line], want) {
			t.Errorf("%s: want %q, got %q", line, want, said[line])
		}
	}
}
