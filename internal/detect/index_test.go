package detect

import (
	"testing"
	"testing/fstest"
)

func TestIndexes(t *testing.T) {
	fsys := fstest.MapFS{
		"requirements.txt": {Data: []byte("# deps\n--index-url https://me:s3cret@pkgs.example.com/simple\n--extra-index-url=https://${PKG_USER}:${PKG_TOKEN}@extra.example.com/simple\nflask\nlib @ git+ssh://git@gitlab.example.com/acme/lib.git\n")},
		"pyproject.toml":   {Data: []byte("[project]\nname = \"x\"\nversion = \"1\"\n\n[[tool.uv.index]]\nname = \"corp\"\nurl = \"https://pypi.corp.example/simple\"\ndefault = true\n\n[[tool.pdm.source]]\nname = \"private\"\nurl = \"https://${PDM_USER}:${PDM_PASS}@pdm.example.com/simple\"\n\n[[tool.poetry.source]]\nname = \"PyPI\"\npriority = \"primary\"\n")},
		"Pipfile":          {Data: []byte("[[source]]\nname = \"pypi\"\nurl = \"https://pypi.org/simple\"\nverify_ssl = true\n\n[[source]]\nname = \"corp\"\nurl = \"https://${CORP_TOKEN}@pipenv.example.com/simple\"\n")},
	}
	f := &Facts{RequirementsFiles: []string{"requirements.txt"}}
	readIndexes(fsys, f, func(n string) bool { _, err := fsys.Open(n); return err == nil })
	want := []struct {
		tool, name, url string
		def, literal    bool
		vars            int
		src             string
	}{
		{"pip", "", "https://***@pkgs.example.com/simple", true, true, 0, "requirements.txt:2"},
		{"pip", "", "https://${PKG_USER}:${PKG_TOKEN}@extra.example.com/simple", false, false, 2, "requirements.txt:3"},
		{"uv", "corp", "https://pypi.corp.example/simple", true, false, 0, "pyproject.toml:7"},
		{"pdm", "private", "https://${PDM_USER}:${PDM_PASS}@pdm.example.com/simple", false, false, 2, "pyproject.toml:12"},
		{"pipenv", "pypi", "https://pypi.org/simple", true, false, 0, "Pipfile:3"},
		{"pipenv", "corp", "https://${CORP_TOKEN}@pipenv.example.com/simple", false, false, 1, "Pipfile:8"},
	}
	if len(f.Indexes) != len(want) {
		t.Fatalf("got %d indexes, want %d: %+v", len(f.Indexes), len(want), f.Indexes)
	}
	for i, w := range want {
		g := f.Indexes[i]
		if g.Tool != w.tool || g.Name != w.name || g.URL != w.url || g.Default != w.def || g.LiteralCredentials != w.literal || len(g.Vars) != w.vars || g.Source.String() != w.src {
			t.Errorf("index %d = %+v, want %+v", i, g, w)
		}
	}
	if f.SSH == nil || len(f.SSH.Hosts) != 1 || f.SSH.Hosts[0] != "gitlab.example.com" || f.SSH.Source.String() != "requirements.txt:5" {
		t.Errorf("SSH = %+v, want gitlab.example.com from requirements.txt:5", f.SSH)
	}
}

func TestSSHHostsAreData(t *testing.T) {
	fsys := fstest.MapFS{
		"poetry.lock":    {Data: []byte("[package.source]\ntype = \"git\"\nurl = \"git@github.com:acme/lib.git\"\n")},
		"pyproject.toml": {Data: []byte("[project]\ndependencies = [\"x @ git+ssh://git@evil.com;curl|sh/x.git\", \"y @ git+https://github.com/a/b\"]\n")},
	}
	f := &Facts{}
	readIndexes(fsys, f, func(n string) bool { _, err := fsys.Open(n); return err == nil })
	if f.SSH == nil || len(f.SSH.Hosts) != 1 || f.SSH.Hosts[0] != "github.com" {
		t.Errorf("SSH = %+v, want only github.com (a host with shell characters is no host)", f.SSH)
	}
}
