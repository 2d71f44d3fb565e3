package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// ExitTerminated is the conventional code of a run stopped by SIGTERM
// (128 + 15), what timeout, systemd, IDE stop buttons and CI cancellation send.
const ExitTerminated = 143

// signalled is the cancel cause of a context stopped by a signal.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string { return "stopped by " + s.sig.String() }

// catchSignals returns a context that SIGINT or SIGTERM cancels, for the
// span where a signal must end the run cleanly (the wizard: nothing is
// written yet). stop restores SIGTERM's default, which kills at once
// wherever pydock is (writes are all-or-nothing).
func catchSignals(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			cancel(signalled{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// abortCode is the exit code of a run aborted under ctx: 143 after SIGTERM,
// else 130 (SIGINT, Ctrl-C, Esc, "no" at the confirm).
func abortCode(ctx context.Context) int {
	var s signalled
	if errors.As(context.Cause(ctx), &s) && s.sig == syscall.SIGTERM {
		return ExitTerminated
	}
	return ExitAborted
}
