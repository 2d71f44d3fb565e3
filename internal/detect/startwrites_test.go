package detect

import (
	"fmt"
	"testing"
	"testing/fstest"
)

// The ways code spells a directory it creates while it starts, and what is
// not a start-time write (a function body, a path known only at run time).
func TestScanStartWrites(t *testing.T) {
	tests := []struct {
		name, file, src string
		imported        bool   // imported, not run as __main__
		want            string // what path beside line, "" for none
	}{
		{name: "os.mkdir beside the module", file: "bot.py", src: "import os\ntemp_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), \"temp\")\nif not os.path.exists(temp_dir):\n    os.mkdir(temp_dir)\n", want: "directory temp true 4"},
		{name: "makedirs relative to the working directory", file: "core/files.py", src: "import os\nos.makedirs(\"cache/thumbs\", exist_ok=True)\n", want: "directory cache/thumbs false 2"},
		{name: "a name holding a literal", file: "app.py", src: "import os\nTHUMBS = \"cache\"\nos.makedirs(THUMBS, exist_ok=True)\n", want: "directory cache false 3"},
		{name: "Path beside the module", file: "pkg/web/ui.py", src: "from pathlib import Path\nUI = Path(__file__).parent / \"ui\"\nUI.mkdir(parents=True, exist_ok=True)\n", want: "directory pkg/web/ui true 3"},
		{name: "Path call then mkdir", file: "pkg/app.py", src: "from pathlib import Path\nPath(Path(__file__).resolve().parent.parent, \"uploads\").mkdir(exist_ok=True)\n", want: "directory uploads true 2"},
		{name: "bracketed join then mkdir", file: "pkg/app.py", src: "from pathlib import Path\nBASE = Path(__file__).resolve().parent\n(BASE / \"logs\").mkdir(exist_ok=True)\n", want: "directory pkg/logs true 3"},
		{name: "the working directory", file: "app.py", src: "import os\nos.makedirs(os.path.join(os.getcwd(), \"out\"), exist_ok=True)\n", want: "directory out false 2"},
		{name: "absolute", file: "app.py", src: "import os\nos.makedirs(\"/var/log/app\", exist_ok=True)\n", want: "directory /var/log/app false 2"},
		{name: "collectstatic called from code", file: "main.py", src: "from django.core.management import call_command\ncall_command(\"collectstatic\", \"--noinput\")\n", want: "collectstatic  false 2"},
		{name: "inside a with block at module level", file: "main.py", src: "import io\nwith redirect_stdout(out):\n    call_command(\"migrate\", \"--noinput\")\n", want: "migrate  false 3"},
		{name: "a LOGGING handler's file", file: "site/settings.py", src: "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nLOGGING = {\n    \"handlers\": {\n        \"f\": {\"filename\": BASE_DIR / \"logs\" / \"x.log\"},\n    },\n}\n", want: "log file logs/x.log true 5"},
		{name: "dictConfig at module level", file: "app.py", src: "import logging.config\nlogging.config.dictConfig({\"handlers\": {\"f\": {\"class\": \"logging.FileHandler\", \"filename\": \"/var/log/app.log\"}}})\n", want: "log file /var/log/app.log false 2"},
		{name: "a filename key outside logging", file: "app.py", src: "META = {\"filename\": \"x.png\"}\n"},
		{name: "inside a function", file: "app.py", src: "import os\ndef run():\n    os.makedirs(\"logs\", exist_ok=True)\n", want: "directory logs false 3"},
		{name: "inside a method", file: "app.py", src: "import os\nclass Bot:\n    def __init__(self):\n        os.mkdir(\"logs\")\n", want: "directory logs false 4"},
		{name: "a function's argument", file: "app.py", src: "import os\ndef export(folder):\n    os.makedirs(folder, exist_ok=True)\n"},
		{name: "from the environment", file: "app.py", src: "import os\nos.makedirs(os.environ[\"LOG_DIR\"], exist_ok=True)\n"},
		{name: "from a setting", file: "app.py", src: "import os\nos.makedirs(settings.MEDIA_ROOT, exist_ok=True)\n"},
		{name: "an f-string", file: "app.py", src: "import os\nos.makedirs(f\"{root}/x\", exist_ok=True)\n"},
		{name: "the __main__ block of the program", file: "bot.py", src: "import os\nif __name__ == \"__main__\":\n    os.makedirs(\"logs\", exist_ok=True)\n", want: "directory logs false 3"},
		{name: "the __main__ block of an imported module", file: "core/util.py", imported: true, src: "import os\nif __name__ == '__main__':\n    os.makedirs(\"logs\", exist_ok=True)\n"},
		{name: "a name rebound to something unknown", file: "app.py", src: "import os\nD = \"x\"\nD = get_dir()\nos.makedirs(D)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanStartWrites(fstest.MapFS{tt.file: {Data: []byte(tt.src)}}, tt.file, !tt.imported)
			g, ok := oneOrNone(t, got, tt.want)
			if !ok {
				return
			}
			if s := fmt.Sprintf("%s %s %v %d", g.What, g.Path, g.Beside, g.Source.Line); s != tt.want || g.Source.File != tt.file {
				t.Fatalf("got %q in %s, want %q", s, g.Source.File, tt.want)
			}
		})
	}
}

// oneOrNone checks a finder's result against a table row: nothing when want
// is "", else exactly one finding, returned (ok) for the row's comparison.
func oneOrNone[T any](t *testing.T, got []T, want string) (T, bool) {
	t.Helper()
	var zero T
	if want == "" {
		if len(got) != 0 {
			t.Fatalf("got %+v, want none", got)
		}
		return zero, false
	}
	if len(got) != 1 {
		t.Fatalf("got %+v, want one: %s", got, want)
	}
	return got[0], true
}

// A ".." or os.pardir after a climb from __file__ is counted once: the
// folder of cps/constants.py's parent is the project root.
func TestResolveStartPathUpdirs(t *testing.T) {
	for expr, want := range map[string]string{
		`os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))`: ".",
		`os.path.join(os.path.dirname(__file__), "..", "data")`:                                "data",
		`os.path.join(os.path.dirname(__file__), "../data")`:                                   "data",
		`Path(__file__).parent.parent / "cache"`:                                               "cache",
		`os.path.join(os.path.dirname(__file__), "cache")`:                                     "cps/cache",
	} {
		p, ok := resolveStartPath(expr, "cps/constants.py", map[string]startPath{})
		if !ok || p.path != want || !p.beside {
			t.Errorf("%s: got %+v %v, want %s beside", expr, p, ok, want)
		}
	}
}
