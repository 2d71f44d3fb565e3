package detect

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPipenvFacts(t *testing.T) {
	fsys := fstest.MapFS{
		"Pipfile": file(`[[source]]
url = "https://pypi.org/simple"
name = "pypi"

[[source]]
url = "https://pkgs.example.com/simple"
name = "private"

[packages]
"discord.py" = {version = "==2.6.3", extras = ["speed"]}
gunicorn = "*"

[dev-packages]
pytest = "*"

[docs]
mkdocs = "*"

[requires]
python_full_version = "3.11.4"
`),
		"Pipfile.lock": file(`{
  "_meta": {"hash": {"sha256": "00"}, "requires": {"python_full_version": "3.11.4"}},
  "default": {
    "discord.py": {"version": "==2.6.3", "extras": ["speed"], "hashes": ["sha256:00"]},
    "aiohttp": {"version": "==3.13.2", "hashes": ["sha256:00"]},
    "gunicorn": {"version": "==23.0.0", "hashes": ["sha256:00"]}
  },
  "develop": {"pytest": {"version": "==8.3.0", "hashes": ["sha256:00"]}},
  "docs": {"mkdocs": {"version": "==1.6.0", "hashes": ["sha256:00"]}}
}`),
		"bot.py": file("print(1)\n"),
	}
	f, err := Detect(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Manager != ManagerPipenv || f.ManagerFrom.File != "Pipfile.lock" {
		t.Fatalf("manager = %q from %q", f.Manager, f.ManagerFrom)
	}
	if got := names(f.Dependencies); !slices.Equal(got, []string{"aiohttp", "discord-py", "gunicorn"}) {
		t.Errorf("dependencies = %v, want the default category only", got)
	}
	if d := f.Dep("discord-py"); d == nil || d.Version != "2.6.3" || !slices.Equal(d.Extras, []string{"speed"}) || d.Source.Line != 10 {
		t.Errorf("discord.py = %+v", d)
	}
	if !f.Hashes {
		t.Error("every default entry has hashes: want a hash-checked install")
	}
	if f.Pipenv == nil || f.Pipenv.PublicIndex || !slices.Equal(f.Pipenv.Categories, []string{"docs"}) {
		t.Errorf("pipenv facts = %+v, want a private index and the docs category", f.Pipenv)
	}
	if len(f.Python) == 0 || f.Python[0].Spec != "3.11.4" || f.Python[0].Source.String() != "Pipfile:20" {
		t.Errorf("python = %+v, want 3.11.4 from Pipfile:20", f.Python)
	}
}

func TestPipfileLockErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"Pipfile":      file("[packages]\nflask = \"*\"\n"),
		"Pipfile.lock": file("{\n  \"default\": {\n    \"flask\": {\"version\": 3}\n  }\n}\n"),
	}
	_, err := Detect(fsys, Options{})
	if err == nil || !strings.Contains(err.Error(), "Pipfile.lock:3") {
		t.Fatalf("err = %v, want it to name Pipfile.lock:3", err)
	}
	_, err = Detect(fstest.MapFS{"Pipfile.lock": file("{}")}, Options{})
	if err == nil || !strings.Contains(err.Error(), "no Pipfile beside it") {
		t.Fatalf("err = %v, want the missing Pipfile named", err)
	}
}
