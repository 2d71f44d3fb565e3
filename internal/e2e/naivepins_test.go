package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The naive baselines install their package manager with pip at the
// version pydock's image uses for the same example: the harness fills the
// local mirror with that version only, so a naive file left at an older one
// builds only on a machine whose mirror kept it from an earlier run (a fresh
// CI machine fails with "No matching distribution found for uv==…").
func TestNaivePinsMatchGenerated(t *testing.T) {
	pinRe := regexp.MustCompile(`\b(uv|poetry|pdm|pipenv)==([\w.]+)`)
	files, err := filepath.Glob(filepath.Join("naive", "*.Dockerfile"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no naive Dockerfiles: %v", err)
	}
	checked := 0
	for _, f := range files {
		naive, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".Dockerfile")
		gen, err := os.ReadFile(filepath.Join("..", "..", "examples", name, "Dockerfile"))
		if err != nil {
			t.Fatalf("%s: the example's generated Dockerfile: %v", f, err)
		}
		for _, m := range pinRe.FindAllStringSubmatch(string(naive), -1) {
			tool, v := m[1], m[2]
			want := regexp.MustCompile(`astral-sh/uv:([\w.]+)`)
			if tool != "uv" {
				want = regexp.MustCompile(strings.ToUpper(tool) + `_VERSION=([\w.]+)`)
			}
			g := want.FindStringSubmatch(string(gen))
			if g == nil {
				t.Errorf("%s pins %s==%s, and examples/%s/Dockerfile names no %s version", f, tool, v, name, tool)
				continue
			}
			if g[1] != v {
				t.Errorf("%s pins %s==%s; pydock's image of %s uses %s %s, the only version the mirror is filled with", f, tool, v, name, tool, g[1])
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no package-manager pin found in any naive Dockerfile")
	}
}
