package detect

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// BenchmarkWrittenEnvDirsManyModules is a large application (a trading
// bot's monorepo has ~3,000 modules): each module names folders beside
// itself, so every module is searched for every such name. detect on such a
// tree must stay within seconds.
func BenchmarkWrittenEnvDirsManyModules(b *testing.B) {
	fsys := fstest.MapFS{}
	for i := range 300 {
		var src strings.Builder
		fmt.Fprintf(&src, "import os\n\nHERE_%d = os.path.dirname(__file__)\nCACHE_%d = os.path.join(HERE_%d, \"cache%d\")\n\n", i, i, i, i)
		for j := range 80 {
			fmt.Fprintf(&src, "def f%d(x):\n    return x + %d\n", j, j)
		}
		fsys[fmt.Sprintf("bot/m%d.py", i)] = &fstest.MapFile{Data: []byte(src.String())}
	}
	fsys["bot/__init__.py"] = &fstest.MapFile{}
	f := &Facts{ImportRoots: []string{""}}
	b.ReportAllocs()
	for b.Loop() {
		writtenEnvDirs(fsys, f)
	}
}
