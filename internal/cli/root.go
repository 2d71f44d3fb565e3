// Package cli is pydock's command line: thin cobra shells around detect,
// plan, render and write. It is the only package that imports cobra.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes, documented in README.md.
const (
	ExitOK      = 0
	ExitError   = 1
	ExitUsage   = 2
	ExitDrift   = 3
	ExitAborted = 130
)

// IO is where a command reads and writes; tests pass buffers.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// Interactive is true when stdin and stderr are terminals: the form
	// is drawn on stderr, so `pydock init > log.txt` still asks.
	Interactive bool
}

// exitError carries a specific exit code up to Run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks errors in how the command was called (exit 2).
type usageError struct{ error }

// Main runs pydock with the process's arguments and streams.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return Run(ctx, os.Args[1:], IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Interactive: isTerminal(os.Stdin) && isTerminal(os.Stderr)})
}

// Run executes one pydock invocation and returns its exit code. It is the
// single place that prints errors.
func Run(ctx context.Context, args []string, s IO) int {
	root := newRootCmd(s)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(s.Err, "pydock: "+ee.err.Error())
		}
		return ee.code
	}
	fmt.Fprintln(s.Err, "pydock: "+err.Error())
	var ue usageError
	if errors.As(err, &ue) || isFlagError(err) {
		// The help of the command that was called wrong (root for an
		// unknown command).
		fmt.Fprintf(s.Err, "run '%s --help' for usage\n", cmd.CommandPath())
		return ExitUsage
	}
	if errors.Is(err, context.Canceled) {
		return ExitAborted
	}
	return ExitError
}

func isFlagError(err error) bool {
	m := err.Error()
	return strings.HasPrefix(m, "unknown flag") || strings.HasPrefix(m, "unknown shorthand flag") ||
		strings.HasPrefix(m, "invalid argument") || strings.Contains(m, "flag needs an argument") ||
		strings.HasPrefix(m, "unknown command") || strings.Contains(m, "accepts at most") ||
		strings.Contains(m, "accepts 0 arg")
}

func newRootCmd(s IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "pydock",
		Short: "Production container files for Python projects",
		Long: `pydock looks at a Python project (pyproject.toml, uv.lock, poetry.lock,
requirements.txt, the app's source) and writes a multi-stage Dockerfile,
.dockerignore, compose.yaml and a health endpoint that follow the rules in
its README.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       buildVersion(),
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	addColorFlag(root)
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		_, err := colorMode(c)
		return err
	}
	// --version prints what the version command prints.
	root.SetVersionTemplate("pydock {{.Version}}\n")
	root.AddCommand(newInitCmd(s), newGenerateCmd(s), newCheckCmd(s), newDetectCmd(s), newVersionCmd(s), newLintCmd(s), newPinCmd(s))
	return root
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
