package wizard

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/huh/v2"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/pyversion"
)

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
	db, dbDef           string           // postgres, mysql or "" (none)
	dbKinds             []string         // the database select's options
	others              []*serviceToggle // the services beside the app's db, in the table's order
	snippet, snippetDef bool
	askSnippet          bool
	write               bool

	refused      []Refusal
	replace      bool // replace the refused files
	checkManager func(string) error
}

// serviceToggle is the yes/no question for a compose service that runs
// beside the app's database (redis, mongo).
type serviceToggle struct {
	plan.ServiceChoice
	on, def bool
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
	for _, c := range plan.ServiceChoices() {
		in := slices.ContainsFunc(p.Services, func(s plan.Service) bool { return s.Kind == c.Kind })
		switch {
		case c.DB:
			q.dbKinds = append(q.dbKinds, c.Kind)
			if in {
				q.dbDef = c.Kind
			}
		default:
			q.others = append(q.others, &serviceToggle{ServiceChoice: c, on: in, def: in})
		}
	}
	q.snippetDef = p.Snippet != nil
	// A snippet is possible for a known framework without a health route.
	q.askSnippet = p.Snippet != nil ||
		(f != nil && f.Framework != detect.FrameworkNone && f.Health == nil && p.Port > 0)

	q.manager, q.python, q.app = q.managerDef, q.pythonDef, q.appDef
	q.port, q.workers = q.portDef, q.workersDef
	q.db, q.snippet = q.dbDef, q.snippetDef
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
		for _, t := range q.others {
			why = q.toggleWhy(t)
			add(nil, huh.NewConfirm().
				Title(title(t.Label+" service in compose.yaml?", why)).
				Description(why).
				Value(&t.on))
		}
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
	changed := slices.ContainsFunc(q.others, func(t *serviceToggle) bool { return t.on != t.def })
	if q.p.Compose && (q.db != q.dbDef || changed) {
		a.ServicesChanged = true
		a.Services = []string{}
		if q.db != "" {
			a.Services = append(a.Services, q.db)
		}
		for _, t := range q.others {
			if t.on {
				a.Services = append(a.Services, t.Kind)
			}
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
	order := []string{q.dbDef}
	for _, k := range append([]string{""}, q.dbKinds...) {
		if k != q.dbDef {
			order = append(order, k)
		}
	}
	opts := make([]huh.Option[string], len(order))
	for i, k := range order {
		opts[i] = huh.NewOption(cmp.Or(k, "none"), k)
	}
	return opts
}

func (q *questions) dbWhy() string {
	for _, s := range q.p.Services {
		if s.Kind == q.dbDef && s.Because != "" {
			return q.dbDef + " — " + s.Because
		}
	}
	for _, s := range q.p.Unaddressed {
		if slices.Contains(q.dbKinds, s.Kind) {
			return "none — " + s.Because
		}
	}
	return "none — no " + strings.Join(q.dbKinds, " or ") + " client among the dependencies"
}

func (q *questions) toggleWhy(t *serviceToggle) string {
	for _, s := range q.p.Services {
		if s.Kind == t.Kind {
			return "yes — " + s.Because
		}
	}
	for _, s := range q.p.Unaddressed {
		if s.Kind == t.Kind {
			return "no — " + s.Because
		}
	}
	return "no — no " + t.Label + " client among the dependencies"
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
