package render

import (
	"os/exec"
	"strings"
	"testing"
)

var hostile = []string{
	"", "/healthz", `"`, `'`, `\`, `\'`, `"""`, "a\nb\r\tc", "\x00\x1f\x7f", "é\u2028\u0085", "\xff\xfe",
	`/h');__import__('os').system('id');('`, `/h");__import__("os")#`,
}

// TestPyQuote: each literal evaluates back to its string in Python itself
// (the machine's python3; skipped without one), and never spans lines.
func TestPyQuote(t *testing.T) {
	var lits []string
	for _, s := range hostile {
		for _, q := range []byte{'"', '\''} {
			l := pyQuote(s, q)
			if strings.ContainsAny(l, "\n\r") {
				t.Errorf("pyQuote(%q) = %s spans lines", s, l)
			}
			lits = append(lits, l)
		}
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 to evaluate the literals")
	}
	prog := "import ast, sys\nfor l in sys.stdin.read().split('\\n'):\n    print(ast.literal_eval(l).encode('unicode_escape').decode())\n"
	cmd := exec.Command(py, "-c", prog)
	cmd.Stdin = strings.NewReader(strings.Join(lits, "\n"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3 rejects a literal: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	for i, s := range hostile {
		for j := range 2 {
			var w strings.Builder
			for _, r := range s { // an invalid byte reads as U+FFFD
				w.WriteString(pyEscapeForCompare(r))
			}
			if got[2*i+j] != w.String() {
				t.Errorf("pyQuote(%q) evaluates to %q, want %q", s, got[2*i+j], w.String())
			}
		}
	}
}

// pyEscapeForCompare mirrors Python's unicode_escape for one rune.
func pyEscapeForCompare(r rune) string {
	switch {
	case r == '\\':
		return `\\`
	case r == '\n':
		return `\n`
	case r == '\r':
		return `\r`
	case r == '\t':
		return `\t`
	case r < 0x20 || (r >= 0x7f && r < 0x100):
		return `\x` + hex2(int(r))
	case r >= 0x100:
		return `\u` + hex2(int(r)>>8) + hex2(int(r)&0xff)
	}
	return string(r)
}

func hex2(n int) string {
	const d = "0123456789abcdef"
	return string([]byte{d[n>>4], d[n&15]})
}

func TestComposeLiteral(t *testing.T) {
	if got := composeLiteral("a$b$$c"); got != "a$$b$$$$c" {
		t.Errorf("composeLiteral = %q", got)
	}
}
