package detect

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// The layout each build configuration spells, read without running it.
func TestReadLayout(t *testing.T) {
	setuptools := "[build-system]\nbuild-backend = \"setuptools.build_meta\"\n"
	for _, tc := range []struct {
		name          string
		files         fstest.MapFS
		roots, pkgs   []string
		modules       []string
		find          bool
		backend, from string
	}{
		{"setup.py package_dir and find_packages(where=)", fstest.MapFS{
			"setup.py": file(`setup(package_dir={"": "lib"}, packages=find_packages(where="lib"))`)},
			[]string{"lib"}, nil, nil, true, "setuptools", "setup.py"},
		{"setup.py find_namespace_packages positional", fstest.MapFS{
			"setup.py": file(`from setuptools import setup, find_namespace_packages
setup(packages=find_namespace_packages("src"))`)},
			[]string{"src"}, nil, nil, true, "setuptools", "setup.py"},
		{"setup.py literal packages and py_modules", fstest.MapFS{
			"setup.py": file(`setup(
    packages=["tracker", "tracker.api"],  # the subpackage ships with it
    py_modules=["runner"],
)`)},
			[]string{""}, []string{"tracker"}, []string{"runner.py"}, false, "setuptools", "setup.py"},
		{"a commented-out package_dir is no evidence", fstest.MapFS{
			"setup.py": file("# package_dir={'': 'src'},\nsetup(packages=['app'])\n")},
			[]string{""}, []string{"app"}, nil, false, "setuptools", "setup.py"},
		{"setup.cfg package_dir mapping a package to its folder", fstest.MapFS{
			"setup.cfg": file("[options]\npackage_dir =\n    core = lib/core\npackages = core\n")},
			[]string{"lib"}, []string{"lib/core"}, nil, false, "setuptools", "setup.cfg:4"},
		{"pyproject packages.find where wins over setup.py", fstest.MapFS{
			"pyproject.toml": file(setuptools + "[tool.setuptools.packages.find]\nwhere = [\"source\"]\n"),
			"setup.py":       file(`setup(packages=find_packages("lib"))`)},
			[]string{"source"}, nil, nil, true, "setuptools", "pyproject.toml"},
		{"hatch sources as a table", fstest.MapFS{
			"pyproject.toml": file("[build-system]\nbuild-backend = \"hatchling.build\"\n[tool.hatch.build.targets.wheel.sources]\n\"backend\" = \"\"\n")},
			[]string{"backend"}, nil, nil, false, "hatch", "pyproject.toml"},
		{"poetry include from, and a module file", fstest.MapFS{
			"pyproject.toml": file("[build-system]\nbuild-backend = \"poetry.core.masonry.api\"\n[tool.poetry]\npackages = [{include = \"api\", from = \"services\"}, {include = \"cli.py\", from = \"tools\"}]\n")},
			[]string{"services", "tools"}, []string{"services/api"}, []string{"tools/cli.py"}, false, "poetry", "pyproject.toml"},
		{"pdm package-dir", fstest.MapFS{
			"pyproject.toml": file("[build-system]\nbuild-backend = \"pdm.backend\"\n[tool.pdm.build]\npackage-dir = \"code\"\n")},
			[]string{"code"}, nil, nil, true, "pdm", "pyproject.toml"},
		{"setuptools config of another backend is not read", fstest.MapFS{
			"pyproject.toml": file("[build-system]\nbuild-backend = \"pdm.backend\"\n[tool.setuptools]\npackage-dir = {\"\" = \"lib\"}\n")},
			nil, nil, nil, false, "pdm", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := readLayout(tc.files)
			if l.Backend != tc.backend || l.From.String() != orDefaultStr(tc.from) || l.Find != tc.find {
				t.Errorf("backend %q from %q find %v, want %q %q %v", l.Backend, l.From, l.Find, tc.backend, tc.from, tc.find)
			}
			if !slices.Equal(l.Roots, tc.roots) || !slices.Equal(l.Packages, tc.pkgs) || !slices.Equal(l.Modules, tc.modules) {
				t.Errorf("roots %q packages %q modules %q, want %q %q %q", l.Roots, l.Packages, l.Modules, tc.roots, tc.pkgs, tc.modules)
			}
		})
	}
}

func orDefaultStr(s string) string {
	if s == "" {
		return "default"
	}
	return s
}

// setuptools' automatic discovery, as its discovery.py decides a flat layout.
func TestFlatDiscovery(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  string // a substring of why, "" when it builds
	}{
		{"one package beside skipped folders", fstest.MapFS{
			"app/__init__.py": file(""), "tests/t.py": file(""), "docs/x.md": file(""),
			"_private/x.py": file(""), "node_modules/x/y.js": file(""), "my-assets/logo.png": file(""),
		}, ""},
		{"a folder without __init__.py counts (PEP 420)", fstest.MapFS{
			"app/__init__.py": file(""), "static/logo.png": file(""),
		}, "(app, static)"},
		{"a virtualenv under another name does not", fstest.MapFS{
			"app/__init__.py": file(""), "pyenv/pyvenv.cfg": file(""),
		}, ""},
		{"modules only when there is no package", fstest.MapFS{
			"main.py": file(""), "worker.py": file(""), "setup.py": file(""), "manage.py": file(""),
		}, "modules in a flat layout (main, worker)"},
		{"one module", fstest.MapFS{"main.py": file(""), "conftest.py": file("")}, ""},
		{"src layout is never flat", fstest.MapFS{"src/a/__init__.py": file(""), "b/x.py": file(""), "c/x.py": file("")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := flatDiscovery(tc.files)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("flatDiscovery = %q, want %q", got, tc.want)
			}
		})
	}
}

// Two subcommands whose code serves: the one with the serving name runs,
// and the choice is flagged as a doubt.
func TestScriptSeveralServing(t *testing.T) {
	fsys := fstest.MapFS{
		"pkg/__init__.py": file(""),
		"pkg/cli.py": file(`import click
import uvicorn


@click.group()
def cli():
    pass


@cli.command()
def dev():
    uvicorn.run("pkg.app:app", reload=True)


@cli.command()
def serve():
    uvicorn.run("pkg.app:app", host="0.0.0.0")
`),
	}
	r := &scriptReader{fsys: fsys, roots: []string{""}, files: map[string][]pyLine{}}
	c := r.readScript(Script{Name: "pkg", Target: "pkg.cli:cli"})
	if c == nil || !slices.Equal(c.argv, []string{"pkg", "serve"}) {
		t.Fatalf("choice %+v, want pkg serve", c)
	}
	if !strings.Contains(c.unsure, "pkg dev") {
		t.Errorf("unsure %q does not name the other candidate", c.unsure)
	}
}

// Literal paths in the app's code name the repository files it reads; a
// test's paths and files inside the package do not count.
func TestCodeReads(t *testing.T) {
	fsys := fstest.MapFS{
		"app/__init__.py": file(""),
		"app/main.py":     file(`SPEC = os.path.join(HERE, "..", "docs", "api.yaml")` + "\nCFG = open('settings.toml')\nT = 'app/templates/x.html'\n"),
		// pathlib's / joins literals too, outside any call.
		"app/schema.py":        file(`SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "schema.json"` + "\n"),
		"docs/schema.json":     file(""),
		"app/templates/x.html": file(""),
		"docs/api.yaml":        file(""),
		"docs/guide.md":        file(""),
		"settings.toml":        file(""),
		"tests/test_x.py":      file(`open("docs/guide.md")`),
	}
	got := codeReads(fsys, []string{""}, []string{"app"})
	slices.Sort(got)
	if !slices.Equal(got, []string{"docs/api.yaml", "docs/schema.json", "settings.toml"}) {
		t.Errorf("codeReads = %q", got)
	}
}
