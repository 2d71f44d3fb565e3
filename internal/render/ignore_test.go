package render

import (
	"bytes"
	"testing"
	"testing/fstest"
	"time"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
)

// renderProject detects, plans and renders an in-memory project.
func renderProject(t *testing.T, fsys fstest.MapFS) (*plan.Plan, map[string][]byte) {
	t.Helper()
	return renderWith(t, fsys, plan.Settings{})
}

// renderWith is renderProject with settings (pydock.toml, flags).
func renderWith(t *testing.T, fsys fstest.MapFS, s plan.Settings) (*plan.Plan, map[string][]byte) {
	t.Helper()
	f, err := detect.Detect(fsys, detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(f, s, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Render(p)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Content
	}
	return p, out
}

// contextMatcher reads a .dockerignore the way BuildKit does (its own
// ignorefile reader and pattern matcher).
func contextMatcher(t *testing.T, ignore []byte) *patternmatcher.PatternMatcher {
	t.Helper()
	pats, err := ignorefile.ReadAll(bytes.NewReader(ignore))
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(pats)
	if err != nil {
		t.Fatalf("BuildKit cannot compile the .dockerignore: %v", err)
	}
	return pm
}

func excludedBy(t *testing.T, pm *patternmatcher.PatternMatcher, file string) bool {
	t.Helper()
	ex, err := pm.MatchesOrParentMatches(file)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// TestIgnoreAtEveryDepth: what must never ship is left out of the build
// context wherever it sits (DI001, DI002), not only at the root; build/
// and dist/ stay root-anchored; the app's own files go in.
func TestIgnoreAtEveryDepth(t *testing.T) {
	_, files := renderProject(t, fstest.MapFS{
		"requirements.txt": {Data: []byte("flask>=3\n")},
		"app/__init__.py":  {Data: []byte("from flask import Flask\napp = Flask(__name__)\n")},
	})
	pm := contextMatcher(t, files[".dockerignore"])

	never := []string{
		".env", ".env.local", ".env.production", ".envrc",
		"server.key", "cert.pem", "store.p12", "store.pfx",
		"id_rsa", "id_rsa.pub", "id_ed25519", "id_ed25519.pub",
		".netrc", ".pypirc", ".npmrc", ".docker/config.json",
		".aws/credentials", ".ssh/id_rsa",
		"terraform.tfstate", "terraform.tfstate.backup",
		".venv/pyvenv.cfg", "venv/bin/python",
		"__pycache__/mod.cpython-313.pyc", "mod.pyc", "mod.pyo", "mod.pyd",
		".mypy_cache/3.13/x.json", ".pytest_cache/v/cache", ".ruff_cache/CACHEDIR.TAG",
		".tox/py313/x", ".nox/s/x", ".hypothesis/examples/x", ".coverage", "htmlcov/index.html",
		".ipynb_checkpoints/x.ipynb", "pkg.egg-info/PKG-INFO",
		"node_modules/left-pad/index.js",
		"db.sqlite3", "local.sqlite3",
	}
	keep := []string{".env.example", "app.py", "settings.py", "templates/index.html", "requirements.txt"}
	for _, dir := range []string{"", "config/", "services/api/"} {
		for _, p := range never {
			if !excludedBy(t, pm, dir+p) {
				t.Errorf("%s%s reaches the build context", dir, p)
			}
		}
		for _, p := range keep {
			if excludedBy(t, pm, dir+p) {
				t.Errorf("%s%s is excluded, but the app needs it", dir, p)
			}
		}
	}
	// Root-anchored: a package may well have a build or dist module.
	for p, want := range map[string]bool{
		"build/lib/x.py": true, "dist/app-1.0.whl": true,
		"app/build/x.py": false, "app/dist/x.py": false, "src/app/build.py": false,
	} {
		if got := excludedBy(t, pm, p); got != want {
			t.Errorf("%s excluded = %v, want %v", p, got, want)
		}
	}
}

// TestIgnoreLiftsWhatTheBuildNeeds: a file the build reads stays in the
// context even where a rule would exclude it (DI004), the user is told
// which exclusion was lifted, and secrets beside it stay out.
func TestIgnoreLiftsWhatTheBuildNeeds(t *testing.T) {
	p, files := renderProject(t, fstest.MapFS{
		"pyproject.toml": {Data: []byte(`[project]
name = "svc"
version = "1.0"
readme = "docs/README.md"
requires-python = ">=3.12"
dependencies = ["flask>=3"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`)},
		"docs/README.md":  {Data: []byte("# svc\n")},
		"svc/__init__.py": {Data: []byte("from flask import Flask\napp = Flask(__name__)\n")},
	})
	pm := contextMatcher(t, files[".dockerignore"])
	for p, want := range map[string]bool{
		"docs/README.md": false, "docs/guide.md": true, "docs/.env": true, "README.md": false,
	} {
		if got := excludedBy(t, pm, p); got != want {
			t.Errorf("%s excluded = %v, want %v", p, got, want)
		}
	}
	// A lifted general pattern is a note: the file is kept, nothing to do.
	lifted := false
	for _, w := range p.Notes {
		if bytes.Contains([]byte(w), []byte("docs/README.md")) && bytes.Contains([]byte(w), []byte("docs/")) {
			lifted = true
		}
	}
	if !lifted {
		t.Errorf("no note names the lifted exclusion of docs/README.md; notes: %q", p.Notes)
	}
	// Nothing was lifted for the root README: nothing said about it.
	for _, w := range append(p.Warnings, p.Notes...) {
		if bytes.Contains([]byte(w), []byte(" README.md")) {
			t.Errorf("warning about a file no rule excluded: %q", w)
		}
	}
}
