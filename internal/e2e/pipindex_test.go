package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// The mirror replaces the index a requirements.txt names itself (babybuddy's
// `pipenv requirements` output starts with `-i https://pypi.python.org/simple`):
// pip takes the last --index-url it reads, so the project's own line, after
// the mirror's, sent the build to the internet. Pins stay as they are.
func TestPointPipAt(t *testing.T) {
	dir := t.TempDir()
	req := "-i https://pypi.python.org/simple\nannotated-types==0.7.0; python_version >= '3.8'\n--index-url=https://example.org/simple\nDjango==5.2.1\n"
	if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte(req), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, err := pointPipAt(dir, "http://127.0.0.1:9/simple/")
	if err != nil || !changed {
		t.Fatalf("pointPipAt: changed %v, %v", changed, err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "requirements.txt"))
	want := "--index-url http://${PYDOCK_E2E_INDEX_USER}:${PYDOCK_E2E_INDEX_TOKEN}@127.0.0.1:9/simple/\n" +
		"# -i https://pypi.python.org/simple\nannotated-types==0.7.0; python_version >= '3.8'\n# --index-url=https://example.org/simple\nDjango==5.2.1\n"
	if string(b) != want {
		t.Errorf("requirements.txt:\n%s\nwant:\n%s", b, want)
	}
}
