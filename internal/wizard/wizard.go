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
	"strings"
	"time"

	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
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
	// Services are the compose backing services the user chose (kinds
	// from plan.ServiceChoices), valid only when ServicesChanged: the
	// selection differs from what the dependencies asked for.
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
