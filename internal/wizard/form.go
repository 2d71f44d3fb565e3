package wizard

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"
)

// runTerminal shows one full-screen form; groups that do not apply hide
// themselves as the answers change.
func runTerminal(ctx context.Context, groups []step, opt Options) error {
	gs := make([]*huh.Group, len(groups))
	for i, s := range groups {
		gs[i] = s.group
		if s.hide != nil {
			gs[i].WithHideFunc(s.hide)
		}
	}
	km := huh.NewDefaultKeyMap()
	// Ctrl-C quits; Esc belongs to a list's filter ("/"), which it ends
	// without throwing the other answers away.
	km.Quit = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit"))
	f := huh.NewForm(gs...).
		WithKeyMap(km).
		WithShowHelp(true).
		WithAccessible(false). // NewForm turns it on for TERM=dumb
		// Signals are the caller's, through ctx: bubbletea's own handler
		// turns SIGTERM into a submit (the defaults get written) and
		// deadlocks its shutdown when ctx ends on the same SIGINT.
		WithProgramOptions(tea.WithoutSignalHandler(), tea.WithColorProfile(opt.profile(opt.Out))).
		WithInput(opt.In).
		WithOutput(opt.Out)
	err := untilDone(ctx, func() error { return f.RunWithContext(ctx) })
	if ctx.Err() != nil || errors.Is(err, huh.ErrUserAborted) || errors.Is(err, huh.ErrTimeout) {
		return ErrAborted
	}
	return err
}

// restoreGrace is how long a cancelled form gets to give the terminal back
// before the wizard returns without it.
const restoreGrace = 2 * time.Second

// untilDone runs fn and returns its error, or ErrAborted once ctx is done
// and fn has had restoreGrace to notice: a form blocked on input never
// keeps a signalled pydock alive.
func untilDone(ctx context.Context, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	select {
	case <-done:
	case <-time.After(restoreGrace):
	}
	return ErrAborted
}

// runAccessible asks group after group. huh's accessible mode ignores hide
// functions and the context, so both are checked here between groups.
func runAccessible(ctx context.Context, groups []step, opt Options) error {
	in := newLineReader(opt.In)
	// huh styles the plain lines whatever they go to: downsample them.
	out := &colorprofile.Writer{Forward: opt.Out, Profile: opt.profile(opt.Out)}
	for _, s := range groups {
		if ctx.Err() != nil {
			return ErrAborted
		}
		if s.hide != nil && s.hide() {
			continue
		}
		// huh's accessible prompts block on input whatever ctx says.
		err := untilDone(ctx, huh.NewForm(s.group).
			WithAccessible(true).
			WithInput(in).
			WithOutput(out).
			Run)
		if err != nil {
			if errors.Is(err, huh.ErrUserAborted) {
				return ErrAborted
			}
			return err
		}
		// huh answers every prompt with its default once input ends;
		// treat end of input (Ctrl-D) as an abort rather than a yes.
		if in.eof {
			return ErrAborted
		}
	}
	if ctx.Err() != nil {
		return ErrAborted
	}
	return nil
}

// step is one group of the form and when it does not apply.
type step struct {
	group *huh.Group
	hide  func() bool
}
