package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/write"
	"github.com/spf13/cobra"
)

type checkOptions struct {
	dir      string
	settings plan.Settings
	diff     bool
	strict   bool
	// The same choice flags as init and generate.
	noCompose, noSnippet bool
}

func newCheckCmd(s IO) *cobra.Command {
	opts := &checkOptions{}
	c := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Exit 3 when generate would change a file (for CI and pre-commit)",
		Long: `check renders the files afresh and compares them with the ones on disk. It
exits 3 exactly when pydock generate would write something: a file is missing,
stale (a dependency, lock file, Python version or pydock.toml changed), edited
where pydock's changes go, or not written by pydock; or when the lock file no
longer matches its manifest, which the build's lock check would refuse. A file with your edits
whose pydock parts are current passes (--strict fails on it too, and on a Django
SECRET_KEY committed as a literal in the settings the image runs). One line per
file says which and why. It writes nothing.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			off := false
			if opts.noCompose {
				opts.settings.Compose = &off
			}
			if opts.noSnippet {
				opts.settings.HealthSnippet = &off
			}
			return runCheck(s, opts)
		},
	}
	c.Flags().BoolVar(&opts.strict, "strict", false, "also fail on hand edits that generate would keep, and on a committed Django SECRET_KEY")
	c.Flags().BoolVar(&opts.diff, "diff", false, "print a unified diff from each file on disk to its fresh render")
	addPlanFlags(c, &opts.settings)
	c.Flags().BoolVar(&opts.noCompose, "no-compose", false, "as init: compose.yaml is not wanted")
	c.Flags().BoolVar(&opts.noSnippet, "no-health-snippet", false, "as init: no health endpoint snippet")
	return c
}

func runCheck(s IO, opts *checkOptions) error {
	p, release, err := loadLocked(s, opts.dir, opts.settings, false)
	if err != nil {
		return err
	}
	defer release()
	// A run was interrupted: the files may be half old, half new until
	// the next generate finishes it.
	if pending, err := write.Pending(p.dir); err != nil {
		return err
	} else if pending {
		fmt.Fprintf(s.Out, "interrupted %s: a pydock run was interrupted; pydock generate finishes it\n", write.JournalPath)
		return &exitError{code: ExitDrift, err: errors.New("an interrupted run awaits pydock generate")}
	}
	if err := p.buildUsersFile(false); err != nil {
		return err
	}
	states, err := reconcile(p)
	if err != nil {
		return err
	}
	// check fails exactly when generate would write: it asks write.Apply
	// for generate's own plan, as a dry run, rather than judging apart.
	states, left, _ := usersFiles(p.dir, states, false)
	ki, kerr := judgeIgnore(p, states, left)
	left = withoutIgnore(left, ki)
	left = append(keptListing(p.plan, states), left...)
	for _, l := range left {
		fmt.Fprintf(s.Out, "left      %s: %s\n", l.path, l.why)
	}
	// The copy of the credentials file is local, not generated: named,
	// but check does not fail on it.
	for _, w := range composeMessages(p.dir, p.plan, states) {
		fmt.Fprintln(s.Out, w)
	}
	// So is the keys file: generate creates it where it is missing.
	if composeKept(states) {
		j := p.judgeKeys()
		if j.file != "" && !j.exists {
			fmt.Fprintf(s.Out, "note: %s is missing: `pydock generate` creates it (local: %s; never commit it)\n", j.file, keysWhat(j.names))
		}
		for _, m := range j.msgs {
			fmt.Fprintln(s.Out, m)
		}
	}
	files := writeFiles(states, false)
	cf, err := choicesFile(p)
	if err != nil {
		return err
	}
	if cf != nil {
		files = append(files, *cf)
	}
	results, err := write.Apply(p.dir, files, write.Options{DryRun: true})
	if err != nil && !errors.Is(err, write.ErrRefused) {
		return err
	}
	writes := map[string]bool{}
	for _, r := range results {
		writes[r.Path] = r.Action != write.Unchanged
	}
	bad := 0
	var editedOnly []string // kept edits that fail only under --strict
	for _, st := range states {
		var line string
		switch st.status {
		case statusUnchanged:
			if st.fresh {
				fmt.Fprintf(s.Out, "ok        %s\n", st.path)
				break
			}
			// A file holding the user's edits and pydock's current parts:
			// generate would keep it as it is.
			line = fmt.Sprintf("edited    %s: your edits are kept and pydock's parts are current", st.path)
			if !opts.strict {
				fmt.Fprintln(s.Out, line)
				line = ""
			} else {
				fmt.Fprintln(s.Out, line)
				editedOnly = append(editedOnly, st.path)
				continue
			}
		case statusCreate:
			line = fmt.Sprintf("missing   %s: run pydock generate", st.path)
		case statusUpdate:
			line = fmt.Sprintf("stale     %s: the project changed since it was generated; %s", st.path, firstChange(st.disk, st.render))
		case statusMerge:
			line = fmt.Sprintf("stale     %s: edited by hand, and the project changed since it was generated; `pydock generate` merges your edits", st.path)
		case statusConflict:
			line = fmt.Sprintf("stale     %s: edited by hand where pydock's changes go too; see `pydock generate --diff`", st.path)
		case statusEdited:
			line = fmt.Sprintf("edited    %s: edited by hand, the project changed, and there is no record of what pydock generated (%s) to merge with; see `pydock generate --diff`", st.path, write.BasePath(st.path))
		case statusForeign:
			line = fmt.Sprintf("foreign   %s: not written by pydock; `pydock generate --force` replaces it (keeping a backup)", st.path)
		}
		if line == "" {
			continue
		}
		if st.status != statusCreate && st.status != statusForeign && st.upgraded() {
			head, rest, _ := strings.Cut(line, ": ")
			line = fmt.Sprintf("%s: rendered by %s; pydock %s would change it; %s", head, st.renderedBy(), pydockRelease, rest)
		}
		bad++
		fmt.Fprintln(s.Out, line)
		if opts.diff {
			fmt.Fprint(s.Out, write.UnifiedDiff(st.path, st.path, st.disk, st.final, 3))
		}
	}
	// The user's .dockerignore: generate would mend it, or refuse it.
	switch {
	case kerr != nil:
		bad++
		fmt.Fprintf(s.Out, "broken    %s: generate refuses it: %v\n", ignoreName, kerr)
	case ki != nil && ki.file != nil:
		bad++
		fmt.Fprintf(s.Out, "stale     %s: %s\n", ignoreName, ki.stale())
		if opts.diff {
			fmt.Fprint(s.Out, write.UnifiedDiff(ignoreName, ignoreName, ki.file.Replaces, ki.file.Content, 3))
		}
	}
	// Bookkeeping generate would write: a missing or outdated merge base.
	for _, st := range states {
		bp := write.BasePath(st.path)
		// A file reported above brings its record along; name the record
		// only when it alone is behind.
		if !writes[bp] || st.status != statusUnchanged {
			continue
		}
		bad++
		what := "missing  "
		if st.base != nil {
			what = "stale    "
		}
		fmt.Fprintf(s.Out, "%s %s: the record of what pydock generated for %s; run pydock generate\n", what, bp, st.path)
	}
	if cf != nil && writes[cf.Path] {
		bad++
		fmt.Fprintf(s.Out, "choices   %s: generate would record the choices given on this command line\n", cf.Path)
	}
	// Not pydock's file, but the build refuses it: the user learns it here
	// rather than from a failed build.
	lc := p.facts.LockCheck
	if lc != nil && lc.Stale {
		fmt.Fprintf(s.Out, "stale     %s: %s; run `%s` and commit %s\n", lc.File, lc.Why, lc.Fix, lc.File)
	}
	// A note, not drift: the image is right, the probe is only weaker.
	if sn := p.plan.Snippet; sn != nil && p.plan.HasWeb() && p.plan.HealthPath == "" {
		fmt.Fprintf(s.Out, "note      %s: not wired yet, so the HEALTHCHECK checks that the port accepts connections; wire it in %s and run pydock generate to probe %s\n", sn.Path, sn.HookTarget, sn.LivePath)
	}
	// Not pydock's file either: the settings the image runs commit their
	// key. A finding; --strict fails on it.
	secret := p.plan.Django != nil && p.plan.Django.CommittedSecret != ""
	if secret {
		fmt.Fprintf(s.Out, "secret    %s\n", p.plan.Django.CommittedSecretFinding())
	}
	if lc != nil && lc.Stale && bad == 0 {
		return &exitError{code: ExitDrift, err: fmt.Errorf("%s is stale, so the build would refuse it; run `%s`", lc.File, lc.Fix)}
	}
	if bad > 0 {
		verb := "are"
		if bad == 1 {
			verb = "is"
		}
		return &exitError{code: ExitDrift, err: fmt.Errorf("%d of pydock's files %s not current; pydock generate would write them", bad, verb)}
	}
	if secret && opts.strict {
		return &exitError{code: ExitDrift, err: fmt.Errorf("%s commits SECRET_KEY (--strict)", p.plan.Django.CommittedSecret)}
	}
	if len(editedOnly) > 0 {
		// Nothing for generate to do: --strict asks that no hand edit exists.
		verb := "hold"
		if len(editedOnly) == 1 {
			verb = "holds"
		}
		return &exitError{code: ExitDrift, err: fmt.Errorf("%s %s hand edits (--strict); generate would keep them as they are", strings.Join(editedOnly, ", "), verb)}
	}
	return nil
}
