package detect

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadProcfile(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    string // command@source
		wantErr string
	}{
		{"none", fstest.MapFS{}, "", ""},
		{"web", fstest.MapFS{"Procfile": srcFile("# deploy\nrelease: python manage.py migrate\nweb:   gunicorn app:app\n")}, "gunicorn app:app@Procfile:3", ""},
		{"spaces before colon, CRLF", fstest.MapFS{"Procfile": srcFile("worker: celery\r\n  web : uvicorn main:app --port $PORT\r\n")}, "uvicorn main:app --port $PORT@Procfile:2", ""},
		{"worker only", fstest.MapFS{"Procfile": srcFile("worker: python worker.py\n#web: x\nwebby: y\n")}, "python worker.py@Procfile:1", ""},
		{"neither web nor worker", fstest.MapFS{"Procfile": srcFile("release: python manage.py migrate\nwebby: y\n")}, "", ""},
		{"empty web", fstest.MapFS{"Procfile": srcFile("web:\n")}, "", "Procfile:1"},
		{"binary", fstest.MapFS{"Procfile": srcFile("web: x\x00\xff\n")}, "", "Procfile:1"},
		{"oversized", fstest.MapFS{"Procfile": srcFile(strings.Repeat("#\n", 40<<10))}, "", "Procfile"},
		{"directory", fstest.MapFS{"Procfile/x": srcFile("")}, "", "Procfile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := readProcfile(tt.files)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one naming %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if p != nil {
				got = p.Command + "@" + p.Source.String()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPortDefault(t *testing.T) {
	tests := []struct {
		cmd  string
		want int
		ok   bool
	}{
		{"gunicorn -b 0.0.0.0:${PORT:-5000} x", 5000, true},
		{"x --port ${PORT-8080}", 8080, true},
		{"x --port $PORT", 0, false},
		{"x --port ${PORT:-99999}", 0, false},
		{"x ${OTHER:-5000}", 0, false},
	}
	for _, tt := range tests {
		got, ok := portDefault(tt.cmd)
		if got != tt.want || ok != tt.ok {
			t.Errorf("portDefault(%q) = %d, %v; want %d, %v", tt.cmd, got, ok, tt.want, tt.ok)
		}
	}
}
