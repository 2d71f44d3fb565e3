package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/wizard"
	"github.com/spf13/cobra"
)

type initOptions struct {
	writeOptions
	yes        bool
	accessible bool
	color      string
}

func newInitCmd(s IO) *cobra.Command {
	opts := &initOptions{}
	c := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Detect the project and write its container files",
		Long: `init detects the Python project in DIR (default: the current directory) and
writes Dockerfile, .dockerignore, compose.yaml and, when the app has no health
route, a health endpoint snippet beside the app module.

Flags override detection. Files pydock did not write are never replaced
without --force (a backup is kept); edits to pydock's files are merged.`,
		Example: `  pydock init --yes
  pydock init --yes --python 3.12 --port 8080 ./service
  pydock init --yes --dry-run`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.resolve(args)
			opts.accessible = opts.accessible || os.Getenv("ACCESSIBLE") != ""
			opts.color, _ = colorMode(c) // checked by the root
			return runInit(c.Context(), s, opts)
		},
	}
	f := c.Flags()
	f.BoolVarP(&opts.yes, "yes", "y", false, "accept what detection finds; never prompt")
	f.BoolVar(&opts.yes, "no-input", false, "same as --yes")
	f.BoolVar(&opts.accessible, "accessible", false, "plain-line prompts for screen readers and scripts (also ACCESSIBLE=1)")
	opts.addFlags(c)
	return c
}

// addPlanFlags registers the flags that override detection.
func addPlanFlags(c *cobra.Command, s *plan.Settings) {
	f := c.Flags()
	f.StringVar(&s.PackageManager, "package-manager", "", "uv, poetry, pdm, pipenv, pylock or pip (settles a conflict between lock files)")
	f.StringVar(&s.Python, "python", "", "Python version, e.g. 3.12")
	f.StringVar(&s.App, "app", "", "app target (app.main:app) or a whole command line")
	f.IntVar(&s.Port, "port", 0, "port the server listens on (default 8000)")
	f.IntVar(&s.Workers, "workers", 0, "server worker processes (default 1: let the orchestrator scale)")
	f.StringSliceVar(&s.Extras, "extra", nil, "an extra ([project.optional-dependencies]) to install with the main dependencies; repeatable")
	f.StringSliceVar(&s.Groups, "group", nil, "a dependency group (PEP 735, Poetry group, Pipenv category) to install too; repeatable")
	f.StringVar(&s.Package, "package", "", "the uv workspace member to build, at a workspace root with several")
	f.StringVar(&s.Kind, "kind", "", "web (a port and a health probe) or worker (bots, consumers: no port); default: what the code shows")
	f.StringVar(&s.HealthPath, "health-path", "", "path the HEALTHCHECK probes (default: an existing route, else /healthz)")
	f.StringVar(&s.BaseImage, "base-image", "", "base image for both stages (default: the official slim image for the Python version)")
}

func runInit(ctx context.Context, s IO, opts *initOptions) error {
	// The wizard runs only when someone can answer it: a terminal, or
	// accessible mode's plain lines; otherwise init behaves as --yes.
	interactive := !opts.yes && (s.Interactive || opts.accessible)
	var answers plan.Settings
	if interactive {
		var err error
		if answers, err = askWizard(ctx, s, opts); err != nil {
			return err
		}
	}
	p, release, err := loadLocked(s, opts.dir, plan.Merge(opts.settings, answers), !opts.dryRun)
	if err != nil {
		return err
	}
	defer release()
	// A first look at a dry run shows the whole files, not diffs.
	opts.printFiles = opts.dryRun && !opts.diff
	return writeProject(s, p, &opts.writeOptions)
}

// askWizard shows the form pre-filled with what --yes would do and returns
// the answers that differ from it.
func askWizard(ctx context.Context, s IO, opts *initOptions) (plan.Settings, error) {
	if opts.accessible {
		s.In = wizard.LineInput(s.In) // the member question and the form share it
	}
	p, err := loadFacts(opts.dir, opts.settings)
	var member string
	if cm := (*detect.ChooseMemberError)(nil); errors.As(err, &cm) {
		// A workspace root with several applications: ask which first.
		if member, err = wizard.AskMember(ctx, cm.Members, wizard.Options{In: s.In, Out: s.Err, Accessible: opts.accessible}); err != nil {
			if errors.Is(err, wizard.ErrAborted) {
				return plan.Settings{}, &exitError{code: abortCode(ctx), err: errors.New("aborted; nothing was written")}
			}
			return plan.Settings{}, err
		}
		opts.settings.Package = member
		p, err = loadFacts(opts.dir, opts.settings)
	}
	if err != nil {
		return plan.Settings{}, err
	}
	d := wizard.Defaults{Facts: p.facts, CheckManager: managerCheck(opts.dir, opts.settings)}
	var files []string
	if err := p.build(); err == nil {
		d.Plan = p.plan
		for _, f := range p.files {
			files = append(files, f.Path)
		}
		if !opts.force {
			d.Refused = refusals(p)
		}
	}
	ctx, stop := catchSignals(ctx)
	defer stop()
	a, err := wizard.Run(ctx, d, files, wizard.Options{In: s.In, Out: s.Err, Accessible: opts.accessible, Color: opts.color})
	if errors.Is(err, wizard.ErrAborted) {
		return plan.Settings{}, &exitError{code: abortCode(ctx), err: errors.New("aborted; nothing was written")}
	}
	if errors.Is(err, wizard.ErrKept) {
		return plan.Settings{}, &exitError{code: ExitAborted, err: fmt.Errorf("%w; nothing was written (--force replaces them, keeping a backup of each)", err)}
	}
	opts.force = opts.force || a.Replace
	if err != nil {
		return plan.Settings{}, err
	}
	if a.ServicesChanged {
		services := a.Services
		a.Settings.Services = &services
	}
	a.Settings.Package = member
	return a.Settings, nil
}

func printWarnings(s IO, p *plan.Plan) {
	for _, w := range p.Warnings {
		fmt.Fprintln(s.Err, "warning: "+w)
	}
	for _, n := range p.Notes {
		fmt.Fprintln(s.Err, "note: "+strings.TrimSpace(n))
	}
}
