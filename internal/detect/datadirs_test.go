package detect

import (
	"testing"
	"testing/fstest"
)

// The ways a program spells a data directory that defaults to the working
// directory, and the option or variable that moves it.
func TestScanDataDirs(t *testing.T) {
	tests := []struct {
		name, src  string
		flag, env  string
		line       int
		wantNoData bool
	}{
		{name: "argparse", src: "import argparse, os\np = argparse.ArgumentParser()\np.add_argument(\"-d\", \"--data-dir\", default=os.getcwd())\n", flag: "--data-dir", line: 3},
		{name: "click", src: "import click, os\n@click.option(\"--store\", default=os.path.join(os.getcwd(), \"store\"))\ndef main(store): pass\n", flag: "--store", line: 2},
		{name: "getopt", src: "import getopt, os, sys\ndef main():\n    datastore = os.path.join(os.getcwd(), \"../datastore\")\n    for o, a in getopt.getopt(sys.argv[1:], \"d:\")[0]:\n        if o == \"-d\":\n            datastore = a\n", flag: "-d", line: 3},
		{name: "getopt in", src: "import os\ndef main(opts):\n    data_dir = os.getcwd()\n    for o, a in opts:\n        if o in (\"-D\", \"--data\"):\n            data_dir = a\n", flag: "-D", line: 3},
		{name: "environment", src: "import os\nfrom pathlib import Path\nDATA_DIR = Path(os.environ.get(\"DATA_DIR\", os.getcwd()))\n", env: "DATA_DIR", line: 3},
		{name: "environment, prefixed", src: "import os\nroot = os.getenv(\"APP_STORAGE_PATH\", str(Path.cwd()))\n", env: "APP_STORAGE_PATH", line: 2},
		{name: "a working directory is not data", src: "import os\np.add_argument(\"-w\", \"--workdir\", default=os.getcwd())\n", wantNoData: true},
		{name: "a project root is not data", src: "import os\ndef main(opts):\n    project_root = os.getcwd()\n    for o, a in opts:\n        if o == \"-p\":\n            project_root = a\n", wantNoData: true},
		{name: "a port option is not data", src: "import os\nparser.add_argument(\"--port\", default=8000)\nhere = os.getcwd()\n", wantNoData: true},
		{name: "a variable not read from an option", src: "import os\ndef main():\n    data_dir = os.getcwd()\n    if x == \"-d\":\n        other = 1\n", wantNoData: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"cli.py": {Data: []byte(tt.src)}}
			got := scanDataDirs(fsys, "cli.py")
			if tt.wantNoData {
				if len(got) != 0 {
					t.Fatalf("got %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Flag != tt.flag || got[0].Env != tt.env || got[0].Source.Line != tt.line {
				t.Fatalf("got %+v, want flag %q env %q at line %d", got, tt.flag, tt.env, tt.line)
			}
		})
	}
}
