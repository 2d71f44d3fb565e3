package detect

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestPyStringList(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
		ok   bool
	}{
		{`["flask>=3", 'gunicorn',]`, []string{"flask>=3", "gunicorn"}, true},
		{"[\n  'a',  # why\n  \"b; python_version < '3.12'\",\n]", []string{"a", "b; python_version < '3.12'"}, true},
		{`("a", "b")`, []string{"a", "b"}, true},
		{`reqs("default.txt")`, nil, false},
		{`["a" + suffix]`, []string{"a"}, false},
		{`[x for x in y]`, nil, false},
		{`["a"`, []string{"a"}, false},
	} {
		items, ok := pyStringList([]byte(tc.src))
		var got []string
		for _, it := range items {
			got = append(got, it.s)
		}
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("pyStringList(%q) = %q, %v; want %q, %v", tc.src, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSetupCfg(t *testing.T) {
	fsys := fstest.MapFS{"setup.cfg": file(`[metadata]
name = pyload-ng

[options]
package_dir =
    = src
install_requires =
    Flask
    # requests-html~=0.10
    semver~=2.10
python_requires = >=3.9

[options.extras_require]
plugins =
    Pillow

[options.entry_points]
console_scripts =
    pyload = pyload.__main__:main
`),
		// package_dir names src/: a checkout has it (else nothing is built).
		"src/pyload/__init__.py": file("")}
	m, err := readSetupCfg(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "pyload-ng" || m.PackageRoot != "src" {
		t.Errorf("name %q root %q", m.Name, m.PackageRoot)
	}
	if got := names(m.Requires); !slices.Equal(got, []string{"flask", "semver"}) {
		t.Errorf("requires = %v", got)
	}
	if m.Requires[1].Source.Line != 10 {
		t.Errorf("semver line = %d, want 10", m.Requires[1].Source.Line)
	}
	if !slices.Equal(m.Extras["plugins"], []string{"Pillow"}) {
		t.Errorf("extras = %v", m.Extras)
	}
	if len(m.Scripts) != 1 || m.Scripts[0].Target != "pyload.__main__:main" {
		t.Errorf("scripts = %+v", m.Scripts)
	}
	f, err := Detect(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Manager != ManagerPip || f.ManagerFrom.File != "setup.cfg" || f.SetupDeps != "setup.cfg" || !f.Packaged || f.Name != "pyload-ng" {
		t.Errorf("facts: manager %q from %q, setup deps %q, packaged %v, name %q", f.Manager, f.ManagerFrom, f.SetupDeps, f.Packaged, f.Name)
	}
}

// A setup.cfg of tool settings only ([flake8]) is not a package.
func TestSetupCfgToolsOnly(t *testing.T) {
	_, err := Detect(fstest.MapFS{"setup.cfg": file("[flake8]\nmax-line-length = 100\n")}, Options{})
	if err == nil {
		t.Fatal("a setup.cfg without metadata made a project")
	}
}
