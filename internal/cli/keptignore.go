package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/write"
)

// ignoreName is the ignore file pydock keeps when it is the user's.
const ignoreName = ".dockerignore"

// keptIgnore is a .dockerignore of the user's that the build uses in
// place of pydock's, judged against what pydock's Dockerfile reads (DI004).
type keptIgnore struct {
	keep, out []plan.KeptPath
	// file is the user's file with pydock's block brought up to date; nil
	// when it already is.
	file *write.File
	// removed: the file had a block that nothing needs any more.
	removed bool
}

// judgeIgnore checks the .dockerignore the build will use against what
// the Dockerfile about to be written reads, the readme and license the
// build backend reads, and the files plan knows the build or the image
// reads by name. A file of the user's that pydock leaves in place gets a
// marked block of "!" re-includes at its end (their lines stay byte for
// byte), and pydock's notes about its own file are dropped; a file pydock
// writes whose lines (the user's merged edits) exclude one is an error
// naming the line. nil: pydock's Dockerfile is not built with this
// context's .dockerignore (the user's Containerfile is, or a workspace
// root's Dockerfile.dockerignore), or is refused this run.
func judgeIgnore(p *project, states []fileState, left []leftAlone) (*keptIgnore, error) {
	if p.plan.ContextDir != "" {
		return nil, nil
	}
	var df, own *fileState
	for i := range states {
		switch states[i].path {
		case "Dockerfile":
			df = &states[i]
		case ignoreName:
			own = &states[i]
		}
	}
	if df == nil || df.status == statusConflict || df.status == statusEdited {
		// The user's build file is built, or pydock's is refused.
		return nil, nil
	}
	py, err := write.ReadFile(p.dir, "pyproject.toml")
	if err != nil {
		return nil, err
	}
	isDir := func(rel string) bool {
		st, err := os.Stat(filepath.Join(p.dir, filepath.FromSlash(rel)))
		return err == nil && st.IsDir()
	}
	if !slices.ContainsFunc(left, func(l leftAlone) bool { return l.path == ignoreName }) {
		// pydock's own file, with whatever edits of the user's merge in.
		if own == nil || own.status == statusConflict || own.status == statusEdited {
			return nil, nil
		}
		k, err := p.plan.CheckIgnore(ignoreName, own.final, df.final, py, isDir)
		if err != nil {
			return nil, err
		}
		if len(k.Keep) > 0 {
			e := k.Keep[0]
			return nil, fmt.Errorf("%s:%d: this line excludes %s, but %s: the build would fail; remove it, or add !%s after it (DI004)", ignoreName, e.Line, e.Path, e.Why, e.Path)
		}
		return nil, nil
	}
	p.plan.KeptIgnoreUsed()
	disk, err := write.ReadFile(p.dir, ignoreName)
	if err != nil {
		return nil, err
	}
	users, had, err := write.SplitBlock(ignoreName, disk)
	if err != nil {
		return nil, err
	}
	k, err := p.plan.CheckIgnore(ignoreName, users, df.final, py, isDir)
	if err != nil {
		return nil, err
	}
	p.plan.Warnings = append(p.plan.Warnings, k.Warnings...)
	v := &keptIgnore{keep: k.Keep, out: k.Out, removed: had && len(k.Keep)+len(k.Out) == 0}
	if want := write.WithBlock(users, plan.KeptIgnoreHeader, k.Lines()); !bytes.Equal(want, disk) {
		v.file = &write.File{Path: ignoreName, Content: want, Replaces: disk, Plain: true}
	}
	return v, nil
}

// block says what pydock's block does: the files it re-includes (with
// the line that excludes each and why the build reads it, when long),
// and the files of keys it keeps out.
func (v *keptIgnore) block(long bool) string {
	var in, out []string
	for _, k := range v.keep {
		if long {
			in = append(in, fmt.Sprintf("%s (%s:%d excludes it; %s)", k.Path, ignoreName, k.Line, k.Why))
		} else {
			in = append(in, k.Path)
		}
	}
	for _, k := range v.out {
		out = append(out, fmt.Sprintf("%s (%s)", k.Path, k.Why))
	}
	var parts []string
	if len(in) > 0 {
		parts = append(parts, "re-includes what your lines exclude and the build reads: "+strings.Join(in, ", ")+" (DI004)")
	}
	if len(out) > 0 {
		parts = append(parts, "keeps "+strings.Join(out, ", ")+" out of the image, which your lines let in (DI002)")
	}
	return strings.Join(parts, "; and ")
}

// written says what a run that writes the file did to it.
func (v *keptIgnore) written() string {
	if len(v.keep)+len(v.out) == 0 {
		return "yours; your lines no longer need pydock's block, so pydock removes it from the end"
	}
	return "yours, your lines kept as they are; pydock's marked block at the end " + v.block(true)
}

// kept says why a file that needs no write is left as it is, "" when it
// holds no block (the usual notice then stands).
func (v *keptIgnore) kept() string {
	if len(v.keep)+len(v.out) == 0 {
		return ""
	}
	return "not written by pydock; your lines stay as they are, and pydock's block at the end " + v.block(false)
}

// stale says, for check, what generate would change.
func (v *keptIgnore) stale() string {
	if len(v.keep)+len(v.out) == 0 {
		return "yours; pydock's block at its end is no longer needed; pydock generate removes it"
	}
	return "yours; pydock's block at its end is not current; pydock generate would make it so it " + v.block(true)
}

// withoutIgnore drops the notice about the user's .dockerignore, which
// judgeIgnore's verdict replaces.
func withoutIgnore(left []leftAlone, v *keptIgnore) []leftAlone {
	if v == nil {
		return left
	}
	out := left[:0:0]
	for _, l := range left {
		if l.path == ignoreName {
			if v.file != nil {
				continue
			}
			if why := v.kept(); why != "" {
				l.why = why
			}
		}
		out = append(out, l)
	}
	return out
}
