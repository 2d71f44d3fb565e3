package config

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestParse(t *testing.T) {
	c, err := Parse([]byte("schema = 1\npython = \"3.12\"\nport = 9000\ncompose = false\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Settings()
	if s.Python != "3.12" || s.Port != 9000 || s.Compose == nil || *s.Compose {
		t.Errorf("Settings() = %+v", s)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unknown key names its line", "schema = 1\n\npyhton = \"3.12\"\n", `pydock.toml:3: unknown key "pyhton"`},
		{"unknown table", "schema = 1\n[extra]\nx = 1\n", `pydock.toml:2: unknown key "extra"`},
		{"syntax error has line and column", "schema = 1\nport = = 3\n", "pydock.toml:2:"},
		{"newer schema", "schema = 9\n", "schema 9 is newer"},
		{"wrong type", "port = \"x\"\n", "pydock.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadMissingIsEmpty(t *testing.T) {
	c, err := Load(fstest.MapFS{})
	if err != nil || c.Port != 0 {
		t.Fatalf("Load(empty) = %+v, %v", c, err)
	}
}
