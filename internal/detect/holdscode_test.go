package detect

import (
	"testing"
	"testing/fstest"
)

func TestHoldsCode(t *testing.T) {
	tree := fstest.MapFS{
		"mysite/__init__.py":        {},
		"mysite/settings/common.py": {},
		"media/avatar.png":          {},
		"var/lib/ext.so":            {},
		".git/hooks/x.py":           {},
	}
	f := &Facts{codeDirs: codeDirs(tree)}
	for rel, want := range map[string]bool{
		"mysite":          true, // a package
		"mysite/settings": true,
		"mysite/logs":     false, // not in the tree: the build makes it
		"media":           false, // the project's files, no code
		"var":             true,  // an extension module below
		".git/hooks":      false, // never walked
		".":               true,  // the project itself
		"../etc":          true,
	} {
		if got := f.HoldsCode(rel); got != want {
			t.Errorf("HoldsCode(%q) = %v, want %v", rel, got, want)
		}
	}
	if !(&Facts{}).HoldsCode("media") {
		t.Error("a tree not read holds code for all pydock can tell")
	}
	m := &Facts{codeDirs: codeDirs(tree), MemberDir: "apps/api"}
	if m.HoldsCode("apps/api/media") || !m.HoldsCode("apps/api/mysite") || !m.HoldsCode("media") {
		t.Error("a member's folders are read under its folder, and others are unknown")
	}
}
