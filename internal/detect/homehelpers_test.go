package detect

import (
	"fmt"
	"testing"
	"testing/fstest"
)

// The ways a helper names a folder under the working directory, and the
// functions that return a value, a file, a shipped folder or a place only
// the environment knows.
func TestFindHomeHelpers(t *testing.T) {
	tests := []struct {
		name, src string
		shipped   string // a file the project holds
		want      string // helper path env line, "" for none
	}{
		{name: "Path.cwd joined", src: "from pathlib import Path\ndef state_dir():\n    return Path.cwd() / \".app\"\n", want: "state_dir() .app  3"},
		{name: "os.getcwd joined", src: "import os\ndef data_home():\n    return os.path.join(os.getcwd(), \"var\", \"app\")\n", want: "data_home() var/app  3"},
		{name: "through a root helper, moved by a variable", src: "import os\nfrom pathlib import Path\ndef project_root():\n    if r := os.getenv(\"ROOT\"):\n        return Path(r)\n    return Path.cwd().resolve()\ndef runtime_home():\n    if h := os.getenv(\"APP_HOME\"):\n        return Path(h)\n    return project_root() / \".app\"\n", want: "runtime_home() .app APP_HOME 10"},
		{name: "the default of getenv", src: "import os\ndef cache_dir():\n    return os.getenv(\"CACHE\", \".cache/app\")\n", want: "cache_dir() .cache/app CACHE 3"},
		{name: "getenv or a default", src: "import os\nfrom pathlib import Path\ndef cache_dir():\n    return Path(os.getenv(\"CACHE\") or \".cache/app\")\n", want: "cache_dir() .cache/app CACHE 4"},
		{name: "a name that says nothing, joined onto", src: "from pathlib import Path\ndef state():\n    return Path.cwd() / \".app\"\ndef save():\n    (state() / \"x\").write_text(\"\")\n", want: "state() .app  3"},
		{name: "a name that says nothing, never a folder", src: "from pathlib import Path\ndef state():\n    return Path.cwd() / \".app\"\n"},
		{name: "a file", src: "import os\ndef env_file():\n    return os.path.join(os.getcwd(), \".env\")\n"},
		{name: "a shipped folder", src: "from pathlib import Path\ndef skills_dir():\n    return Path.cwd() / \"skills\"\n", shipped: "skills/a.md"},
		{name: "a plain string", src: "def home():\n    return \"Welcome\"\n"},
		{name: "a variable with no default", src: "import os\ndef data_dir():\n    return os.getenv(\"DATA_DIR\")\n"},
		{name: "the working directory itself", src: "from pathlib import Path\ndef root_dir():\n    return Path.cwd()\n"},
		{name: "above it", src: "import os\ndef up_dir():\n    return os.path.join(os.getcwd(), \"..\", \"data\")\n"},
		{name: "beside the module", src: "from pathlib import Path\ndef data_dir():\n    return Path(__file__).parent / \"data\"\n"},
		{name: "a method", src: "from pathlib import Path\nclass A:\n    def data_dir(self):\n        return Path.cwd() / \".app\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"app.py": {Data: []byte(tt.src)}}
			if tt.shipped != "" {
				fsys[tt.shipped] = &fstest.MapFile{Data: []byte("x")}
			}
			got := findHomeHelpers(fsys, []string{""}, []string{"app.py"})
			g, ok := oneOrNone(t, got, tt.want)
			if !ok {
				return
			}
			if s := fmt.Sprintf("%s %s %s %d", g.Helper, g.Path, g.Env, g.Source.Line); s != tt.want || g.What != "directory" {
				t.Fatalf("got %q (%s), want %q", s, g.What, tt.want)
			}
		})
	}
}

// A helper in another module, imported into the one that names the folder.
func TestFindHomeHelpersImported(t *testing.T) {
	fsys := fstest.MapFS{
		"pkg/__init__.py": {},
		"pkg/roots.py":    {Data: []byte("import os\ndef project_root():\n    return os.getcwd()\n")},
		"pkg/paths.py":    {Data: []byte("import os\nfrom pkg.roots import project_root\ndef data_home():\n    return os.path.join(project_root(), \".state\")\n")},
		"main.py":         {Data: []byte("from pkg.paths import data_home\n")},
	}
	got := findHomeHelpers(fsys, []string{""}, []string{"main.py"})
	if len(got) != 1 || got[0].Path != ".state" || got[0].Source.File != "pkg/paths.py" || got[0].Source.Line != 4 {
		t.Fatalf("got %+v, want .state from pkg/paths.py:4", got)
	}
}
