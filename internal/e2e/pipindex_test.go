package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The mirror replaces the index a requirements.txt names itself (babybuddy's
// `pipenv requirements` output starts with `-i https://pypi.python.org/simple`):
// pip takes the last --index-url it reads, so the project's own line, after
// the mirror's, sent the build to the internet. Pins stay as they are.
func TestPointPipAt(t *testing.T) {
	dir := t.TempDir()
	req := "-i https://pypi.python.org/simple\nannotated-types==0.7.0; python_version >= '3.8'\n--index-url=https://example.org/simple\nDjango==5.2.1\n"
	if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte(req), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, err := pointPipAt(dir, "http://127.0.0.1:9/simple/")
	if err != nil || !changed {
		t.Fatalf("pointPipAt: changed %v, %v", changed, err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "requirements.txt"))
	want := "--index-url http://${PYDOCK_E2E_INDEX_USER}:${PYDOCK_E2E_INDEX_TOKEN}@127.0.0.1:9/simple/\n" +
		"# -i https://pypi.python.org/simple\nannotated-types==0.7.0; python_version >= '3.8'\n# --index-url=https://example.org/simple\nDjango==5.2.1\n"
	if string(b) != want {
		t.Errorf("requirements.txt:\n%s\nwant:\n%s", b, want)
	}
}

// An app that checks its installed versions against requirements.txt at run
// time (calibre-web's dependency check parses every line as a pin, and the
// mirror's --index-url line made it crash at start) reads the file as much as
// a setup.py does: the mirror then goes in as the build arg. A test or a docs
// script naming the file is not the app.
func TestRequirementsReader(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"setup.py install_requires", map[string]string{
			"setup.py": "from setuptools import setup\nsetup(install_requires=open('requirements.txt').read().split())\n",
		}, "setup.py"},
		{"the app's own version check", map[string]string{
			"setup.py":            "from setuptools import setup\nsetup()\n",
			"app/__init__.py":     "",
			"app/checks/deps.py":  "import os\nREQ = os.path.join(BASE_DIR, \"requirements.txt\")\n",
			"app/checks/other.py": "x = 1\n",
		}, "app/checks/deps.py"},
		{"only tests and docs name it", map[string]string{
			"app/__init__.py":       "",
			"tests/test_reqs.py":    "open('requirements.txt')\n",
			"docs/conf.py":          "REQ = 'requirements.txt'\n",
			"app/requirements.txt":  "flask\n",
			"node_modules/x/gyp.py": "open('requirements.txt')\n",
		}, ""},
		{"the build backend reads it: setuptools dynamic dependencies", map[string]string{
			"pyproject.toml":  "[project]\nname = \"x\"\ndynamic = [\"dependencies\"]\n\n[tool.setuptools.dynamic]\ndependencies = {file = [\"requirements.txt\"]}\n",
			"app/__init__.py": "",
		}, "pyproject.toml"},
		{"the build backend reads it: setup.cfg file:", map[string]string{
			"setup.cfg":       "[options]\ninstall_requires = file: requirements.txt\n",
			"app/__init__.py": "",
		}, "setup.cfg"},
		{"a pyproject that names another file", map[string]string{
			"pyproject.toml": "[tool.setuptools.dynamic]\ndependencies = {file = [\"requirements/base.txt\"]}\n",
		}, ""},
		{"a comment or another file's name", map[string]string{
			"app/main.py": "# pip install -r requirements.txt\nopen('dev-requirements.txt')\n",
		}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range c.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := requirementsReader(dir); got != c.want {
				t.Errorf("requirementsReader = %q, want %q", got, c.want)
			}
		})
	}
}

func TestDockerfileCaps(t *testing.T) {
	df := "RUN python -c \"...\" > /tmp/requirements.txt \\\n && printf '%s\\n' 'django<3.1' 'pygments<3' > /tmp/constraints.txt \\\n && pip wheel --wheel-dir /wheels -r /tmp/requirements.txt --constraint /tmp/constraints.txt \\\n"
	got := dockerfileCaps(df)
	if strings.Join(got, " ") != "django<3.1 pygments<3" {
		t.Errorf("dockerfileCaps = %q, want django<3.1 pygments<3", got)
	}
	if got := dockerfileCaps("RUN pip wheel -r /tmp/requirements.txt\n"); len(got) != 0 {
		t.Errorf("dockerfileCaps without constraints = %q, want none", got)
	}
}

func TestOtherRequirements(t *testing.T) {
	df := "RUN --mount=type=bind,source=requirements-production.txt,target=requirements-production.txt \\\n    pip wheel --wheel-dir /wheels -r requirements-production.txt\n"
	if got := otherRequirements(df); strings.Join(got, " ") != "requirements-production.txt" {
		t.Errorf("otherRequirements = %q, want requirements-production.txt", got)
	}
	df = "RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \\\n    pip wheel --wheel-dir /wheels -r requirements.txt\n"
	if got := otherRequirements(df); len(got) != 0 {
		t.Errorf("otherRequirements of requirements.txt = %q, want none", got)
	}
}
