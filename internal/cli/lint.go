package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pydock/pydock/internal/lint"
	"github.com/spf13/cobra"
)

type lintOptions struct {
	paths   []string
	format  string
	failOn  string
	color   string
	explain string
}

// severityRank orders severities for --fail-on; "none" is above them all.
var severityRank = map[string]int{lint.SeverityInfo: 1, lint.SeverityWarning: 2, lint.SeverityError: 3, "none": 4}

func newLintCmd(s IO) *cobra.Command {
	opts := &lintOptions{}
	c := &cobra.Command{
		Use:   "lint [FILE|DIR]...",
		Short: "Check Dockerfiles and .dockerignore against pydock's rules",
		Long: `lint checks each Dockerfile (a directory means its Dockerfile and
.dockerignore, with pyproject.toml for requires-python and the readme) against
the rules pydock's own files follow (DF001–DF020, DI001–DI004), plus BuildKit's
own checks under their BuildKit names.

Silence a finding with a comment on its line or the line above:
    # pydock-ignore: DF013,DF005
    # hadolint ignore=DL3008      (for rules that correspond to hadolint's)

Exit status: 1 when a finding is at or above --fail-on (default warning) or a
file cannot be read or parsed, 0 otherwise, 2 for usage errors.`,
		Example: `  pydock lint
  pydock lint --format json services/api
  pydock lint --format sarif . > pydock.sarif
  pydock lint --explain DF004`,
		RunE: func(c *cobra.Command, args []string) error {
			if opts.explain != "" {
				return runExplain(s, opts.explain)
			}
			switch opts.format {
			case "text", "json", "sarif":
			default:
				return usageError{fmt.Errorf("unknown --format %q: use text, json or sarif", opts.format)}
			}
			if _, ok := severityRank[opts.failOn]; !ok {
				return usageError{fmt.Errorf("unknown --fail-on %q: use error, warning, info or none", opts.failOn)}
			}
			var err error
			if opts.color, err = colorMode(c); err != nil {
				return err
			}
			opts.paths = args
			if len(opts.paths) == 0 {
				opts.paths = []string{"."}
			}
			return runLint(s, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.format, "format", "text", "output format: text, json or sarif")
	f.StringVar(&opts.failOn, "fail-on", lint.SeverityWarning, "exit 1 when a finding is at least this severe: error, warning, info or none")
	f.StringVar(&opts.explain, "explain", "", "print a rule's reason and a before/after example, e.g. DF004")
	return c
}

func runExplain(s IO, id string) error {
	r, ok := lint.Lookup(id)
	if !ok {
		var ids []string
		for _, r := range lint.Rules() {
			ids = append(ids, r.ID)
		}
		return usageError{fmt.Errorf("unknown rule %q; known rules: %s", id, strings.Join(ids, ", "))}
	}
	w := s.Out
	fmt.Fprintf(w, "%s (%s): %s\n\n%s\n\nBefore:\n%s\n\nAfter:\n%s\n", r.ID, r.Severity, r.Title, r.Why, indent(r.Before), indent(r.After))
	if len(r.Hadolint) > 0 {
		fmt.Fprintf(w, "\nhadolint: %s (# hadolint ignore=%s silences it too)\n", strings.Join(r.Hadolint, ", "), r.Hadolint[0])
	}
	fmt.Fprintf(w, "\nSilence it on one line with: # pydock-ignore: %s\n", r.ID)
	return nil
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// lintTarget resolves one argument into a lint input.
func lintTarget(p string) (lint.Input, error) {
	st, err := os.Stat(p)
	if err != nil {
		return lint.Input{}, err
	}
	var in lint.Input
	dir := filepath.Dir(p)
	switch {
	case st.IsDir():
		dir = p
		in.DockerfileName = filepath.Join(p, "Dockerfile")
		if in.Dockerfile, err = lint.ReadFile(in.DockerfileName); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return in, fmt.Errorf("%s: no Dockerfile in this directory; pass the Dockerfile's path", p)
			}
			return in, err
		}
		// BuildKit prefers <Dockerfile>.dockerignore to .dockerignore.
		in.CheckIgnore = true
		for _, name := range []string{"Dockerfile.dockerignore", ".dockerignore"} {
			in.DockerignoreName = filepath.Join(p, name)
			data, err := lint.ReadFile(in.DockerignoreName)
			if err == nil {
				in.Dockerignore = data
				break
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return in, err
			}
		}
	case strings.HasSuffix(filepath.Base(p), ".dockerignore"):
		in.CheckIgnore = true
		in.DockerignoreName = p
		if in.Dockerignore, err = lint.ReadFile(p); err != nil {
			return in, err
		}
	default:
		in.DockerfileName = p
		if in.Dockerfile, err = lint.ReadFile(p); err != nil {
			return in, err
		}
	}
	in.PyprojectName = filepath.Join(dir, "pyproject.toml")
	data, err := lint.ReadFile(in.PyprojectName)
	switch {
	case err == nil:
		in.Pyproject = data
	case !errors.Is(err, fs.ErrNotExist):
		return in, err
	}
	return in, nil
}

func runLint(s IO, opts *lintOptions) error {
	var all []lint.Finding
	failed := 0
	for _, p := range opts.paths {
		in, err := lintTarget(p)
		if err == nil {
			var fs []lint.Finding
			fs, err = lint.Lint(in)
			all = append(all, fs...)
		}
		if err != nil {
			fmt.Fprintln(s.Err, "pydock: "+err.Error())
			failed++
		}
	}
	if all == nil {
		all = []lint.Finding{}
	}
	var err error
	switch opts.format {
	case "json":
		err = writeJSON(s.Out, all)
	case "sarif":
		err = writeSARIF(s.Out, all)
	default:
		writeText(s.Out, all, useColor(s, opts.color))
	}
	if err != nil {
		return err
	}
	counts := map[string]int{}
	over := 0
	for _, f := range all {
		counts[f.Severity]++
		if severityRank[f.Severity] >= severityRank[opts.failOn] {
			over++
		}
	}
	if opts.format == "text" && len(all) > 0 {
		fmt.Fprintf(s.Err, "%d errors, %d warnings, %d info\n", counts[lint.SeverityError], counts[lint.SeverityWarning], counts[lint.SeverityInfo])
	}
	switch {
	case failed > 0:
		return &exitError{code: ExitError, err: fmt.Errorf("%d of %d files could not be linted", failed, len(opts.paths))}
	case over > 0:
		return &exitError{code: ExitError, err: fmt.Errorf("%d findings at or above %s (see --fail-on)", over, opts.failOn)}
	}
	return nil
}

// useColor: only on a terminal, never when NO_COLOR is set (no-color.org).
func useColor(s IO, mode string) bool {
	if os.Getenv("NO_COLOR") != "" || mode == "never" {
		return false
	}
	if mode == "always" {
		return true
	}
	f, ok := s.Out.(*os.File)
	return ok && isTerminal(f)
}

var severityColor = map[string]string{lint.SeverityError: "\x1b[31m", lint.SeverityWarning: "\x1b[33m", lint.SeverityInfo: "\x1b[36m"}

// writeText prints `file:line: ID severity: message`, one block per file.
func writeText(w io.Writer, findings []lint.Finding, color bool) {
	for i, f := range findings {
		if i > 0 && findings[i-1].File != f.File {
			fmt.Fprintln(w)
		}
		loc := f.File
		if f.Line > 0 {
			loc = fmt.Sprintf("%s:%d", f.File, f.Line)
		}
		sev, id := f.Severity, f.Rule
		if color {
			sev = severityColor[f.Severity] + sev + "\x1b[0m"
			id = "\x1b[1m" + id + "\x1b[0m"
		}
		fmt.Fprintf(w, "%s: %s %s: %s\n", loc, id, sev, f.Message)
		if f.URL != "" {
			fmt.Fprintf(w, "    see %s\n", f.URL)
		}
	}
}

func writeJSON(w io.Writer, findings []lint.Finding) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(findings)
}

func writeSARIF(w io.Writer, findings []lint.Finding) error {
	data, err := lint.SARIF(findings, buildVersion())
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
