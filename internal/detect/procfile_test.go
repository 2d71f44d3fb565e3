package detect

import (
	"reflect"
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

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		cmd     string
		argv    []string
		shell   bool
		wantErr bool
	}{
		{"gunicorn app:app --bind 0.0.0.0:$PORT", []string{"gunicorn", "app:app", "--bind", "0.0.0.0:$PORT"}, false, false},
		{`uvicorn "my app:app" --host '0.0.0.0'`, []string{"uvicorn", "my app:app", "--host", "0.0.0.0"}, false, false},
		{`echo a\ b "c\"d" 'e\f' "g\h"`, []string{"echo", "a b", `c"d`, `e\f`, `g\h`}, false, false},
		{"a\tb  \\\n c", []string{"a", "b", "c"}, false, false},
		{`x ""`, []string{"x", ""}, false, false},
		{"gunicorn app:app # the server", []string{"gunicorn", "app:app"}, false, false},
		{"gunicorn a#b", []string{"gunicorn", "a#b"}, false, false},
		{"python manage.py migrate && gunicorn x", []string{"python", "manage.py", "migrate", "&&", "gunicorn", "x"}, true, false},
		{"a || b", []string{"a", "||", "b"}, true, false},
		{"a; b", []string{"a", ";", "b"}, true, false},
		{"a | b", []string{"a", "|", "b"}, true, false},
		{"a > log", []string{"a", ">", "log"}, true, false},
		{"a < in", []string{"a", "<", "in"}, true, false},
		{"a &", []string{"a", "&"}, true, false},
		{"echo `date`", []string{"echo", "`date`"}, true, false},
		{"echo $(date)", nil, true, false},
		{`echo "$(date)"`, nil, true, false},
		{`echo '$(date) && x'`, []string{"echo", "$(date) && x"}, false, false},
		{"FOO=1 gunicorn x", []string{"FOO=1", "gunicorn", "x"}, true, false},
		{"gunicorn --env FOO=1 x", []string{"gunicorn", "--env", "FOO=1", "x"}, false, false},
		{"cd src && gunicorn x", nil, true, false},
		{"exec gunicorn x", []string{"exec", "gunicorn", "x"}, true, false},
		{"python *.py", []string{"python", "*.py"}, false, false},
		{`a "b`, nil, false, true},
		{`a 'b`, nil, false, true},
		{`a \`, nil, false, true},
		{"   ", nil, false, true},
	}
	for _, tt := range tests {
		argv, shell, err := splitCommand(tt.cmd)
		if (err != nil) != tt.wantErr {
			t.Errorf("splitCommand(%q) err = %v, wantErr %v", tt.cmd, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if shell != tt.shell {
			t.Errorf("splitCommand(%q) shell = %v, want %v", tt.cmd, shell, tt.shell)
		}
		if tt.argv != nil && !reflect.DeepEqual(argv, tt.argv) {
			t.Errorf("splitCommand(%q) = %q, want %q", tt.cmd, argv, tt.argv)
		}
	}
}

func TestSubstitutePort(t *testing.T) {
	tests := []struct {
		cmd   string
		want  string
		found bool
	}{
		{"gunicorn app:app --bind 0.0.0.0:$PORT --workers ${WEB_CONCURRENCY:-2}", "gunicorn app:app --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2}", true},
		{"gunicorn --bind=0.0.0.0:$PORT x", "gunicorn --bind=0.0.0.0:8000 x", true},
		{"gunicorn -b 0.0.0.0:${PORT:-5000} x", "gunicorn -b 0.0.0.0:8000 x", true},
		{"uvicorn m:app --port ${PORT} --host 0.0.0.0", "uvicorn m:app --port 8000 --host 0.0.0.0", true},
		{"uvicorn m:app --port ${PORT-8080}", "uvicorn m:app --port 8000", true},
		{"x $PORTS ${PORT:+a} $SPORT", "x $PORTS ${PORT:+a} $SPORT", false},
		{"x --port 5000", "x --port 5000", false},
	}
	for _, tt := range tests {
		argv, _, err := splitCommand(tt.cmd)
		if err != nil {
			t.Fatal(err)
		}
		orig := append([]string(nil), argv...)
		got, found := substitutePort(argv, 8000)
		if strings.Join(got, " ") != tt.want || found != tt.found {
			t.Errorf("substitutePort(%q) = %q, %v; want %q, %v", tt.cmd, strings.Join(got, " "), found, tt.want, tt.found)
		}
		if !reflect.DeepEqual(argv, orig) {
			t.Errorf("substitutePort modified its input")
		}
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

func FuzzSplitCommand(f *testing.F) {
	for _, s := range []string{
		"gunicorn app:app --bind 0.0.0.0:$PORT --workers ${WEB_CONCURRENCY:-2}",
		`a "b\"c" 'd' e\ f && g | h > i`,
		"echo $(date) `x` # c",
		"\"unterminated",
		"\\",
		"\xff\xfe\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		argv, _, err := splitCommand(cmd)
		if err == nil && len(argv) == 0 {
			t.Fatalf("no error and no words for %q", cmd)
		}
		_, _ = substitutePort(argv, 8000)
		_, _ = portDefault(cmd)
	})
}
