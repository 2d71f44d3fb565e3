package plan

import (
	"bufio"
	"compress/gzip"
	"os"
	"regexp"
	"strings"
	"testing"
)

// debianNames reads a dated package list of testdata/debian.
func debianNames(t *testing.T, suite string) map[string]bool {
	t.Helper()
	f, err := os.Open("../../testdata/debian/" + suite + ".txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	sc := bufio.NewScanner(z)
	sc.Scan()
	if !regexp.MustCompile(`^# Debian \w+ main, .* fetched \d{4}-\d{2}-\d{2}`).MatchString(sc.Text()) {
		t.Fatalf("%s: list has no dated header: %q", suite, sc.Text())
	}
	for sc.Scan() {
		names[sc.Text()] = true
	}
	if len(names) < 50000 {
		t.Fatalf("%s: only %d packages; the list is truncated", suite, len(names))
	}
	return names
}

// TestNativeTableAgainstDebian checks every Debian package the table names
// exists, on amd64 and arm64, in the suite it is used on: trixie and
// bookworm, and bullseye, which patch pins from before June 2023 and 3.6
// build on (see pyversion's imagetags.txt).
func TestNativeTableAgainstDebian(t *testing.T) {
	for _, suite := range []string{"bullseye", "bookworm", "trixie"} {
		names := debianNames(t, suite)
		for _, n := range nativeTable {
			for _, p := range append(n.build(suite), n.runtime(suite)...) {
				if !names[p] {
					t.Errorf("%s: %s on %s: no Debian package %q", n.Name, suite, suite, p)
				}
			}
		}
	}
}

func TestNativeTableRows(t *testing.T) {
	if len(nativeTable) < 60 {
		t.Errorf("%d rows; the table should know at least 60 packages", len(nativeTable))
	}
	kinds := map[string]bool{kindC: true, kindRust: true, kindFortran: true, kindHeavy: true, kindLib: true, kindTool: true}
	for name, n := range nativeTable {
		if !kinds[n.Kind] {
			t.Errorf("%s: unknown kind %q", name, n.Kind)
		}
		if n.Why == "" || !strings.HasPrefix(n.Source, "http") {
			t.Errorf("%s: every row needs a why and a source", name)
		}
		if n.Kind == kindC && len(n.build("bookworm")) == 0 {
			t.Errorf("%s: a C row needs build packages", name)
		}
		if (n.Kind == kindLib || n.Kind == kindTool) && len(n.runtime("trixie")) == 0 && name != "playwright" {
			t.Errorf("%s: a %s row needs runtime packages", name, n.Kind)
		}
		for e, pkg := range n.Extras {
			if _, ok := nativeTable[pkg]; !ok {
				t.Errorf("%s[%s] names %s, which has no row", name, e, pkg)
			}
		}
	}
	if _, err := parseNativeTable("[[package]]\nname = \"x\"\nkinds = \"c\"\n"); err == nil {
		t.Error("a misspelt key must fail")
	}
}
