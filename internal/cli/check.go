package cli

import (
	"fmt"

	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/write"
	"github.com/spf13/cobra"
)

type checkOptions struct {
	dir      string
	settings plan.Settings
	diff     bool
}

func newCheckCmd(s IO) *cobra.Command {
	opts := &checkOptions{}
	c := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Exit 3 when the generated files are stale or hand-edited (for CI and pre-commit)",
		Long: `check renders the files afresh and compares them with the ones on disk. It
exits 0 when every file equals a fresh render, and 3 when any is missing,
stale (a dependency, lock file, Python version or pydock.toml changed) or
edited by hand, with one line per file saying which and why. It writes nothing.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			return runCheck(s, opts)
		},
	}
	c.Flags().BoolVar(&opts.diff, "diff", false, "print a unified diff from each file on disk to its fresh render")
	addPlanFlags(c, &opts.settings)
	return c
}

func runCheck(s IO, opts *checkOptions) error {
	p, err := load(opts.dir, opts.settings)
	if err != nil {
		return err
	}
	states, err := reconcile(p)
	if err != nil {
		return err
	}
	bad := 0
	for _, st := range states {
		var line string
		switch st.status {
		case statusUnchanged:
			if string(st.disk) == string(st.render) {
				fmt.Fprintf(s.Out, "ok        %s\n", st.path)
				continue
			}
			// A merged file that already holds pydock's changes: only the
			// user's edits differ.
			line = fmt.Sprintf("edited    %s: edited by hand since pydock wrote it (your edits merge cleanly)", st.path)
		case statusCreate:
			line = fmt.Sprintf("missing   %s: run pydock generate", st.path)
		case statusUpdate:
			line = fmt.Sprintf("stale     %s: the project changed since it was generated; %s", st.path, firstChange(st.disk, st.render))
		case statusMerge:
			line = fmt.Sprintf("stale     %s: edited by hand, and the project changed since it was generated; `pydock generate` merges your edits", st.path)
		case statusConflict:
			line = fmt.Sprintf("stale     %s: edited by hand where pydock's changes go too; see `pydock generate --diff`", st.path)
		case statusEdited:
			line = fmt.Sprintf("edited    %s: edited by hand since pydock wrote it", st.path)
		case statusForeign:
			line = fmt.Sprintf("foreign   %s: not written by pydock; `pydock generate --force` replaces it (keeping a backup)", st.path)
		}
		bad++
		fmt.Fprintln(s.Out, line)
		if opts.diff {
			fmt.Fprint(s.Out, write.UnifiedDiff(st.path, st.path, st.disk, st.render, 3))
		}
	}
	if bad > 0 {
		return &exitError{code: ExitDrift, err: fmt.Errorf("%d of %d generated files are not a fresh render", bad, len(states))}
	}
	return nil
}
