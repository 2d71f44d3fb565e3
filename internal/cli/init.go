package cli

import (
	"fmt"
	"strings"

	"github.com/pydock/pydock/internal/plan"
	"github.com/spf13/cobra"
)

type initOptions struct {
	writeOptions
	yes bool
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
			if !opts.yes && s.Interactive {
				fmt.Fprintln(s.Err, "note: the interactive wizard comes in a later version; continuing as with --yes")
			}
			return runInit(s, opts)
		},
	}
	f := c.Flags()
	f.BoolVarP(&opts.yes, "yes", "y", false, "accept what detection finds; never prompt")
	f.BoolVar(&opts.yes, "no-input", false, "same as --yes")
	opts.addFlags(c)
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
	// A first look at a dry run shows the whole files, not diffs.
	opts.printFiles = opts.dryRun && !opts.diff
	return writeProject(s, p, &opts.writeOptions)
}

func printWarnings(s IO, p *plan.Plan) {
	for _, w := range p.Warnings {
		fmt.Fprintln(s.Err, "warning: "+w)
	}
	for _, n := range p.Notes {
		fmt.Fprintln(s.Err, "note: "+strings.TrimSpace(n))
	}
}
