package write

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Conflict-marker labels, as `git merge-file -L yours -L ... -L ...`
// would print them.
const (
	markOurs   = "<<<<<<< yours"
	markBase   = "||||||| pydock (last generated)"
	markSep    = "======="
	markTheirs = ">>>>>>> pydock (new)"
)

// Conflict is a region both sides changed differently.
type Conflict struct {
	// BaseStart and BaseEnd are the 1-based, inclusive lines of base the
	// two sides disagree about. When both sides only inserted lines at
	// the same place, the range is empty: BaseEnd == BaseStart-1, and the
	// insertions go before base line BaseStart.
	BaseStart, BaseEnd int
	// Ours and Theirs are the replacements for that region, one string
	// per line without its "\n" (a CRLF line keeps its "\r").
	Ours, Theirs []string
}

// Merge is a line-based three-way merge with diff3 semantics, as
// `git merge-file --diff3` does it: base is what pydock last generated,
// ours is the file on disk, theirs is the new render.
//
// A region changed on one side only takes that side's lines; identical
// changes on both sides are taken once; different changes to the same
// region are a Conflict. As in git, changes that merely touch (one ends
// on the line where the other starts, or both insert at the same place)
// count as the same region: in a Dockerfile the neighbouring line is
// often part of the same instruction (a "\" continuation), so guessing
// an order there could build something neither side wrote.
//
// With conflicts, merged holds the whole file with git-style conflict
// markers (yours / pydock (last generated) / pydock (new)) for showing to
// the user; it is not meant to be written as is.
//
// Lines are compared byte for byte, terminator included. Nothing is
// normalised: a CRLF line differs from its LF twin, so a file whose line
// endings were converted wholesale conflicts with any pydock change;
// callers wanting otherwise should normalise all three inputs first.
// Likewise a missing final newline is part of the last line, so the
// merged file ends with or without a newline according to whichever side
// last changed that line. Conflict markers end in CRLF only when every
// non-empty input does (judged by its first line), as in git.
//
// Strip the pydock marker (StripMarker) from all three inputs first: its
// hash differs between any two versions and would conflict every time.
//
// Inputs over MaxLines lines return ErrTooManyLines.
func Merge(base, ours, theirs []byte) (merged []byte, conflicts []Conflict, err error) {
	o, a, b := splitLines(base), splitLines(ours), splitLines(theirs)
	for _, in := range []struct {
		name string
		n    int
	}{{"base", len(o)}, {"ours", len(a)}, {"theirs", len(b)}} {
		if in.n > MaxLines {
			return nil, nil, fmt.Errorf("%w: %s has %d lines, the limit is %d", ErrTooManyLines, in.name, in.n, MaxLines)
		}
	}
	eol := markerEOL(base, ours, theirs)
	ea, eb := diffLines(o, a), diffLines(o, b)

	var out strings.Builder
	sa, sb := &mergeSide{edits: ea, lines: a}, &mergeSide{edits: eb, lines: b}
	pos := 0 // base lines [0, pos) are emitted
	for len(sa.edits) > 0 || len(sb.edits) > 0 {
		// The chunk starts at the earliest edit and absorbs every edit,
		// on either side, that overlaps or touches it, until it is stable.
		lo, hi := len(o)+1, -1
		if len(sa.edits) > 0 {
			lo, hi = sa.edits[0].a0, sa.edits[0].a1
		}
		if len(sb.edits) > 0 && sb.edits[0].a0 < lo {
			lo, hi = sb.edits[0].a0, sb.edits[0].a1
		}
		for grew := true; grew; {
			ga := sa.absorb(&hi)
			gb := sb.absorb(&hi)
			grew = ga || gb
		}

		writeAll(&out, o[pos:lo])
		pos = hi
		na, nb := sa.n, sb.n
		ra, rb := sa.take(lo, hi), sb.take(lo, hi)
		switch {
		case nb == 0 || (na > 0 && slices.Equal(ra, rb)):
			writeAll(&out, ra)
		case na == 0:
			writeAll(&out, rb)
		default:
			conflicts = append(conflicts, Conflict{
				BaseStart: lo + 1,
				BaseEnd:   hi,
				Ours:      trimEOL(ra),
				Theirs:    trimEOL(rb),
			})
			writeConflict(&out, eol, ra, o[lo:hi], rb)
		}
	}
	writeAll(&out, o[pos:])
	return []byte(out.String()), conflicts, nil
}

// mergeSide tracks one side's progress through a merge.
type mergeSide struct {
	edits []edit // not yet emitted
	n     int    // how many of edits the current chunk has absorbed
	lines []string
	shift int // line-count shift (side minus base) of the edits emitted
}

// absorb extends the chunk ending at base line *hi with every edit of
// this side that starts at or before it, and reports whether any did.
func (s *mergeSide) absorb(hi *int) bool {
	grew := false
	for s.n < len(s.edits) && s.edits[s.n].a0 <= *hi {
		*hi = max(*hi, s.edits[s.n].a1)
		s.n++
		grew = true
	}
	return grew
}

// take consumes the absorbed edits and returns this side's lines for the
// chunk's base region [lo, hi).
func (s *mergeSide) take(lo, hi int) []string {
	start := lo + s.shift
	for _, e := range s.edits[:s.n] {
		s.shift += (e.b1 - e.b0) - (e.a1 - e.a0)
	}
	s.edits, s.n = s.edits[s.n:], 0
	return s.lines[start : hi+s.shift]
}

// markerEOL picks the conflict markers' line ending: CRLF only if all
// non-empty inputs use it, so a mixed merge does not gain more CRLFs.
func markerEOL(inputs ...[]byte) string {
	eol := "\n"
	for _, in := range inputs {
		if len(in) == 0 {
			continue
		}
		if lineEnding(in) != "\r\n" {
			return "\n"
		}
		eol = "\r\n"
	}
	return eol
}

func writeAll(sb *strings.Builder, ls []string) {
	for _, l := range ls {
		sb.WriteString(l)
	}
}

// writeConflict writes one conflict with git's diff3-style markers. A
// section whose last line has no newline (end of file) gets one, so every
// marker starts its own line.
func writeConflict(sb *strings.Builder, eol string, ours, base, theirs []string) {
	section := func(marker string, ls []string) {
		sb.WriteString(marker + eol)
		writeAll(sb, ls)
		if n := len(ls); n > 0 && !strings.HasSuffix(ls[n-1], "\n") {
			sb.WriteString(eol)
		}
	}
	section(markOurs, ours)
	section(markBase, base)
	section(markSep, theirs)
	sb.WriteString(markTheirs + eol)
}

// trimEOL returns the lines without their "\n".
func trimEOL(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = strings.TrimSuffix(l, "\n")
	}
	return out
}

// StripMarker returns content without the pydock marker line, wherever
// Stamp put it (first line, or after Dockerfile parser directives or a
// Python shebang/encoding line), and with everything else byte for byte:
// Stamp(StripMarker(x)) == x for any x Stamp produced. It looks for the
// marker exactly where Inspect does (the first five lines); content
// without one is returned unchanged. The result shares no memory with
// content.
func StripMarker(content []byte) []byte {
	start, end, _, ok := findMarker(content)
	if !ok {
		return bytes.Clone(content)
	}
	return concat(content[:start], content[end:])
}
