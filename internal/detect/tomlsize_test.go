package detect

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// wideTOML is a pyproject.toml whose [tool.wide] table has n keys.
func wideTOML(n int) []byte {
	var b strings.Builder
	b.WriteString("[project]\nname = \"wide\"\nversion = \"1\"\n\n[tool.wide]\n")
	for i := range n {
		fmt.Fprintf(&b, "key%d = %d\n", i, i)
	}
	return []byte(b.String())
}

// TestWideTableRefused: a table too wide for go-toml's quadratic key check
// is refused before decoding, with the file and the table's line.
func TestWideTableRefused(t *testing.T) {
	fsys := fstest.MapFS{"pyproject.toml": {Data: wideTOML(20_000)}}
	_, err := readPyproject(fsys, "pyproject.toml")
	if err == nil || !strings.Contains(err.Error(), "pyproject.toml:5:") || !strings.Contains(err.Error(), "[tool.wide]") {
		t.Fatalf("err = %v, want one naming pyproject.toml:5 and [tool.wide]", err)
	}
	// A wide but reasonable table still reads.
	fsys["pyproject.toml"] = &fstest.MapFile{Data: wideTOML(2_000)}
	if _, err := readPyproject(fsys, "pyproject.toml"); err != nil {
		t.Fatal(err)
	}
}
