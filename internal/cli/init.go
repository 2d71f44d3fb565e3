package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/write"
	"github.com/spf13/cobra"
)

type initOptions struct {
	dir            string
	yes            bool
	settings       plan.Settings
	noCompose      bool
	noHealthSnippt bool
	dryRun         bool
	force          bool
}

func newInitCmd(s IO) *cobra.Command {
	opts := &initOptions{}
	c := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Detect the project and write its container files",
		Long: `init detects the Python project in DIR (default: the current directory) and
writes Dockerfile, .dockerignore, compose.yaml and, when the app has no health
route, a health endpoint snippet beside the app module.

Flags override detection. Files pydock did not write, or that were edited
since, are never replaced without --force (a backup is kept).`,
		Example: `  pydock init --yes
  pydock init --yes --python 3.12 --port 8080 ./service
  pydock init --yes --dry-run`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			if opts.noCompose {
				f := false
				opts.settings.Compose = &f
			}
			if opts.noHealthSnippt {
				f := false
				opts.settings.HealthSnippet = &f
			}
			if !opts.yes && s.Interactive {
				fmt.Fprintln(s.Err, "note: the interactive wizard comes in a later version; continuing as with --yes")
			}
			return runInit(s, opts)
		},
	}
	f := c.Flags()
	f.BoolVarP(&opts.yes, "yes", "y", false, "accept what detection finds; never prompt")
	f.BoolVar(&opts.yes, "no-input", false, "same as --yes")
	addPlanFlags(c, &opts.settings)
	f.BoolVar(&opts.noCompose, "no-compose", false, "do not write compose.yaml")
	f.BoolVar(&opts.noHealthSnippt, "no-health-snippet", false, "do not write a health endpoint snippet")
	f.BoolVar(&opts.dryRun, "dry-run", false, "print what would be written; write nothing")
	f.BoolVar(&opts.force, "force", false, "replace files pydock did not write or that were edited (keeps a backup)")
	return c
}

// addPlanFlags registers the flags that override detection.
func addPlanFlags(c *cobra.Command, s *plan.Settings) {
	f := c.Flags()
	f.StringVar(&s.PackageManager, "package-manager", "", "uv, poetry or pip (settles a conflict between lock files)")
	f.StringVar(&s.Python, "python", "", "Python version, e.g. 3.12")
	f.StringVar(&s.App, "app", "", "app target (app.main:app) or a whole command line")
	f.IntVar(&s.Port, "port", 0, "port the server listens on (default 8000)")
	f.IntVar(&s.Workers, "workers", 0, "server worker processes (default 1: let the orchestrator scale)")
	f.StringVar(&s.HealthPath, "health-path", "", "path the HEALTHCHECK probes (default: an existing route, else /healthz)")
	f.StringVar(&s.BaseImage, "base-image", "", "base image for both stages (default: the official slim image for the Python version)")
}

func runInit(s IO, opts *initOptions) error {
	p, err := load(opts.dir, opts.settings)
	if err != nil {
		return err
	}
	results, err := write.Apply(p.dir, p.files, write.Options{Force: opts.force, DryRun: opts.dryRun})
	printWarnings(s, p.plan)
	if opts.dryRun {
		for _, f := range p.files {
			fmt.Fprintf(s.Out, "==> %s <==\n%s\n", f.Path, f.Content)
		}
	}
	printResults(s, results)
	if errors.Is(err, write.ErrRefused) {
		return &exitError{code: ExitError, err: errors.New("nothing was written: files above were refused")}
	}
	if err != nil {
		return err
	}
	if sn := p.plan.Snippet; sn != nil && !opts.dryRun {
		fmt.Fprintf(s.Err, "\nadd the health endpoints to %s:\n", sn.HookTarget)
		for _, h := range sn.Hooks {
			fmt.Fprintln(s.Err, "    "+h)
		}
	}
	return nil
}

func printResults(s IO, results []write.Result) {
	for _, r := range results {
		line := fmt.Sprintf("%-9s %s", r.Action, r.Path)
		if r.Backup != "" {
			line += " (old content kept in " + r.Backup + ")"
		}
		if r.Reason != "" {
			line += ": " + r.Reason
		}
		fmt.Fprintln(s.Err, line)
	}
}

func printWarnings(s IO, p *plan.Plan) {
	for _, w := range p.Warnings {
		fmt.Fprintln(s.Err, "warning: "+w)
	}
	for _, n := range p.Notes {
		fmt.Fprintln(s.Err, "note: "+strings.TrimSpace(n))
	}
}
