package plan

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/shellcmd"
)

// TestCommandKeepsWords: whatever a Procfile or --app line says, the CMD
// pydock writes runs the same words. Both lines are parsed and the words of
// each simple command compared (as written, quotes included, for sh -c; as
// values for exec form), with $PORT replaced in the original first.
func TestCommandKeepsWords(t *testing.T) {
	lines := []string{
		`echo "a;b" && gunicorn app:app`,
		"gunicorn app:app --bind 0.0.0.0:$PORT 2>&1",
		`gunicorn --env 'G=$(id)' app:app && true`,
		`gunicorn -b "0.0.0.0:${PORT:-5000}" --workers ${WEB_CONCURRENCY:-2} app:app`,
		// uvicorn with a host: told none, CMD adds --host 0.0.0.0 (binds.go).
		`cd src && exec uvicorn "main:app" --host 0.0.0.0 --port $PORT | tee log`,
		// A ";" list without a release step keeps every step (the migrate
		// of such a list leaves for compose's one-off: runs_release_steps_list).
		`python manage.py check --deploy; gunicorn x.wsgi`,
		`FOO="a b" gunicorn app:app`,
		`gunicorn 'my app:app' --log-config "conf/log ging.ini"`,
		`uvicorn main:app --host 0.0.0.0 --forwarded-allow-ips *`,
		`sh -c "exec gunicorn app:app"`,
	}
	for _, line := range lines {
		for _, from := range []string{"Procfile", "--app"} {
			f := webFacts(detect.FrameworkFlask, "gunicorn")
			var s Settings
			if from == "Procfile" {
				f.Procfile = &detect.Procfile{Command: line, Source: detect.Source{File: "Procfile", Line: 1}}
			} else {
				s.App = line
			}
			p, err := Build(f, s, today)
			if err != nil {
				t.Fatalf("%s %q: %v", from, line, err)
			}
			orig, err := shellcmd.Parse(line)
			if err != nil {
				t.Fatal(err)
			}
			if from == "Procfile" {
				if _, err := orig.Substitute("PORT", strconv.Itoa(p.Port)); err != nil {
					t.Fatal(err)
				}
			}
			if len(p.Command) == 3 && p.Command[0] == "/bin/sh" && p.Command[1] == "-c" {
				gen, err := shellcmd.Parse(p.Command[2])
				if err != nil {
					t.Fatalf("%s %q: generated %q does not parse: %v", from, line, p.Command[2], err)
				}
				got, want := written(gen), written(orig)
				// The last command (the server) of && chains listed with
				// ";" gets exec, so it is PID 1; every word is still the authors'.
				if _, _, steps := orig.Steps(); steps && len(got) > 0 {
					last := got[len(got)-1]
					if len(last) == 0 || last[0] != "exec" {
						t.Errorf("%s %q: sh -c runs %q, want exec before the last command", from, line, got)
					} else if len(want) > 0 && (len(want[len(want)-1]) == 0 || want[len(want)-1][0] != "exec") {
						got[len(got)-1] = last[1:]
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s %q: sh -c runs %q, want %q", from, line, got, want)
				}
				continue
			}
			want, ok := orig.Argv()
			if !ok {
				t.Errorf("%s %q: exec form %q for a line that needs a shell", from, line, p.Command)
			} else if !reflect.DeepEqual(p.Command, want) {
				t.Errorf("%s %q: CMD %q, want %q", from, line, p.Command, want)
			}
		}
	}
}

// written lists the words of every simple command as written.
func written(l *shellcmd.Line) [][]string {
	var out [][]string
	for _, c := range l.Commands() {
		var ws []string
		for _, w := range c.Words() {
			ws = append(ws, w.String())
		}
		out = append(out, ws)
	}
	return out
}
