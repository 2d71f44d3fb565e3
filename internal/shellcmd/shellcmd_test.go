package shellcmd

import (
	"reflect"
	"strings"
	"testing"
)

func TestArgv(t *testing.T) {
	tests := []struct {
		cmd  string
		argv []string // nil: needs a shell
	}{
		{"gunicorn app:app --bind 0.0.0.0:8000", []string{"gunicorn", "app:app", "--bind", "0.0.0.0:8000"}},
		{`uvicorn "my app:app" --host '0.0.0.0'`, []string{"uvicorn", "my app:app", "--host", "0.0.0.0"}},
		{`echo a\ b "c\"d" 'e\f' "g\h"`, []string{"echo", "a b", `c"d`, `e\f`, `g\h`}},
		{"a\tb  \\\n c", []string{"a", "b", "c"}},
		{`x ""`, []string{"x", ""}},
		{"gunicorn app:app # the server", []string{"gunicorn", "app:app"}},
		{"gunicorn a#b", []string{"gunicorn", "a#b"}},
		{`echo '$(date) && x'`, []string{"echo", "$(date) && x"}},
		{"gunicorn --env FOO=1 x", []string{"gunicorn", "--env", "FOO=1", "x"}},
		{`python \*.py`, []string{"python", "*.py"}},
		{`x "a*b" '~/c'`, []string{"x", "a*b", "~/c"}},
		{"gunicorn app:app --bind 0.0.0.0:$PORT", nil},
		{"python manage.py migrate && gunicorn x", nil},
		{"a || b", nil},
		{"a; b", nil},
		{"a | b", nil},
		{"a > log", nil},
		{"a 2>&1", nil},
		{"a &", nil},
		{"! a", nil},
		{"(a)", nil},
		{"echo `date`", nil},
		{"echo $(date)", nil},
		{`echo "$(date)"`, nil},
		{"echo $((1+2))", nil},
		{"FOO=1 gunicorn x", nil},
		{"cd src && gunicorn x", nil},
		{"exec gunicorn x", nil},
		{"python *.py", nil},
		{"python app?.py", nil},
		{"ls ~/x", nil},
	}
	for _, tt := range tests {
		l, err := Parse(tt.cmd)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.cmd, err)
			continue
		}
		argv, ok := l.Argv()
		if ok != (tt.argv != nil) || !reflect.DeepEqual(argv, tt.argv) {
			t.Errorf("Parse(%q).Argv() = %q, %v; want %q", tt.cmd, argv, ok, tt.argv)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, cmd := range []string{`a "b`, `a 'b`, "a &&", "   ", "# only a comment", "a )"} {
		if _, err := Parse(cmd); err == nil {
			t.Errorf("Parse(%q): no error", cmd)
		}
	}
	_, err := Parse(`gunicorn "app`)
	if err == nil || !strings.Contains(err.Error(), "column 10") {
		t.Errorf("error %v does not give the column of the open quote", err)
	}
}

// TestStringKeepsQuoting: printing the tree back gives a line the shell
// reads as the same words, where re-joining words would not.
func TestStringKeepsQuoting(t *testing.T) {
	tests := []struct{ in, want string }{
		{`echo "a;b" && gunicorn app:app`, `echo "a;b" && gunicorn app:app`},
		{"gunicorn app:app 2>&1", "gunicorn app:app 2>&1"},
		{`gunicorn --env 'G=$(id)' app:app && true`, `gunicorn --env 'G=$(id)' app:app && true`},
		{"a  &&   b ||c", "a && b || c"},
		{"cd src \\\n && exec x", "cd src && exec x"},
	}
	for _, tt := range tests {
		l, err := Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		if words(t, l.String()) != words(t, tt.in) {
			t.Errorf("%q printed as %q: words differ", tt.in, l.String())
		}
	}
}

func TestChain(t *testing.T) {
	l, err := Parse(`python manage.py migrate --noinput && FOO="a b" gunicorn app:app --bind 0.0.0.0:$PORT`)
	if err != nil {
		t.Fatal(err)
	}
	cmds, ok := l.Chain()
	if !ok || len(cmds) != 2 {
		t.Fatalf("Chain() = %d commands, %v; want 2", len(cmds), ok)
	}
	if cmds[0].Name() != "python" || cmds[1].Name() != "gunicorn" || !cmds[1].Assigns() || cmds[0].Assigns() {
		t.Errorf("names %q %q, assigns %v %v", cmds[0].Name(), cmds[1].Name(), cmds[0].Assigns(), cmds[1].Assigns())
	}
	var got []string
	for _, w := range cmds[1].Words() {
		got = append(got, w.String())
	}
	if want := []string{"gunicorn", "app:app", "--bind", "0.0.0.0:$PORT"}; !reflect.DeepEqual(got, want) {
		t.Errorf("words = %q, want %q", got, want)
	}
	// A launcher moves the release step out and execs the server.
	server := NewChain(cmds[1].Exec())
	if want := `FOO="a b" exec gunicorn app:app --bind 0.0.0.0:$PORT`; server.String() != want {
		t.Errorf("server = %q, want %q", server.String(), want)
	}
	if again := cmds[1].Exec().Exec(); again.String() != cmds[1].Exec().String() {
		t.Errorf("exec twice = %q", again.String())
	}
	both := NewChain(cmds[0], cmds[1].Exec())
	if want := `python manage.py migrate --noinput && FOO="a b" exec gunicorn app:app --bind 0.0.0.0:$PORT`; both.String() != want {
		t.Errorf("chain = %q, want %q", both.String(), want)
	}
	if l.String() != `python manage.py migrate --noinput && FOO="a b" gunicorn app:app --bind 0.0.0.0:$PORT` {
		t.Errorf("Exec modified the original line: %q", l.String())
	}

	for _, cmd := range []string{"a || b", "a; b", "a | b", "a && (b)", "a && b > log", "a & b"} {
		l, err := Parse(cmd)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := l.Chain(); ok {
			t.Errorf("Parse(%q).Chain() ok; want not an && chain", cmd)
		}
	}
}

func TestSubstitute(t *testing.T) {
	tests := []struct {
		cmd   string
		want  string
		found bool
	}{
		{"gunicorn app:app --bind 0.0.0.0:$PORT --workers ${WEB_CONCURRENCY:-2}", "gunicorn app:app --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2}", true},
		{"gunicorn --bind=0.0.0.0:$PORT x", "gunicorn --bind=0.0.0.0:8000 x", true},
		{"gunicorn -b 0.0.0.0:${PORT:-5000} x", "gunicorn -b 0.0.0.0:8000 x", true},
		{`gunicorn -b "0.0.0.0:${PORT}" x`, `gunicorn -b "0.0.0.0:8000" x`, true},
		{"uvicorn m:app --port ${PORT-8080} && x ${A:-$PORT}", "uvicorn m:app --port 8000 && x ${A:-8000}", true},
		{"x $PORTS ${PORT:+a} ${#PORT} $SPORT '$PORT'", "x $PORTS ${PORT:+a} ${#PORT} $SPORT '$PORT'", false},
		{"x --port 5000", "x --port 5000", false},
	}
	for _, tt := range tests {
		l, err := Parse(tt.cmd)
		if err != nil {
			t.Fatal(err)
		}
		found, err := l.Substitute("PORT", "8000")
		if err != nil {
			t.Fatal(err)
		}
		if l.String() != tt.want || found != tt.found {
			t.Errorf("Substitute(%q) = %q, %v; want %q, %v", tt.cmd, l.String(), found, tt.want, tt.found)
		}
	}
	l, _ := Parse("x $PORT")
	if _, err := l.Substitute("PORT", "8000; id"); err == nil {
		t.Error("a value with shell syntax was substituted")
	}
}

func TestParamsAndDefault(t *testing.T) {
	l, err := Parse(`gunicorn -b "0.0.0.0:${PORT:-5000}" -w ${WEB_CONCURRENCY:-2} --log $LOG ${X:+y}`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l.Params(), []string{"PORT", "WEB_CONCURRENCY", "LOG", "X"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Params() = %q, want %q", got, want)
	}
	for name, want := range map[string]string{"PORT": "5000", "WEB_CONCURRENCY": "2", "LOG": "", "X": ""} {
		got, ok := l.Default(name)
		if got != want || ok != (want != "") {
			t.Errorf("Default(%s) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

func TestCommandSetsAndParams(t *testing.T) {
	for src, want := range map[string][2]string{
		`SIG=$(echo "$HOST" | sha256sum)`:       {"SIG", "HOST"},
		`A=1 B=x`:                               {"A B", ""},
		`export NODE=$SIG OTHER`:                {"NODE", "SIG"},
		`readonly R=1`:                          {"R", ""},
		`read -r X Y`:                           {"X Y", ""},
		`FOO=1 python manage.py x "$NODE" ${N}`: {"", "NODE N"},
		`python manage.py x "$1" "$@"`:          {"", "1 @"},
	} {
		l, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		c := l.Commands()[0]
		if got := [2]string{strings.Join(c.Sets(), " "), strings.Join(c.Params(), " ")}; got != want {
			t.Errorf("%s: Sets, Params = %q, want %q", src, got, want)
		}
	}
}

// words is every simple command's words as written, one line each, so two
// lines compare by what the shell runs rather than by spacing.
func words(t *testing.T, src string) string {
	t.Helper()
	l, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	var b strings.Builder
	for _, c := range l.Commands() {
		for _, w := range c.Words() {
			b.WriteString(w.String() + "\x00")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// FuzzRoundTrip: whatever parses prints back to a line that parses to the
// same words, and Argv's words are those values.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{
		"gunicorn app:app --bind 0.0.0.0:$PORT --workers ${WEB_CONCURRENCY:-2}",
		`a "b\"c" 'd' e\ f && g | h > i 2>&1`,
		"echo $(date) `x` # c",
		`echo "a;b" && gunicorn app:app`,
		"\"unterminated",
		"\\",
		"\xff\xfe\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		l, err := Parse(cmd)
		if err != nil {
			return
		}
		printed := l.String()
		l2, err := Parse(printed)
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", cmd, printed, err)
		}
		if l2.String() != printed {
			t.Fatalf("printing is not stable: %q, then %q", printed, l2.String())
		}
		if argv, ok := l.Argv(); ok {
			argv2, ok2 := l2.Argv()
			if !ok2 || !reflect.DeepEqual(argv, argv2) {
				t.Fatalf("%q: argv %q, reprinted %q", cmd, argv, argv2)
			}
		}
		_, _ = l.Substitute("PORT", "8000")
		_, _ = l.Default("PORT")
	})
}

// SetWord writes a plain word in place; anything a shell would read
// differently is refused and the word stays.
func TestSetWord(t *testing.T) {
	l, err := Parse(`gunicorn app:app --error-logfile "/dev/null"`)
	if err != nil {
		t.Fatal(err)
	}
	c := l.Commands()[0]
	if err := c.SetWord(3, "-"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetWord(1, "$(id)"); err == nil {
		t.Error("SetWord took a command substitution")
	}
	if err := c.SetWord(9, "-"); err == nil {
		t.Error("SetWord wrote past the last word")
	}
	if got, want := l.String(), "gunicorn app:app --error-logfile -"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
}

func TestSteps(t *testing.T) {
	l, err := Parse(`flask db upgrade; a && flask translate compile; gunicorn app:app`)
	if err != nil {
		t.Fatal(err)
	}
	cmds, ops, ok := l.Steps()
	if !ok || len(cmds) != 4 {
		t.Fatalf("Steps() = %d commands, %v; want 4", len(cmds), ok)
	}
	if want := []string{";", "&&", ";"}; !reflect.DeepEqual(ops, want) {
		t.Errorf("ops = %q, want %q", ops, want)
	}
	// The upgrade leaves; the server is exec'd; each ";" stays a ";".
	rest := NewSteps([]*Command{cmds[1], cmds[2], cmds[3].Exec()}, ops[1:])
	if want := `a && flask translate compile; exec gunicorn app:app`; rest.String() != want {
		t.Errorf("rest = %q, want %q", rest.String(), want)
	}
	if again, err := Parse(rest.String()); err != nil || again.String() != rest.String() {
		t.Errorf("rest does not read back as itself: %v, %q", err, again)
	}
	if NewSteps(cmds, ops[1:]) != nil {
		t.Error("NewSteps accepted fewer operators than joins")
	}
	for _, cmd := range []string{"a || b; c", "a | b; c", "(a); b", "a; b > log", "a & b"} {
		l, err := Parse(cmd)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, ok := l.Steps(); ok {
			t.Errorf("Parse(%q).Steps() ok; want refused", cmd)
		}
	}
}

func TestPiped(t *testing.T) {
	for src, want := range map[string]string{
		`yes "yes" | python manage.py migrate`: "yes|python",
		`echo y | ./manage.py migrate`:         "echo|./manage.py",
		`yes | a | b`:                          "",
		`yes && python manage.py migrate`:      "",
		`yes | python manage.py migrate > log`: "",
		`python manage.py migrate`:             "",
	} {
		l, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if from, to, ok := l.Piped(); ok {
			got = from.Name() + "|" + to.Name()
		}
		if got != want {
			t.Errorf("Piped(%s) = %q, want %q", src, got, want)
		}
	}
}
