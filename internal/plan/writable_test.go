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
		{"/etc/cron.d", "", "outside /app"},
		{"/", "", "outside /app"},
		{"/datax", "", "outside /app"},
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
