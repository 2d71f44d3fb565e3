package detect

import (
	"testing"
	"testing/fstest"
)

func TestDebugDefault(t *testing.T) {
	at := Source{File: "s.py", Line: 3}
	for _, c := range []struct {
		expr     string
		env, off string // "" env and off: nil (off by default)
		literal  bool
	}{
		{expr: `get_bool_from_env("DEBUG", True)`, env: "DEBUG", off: "False"},
		{expr: `env.bool("DJANGO_DEBUG", default=True)`, env: "DJANGO_DEBUG", off: "False"},
		{expr: `env.bool("DJANGO_DEBUG", default=False)`},
		{expr: `config("DEBUG", default=True, cast=bool)`, env: "DEBUG", off: "False"},
		{expr: `config("DEBUG", cast=bool, default="true")`, env: "DEBUG", off: "False"},
		{expr: `os.environ.get("DEBUG", "True") == "True"`, env: "DEBUG", off: "False"},
		{expr: `os.environ.get("DEBUG", "False") == "True"`},
		{expr: `os.environ.get("DEBUG") == "1"`},
		{expr: `os.getenv("DEBUG", "true").lower() in ("true", "1")`, env: "DEBUG", off: "False"},
		{expr: `os.getenv("DEBUG", "1") != "0"`, env: "DEBUG", off: "0"},
		{expr: `bool(int(os.environ.get("DJANGO_DEBUG", 1)))`, env: "DJANGO_DEBUG", off: "0"},
		{expr: `bool(int(os.environ.get("DJANGO_DEBUG", 0)))`},
		{expr: `env("DEBUG")`},
		{expr: `os.environ.get("DEBUG", None)`},
		{expr: `True`, literal: true},
		{expr: `False`},
		{expr: `not PRODUCTION`},
	} {
		got := debugDefault(c.expr, at)
		switch {
		case c.literal:
			if got == nil || got.Env != "" {
				t.Errorf("%s: got %+v, want DEBUG = True as written", c.expr, got)
			}
		case c.env == "":
			if got != nil {
				t.Errorf("%s: got %+v, want off by default", c.expr, got)
			}
		case got == nil || got.Env != c.env || got.Off != c.off || got.Source != at:
			t.Errorf("%s: got %+v, want %s=%s", c.expr, got, c.env, c.off)
		}
	}
}

func TestDebugAndSecretAsTheModuleRuns(t *testing.T) {
	fsys := fstest.MapFS{
		"site/__init__.py":      srcFile(""),
		"site/base.py":          srcFile("SECRET_KEY = 'dev' 'key'\nDEBUG = env.bool('DEBUG', default=True)\n"),
		"site/production.py":    srcFile("from .base import *\nDEBUG = True\nDEBUG = env.bool('DEBUG', default=False)\n"),
		"site/prod_literal.py":  srcFile("from .base import *\nSECRET_KEY = os.environ['KEY']\n"),
		"site/required_when.py": srcFile("import os\nHOSTS = os.environ.get('HOSTS')\nif not HOSTS:\n    if DEBUG:\n        HOSTS = 'x'\n    else:\n        raise ValueError('set HOSTS')\nOTHER = os.environ.get('OTHER')\nif not OTHER:\n    OTHER = 'y'\n"),
	}
	dj := &Django{}
	readDebugAndSecret(fsys, dj, "", "site/production.py")
	if dj.Debug != nil {
		t.Errorf("production's last DEBUG is off by default, got %+v", dj.Debug)
	}
	if dj.CommittedSecret == nil || *dj.CommittedSecret != (Source{File: "site/base.py", Line: 1}) {
		t.Errorf("the base's literal key is the one production runs, got %v", dj.CommittedSecret)
	}
	dj = &Django{}
	readDebugAndSecret(fsys, dj, "", "site/prod_literal.py")
	if dj.CommittedSecret != nil {
		t.Errorf("the module's own key from the environment wins, got %v", dj.CommittedSecret)
	}
	if dj.Debug == nil || dj.Debug.Env != "DEBUG" || dj.Debug.Source.File != "site/base.py" {
		t.Errorf("the base's DEBUG is the one that runs, got %+v", dj.Debug)
	}
	dj = &Django{}
	requiredByCheck(fsys, dj, "", "site/required_when.py")
	if len(dj.RequiredEnv) != 1 || dj.RequiredEnv[0].Name != "HOSTS" {
		t.Errorf("only HOSTS is raised on when unset, got %+v", dj.RequiredEnv)
	}
}
