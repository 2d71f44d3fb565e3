package write

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MaxLines is the most lines Merge accepts per input. Diffing is bounded
// (see maxCost) but still superlinear, and no file pydock writes comes
// anywhere near this; a bigger one is not ours to merge.
const MaxLines = 100_000

// ErrTooManyLines is returned by Merge for an input over MaxLines lines.
var ErrTooManyLines = errors.New("too many lines to merge")

// splitLines cuts b into lines, each keeping its terminator, so that a
// missing final newline and CRLF endings are part of the line and
// survive a merge byte for byte: "a\r\n" and "a\n" are different lines,
// and so are a last line "a" and "a\n".
func splitLines(b []byte) []string { return slices.Collect(strings.Lines(string(b))) }

// edit replaces a[a0:a1] with b[b0:b1]; either range may be empty.
type edit struct {
	a0, a1, b0, b1 int
}

// diffLines returns the edits turning a into b, in order. Consecutive
// edits are always separated by at least one unchanged line.
//
// The core is Myers' O(ND) algorithm in its linear-space form (divide
// and conquer on the middle snake), after interning lines to ints and
// trimming the common prefix and suffix. Like git's xdiff it gives up
// on minimality once a split costs more than maxCost steps and cuts at
// the furthest-reaching point instead, so two very different large
// inputs cost O(N·sqrt(N)) rather than O(N²); files under a few hundred
// changed lines always get a minimal diff.
func diffLines(a, b []string) []edit {
	ids := make(map[string]int, len(a)+len(b))
	intern := func(ls []string) []int {
		out := make([]int, len(ls))
		for i, l := range ls {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	m := &myers{a: intern(a), b: intern(b)}
	n, k := len(a), len(b)
	m.ca = make([]bool, n)
	m.cb = make([]bool, k)
	// Diagonals are global (x-y) and range over [-k, n]; one extra slot
	// each side is read as a sentinel.
	m.off = k + 1
	m.fwd = make([]int, n+k+3)
	m.bwd = make([]int, n+k+3)
	m.maxCost = max(256, int(math.Sqrt(float64(n+k+3))))
	m.compare(0, n, 0, k)

	// Walk the change marks in step: unchanged lines pair up in order.
	var edits []edit
	i, j := 0, 0
	for i < n || j < k {
		if i < n && j < k && !m.ca[i] && !m.cb[j] {
			i++
			j++
			continue
		}
		e := edit{a0: i, b0: j}
		for i < n && m.ca[i] {
			i++
		}
		for j < k && m.cb[j] {
			j++
		}
		e.a1, e.b1 = i, j
		edits = append(edits, e)
	}
	return edits
}

type myers struct {
	a, b     []int
	ca, cb   []bool // lines of a (deleted) and b (inserted) not in the LCS
	fwd, bwd []int  // furthest x reached on each diagonal, by diagonal+off
	off      int
	maxCost  int
}

// compare marks the changed lines between a[a0:a1] and b[b0:b1].
func (m *myers) compare(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && m.a[a0] == m.b[b0] {
		a0++
		b0++
	}
	for a0 < a1 && b0 < b1 && m.a[a1-1] == m.b[b1-1] {
		a1--
		b1--
	}
	switch {
	case a0 == a1:
		for j := b0; j < b1; j++ {
			m.cb[j] = true
		}
	case b0 == b1:
		for i := a0; i < a1; i++ {
			m.ca[i] = true
		}
	default:
		x, y := m.split(a0, a1, b0, b1)
		if (x == a0 && y == b0) || (x == a1 && y == b1) {
			// No progress (cannot happen for a true middle snake; a guard
			// against the heuristic cut): call the whole box changed.
			for i := a0; i < a1; i++ {
				m.ca[i] = true
			}
			for j := b0; j < b1; j++ {
				m.cb[j] = true
			}
			return
		}
		m.compare(a0, x, b0, y)
		m.compare(x, a1, y, b1)
	}
}

// split finds a point (x, y) on a shortest edit path through the box
// a[a0:a1] × b[b0:b1] by running Myers' search forward from the top-left
// and backward from the bottom-right until the two meet (the middle
// snake). Past maxCost steps it settles for the point that got furthest.
// This follows the structure of xdiff's xdl_split.
func (m *myers) split(a0, a1, b0, b1 int) (int, int) {
	const none = math.MaxInt / 2
	fwd, bwd, off := m.fwd, m.bwd, m.off
	dmin, dmax := a0-b1, a1-b0 // diagonal range of the box
	fmid, bmid := a0-b0, a1-b1 // diagonals of the two corners
	odd := (fmid-bmid)&1 != 0
	fmin, fmax, bmin, bmax := fmid, fmid, bmid, bmid
	fwd[fmid+off] = a0
	bwd[bmid+off] = a1

	for cost := 1; ; cost++ {
		// Forward: widen the diagonal range by one each side, or shrink it
		// once it hits the box edge (keeping the parity of cost).
		if fmin > dmin {
			fmin--
			fwd[fmin-1+off] = -1
		} else {
			fmin++
		}
		if fmax < dmax {
			fmax++
			fwd[fmax+1+off] = -1
		} else {
			fmax--
		}
		for d := fmax; d >= fmin; d -= 2 {
			var x int
			if fwd[d-1+off] >= fwd[d+1+off] {
				x = fwd[d-1+off] + 1
			} else {
				x = fwd[d+1+off]
			}
			y := x - d
			for x < a1 && y < b1 && m.a[x] == m.b[y] {
				x++
				y++
			}
			fwd[d+off] = x
			if odd && bmin <= d && d <= bmax && bwd[d+off] <= x {
				return x, y
			}
		}

		// Backward, mirrored.
		if bmin > dmin {
			bmin--
			bwd[bmin-1+off] = none
		} else {
			bmin++
		}
		if bmax < dmax {
			bmax++
			bwd[bmax+1+off] = none
		} else {
			bmax--
		}
		for d := bmax; d >= bmin; d -= 2 {
			var x int
			if bwd[d-1+off] < bwd[d+1+off] {
				x = bwd[d-1+off]
			} else {
				x = bwd[d+1+off] - 1
			}
			y := x - d
			for x > a0 && y > b0 && m.a[x-1] == m.b[y-1] {
				x--
				y--
			}
			bwd[d+off] = x
			if !odd && fmin <= d && d <= fmax && x <= fwd[d+off] {
				return x, y
			}
		}

		if cost < m.maxCost {
			continue
		}
		// Too expensive: cut at whichever search got furthest from its
		// corner. The result is still a valid diff, just not minimal.
		fbest, fx := -1, 0
		for d := fmax; d >= fmin; d -= 2 {
			x := min(fwd[d+off], a1)
			y := x - d
			if y > b1 {
				x, y = b1+d, b1
			}
			if x+y > fbest {
				fbest, fx = x+y, x
			}
		}
		bbest, bx := none, 0
		for d := bmax; d >= bmin; d -= 2 {
			x := max(a0, bwd[d+off])
			y := x - d
			if y < b0 {
				x, y = b0+d, b0
			}
			if x+y < bbest {
				bbest, bx = x+y, x
			}
		}
		if (a1+b1)-bbest < fbest-(a0+b0) {
			return fx, fbest - fx
		}
		return bx, bbest - bx
	}
}

// UnifiedDiff returns a unified diff from old to new with context lines
// of context around each change, or "" when they are equal. The headers
// are "--- a/<oldName>" and "+++ b/<newName>" (a name of "/dev/null" is
// printed as is, for a created or deleted file), so `git apply` and
// `patch -p1` accept it from the project root. A last line without a
// newline gets the usual "\ No newline at end of file". CRLF endings are
// kept inside the lines, so a CRLF file yields a CRLF-bodied patch that
// applies to that file.
//
// Inputs over MaxLines lines are not diffed line by line: the result is
// a single hunk replacing the whole file, which is still a correct patch.
func UnifiedDiff(oldName, newName string, old, new []byte, context int) string {
	if bytes.Equal(old, new) {
		return ""
	}
	context = max(context, 0)
	a, b := splitLines(old), splitLines(new)
	var edits []edit
	if len(a) > MaxLines || len(b) > MaxLines {
		edits = []edit{{0, len(a), 0, len(b)}}
	} else {
		edits = diffLines(a, b)
	}

	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", diffName("a/", oldName), diffName("b/", newName))
	for len(edits) > 0 {
		// Gather edits whose gaps are small enough to share context.
		n := 1
		for n < len(edits) && edits[n].a0-edits[n-1].a1 <= 2*context {
			n++
		}
		hunk := edits[:n]
		edits = edits[n:]

		first, last := hunk[0], hunk[n-1]
		before := min(context, first.a0) // lines before are unchanged on both sides
		after := min(context, len(a)-last.a1)
		as, ae := first.a0-before, last.a1+after
		bs, be := first.b0-before, last.b1+after
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(as, ae-as), hunkRange(bs, be-bs))

		i := as
		for _, e := range hunk {
			writeLines(&sb, ' ', a[i:e.a0])
			writeLines(&sb, '-', a[e.a0:e.a1])
			writeLines(&sb, '+', b[e.b0:e.b1])
			i = e.a1
		}
		writeLines(&sb, ' ', a[i:ae])
	}
	return sb.String()
}

func diffName(prefix, name string) string {
	if name == "/dev/null" {
		return name
	}
	return prefix + name
}

// hunkRange formats one side of a hunk header the way GNU diff and git
// do: "l,s", with ",1" omitted, and l naming the line before an empty
// range.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return strconv.Itoa(start) + ",0"
	case 1:
		return strconv.Itoa(start + 1)
	}
	return strconv.Itoa(start+1) + "," + strconv.Itoa(n)
}

func writeLines(sb *strings.Builder, tag byte, ls []string) {
	for _, l := range ls {
		sb.WriteByte(tag)
		sb.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}
