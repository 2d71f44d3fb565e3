package detect

import (
	"slices"
	"testing"
	"testing/fstest"
)

// The walk follows the project's modules the start imports at module level
// (packages' __init__ first, submodules named by from-imports, relative
// imports) and lists the outside packages they import; what runs only in a
// function, a class body, a try, an if or under __main__ is not followed.
func TestStartGraphFollowsModuleLevelImports(t *testing.T) {
	fsys := fstest.MapFS{
		"app/__init__.py": {Data: []byte("import initdep\n")},
		"app/main.py": {Data: []byte("import app.db\nfrom app import views\nfrom .conf import SETTINGS\nimport fastapi\n\n" +
			"class A:\n    import classdep\n\n" +
			"def f():\n    import funcdep\n\n" +
			"try:\n    import trydep\nexcept ImportError:\n    pass\n\n" +
			"if __name__ == \"__main__\":\n    import maindep\n")},
		"app/db.py":         {Data: []byte("import sqlalchemy.orm\n")},
		"app/views.py":      {Data: []byte("from .helpers import *\n")},
		"app/helpers.py":    {Data: []byte("from faker import Faker\n")},
		"app/conf.py":       {Data: []byte("import yaml\n")},
		"app/unused.py":     {Data: []byte("import unuseddep\n")},
		"tests/conftest.py": {Data: []byte("import pytest\nfrom app.main import app\n")},
	}
	f := &Facts{layout: readLayout(fsys), App: &AppTarget{Module: "app.main", Attr: "app"}}
	g := startGraphOf(fsys, f)
	var tops []string
	for _, im := range g.foreign {
		tops = append(tops, im.top)
	}
	want := []string{"initdep", "sqlalchemy", "fastapi", "yaml", "faker"}
	slices.Sort(tops)
	slices.Sort(want)
	if !slices.Equal(tops, want) {
		t.Fatalf("foreign imports = %v, want %v", tops, want)
	}
	for _, im := range g.foreign {
		if im.top == "faker" && (im.src.String() != "app/helpers.py:1" || im.chain != "the app app.main:app: app.main → app.views → app.helpers") {
			t.Errorf("faker: at %s via %q", im.src, im.chain)
		}
	}
}
