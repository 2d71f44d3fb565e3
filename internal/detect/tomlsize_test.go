package detect

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pelletier/go-toml/v2"
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

// sideTOML is a document of n one-key tables side by side.
func sideTOML(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[t%d]\nk = 1\n", i)
	}
	return []byte(b.String())
}

// TestTOMLCostModel: the estimate grows as go-toml's work does (quadratic
// for wide tables and tables side by side, linear for arrays of tables) and
// the limit sits between a table of 10,000 keys and one of 20,000.
func TestTOMLCostModel(t *testing.T) {
	var lock strings.Builder
	for i := range 40_000 {
		fmt.Fprintf(&lock, "[[package]]\nname = \"p%d\"\nversion = \"1\"\nwheels = [{ url = \"u\", hash = \"h\" }]\n[package.optional-dependencies]\nx = [{ name = \"a\" }]\n", i)
	}
	tests := []struct {
		name    string
		data    []byte
		allowed bool
	}{
		{"10,000 keys", wideTOML(10_000), true},
		{"20,000 keys", wideTOML(20_000), false},
		{"5,000 tables", sideTOML(5_000), true},
		{"20,000 tables", sideTOML(20_000), false},
		{"40,000 packages (about 6 MiB)", []byte(lock.String()), true},
	}
	for _, tt := range tests {
		err := checkTOMLCost("x.toml", tt.data)
		if (err == nil) != tt.allowed {
			t.Errorf("%s: err = %v, want allowed = %v", tt.name, err, tt.allowed)
		}
	}
	if a, b := tomlCost(wideTOML(2_000), 1<<62).cost, tomlCost(wideTOML(4_000), 1<<62).cost; b < 3*a {
		t.Errorf("cost of 4,000 keys %d is not about 4× that of 2,000 (%d)", b, a)
	}
}

// BenchmarkTOMLWideTable shows go-toml's decoding time growing with the
// square of one table's keys, and the cost scan that guards it staying
// linear up to the 16 MiB a manifest may have.
func BenchmarkTOMLWideTable(b *testing.B) {
	for _, n := range []int{2_500, 5_000, 10_000} {
		data := wideTOML(n)
		b.Run(fmt.Sprintf("go-toml/keys=%d", n), func(b *testing.B) {
			for b.Loop() {
				var m map[string]any
				if err := toml.Unmarshal(data, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, n := range []int{10_000, 100_000, 700_000} {
		data := wideTOML(n)
		b.Run(fmt.Sprintf("cost-scan/keys=%d/%dKiB", n, len(data)>>10), func(b *testing.B) {
			for b.Loop() {
				tomlCost(data, 1<<62)
			}
		})
	}
	lock := syntheticUVLock(5000) // as BenchmarkReadUVLock5000: the scan's share of reading it
	b.Run(fmt.Sprintf("cost-scan/uv.lock-5000-packages/%dKiB", len(lock)>>10), func(b *testing.B) {
		for b.Loop() {
			if c := tomlCost(lock, maxTOMLCost); c.cost > maxTOMLCost {
				b.Fatal("a real-shaped lock refused")
			}
		}
	})
	data := wideTOML(700_000) // 13 MiB, under the 16 MiB manifest limit
	fsys := fstest.MapFS{"pyproject.toml": {Data: data}}
	b.Run(fmt.Sprintf("readPyproject/keys=700000/%dKiB", len(data)>>10), func(b *testing.B) {
		for b.Loop() {
			if _, err := readPyproject(fsys, "pyproject.toml"); err == nil {
				b.Fatal("a 16 MiB table was decoded")
			}
		}
	})
}
