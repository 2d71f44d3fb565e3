package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Every scenario's work directory sits in one shared parent, so a file a
// scenario writes outside it (-- ../name/file --) lands where another
// scenario may write the same name: the two then read each other's files
// depending on which ran first. Each such folder belongs to one scenario.
func TestScriptsOwnTheirSiblingFolders(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/script/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	sibling := regexp.MustCompile(`(?m)^-- \.\./([^/ ]+)/`)
	owner := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range sibling.FindAllSubmatch(data, -1) {
			dir, name := string(m[1]), filepath.Base(p)
			if o, ok := owner[dir]; ok && o != name {
				t.Errorf("../%s/ is written by both %s and %s: rename one", dir, o, name)
			}
			owner[dir] = name
		}
	}
}
