package wizard

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/pyversion"
)

var files = []string{"Dockerfile", ".dockerignore", "compose.yaml", "app/health.py"}

// fastAPIFacts is a uv FastAPI project using postgres, without a health route.
func fastAPIFacts() *detect.Facts {
	return &detect.Facts{
		Name:        "shop",
		Manager:     detect.ManagerUV,
		ManagerFrom: detect.Source{File: "uv.lock"},
		Python:      []detect.PythonConstraint{{Spec: ">=3.11", Kind: "requires-python", Source: detect.Source{File: "pyproject.toml"}}},
		Dependencies: []detect.Dependency{
			{Name: "fastapi", Source: detect.Source{File: "pyproject.toml"}},
			{Name: "uvicorn", Source: detect.Source{File: "pyproject.toml"}},
			{Name: "psycopg", Source: detect.Source{File: "pyproject.toml"}},
		},
		Framework: detect.FrameworkFastAPI,
		Servers:   []string{"uvicorn"},
		App:       &detect.AppTarget{Module: "app.main", Attr: "app", Source: detect.Source{File: "app/main.py", Line: 3}},
		AppDir:    "app",
		EnvUses:   []detect.EnvUse{{Name: "DATABASE_URL", Source: detect.Source{File: "app/main.py", Line: 2}}},
	}
}

func build(t *testing.T, f *detect.Facts) Defaults {
	t.Helper()
	p, err := plan.Build(f, plan.Settings{}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return Defaults{Plan: p, Facts: f}
}

// run drives the wizard in accessible mode with one answer per line and
// checks that it drew only on Out, never on the process's stdout.
func run(t *testing.T, d Defaults, answers ...string) (Answers, string, error) {
	t.Helper()
	var out bytes.Buffer
	in := strings.NewReader(strings.Join(answers, "\n") + "\n")
	var a Answers
	var err error
	stdout := captureStdout(t, func() {
		a, err = Run(context.Background(), d, files, Options{In: in, Out: &out, Accessible: true})
	})
	if stdout != "" {
		t.Errorf("the wizard wrote to stdout:\n%s", stdout)
	}
	return a, out.String(), err
}

func captureStdout(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() {
		os.Stdout = old
	}()
	fn()
	os.Stdout = old
	w.Close()
	return <-done
}

// pythonChoice is the number of minor in the Python select: the default
// first, then the supported releases newest first.
func pythonChoice(t *testing.T, def, minor string) string {
	t.Helper()
	order := []string{def}
	for _, r := range pyversion.Releases() {
		if r.Minor.String() != def {
			order = append(order, r.Minor.String())
		}
	}
	for i, v := range order {
		if v == minor {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("python %s is not offered", minor)
	return ""
}

// The web plan asks ten questions: manager, python, app, port, workers,
// database, mongodb, redis, health snippet, write.
const webQuestions = 10

func enters(n int) []string { return make([]string, n) }

func TestEnterEverywhereChangesNothing(t *testing.T) {
	a, out, err := run(t, build(t, fastAPIFacts()), enters(webQuestions)...)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(a, Answers{}) {
		t.Errorf("Enter through everything: got %+v, want no answers (same as --yes)", a)
	}
	for _, want := range []string{
		"uv — uv.lock found",
		`requires-python ">=3.11" (pyproject.toml)`,
		"app.main:app — app found at app/main.py:3",
		"postgres — psycopg is a dependency",
		"Write these files?",
		"app/health.py",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestChangedAnswersOnly(t *testing.T) {
	d := build(t, fastAPIFacts())
	py := "3.12"
	if d.Plan.Python.Minor.String() == py {
		py = "3.11"
	}
	answers := enters(webQuestions)
	answers[1] = pythonChoice(t, d.Plan.Python.Minor.String(), py)
	answers[3] = "9000"
	a, out, err := run(t, d, answers...)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	want := Answers{Settings: plan.Settings{Python: py, Port: 9000}}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v, want %+v", a, want)
	}
}

func TestInvalidPortIsAskedAgain(t *testing.T) {
	answers := enters(webQuestions)
	answers[3] = "70000\n8080"
	a, out, err := run(t, build(t, fastAPIFacts()), answers...)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if a.Settings.Port != 8080 {
		t.Errorf("port: got %d, want 8080", a.Settings.Port)
	}
	if !strings.Contains(out, "port: want a number from 1 to 65535") {
		t.Errorf("no validation message:\n%s", out)
	}
}

func TestServicesAndSnippet(t *testing.T) {
	answers := enters(webQuestions)
	answers[5] = "2" // database: the first alternative to postgres, none
	answers[7] = "y" // redis
	answers[8] = "n" // no health snippet
	a, out, err := run(t, build(t, fastAPIFacts()), answers...)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	f := false
	want := Answers{Settings: plan.Settings{HealthSnippet: &f}, Services: []string{"redis"}, ServicesChanged: true}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v, want %+v", a, want)
	}
}

func TestNoAtTheEndAborts(t *testing.T) {
	answers := enters(webQuestions)
	answers[webQuestions-1] = "n"
	if _, _, err := run(t, build(t, fastAPIFacts()), answers...); !errors.Is(err, ErrAborted) {
		t.Errorf("got %v, want ErrAborted", err)
	}
}

func TestEndOfInputAborts(t *testing.T) {
	// Input ends before the final confirm: huh would take its default
	// (write), but a closed stdin is no "yes".
	if _, _, err := run(t, build(t, fastAPIFacts()), enters(3)...); !errors.Is(err, ErrAborted) {
		t.Errorf("got %v, want ErrAborted", err)
	}
}

func TestCancelledContextAborts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, build(t, fastAPIFacts()), files, Options{In: strings.NewReader(""), Out: io.Discard, Accessible: true})
	if !errors.Is(err, ErrAborted) {
		t.Errorf("got %v, want ErrAborted", err)
	}
}

// cancelOnWrite cancels as soon as the wizard draws its first prompt.
type cancelOnWrite struct{ cancel context.CancelFunc }

func (c cancelOnWrite) Write(p []byte) (int, error) { c.cancel(); return len(p), nil }

// A signal (the context) while a plain-line prompt waits for input that
// never comes ends the wizard: huh's prompt ignores the context, and must
// not keep pydock alive.
func TestCancelWhileWaitingForInputAborts(t *testing.T) {
	in, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Run(ctx, build(t, fastAPIFacts()), files, Options{In: in, Out: cancelOnWrite{cancel}, Accessible: true})
	if !errors.Is(err, ErrAborted) {
		t.Errorf("got %v, want ErrAborted", err)
	}
}

func TestNothingToRunAsksForTheApp(t *testing.T) {
	f := &detect.Facts{
		Manager:          detect.ManagerPip,
		ManagerFrom:      detect.Source{File: "requirements.txt"},
		RequirementsFile: "requirements.txt",
	}
	if _, err := plan.Build(f, plan.Settings{}, time.Now()); err == nil {
		t.Fatal("expected plan.Build to find nothing to run")
	}
	// manager, python, app (empty: rejected, then given), port, database,
	// mongodb, redis, write. No workers: a command line takes none.
	a, out, err := run(t, Defaults{Facts: f}, "", "", "", "python worker.py", "", "", "", "", "")
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	want := Answers{Settings: plan.Settings{App: "python worker.py"}}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v, want %+v", a, want)
	}
	if strings.Count(out, "pydock found nothing to run") != 1 {
		t.Errorf("the empty answer was not rejected once:\n%s", out)
	}
}

func TestNotAWebServiceSkipsThePort(t *testing.T) {
	f := &detect.Facts{
		Manager:     detect.ManagerUV,
		ManagerFrom: detect.Source{File: "uv.lock"},
		Packaged:    true,
		Scripts:     []detect.Script{{Name: "sync", Target: "sync.cli:main", Source: detect.Source{File: "pyproject.toml"}}},
	}
	d := build(t, f)
	if d.Plan.Port != 0 {
		t.Fatalf("plan port %d, want a non-web plan", d.Plan.Port)
	}
	// manager, python, app, "listens?", database, mongodb, redis, write.
	a, out, err := run(t, d, enters(8)...)
	if err != nil || !reflect.DeepEqual(a, Answers{}) {
		t.Fatalf("Enter everywhere: %+v, %v\n%s", a, err, out)
	}
	if strings.Contains(out, "Port") {
		t.Errorf("the port was asked of a non-web plan:\n%s", out)
	}

	// Saying it listens asks the port, with no default to keep.
	a, out, err = run(t, d, "", "", "", "y", "", "9000", "", "", "", "")
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if want := (Answers{Settings: plan.Settings{Port: 9000}}); !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v, want %+v", a, want)
	}
}

func TestLineReaderHandsOutOneLine(t *testing.T) {
	l := newLineReader(strings.NewReader("a\nbc\nd"))
	buf := make([]byte, 64)
	var got []string
	for {
		n, err := l.Read(buf)
		if n > 0 {
			got = append(got, string(buf[:n]))
		}
		if err != nil {
			break
		}
	}
	if want := []string{"a\n", "bc\n", "d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if l.eof {
		t.Error("a last line without a newline counted as unanswered")
	}
}

// The full-screen form reads keys from any reader, so it can be driven
// without a terminal too: "\r" is Enter, "\x1b" Esc, "\x03" Ctrl-C. Only
// Enter and the abort keys are scripted here: huh moves between groups
// asynchronously, so typed text could land in the previous field; an
// early Enter can only skip a question, which keeps its default anyway.
func runTerminalForm(t *testing.T, d Defaults, keys string) (Answers, error) {
	t.Helper()
	t.Setenv("TERM", "xterm") // huh turns TERM=dumb into accessible mode
	// A form waiting for keys that never come would hang: bound it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out bytes.Buffer
	var a Answers
	var err error
	stdout := captureStdout(t, func() {
		a, err = Run(ctx, d, files, Options{In: strings.NewReader(keys), Out: &out})
	})
	if stdout != "" {
		t.Errorf("the wizard wrote to stdout:\n%s", stdout)
	}
	if out.Len() == 0 {
		t.Error("the form drew nothing on Out")
	}
	return a, err
}

func TestTerminalForm(t *testing.T) {
	d := build(t, fastAPIFacts())
	a, err := runTerminalForm(t, d, strings.Repeat("\r", webQuestions))
	if err != nil || !reflect.DeepEqual(a, Answers{}) {
		t.Errorf("Enter everywhere: got %+v, %v; want no answers", a, err)
	}

	// Ctrl-C aborts. Esc does not (it ends a list's filter): the tmux
	// test drives that in a real terminal.
	if _, err := runTerminalForm(t, d, "\r\r\x03"); !errors.Is(err, ErrAborted) {
		t.Errorf("ctrl-c: got %v, want ErrAborted", err)
	}
}

func TestTerminalFormHidesThePort(t *testing.T) {
	f := &detect.Facts{
		Manager:     detect.ManagerUV,
		ManagerFrom: detect.Source{File: "uv.lock"},
		Packaged:    true,
		Scripts:     []detect.Script{{Name: "sync", Target: "sync.cli:main", Source: detect.Source{File: "pyproject.toml"}}},
	}
	// manager, python, app, "listens?", database, mongodb, redis, write:
	// eight Enters are enough when port and workers hide themselves.
	a, err := runTerminalForm(t, build(t, f), strings.Repeat("\r", 8))
	if err != nil || !reflect.DeepEqual(a, Answers{}) {
		t.Errorf("got %+v, %v; want no answers", a, err)
	}
}

// A driver the app is not told the address of: the database question
// defaults to none and says why, and Enter keeps it so.
func TestUnaddressedDatabaseWhy(t *testing.T) {
	f := fastAPIFacts()
	f.EnvUses = nil
	a, out, err := run(t, build(t, f), enters(webQuestions)...)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if !strings.Contains(out, "(none — psycopg is a dependency, but the app reads no variable that says where its PostgreSQL is") {
		t.Errorf("no reason for the database left out:\n%s", out)
	}
	if a.ServicesChanged {
		t.Errorf("Enter changed the services: %+v", a)
	}
}
