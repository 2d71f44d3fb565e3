package write

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// applyEdits rebuilds b from a and the edits, checking they are ordered,
// separated and consistent with a and b along the way.
func applyEdits(t *testing.T, a, b []string, edits []edit) []string {
	t.Helper()
	var out []string
	i, j := 0, 0
	for k, e := range edits {
		if e.a0 < i || e.a1 < e.a0 || e.b1 < e.b0 || (k > 0 && e.a0 == i) {
			t.Fatalf("edit %d %+v out of order or touching the previous one", k, e)
		}
		if e.a0 == e.a1 && e.b0 == e.b1 {
			t.Fatalf("empty edit %d", k)
		}
		if e.a0-i != e.b0-j {
			t.Fatalf("edit %d %+v: unchanged run lengths differ", k, e)
		}
		for ; i < e.a0; i, j = i+1, j+1 {
			if a[i] != b[j] {
				t.Fatalf("unchanged line %d/%d differs: %q vs %q", i, j, a[i], b[j])
			}
			out = append(out, a[i])
		}
		out = append(out, b[e.b0:e.b1]...)
		i, j = e.a1, e.b1
	}
	return append(out, a[i:]...)
}

// lcsLen is the textbook O(NM) dynamic programme, to check that the
// Myers core finds a longest common subsequence.
func lcsLen(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// randLines draws n lines from a small alphabet so that files share many
// lines, with an occasional CRLF line and missing final newline.
func randLines(r *rand.Rand, n int) string {
	var sb strings.Builder
	for i := range n {
		sb.WriteString(string(rune('a' + r.IntN(5))))
		switch {
		case i == n-1 && r.IntN(4) == 0:
			// no final newline
		case r.IntN(20) == 0:
			sb.WriteString("\r\n")
		default:
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

func TestDiffLinesMinimalAndValid(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 3000 {
		a := splitLines([]byte(randLines(r, r.IntN(25))))
		b := splitLines([]byte(randLines(r, r.IntN(25))))
		edits := diffLines(a, b)
		if got := applyEdits(t, a, b, edits); !slices.Equal(got, b) {
			t.Fatalf("case %d: edits rebuild %q, want %q", n, got, b)
		}
		kept := len(a)
		for _, e := range edits {
			kept -= e.a1 - e.a0
		}
		if want := lcsLen(a, b); kept != want {
			t.Fatalf("case %d: diff keeps %d lines, LCS is %d\na=%q\nb=%q", n, kept, want, a, b)
		}
	}
}

// Large, very different inputs hit the cost cap: the diff must stay
// valid and fast rather than minimal and quadratic.
func TestDiffLinesBoundedWork(t *testing.T) {
	const n = 50_000
	r := rand.New(rand.NewPCG(3, 4))
	cases := map[string]func(i int) (string, string){
		// No line in common: D = 2n, the worst case for plain Myers.
		"disjoint": func(i int) (string, string) { return fmt.Sprintf("a%d\n", i), fmt.Sprintf("b%d\n", i) },
		// Common LCS of length 1.
		"reversed": func(i int) (string, string) { return fmt.Sprintf("%d\n", i), fmt.Sprintf("%d\n", n-1-i) },
		// Scattered shared lines: many short snakes.
		"random": func(int) (string, string) {
			return fmt.Sprintf("%d\n", r.IntN(2*n)), fmt.Sprintf("%d\n", r.IntN(2*n))
		},
	}
	for name, gen := range cases {
		t.Run(name, func(t *testing.T) {
			a, b := make([]string, n), make([]string, n)
			for i := range n {
				a[i], b[i] = gen(i)
			}
			// Its speed is BenchmarkDiffLines's; here only that it ends
			// (go test's timeout) and rebuilds b.
			edits := diffLines(a, b)
			if got := applyEdits(t, a, b, edits); !slices.Equal(got, b) {
				t.Fatal("heuristic diff does not rebuild b")
			}
		})
	}
}

func TestUnifiedDiffFormat(t *testing.T) {
	cases := []struct {
		name     string
		old, new string
		context  int
		want     string
	}{
		{"equal", "a\n", "a\n", 3, ""},
		{"both empty", "", "", 3, ""},
		{
			"one changed line", "a\nb\nc\n", "a\nB\nc\n", 3,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n",
		},
		{
			"zero context", "a\nb\nc\n", "a\nB\nc\n", 0,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -2 +2 @@\n-b\n+B\n",
		},
		{
			"pure insertion, zero context", "a\nc\n", "a\nb\nc\n", 0,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,0 +2 @@\n+b\n",
		},
		{
			"from empty", "", "a\nb\n", 3,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -0,0 +1,2 @@\n+a\n+b\n",
		},
		{
			"to empty", "a\n", "", 3,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +0,0 @@\n-a\n",
		},
		{
			"newline added at end", "a\nb", "a\nb\n", 3,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		},
		{
			"line appended after a last line without newline", "a", "a\nb", 1,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n\\ No newline at end of file\n",
		},
		{
			"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "X\n2\n3\n4\n5\n6\n7\n8\nY\n", 1,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n-1\n+X\n 2\n@@ -8,2 +8,2 @@\n 8\n-9\n+Y\n",
		},
		{
			"gap of 2*context joins hunks", "1\n2\n3\n4\n", "X\n2\n3\nY\n", 1,
			"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n-4\n+Y\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := UnifiedDiff("Dockerfile", "Dockerfile", []byte(c.old), []byte(c.new), c.context)
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
	if got := UnifiedDiff("/dev/null", "compose.yaml", nil, []byte("x\n"), 3); !strings.HasPrefix(got, "--- /dev/null\n+++ b/compose.yaml\n") {
		t.Errorf("/dev/null header: %q", got)
	}
}

func TestUnifiedDiffOverLimit(t *testing.T) {
	old := bytes.Repeat([]byte("x\n"), MaxLines+1)
	got := UnifiedDiff("f", "f", old, []byte("y\n"), 3)
	if !strings.Contains(got, fmt.Sprintf("@@ -1,%d +1 @@\n", MaxLines+1)) {
		t.Errorf("want one whole-file hunk, got header %q", got[:min(len(got), 80)])
	}
}

// TestUnifiedDiffApplies feeds the diffs to the real tools: GNU patch and
// git apply must turn old into new exactly.
func TestUnifiedDiffApplies(t *testing.T) {
	type pair struct{ name, old, new string }
	pairs := []pair{
		{"from bump", dockerfileV1, strings.Replace(dockerfileV1, "3.12", "3.13", -1)},
		{"user edits", dockerfileV1, userEdited(dockerfileV1)},
		{"new no final newline", dockerfileV1, strings.TrimSuffix(dockerfileV1, "\n")},
		{"old no final newline", "a\nb", "a\nb\nc\n"},
		{"crlf", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n"},
		{"from empty", "", "a\nb\n"},
		{"to one line", "a\nb\nc\n", "b\n"},
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 40 {
		pairs = append(pairs, pair{fmt.Sprintf("random %d", i), randLines(r, r.IntN(30)), randLines(r, 1+r.IntN(30))})
	}

	tools := []struct {
		name string
		args func(diff string, context int) []string
	}{
		{"patch", func(diff string, _ int) []string {
			return []string{"patch", "-p1", "--quiet", "--batch", "--no-backup-if-mismatch", "-i", diff}
		}},
		{"git", func(diff string, context int) []string {
			args := []string{"git", "apply", "-p1", "--whitespace=nowarn"}
			if context == 0 {
				args = append(args, "--unidiff-zero")
			}
			return append(args, diff)
		}},
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool.name); err != nil {
			t.Logf("skipping %s: not on PATH", tool.name)
			continue
		}
		for _, p := range pairs {
			for _, context := range []int{0, 3} {
				t.Run(fmt.Sprintf("%s/%s/context%d", tool.name, p.name, context), func(t *testing.T) {
					diff := UnifiedDiff("Dockerfile", "Dockerfile", []byte(p.old), []byte(p.new), context)
					if diff == "" {
						if p.old != p.new {
							t.Fatal("empty diff for different inputs")
						}
						return
					}
					dir := t.TempDir()
					target := filepath.Join(dir, "Dockerfile")
					patchFile := filepath.Join(t.TempDir(), "d.patch")
					if err := os.WriteFile(target, []byte(p.old), 0o644); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(patchFile, []byte(diff), 0o644); err != nil {
						t.Fatal(err)
					}
					args := tool.args(patchFile, context)
					cmd := exec.Command(args[0], args[1:]...)
					cmd.Dir = dir
					cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
					if out, err := cmd.CombinedOutput(); err != nil {
						t.Fatalf("%v: %v\n%s\ndiff:\n%s", args, err, out, diff)
					}
					got, err := os.ReadFile(target)
					if err != nil {
						t.Fatal(err)
					}
					if string(got) != p.new {
						t.Fatalf("applied result differs:\n got %q\nwant %q\ndiff:\n%s", got, p.new, diff)
					}
				})
			}
		}
	}
}

// BenchmarkDiffLines is the speed of the bounded diff on 50,000 lines with
// nothing in common, the worst case for plain Myers (TestDiffLinesBoundedWork
// checks its result).
func BenchmarkDiffLines(b *testing.B) {
	const n = 50_000
	x, y := make([]string, n), make([]string, n)
	for i := range n {
		x[i], y[i] = fmt.Sprintf("a%d\n", i), fmt.Sprintf("b%d\n", i)
	}
	for b.Loop() {
		diffLines(x, y)
	}
}
