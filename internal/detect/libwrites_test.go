package detect

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// Every row names its library's documentation, and no call is listed twice.
func TestLibWritesRows(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range libWrites {
		if !strings.HasPrefix(r.Source, "https://") {
			t.Errorf("%s: source %q is not a documentation address", r.Call, r.Source)
		}
		if seen[r.Call] {
			t.Errorf("%s listed twice", r.Call)
		}
		seen[r.Call] = true
		if r.ModeKeyword != "" && (r.ModeArg <= r.Arg || len(r.WriteModes) == 0 || r.ModeDefault == "") {
			t.Errorf("%s: a mode needs its position after the path's, a default and the modes that write", r.Call)
		}
	}
}

// The ways code calls a library that writes a path at start, and the calls
// that write nothing on disk then.
func TestScanLibraryWrites(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // what call path beside env expr line, "" for none
	}{
		{name: "diskcache positional", src: "from diskcache import Cache\ncache = Cache(\"cache/pages\")\n", want: "library directory diskcache.Cache cache/pages false   2"},
		{name: "module-qualified, keyword", src: "import diskcache\ncache = diskcache.FanoutCache(directory=\"var/fan\", shards=4)\n", want: "library directory diskcache.FanoutCache var/fan false   2"},
		{name: "Deque's directory is its second argument", src: "from diskcache import Deque\nq = Deque([], \"queue\")\n", want: "library directory diskcache.Deque queue false   2"},
		{name: "Deque with its iterable only", src: "from diskcache import Deque\nq = Deque([1, 2])\n"},
		{name: "None makes a temporary folder", src: "from diskcache import Cache\ncache = Cache(None)\n"},
		{name: "sqlite file beside the module", src: "import os, sqlite3\nHERE = os.path.dirname(os.path.abspath(__file__))\nconn = sqlite3.connect(os.path.join(HERE, \"db\", \"app.db\"))\n", want: "library file sqlite3.connect db/app.db true   3"},
		{name: "sqlite in memory", src: "import sqlite3\nconn = sqlite3.connect(\":memory:\")\n"},
		{name: "dbm reads by default", src: "import dbm\nd = dbm.open(\"words\")\n"},
		{name: "dbm told to create", src: "import dbm\nd = dbm.open(\"state/words\", \"c\")\n", want: "library file dbm.open state/words false   2"},
		{name: "shelve creates by default", src: "import shelve\nd = shelve.open(\"state/shelf\")\n", want: "library file shelve.open state/shelf false   2"},
		{name: "shelve read-only", src: "import shelve\nd = shelve.open(\"state/shelf\", flag=\"r\")\n"},
		{name: "handlers through their module", src: "from logging import handlers\nh = handlers.TimedRotatingFileHandler(\"logs/x.log\", when=\"midnight\")\n", want: "library file logging.handlers.TimedRotatingFileHandler logs/x.log false   2"},
		{name: "basicConfig with a file", src: "import logging\nlogging.basicConfig(level=logging.INFO, filename=\"logs/app.log\")\n", want: "library file logging.basicConfig logs/app.log false   2"},
		{name: "basicConfig to the console", src: "import logging\nlogging.basicConfig(level=logging.INFO)\n"},
		{name: "tempfile without dir", src: "import tempfile\nd = tempfile.mkdtemp(prefix=\"x\")\n"},
		{name: "tempfile with dir by position", src: "import tempfile\nd = tempfile.mkdtemp(\"\", \"x\", \"scratch\")\n", want: "library directory tempfile.mkdtemp scratch false   2"},
		{name: "chromadb's default folder", src: "import chromadb\nclient = chromadb.PersistentClient()\n", want: "library directory chromadb.PersistentClient chroma false   2"},
		{name: "a path from the environment", src: "import os\nfrom tinydb import TinyDB\nDB = os.getenv(\"DB_FILE\")\ndb = TinyDB(DB)\n", want: "library file tinydb.TinyDB  false DB_FILE DB 4"},
		{name: "a path pydock cannot read", src: "from joblib import Memory\nmem = Memory(location=where())\n", want: "library directory joblib.Memory  false  where() 2"},
		{name: "inside a function", src: "from diskcache import Cache\ndef cache():\n    return Cache(\"cache\")\n"},
		{name: "open to read", src: "with open(\"conf/app.json\", \"rb\") as f:\n    CONF = f.read()\n"},
		{name: "open to append", src: "LOG = open(\"var/run.log\", \"a\")\n", want: "library file open var/run.log false   1"},
		{name: "open with a mode by keyword", src: "OUT = open(file=\"out/x.csv\", mode=\"w\", newline=\"\")\n", want: "library file open out/x.csv false   1"},
		{name: "an imported open shadows the builtin", src: "from gzip import open\nDUMP = open(\"dump.gz\", \"wb\")\n"},
		{name: "a method named open", src: "import zipfile\nZ = zipfile.ZipFile(\"a.zip\").open(\"x\", \"w\")\n"},
		{name: "a name the file does not import", src: "Cache = dict\ncache = Cache(\"x\")\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanStartWrites(fstest.MapFS{"app.py": {Data: []byte(tt.src)}}, "app.py", false)
			g, ok := oneOrNone(t, got, tt.want)
			if !ok {
				return
			}
			if s := fmt.Sprintf("%s %s %s %v %s %s %d", g.What, g.Call, g.Path, g.Beside, g.Env, g.Expr, g.Source.Line); s != tt.want {
				t.Fatalf("got  %q\nwant %q", s, tt.want)
			}
		})
	}
}

// A path built in another project module is followed through the import
// that names it, and the start is followed through module-level imports
// (not function bodies, not TYPE_CHECKING blocks).
func TestStartWritesAcrossModules(t *testing.T) {
	fsys := fstest.MapFS{
		"app.py":           {Data: []byte("from shop import views\n")},
		"shop/__init__.py": {Data: []byte("")},
		"shop/settings.py": {Data: []byte("from pathlib import Path\nROOT = Path(__file__).parent.parent\nCACHE = ROOT / \"cache\"\n")},
		"shop/views.py":    {Data: []byte("from typing import TYPE_CHECKING\nfrom .store import cache\nif TYPE_CHECKING:\n    from shop import typed\ndef later():\n    from shop import lazy\n")},
		"shop/store.py":    {Data: []byte("from diskcache import Cache\nfrom shop import settings\nfrom shop.settings import CACHE as C\ncache = Cache(settings.CACHE / \"pages\")\nlogs = Cache(C / \"logs\")\n")},
		"shop/typed.py":    {Data: []byte("import os\nos.makedirs(\"typed\")\n")},
		"shop/lazy.py":     {Data: []byte("import os\nos.makedirs(\"lazy\")\n")},
	}
	files := importClosure(fsys, []string{"."}, []string{"app.py"}, map[string]bool{})
	if got := strings.Join(files, " "); got != "app.py shop/__init__.py shop/views.py shop/store.py shop/settings.py" {
		t.Fatalf("closure %s", got)
	}
	sc := newStartScanner(fsys, []string{"."}, nil)
	var got []string
	for _, f := range files {
		for _, w := range sc.scan(f, false) {
			got = append(got, fmt.Sprintf("%s %s %v", w.Call, w.Path, w.Beside))
		}
	}
	if s := strings.Join(got, "; "); s != "diskcache.Cache cache/pages true; diskcache.Cache cache/logs true" {
		t.Fatalf("got %s", s)
	}
}

// loguru's sink is a file only when it is a path.
func TestScanLoguruSinks(t *testing.T) {
	src := "import os, sys\nfrom loguru import logger\nlogger.add(sys.stderr)\nlogger.add(\"logs/app_{time}.log\")\nlogger.add(os.getenv(\"LOG_FILE\"))\nlogger.add(handler)\n"
	var got []string
	for _, w := range scanStartWrites(fstest.MapFS{"app.py": {Data: []byte(src)}}, "app.py", false) {
		got = append(got, fmt.Sprintf("%d %s %s", w.Source.Line, w.Path, w.Env))
	}
	if s := strings.Join(got, "; "); s != "4 logs/app_{time}.log ; 5  LOG_FILE" {
		t.Fatalf("got %s", s)
	}
}

// A star import brings the base module's names, and a later assignment in
// the importing module wins over them.
func TestStartWritesStarImport(t *testing.T) {
	fsys := fstest.MapFS{
		"site/__init__.py":          {Data: []byte("")},
		"site/settings/__init__.py": {Data: []byte("")},
		"site/settings/base.py":     {Data: []byte("from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\nDATA = BASE_DIR / \"data\"\n")},
		"site/settings/prod.py":     {Data: []byte("import os\nfrom .base import *\nDATA = BASE_DIR / \"srv\"\nos.makedirs(DATA / \"x\", exist_ok=True)\n")},
	}
	got := newStartScanner(fsys, []string{"."}, nil).scan("site/settings/prod.py", false)
	if len(got) != 1 || got[0].Path != "srv/x" || !got[0].Beside {
		t.Fatalf("got %+v, want srv/x beside", got)
	}
}
