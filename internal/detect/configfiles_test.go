package detect

import (
	"testing"
	"testing/fstest"
)

// Example names and the file each stands for; what .gitignore keeps out.
func TestFindConfigFiles(t *testing.T) {
	code := []byte("import os\n\nPATHS = ('config.yaml', \"app.ini\", \"conf/other.ini\", \"settings.json\")\nSECRETS = \"secrets.toml\"\n")
	fsys := fstest.MapFS{
		"config.example.yaml":   {Data: []byte("a: 1\n")},
		"app.ini.dist":          {Data: []byte("[a]\n")},
		"other.ini.dist":        {Data: []byte("[a]\n")}, // read elsewhere
		"settings.sample.json":  {Data: []byte("{}\n")},
		"settings.json":         {Data: []byte("{}\n")}, // committed
		"secrets.template.toml": {Data: []byte("")},
		"notes.example.md":      {Data: []byte("")}, // not a config format
		".env.example":          {Data: []byte("A=1\n")},
		".gitignore":            {Data: []byte("# local\n/config.yaml\nsecrets.toml\n!secrets.toml\n")},
		"svc/main.py":           {Data: code},
		"tests/test_x.py":       {Data: []byte("open('app.ini')\n")},
	}
	got := findConfigFiles(fsys, []string{""})
	want := map[string]string{"config.yaml": "config.example.yaml svc/main.py:3 .gitignore:2", "app.ini": "app.ini.dist svc/main.py:3 -", "secrets.toml": "secrets.template.toml svc/main.py:4 -"}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %v", got, want)
	}
	for _, c := range got {
		ign := "-"
		if c.Ignored != nil {
			ign = c.Ignored.String()
		}
		if s := c.Example + " " + c.Source.String() + " " + ign; want[c.Name] != s {
			t.Errorf("%s: got %q, want %q", c.Name, s, want[c.Name])
		}
	}
}
