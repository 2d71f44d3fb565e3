package detect

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func TestReadDataPaths(t *testing.T) {
	tests := []struct {
		name     string
		settings string // mysite/settings.py
		extra    fstest.MapFS
		want     []DataPath
	}{
		{
			name:     "pathlib BASE_DIR, media and the startproject SQLite database",
			settings: "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nMEDIA_ROOT = BASE_DIR / 'media'\nDATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n        'NAME': BASE_DIR / 'db.sqlite3',\n    }\n}\n",
			want: []DataPath{
				{Path: "media", What: "MEDIA_ROOT", Source: Source{File: "mysite/settings.py", Line: 3}},
				{Path: ".", File: "db.sqlite3", What: "SQLite database", Source: Source{File: "mysite/settings.py", Line: 4}},
			},
		},
		{
			name:     "os.path spelling and a nested database folder",
			settings: "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nMEDIA_ROOT = os.path.join(BASE_DIR, 'public', 'media')\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.path.join(BASE_DIR, 'var', 'app.db')}}\n",
			want: []DataPath{
				{Path: "public/media", What: "MEDIA_ROOT", Source: Source{File: "mysite/settings.py", Line: 3}},
				{Path: "var", File: "var/app.db", What: "SQLite database", Source: Source{File: "mysite/settings.py", Line: 4}},
			},
		},
		{
			name:     "settings package: BASE_DIR in the star-imported base, f-string and absolute literal",
			settings: "from .base import *\nMEDIA_ROOT = f'{BASE_DIR}/uploads'\n",
			extra: fstest.MapFS{
				"mysite/settings/__init__.py": srcFile("from .base import *\nMEDIA_ROOT = str(BASE_DIR / 'uploads')\n"),
				"mysite/settings/base.py":     srcFile("from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parents[2]\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '/data/db.sqlite3'}}\n"),
			},
			want: []DataPath{
				{Path: "uploads", What: "MEDIA_ROOT", Source: Source{File: "mysite/settings/__init__.py", Line: 2}},
				{Path: "/data", File: "/data/db.sqlite3", What: "SQLite database", Source: Source{File: "mysite/settings/base.py", Line: 3}},
			},
		},
		{
			name:     "values known only at run time, and a database that is not SQLite",
			settings: "import os\nBASE_DIR = Path(__file__).resolve().parent.parent\nMEDIA_ROOT = os.environ['MEDIA_ROOT']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app'}}\nif DEBUG:\n    MEDIA_ROOT = BASE_DIR / 'dev-media'\n",
		},
		{
			// Unset, the variable leaves uploads where its default says.
			name:     "read from the environment with a default: the default",
			settings: "import os\nBASE_DIR = Path(__file__).resolve().parent.parent\nMEDIA_ROOT = os.environ.get('MEDIA_ROOT', BASE_DIR / 'media')\n",
			want:     []DataPath{{Path: "media", What: "MEDIA_ROOT", Source: Source{File: "mysite/settings.py", Line: 3}}},
		},
		{
			name:     "a path that climbs out is reported as written, for plan to refuse",
			settings: "BASE_DIR = Path(__file__).resolve().parent.parent\nMEDIA_ROOT = BASE_DIR / '..' / 'shared'\n",
			want:     []DataPath{{Path: "../shared", What: "MEDIA_ROOT", Source: Source{File: "mysite/settings.py", Line: 2}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"manage.py": manage("mysite.settings")}
			if tt.extra == nil {
				fsys["mysite/settings.py"] = srcFile(tt.settings)
			}
			for k, v := range tt.extra {
				fsys[k] = v
			}
			dj, err := readDjango(fsys)
			if err != nil {
				t.Fatal(err)
			}
			if got := readDataPaths(fsys, dj, ""); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("data paths =\n  %+v\nwant\n  %+v", got, tt.want)
			}
		})
	}
}
