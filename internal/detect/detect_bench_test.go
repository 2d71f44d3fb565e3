package detect

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// BenchmarkDetectManyModules is detect on a large application (a trading
// bot's monorepo has ~3,000 modules): every pass over the source runs its
// patterns on every line, and almost no line holds what they look for.
func BenchmarkDetectManyModules(b *testing.B) {
	fsys := fstest.MapFS{
		"pyproject.toml":  &fstest.MapFile{Data: []byte("[project]\nname = \"bot\"\nversion = \"1\"\ndependencies = [\"requests==2.32.3\"]\n")},
		"bot/__init__.py": &fstest.MapFile{},
		"bot/__main__.py": &fstest.MapFile{Data: []byte("from bot.m0 import f0\n\nwhile True:\n    f0(1)\n")},
	}
	for i := range 600 {
		var src strings.Builder
		fmt.Fprintf(&src, "import logging\nimport os\n\nlogger = logging.getLogger(__name__)\nLIMIT_%d = int(os.environ.get(\"LIMIT_%d\", \"10\"))\n\n", i, i)
		for j := range 40 {
			fmt.Fprintf(&src, "class Handler%d:\n    def run(self, order, price=%d):\n        \"\"\"Place the order at the price.\"\"\"\n        total = order.amount * price  # the order's value\n        logger.info(\"placed %%s at %%s\", order.id, total)\n        return self.exchange.submit(order, total)\n\n", j, j)
		}
		fsys[fmt.Sprintf("bot/m%d.py", i)] = &fstest.MapFile{Data: []byte(src.String())}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Detect(fsys, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
