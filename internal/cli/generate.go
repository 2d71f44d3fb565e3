package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/write"
	"github.com/spf13/cobra"
)

// writeOptions are the flags shared by init and generate.
type writeOptions struct {
	dir       string
	settings  plan.Settings
	noCompose bool
	noSnippet bool
	dryRun    bool
	force     bool
	diff      bool
	// printFiles shows whole files instead of diffs on a dry run.
	printFiles bool
}

func (o *writeOptions) addFlags(c *cobra.Command) {
	addPlanFlags(c, &o.settings)
	f := c.Flags()
	f.BoolVar(&o.noCompose, "no-compose", false, "do not write compose.yaml")
	f.BoolVar(&o.noSnippet, "no-health-snippet", false, "do not write a health endpoint snippet")
	f.BoolVar(&o.dryRun, "dry-run", false, "show what would change; write nothing")
	f.BoolVar(&o.force, "force", false, "replace files pydock did not write or whose edits conflict (keeps a backup)")
	f.BoolVar(&o.diff, "diff", false, "print a unified diff of each change")
}

// resolve applies the negative flags and the directory argument.
func (o *writeOptions) resolve(args []string) {
	o.dir = "."
	if len(args) == 1 {
		o.dir = args[0]
	}
	if o.noCompose {
		f := false
		o.settings.Compose = &f
	}
	if o.noSnippet {
		f := false
		o.settings.HealthSnippet = &f
	}
}

func newGenerateCmd(s IO) *cobra.Command {
	opts := &writeOptions{}
	c := &cobra.Command{
		Use:     "generate [DIR]",
		Aliases: []string{"regen", "regenerate"},
		Short:   "Regenerate the files after the project changed, keeping your edits",
		Long: `generate detects the project again, applies pydock.toml, renders, and updates
the files. A file you edited since pydock wrote it is merged three ways (the
last generated copy in .pydock/generated is the base), so your edits survive;
an edit that collides with pydock's change writes nothing and exits 1: see it
with --diff, or replace the file with --force (a backup is kept).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.resolve(args)
			return runGenerate(s, opts)
		},
	}
	opts.addFlags(c)
	return c
}

func runGenerate(s IO, opts *writeOptions) error {
	p, release, err := loadLocked(s, opts.dir, opts.settings, !opts.dryRun)
	if err != nil {
		return err
	}
	defer release()
	return writeProject(s, p, opts)
}

// writeProject reconciles the render with the disk and writes, all or
// nothing. It is the shared end of init and generate.
func writeProject(s IO, p *project, opts *writeOptions) error {
	if err := p.buildUsersFile(opts.force); err != nil {
		return err
	}
	states, err := reconcile(p)
	if err != nil {
		return err
	}
	states, left, moves := usersFiles(p.dir, states, opts.force)
	ki, err := judgeIgnore(p, states, left)
	if err != nil {
		return err
	}
	left = withoutIgnore(left, ki)
	left = append(keptListing(p.plan, states), left...)
	printWarnings(s, p.plan)
	if opts.printFiles {
		for _, st := range states {
			fmt.Fprintf(s.Out, "==> %s <==\n%s\n", st.path, st.final)
		}
	} else {
		// An upgrade's changes are shown even without --diff.
		for _, st := range states {
			if opts.diff || opts.dryRun || (st.upgraded() && st.status != statusUnchanged) {
				fmt.Fprint(s.Out, stateDiff(st))
			}
		}
	}
	files := append(moves, writeFiles(states, opts.force)...)
	if ki != nil && ki.file != nil {
		if opts.printFiles {
			fmt.Fprintf(s.Out, "==> %s <==\n%s\n", ki.file.Path, ki.file.Content)
		} else if opts.diff || opts.dryRun {
			fmt.Fprint(s.Out, write.UnifiedDiff(ignoreName, ignoreName, ki.file.Replaces, ki.file.Content, 3))
		}
		files = append(files, *ki.file)
	}
	cf, err := choicesFile(p)
	if err != nil {
		return err
	}
	if cf != nil {
		files = append(files, *cf)
	}
	// The keys file is local: created where missing, never shown (not even
	// by --dry-run or --diff), never recorded.
	var kf *write.File
	var keyMsgs []string
	if composeKept(states) {
		if kf, keyMsgs, err = p.keysFile(); err != nil {
			return err
		}
		if kf != nil {
			files = append(files, *kf)
		}
	}
	results, err := write.Apply(p.dir, files, write.Options{Force: opts.force, DryRun: opts.dryRun})
	byPath := map[string]write.Result{}
	for _, r := range results {
		byPath[r.Path] = r
	}
	refused := false
	for _, st := range states {
		r, ok := byPath[st.path]
		if !ok {
			continue
		}
		action := string(r.Action)
		switch {
		case st.status == statusMerge && (r.Action == write.Updated || r.Action == write.WouldUpdate):
			action = "merged"
			if r.Action == write.WouldUpdate {
				action = "would merge"
			}
		case st.status == statusConflict && r.Action == write.Refused:
			r.Reason = fmt.Sprintf("your edits to %s collide with pydock's changes (%d conflicting place(s)); see them with --diff, or rerun with --force to take pydock's version (your file is kept as a backup)", st.path, st.conflicts)
		case st.status == statusEdited && r.Action == write.Refused:
			r.Reason = fmt.Sprintf("%s was edited since pydock wrote it and there is no record of what pydock generated (%s) to merge with; rerun with --force to replace it (a backup is kept), or --diff to see the change", st.path, write.BasePath(st.path))
		}
		if r.Action == write.Refused {
			refused = true
		}
		line := fmt.Sprintf("%-9s %s", action, r.Path)
		if st.upgraded() && (r.Action == write.Updated || r.Action == write.WouldUpdate) {
			line += " (rendered by " + st.renderedBy() + ")"
		}
		if r.Backup != "" {
			line += " (your version is kept in " + r.Backup + ")"
		}
		if r.Reason != "" {
			line += ": " + r.Reason
		}
		fmt.Fprintln(s.Err, line)
	}
	for _, m := range moves {
		if r := byPath[m.Path]; r.Action == write.MovedAside || r.Action == write.WouldMoveAside {
			fmt.Fprintf(s.Err, "%-9s %s to %s (pydock's file would shadow it)\n", r.Action, r.Path, r.Backup)
		}
	}
	if ki != nil && ki.file != nil {
		r := byPath[ignoreName]
		line := fmt.Sprintf("%-9s %s: %s", r.Action, r.Path, ki.written())
		if r.Action == write.Refused {
			refused = true
			line = fmt.Sprintf("%-9s %s: %s", r.Action, r.Path, r.Reason)
		}
		fmt.Fprintln(s.Err, line)
	}
	if kf != nil {
		r := byPath[kf.Path]
		line := keysLine(string(r.Action), kf.Path, p.plan.DevKeys())
		if r.Action == write.Refused {
			refused = true
			line = fmt.Sprintf("%-9s %s: %s", r.Action, r.Path, r.Reason)
		}
		fmt.Fprintln(s.Err, line)
	}
	for _, l := range left {
		fmt.Fprintf(s.Err, "left      %s: %s\n", l.path, l.why)
	}
	for _, w := range composeMessages(p.dir, p.plan, states) {
		fmt.Fprintln(s.Err, w)
	}
	for _, m := range keyMsgs {
		fmt.Fprintln(s.Err, m)
	}
	if cf != nil {
		r := byPath[cf.Path]
		line := fmt.Sprintf("%-9s %s (your choices that differ from detection)", r.Action, r.Path)
		if r.Reason != "" {
			line = fmt.Sprintf("%-9s %s: %s", r.Action, r.Path, r.Reason)
		}
		fmt.Fprintln(s.Err, line)
	}
	if errors.Is(err, write.ErrRefused) || refused {
		return &exitError{code: ExitError, err: errors.New("nothing was written")}
	}
	if err != nil {
		return err
	}
	if sn := p.plan.Snippet; sn != nil && !opts.dryRun && byPath[sn.Path].Action == write.Created {
		fmt.Fprintf(s.Err, "\nadd the health endpoints to %s:\n", sn.HookTarget)
		for _, h := range sn.Hooks {
			fmt.Fprintln(s.Err, "    "+h)
		}
	}
	return nil
}

// stateDiff is the unified diff from the file on disk to what would be
// written; for a conflict, to the merge with conflict markers.
func stateDiff(st fileState) string {
	switch st.status {
	case statusUnchanged:
		return ""
	case statusConflict:
		// reconcile left the merge, conflict markers included, in final.
		return write.UnifiedDiff(st.path, st.path+" (merge conflicts)", st.disk, st.final, 3)
	}
	return write.UnifiedDiff(st.path, st.path, st.disk, st.final, 3)
}

// firstChange names the first line that differs, for a one-line reason.
func firstChange(old, new []byte) string {
	o := strings.Split(string(write.StripMarker(old)), "\n")
	n := strings.Split(string(write.StripMarker(new)), "\n")
	for i := 0; i < len(o) || i < len(n); i++ {
		var a, b string
		if i < len(o) {
			a = o[i]
		}
		if i < len(n) {
			b = n[i]
		}
		if a != b {
			switch {
			case a == "":
				return fmt.Sprintf("would add %q", strings.TrimSpace(b))
			case b == "":
				return fmt.Sprintf("would remove %q", strings.TrimSpace(a))
			}
			return fmt.Sprintf("%q would become %q", strings.TrimSpace(a), strings.TrimSpace(b))
		}
	}
	return "content differs"
}
