package detect

import (
	"slices"
	"testing"
)

func TestSetupPyPaths(t *testing.T) {
	src := `# open("commented.txt")
here = os.path.dirname(__file__)
spec = os.path.join(here, "docs", 'api-spec.yaml')
long = open(r"README.md").read()
v = f"{here}/VERSION"
b = b"bytes.txt"
doc = """triple.txt"""
pkgs = find_packages(exclude=["docs", "tests"])
`
	got := setupPyPaths([]byte(src))
	for _, want := range []string{"docs/api-spec.yaml", "README.md", "docs", "tests"} {
		if !slices.Contains(got, want) {
			t.Errorf("setupPyPaths misses %q: %q", want, got)
		}
	}
	for _, not := range []string{"commented.txt", "bytes.txt", "triple.txt", "docs/tests", "{here}/VERSION"} {
		if slices.Contains(got, not) {
			t.Errorf("setupPyPaths has %q: %q", not, got)
		}
	}
}
