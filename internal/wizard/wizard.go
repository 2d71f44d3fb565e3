// Package wizard is pydock init's interactive form: a few questions, each
// pre-filled with what detection found and why, whose answers become a
// plan.Settings layer. It is the only package that imports huh.
package wizard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/pyversion"
)

// ErrAborted is returned for Ctrl-C, end of input, a cancelled context
// (a signal) or "no" at the final confirm: the caller writes nothing.
var ErrAborted = errors.New("aborted")

// Defaults are what the questions start from: a detection and plan run with
// no wizard answers, i.e. what --yes would produce.
type Defaults struct {
	// Plan is the plan --yes would render. It may be nil when plan.Build
	// failed because detection found nothing to run; the app question is
	// then required and the other defaults come from a provisional plan.
	Plan  *plan.Plan
	Facts *detect.Facts // evidence for the one-line reasons
	// Refused are the files the run would refuse to replace; the wizard
	// asks about them first, before any work is put in.
	Refused []Refusal
	// CheckManager, when set, tells whether a package-manager answer can
	// work (uv needs uv.lock): a failing answer is refused at its question.
	CheckManager func(manager string) error
}

// Refusal is a file pydock would not replace without being told to.
type Refusal struct{ Path, Why string }

// ErrKept is returned when the user keeps the files pydock would replace:
// nothing can be written, and no question was asked in vain.
var ErrKept = errors.New("you kept your files")

// Options say where the wizard reads and draws.
type Options struct {
	In  io.Reader // stdin
	Out io.Writer // stderr: the wizard draws there, stdout stays clean
	// Accessible uses huh's plain-line prompts (screen readers, tests).
	// TERM=dumb implies it, as it does in huh.
	Accessible bool
	// Color is "auto" (what Out and the environment support, NO_COLOR
	// included), "always" or "never".
	Color string
}

// profile is the colour profile the wizard draws with on out.
func (o Options) profile(out io.Writer) colorprofile.Profile {
	p := colorprofile.Detect(out, os.Environ())
	switch o.Color {
	case "never":
		return min(p, colorprofile.ASCII) // bold and reverse stay on a terminal
	case "always":
		return colorprofile.TrueColor
	}
	return p
}

// Answers are what the user changed from the defaults. Pressing Enter
// through every question gives the zero Answers, which is exactly --yes.
type Answers struct {
	Settings plan.Settings
	// Replace: the user agreed to replace Defaults.Refused (as --force,
	// which keeps a backup of each).
	Replace bool
	// Services are the compose backing services the user chose (kinds:
	// postgres, mysql, redis), valid only when ServicesChanged: the
	// selection differs from what the dependencies asked for.
	// plan.Settings has no field for them yet.
	Services        []string
	ServicesChanged bool
}

// Run asks the questions and returns the answers that differ from d.
// files are the paths about to be written, shown before the final confirm.
func Run(ctx context.Context, d Defaults, files []string, opt Options) (Answers, error) {
	p, err := defaultsPlan(d)
	if err != nil {
		return Answers{}, err
	}
	q := newQuestions(p, d.Facts)
	q.refused, q.checkManager = d.Refused, d.CheckManager
	accessible := opt.Accessible || os.Getenv("TERM") == "dumb"
	groups := q.groups(files, accessible)

	if accessible {
		err = runAccessible(ctx, groups, opt)
	} else {
		err = runTerminal(ctx, groups, opt)
	}
	if err != nil {
		return Answers{}, err
	}
	if q.keep() {
		paths := make([]string, len(q.refused))
		for i, r := range q.refused {
			paths[i] = r.Why
		}
		return Answers{}, fmt.Errorf("%w: %s", ErrKept, strings.Join(paths, ", "))
	}
	if !q.write {
		return Answers{}, ErrAborted
	}
	a := q.answers()
	a.Replace = len(q.refused) > 0
	return a, nil
}

// defaultsPlan returns the plan the questions default to. Without one
// (nothing to run was found), it builds a provisional plan around a
// placeholder command line: the same plan Build makes once the user gives
// a command, so every other default is still the real one.
func defaultsPlan(d Defaults) (*plan.Plan, error) {
	if d.Plan != nil {
		return d.Plan, nil
	}
	if d.Facts == nil {
		return nil, errors.New("wizard: no plan and no facts to start from")
	}
	p, err := plan.Build(d.Facts, plan.Settings{App: "python -c pass"}, time.Now())
	if err != nil {
		return nil, err
	}
	p.Command = nil
	return p, nil
}

// runTerminal shows one full-screen form; groups that do not apply hide
// themselves as the answers change.
func runTerminal(ctx context.Context, groups []step, opt Options) error {
	gs := make([]*huh.Group, len(groups))
	for i, s := range groups {
		gs[i] = s.group
		if s.hide != nil {
			gs[i].WithHideFunc(s.hide)
		}
	}
	km := huh.NewDefaultKeyMap()
	// Ctrl-C quits; Esc belongs to a list's filter ("/"), which it ends
	// without throwing the other answers away.
	km.Quit = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit"))
	f := huh.NewForm(gs...).
		WithKeyMap(km).
		WithShowHelp(true).
		WithAccessible(false). // NewForm turns it on for TERM=dumb
		// Signals are the caller's, through ctx: bubbletea's own handler
		// turns SIGTERM into a submit (the defaults get written) and
		// deadlocks its shutdown when ctx ends on the same SIGINT.
		WithProgramOptions(tea.WithoutSignalHandler(), tea.WithColorProfile(opt.profile(opt.Out))).
		WithInput(opt.In).
		WithOutput(opt.Out)
	err := untilDone(ctx, func() error { return f.RunWithContext(ctx) })
	if ctx.Err() != nil || errors.Is(err, huh.ErrUserAborted) || errors.Is(err, huh.ErrTimeout) {
		return ErrAborted
	}
	return err
}

// restoreGrace is how long a cancelled form gets to give the terminal back
// before the wizard returns without it.
const restoreGrace = 2 * time.Second

// untilDone runs fn and returns its error, or ErrAborted once ctx is done
// and fn has had restoreGrace to notice: a form blocked on input never
// keeps a signalled pydock alive.
func untilDone(ctx context.Context, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	select {
	case <-done:
	case <-time.After(restoreGrace):
	}
	return ErrAborted
}

// runAccessible asks group after group. huh's accessible mode ignores hide
// functions and the context, so both are checked here between groups.
func runAccessible(ctx context.Context, groups []step, opt Options) error {
	in := newLineReader(opt.In)
	// huh styles the plain lines whatever they go to: downsample them.
	out := &colorprofile.Writer{Forward: opt.Out, Profile: opt.profile(opt.Out)}
	for _, s := range groups {
		if ctx.Err() != nil {
			return ErrAborted
		}
		if s.hide != nil && s.hide() {
			continue
		}
		// huh's accessible prompts block on input whatever ctx says.
		err := untilDone(ctx, huh.NewForm(s.group).
			WithAccessible(true).
			WithInput(in).
			WithOutput(out).
			Run)
		if err != nil {
			if errors.Is(err, huh.ErrUserAborted) {
				return ErrAborted
			}
			return err
		}
		// huh answers every prompt with its default once input ends;
		// treat end of input (Ctrl-D) as an abort rather than a yes.
		if in.eof {
			return ErrAborted
		}
	}
	if ctx.Err() != nil {
		return ErrAborted
	}
	return nil
}

// step is one group of the form and when it does not apply.
type step struct {
	group *huh.Group
	hide  func() bool
}

// questions hold each question's default and the user's answer.
type questions struct {
	p     *plan.Plan
	facts *detect.Facts

	manager, managerDef string
	python, pythonDef   string
	app, appDef         string
	serve               bool // for a non-web plan: does it listen after all?
	port, portDef       string
	workers, workersDef string
	db, dbDef           string // postgres, mysql or "" (none)
	redis, redisDef     bool
	snippet, snippetDef bool
	askSnippet          bool
	write               bool

	refused      []Refusal
	replace      bool // replace the refused files
	checkManager func(string) error
}

// keep reports whether the user declined to replace the refused files:
// every later question is then skipped.
func (q *questions) keep() bool { return len(q.refused) > 0 && !q.replace }

func newQuestions(p *plan.Plan, f *detect.Facts) *questions {
	q := &questions{p: p, facts: f, write: true}
	q.managerDef = string(p.Manager)
	q.pythonDef = p.Python.Minor.String()
	if len(p.Command) > 0 { // none: nothing to run was found
		// The app target when a server runs it, else the command line.
		q.appDef = decision(p, "app").Value
		if q.appDef == "" {
			q.appDef = decision(p, "command").Value
		}
	}
	if p.Port > 0 {
		q.portDef = strconv.Itoa(p.Port)
	}
	q.workersDef = strconv.Itoa(max(p.Workers, 1))
	for _, s := range p.Services {
		switch s.Kind {
		case "postgres", "mysql":
			q.dbDef = s.Kind
		case "redis":
			q.redisDef = true
		}
	}
	q.snippetDef = p.Snippet != nil
	// A snippet is possible for a known framework without a health route.
	q.askSnippet = p.Snippet != nil ||
		(f != nil && f.Framework != detect.FrameworkNone && f.Health == nil && p.Port > 0)

	q.manager, q.python, q.app = q.managerDef, q.pythonDef, q.appDef
	q.port, q.workers = q.portDef, q.workersDef
	q.db, q.redis, q.snippet = q.dbDef, q.redisDef, q.snippetDef
	return q
}

// groups builds the form, one question per group so each can be skipped.
// In accessible mode huh prints titles but not descriptions, so the reason
// (which starts with the default) goes into the title there.
func (q *questions) groups(files []string, accessible bool) []step {
	title := func(t, why string) string {
		if accessible && why != "" {
			return t + " (" + why + ")"
		}
		return t
	}
	var steps []step
	add := func(hide func() bool, fields ...huh.Field) {
		if hide == nil {
			hide = func() bool { return false }
		}
		steps = append(steps, step{group: huh.NewGroup(fields...), hide: func() bool { return q.keep() || hide() }})
	}

	if len(q.refused) > 0 {
		var paths, whys []string
		for _, r := range q.refused {
			paths = append(paths, r.Path)
			whys = append(whys, r.Why)
		}
		why := strings.Join(whys, "; ") + ". Yes keeps a backup of each (NAME.pydock-bak); no stops here and writes nothing."
		steps = append(steps, step{group: huh.NewGroup(huh.NewConfirm().
			Title(title("Replace "+strings.Join(paths, ", ")+"?", why)).
			Description(why).
			Affirmative("Replace").
			Negative("Keep mine").
			Value(&q.replace))})
	}

	why := q.managerWhy()
	add(nil, huh.NewSelect[string]().
		Title(title("Package manager", why)).
		Description(why).
		Options(q.managerOptions()...).
		Validate(q.validateManager).
		Value(&q.manager))

	why = q.pythonDef + " — " + decision(q.p, "python").Why
	add(nil, huh.NewSelect[string]().
		Title(title("Python version", why)).
		Description(why).
		Options(q.pythonOptions()...).
		Value(&q.python))

	why = q.appWhy()
	add(nil, huh.NewInput().
		Title(title("App target (module:attribute) or command", why)).
		Description(why).
		Placeholder("app.main:app").
		Validate(q.validateApp).
		Value(&q.app))

	if q.portDef == "" {
		add(nil, huh.NewConfirm().
			Title(title("Does it listen on a port?", "no — "+q.notWebWhy())).
			Description("no — "+q.notWebWhy()).
			Value(&q.serve))
	}
	why = q.portWhy()
	add(func() bool { return q.portDef == "" && !q.serve }, huh.NewInput().
		Title(title("Port", why)).
		Description(why).
		Validate(intIn("port", q.portDef, 1, 65535)).
		Value(&q.port))

	why = q.workersDef + " — one process per container; scale with replicas"
	add(func() bool { return !q.web() || !isTarget(q.appAnswer()) }, huh.NewInput().
		Title(title("Server workers", why)).
		Description(why).
		Validate(intIn("workers", q.workersDef, 1, 64)).
		Value(&q.workers))

	if q.p.Compose {
		why = q.dbWhy()
		add(nil, huh.NewSelect[string]().
			Title(title("Database service in compose.yaml", why)).
			Description(why).
			Options(q.dbOptions()...).
			Value(&q.db))
		why = q.redisWhy()
		add(nil, huh.NewConfirm().
			Title(title("Redis service in compose.yaml?", why)).
			Description(why).
			Value(&q.redis))
	}

	if q.askSnippet {
		why = q.snippetWhy()
		add(func() bool { return !q.web() }, huh.NewConfirm().
			Title(title("Write a health endpoint snippet?", why)).
			Description(why).
			Value(&q.snippet))
	}

	add(nil,
		huh.NewNote().
			Title("pydock will write").
			Description(strings.Join(files, "\n")),
		huh.NewConfirm().
			Title("Write these files?").
			Affirmative("Write").
			Negative("Cancel").
			Value(&q.write))
	return steps
}

// answers keeps only what differs from the defaults, so Enter everywhere
// yields the zero value.
func (q *questions) answers() Answers {
	var a Answers
	s := &a.Settings
	if q.manager != q.managerDef {
		s.PackageManager = q.manager
	}
	if q.python != q.pythonDef {
		s.Python = q.python
	}
	if app := q.appAnswer(); app != q.appDef {
		s.App = app
	}
	if q.web() {
		if port := orDefault(q.port, q.portDef); port != q.portDef {
			s.Port, _ = strconv.Atoi(port)
		}
		if isTarget(q.appAnswer()) {
			if w := orDefault(q.workers, q.workersDef); w != q.workersDef {
				s.Workers, _ = strconv.Atoi(w)
			}
		}
	}
	if q.askSnippet && q.web() && q.snippet != q.snippetDef {
		s.HealthSnippet = &q.snippet
	}
	if q.p.Compose && (q.db != q.dbDef || q.redis != q.redisDef) {
		a.ServicesChanged = true
		a.Services = []string{}
		if q.db != "" {
			a.Services = append(a.Services, q.db)
		}
		if q.redis {
			a.Services = append(a.Services, "redis")
		}
	}
	return a
}

// web reports whether the app listens, by detection or the user's answer.
func (q *questions) web() bool { return q.portDef != "" || q.serve }

func (q *questions) appAnswer() string { return orDefault(q.app, q.appDef) }

func (q *questions) managerOptions() []huh.Option[string] {
	label := func(m string) string {
		if m == "" {
			return "none (standard library only)"
		}
		return m
	}
	order := []string{q.managerDef}
	for _, m := range []detect.Manager{detect.ManagerUV, detect.ManagerPoetry, detect.ManagerPDM, detect.ManagerPipenv, detect.ManagerPip} {
		if string(m) != q.managerDef {
			order = append(order, string(m))
		}
	}
	opts := make([]huh.Option[string], len(order))
	for i, m := range order {
		opts[i] = huh.NewOption(label(m), m)
	}
	return opts
}

// validateManager refuses, at its question, a manager the project cannot
// use (uv without uv.lock), saying what to do instead.
func (q *questions) validateManager(m string) error {
	if m == q.managerDef || q.checkManager == nil {
		return nil
	}
	return q.checkManager(m)
}

func (q *questions) managerWhy() string {
	if q.managerDef == "" {
		return "none — no dependencies declared, nothing to install"
	}
	if q.facts != nil && q.facts.ManagerFrom.File != "" {
		return q.managerDef + " — " + q.facts.ManagerFrom.String() + " found"
	}
	if w := decision(q.p, "package manager").Why; w != "" && w != "default" {
		return q.managerDef + " — " + w
	}
	return q.managerDef + " — pydock's default"
}

func (q *questions) pythonOptions() []huh.Option[string] {
	opts := []huh.Option[string]{huh.NewOption(q.pythonDef, q.pythonDef)}
	for _, r := range pyversion.Releases() {
		if v := r.Minor.String(); v != q.pythonDef {
			opts = append(opts, huh.NewOption(v, v))
		}
	}
	return opts
}

func (q *questions) appWhy() string {
	if q.appDef == "" {
		return "nothing to run was found: enter module:attribute (app.main:app) or a command line"
	}
	if d := decision(q.p, "app"); d.Value != "" {
		return q.appDef + " — " + d.Why
	}
	return q.appDef + " — " + decision(q.p, "command").Why
}

func (q *questions) notWebWhy() string {
	return "the command is not a web server"
}

func (q *questions) portWhy() string {
	if q.portDef == "" {
		return strconv.Itoa(plan.DefaultPort) + " — the port the command listens on"
	}
	if w := decision(q.p, "port").Why; w != "" && w != "default" {
		return q.portDef + " — " + w
	}
	return q.portDef + " — pydock's default"
}

func (q *questions) dbOptions() []huh.Option[string] {
	label := map[string]string{"": "none", "postgres": "postgres", "mysql": "mysql"}
	order := []string{q.dbDef}
	for _, k := range []string{"", "postgres", "mysql"} {
		if k != q.dbDef {
			order = append(order, k)
		}
	}
	opts := make([]huh.Option[string], len(order))
	for i, k := range order {
		opts[i] = huh.NewOption(label[k], k)
	}
	return opts
}

func (q *questions) dbWhy() string {
	for _, s := range q.p.Services {
		if s.Kind == q.dbDef && s.Because != "" {
			return q.dbDef + " — " + s.Because + " is a dependency"
		}
	}
	return "none — no database client among the dependencies"
}

func (q *questions) redisWhy() string {
	for _, s := range q.p.Services {
		if s.Kind == "redis" {
			return "yes — " + s.Because + " is a dependency"
		}
	}
	return "no — no redis client among the dependencies"
}

func (q *questions) snippetWhy() string {
	if q.snippetDef {
		return "yes — no health route found; health.py adds " + q.p.Snippet.LivePath + " and " + q.p.Snippet.ReadyPath
	}
	return "no — turned off by --no-health-snippet or pydock.toml"
}

func (q *questions) validateApp(s string) error {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && q.appDef == "":
		return errors.New("pydock found nothing to run: enter module:attribute (app.main:app) or a command line")
	case s == "" || s == q.appDef:
		return nil // Enter keeps the default
	case strings.ContainsAny(s, " \t") || isTarget(s):
		return nil
	}
	return fmt.Errorf("%q: want module:attribute (app.main:app) or a command line with its arguments", s)
}

// isTarget reports whether s is a module:attribute app target (what a
// server runs, with workers), not a command line.
func isTarget(s string) bool {
	mod, attr, ok := strings.Cut(s, ":")
	return ok && mod != "" && attr != "" && !strings.ContainsAny(s, " \t")
}

// intIn validates a whole number in [lo, hi]; empty keeps def when there is
// one (huh's accessible prompts validate the raw line, "" for Enter).
func intIn(name, def string, lo, hi int) func(string) error {
	return func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" && def != "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%s: want a number from %d to %d", name, lo, hi)
		}
		return nil
	}
}

func orDefault(s, def string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return def
}

// decision finds the plan's decision of that name, or the zero Decision.
func decision(p *plan.Plan, name string) plan.Decision {
	i := slices.IndexFunc(p.Decisions, func(d plan.Decision) bool { return d.Name == name })
	if i < 0 {
		return plan.Decision{}
	}
	return p.Decisions[i]
}

// AskMember asks which workspace member to build when a virtual workspace
// root has several that could be the application.
func AskMember(ctx context.Context, members []string, opt Options) (string, error) {
	if len(members) == 0 {
		return "", errors.New("no workspace member to choose")
	}
	choice := members[0]
	opts := make([]huh.Option[string], len(members))
	for i, m := range members {
		opts[i] = huh.NewOption(m, m)
	}
	g := huh.NewGroup(huh.NewSelect[string]().
		Title("Workspace member to build").
		Description("several members of this uv workspace could be the application").
		Options(opts...).
		Value(&choice))
	run := runTerminal
	if opt.Accessible {
		run = runAccessible
	}
	if err := run(ctx, []step{{group: g}}, opt); err != nil {
		return "", err
	}
	return choice, nil
}
