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

func TestToolPydockAndPrecedence(t *testing.T) {
	fsys := fstest.MapFS{
		"pyproject.toml": {Data: []byte("[project]\nname = \"x\"\n\n[tool.pydock]\npython = \"3.11\"\nport = 7000\n\n[tool.other]\nanything = 1\n")},
		FileName:         {Data: []byte("schema = 1\nport = 9000\n")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if c.Python != "3.11" || c.Port != 9000 {
		t.Errorf("Load = python %q port %d, want 3.11 from [tool.pydock] and 9000 from pydock.toml", c.Python, c.Port)
	}
	_, err = Load(fstest.MapFS{"pyproject.toml": {Data: []byte("[tool.pydock]\n\nprot = 1\n")}})
	if err == nil || !strings.Contains(err.Error(), `pyproject.toml:3: unknown key "prot" in [tool.pydock]`) {
		t.Errorf("unknown [tool.pydock] key: err = %v", err)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	no := false
	svcs := []string{"postgres"}
	c := &Config{Python: "3.12", Port: 8080, Compose: &no, Services: &svcs}
	data, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "# pydock.toml") || strings.Contains(string(data), "workers =") {
		t.Errorf("Encode wrote:\n%s", data)
	}
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.Schema != SchemaVersion || back.Python != "3.12" || back.Port != 8080 || back.Compose == nil || *back.Compose || back.Services == nil || (*back.Services)[0] != "postgres" {
		t.Errorf("round trip = %+v", back)
	}
}

// TestValuesNameTheirLine: a value that cannot be data where it lands is
// refused with the file and line of its key, in both places config lives.
func TestValuesNameTheirLine(t *testing.T) {
	_, err := Parse([]byte("schema = 1\n\nhealth_path = \"/a b\"\n"))
	if err == nil || !strings.Contains(err.Error(), "pydock.toml:3: health_path") {
		t.Errorf("Parse error = %v, want pydock.toml:3: health_path", err)
	}
	_, err = Load(fstest.MapFS{"pyproject.toml": {Data: []byte("[project]\nname = \"x\"\n\n[tool.pydock]\nhealth_path = \"x\"\n")}})
	if err == nil || !strings.Contains(err.Error(), "pyproject.toml:5: health_path") {
		t.Errorf("Load error = %v, want pyproject.toml:5: health_path", err)
	}
}

func TestPlatformsAndSystem(t *testing.T) {
	c, err := Parse([]byte("platforms = [\"amd64\"]\n\n[system]\nbuild = [\"libvips-dev\"]\nruntime = [\"libvips42t64\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Settings()
	if s.Platforms == nil || len(*s.Platforms) != 1 || s.SystemBuild == nil || (*s.SystemBuild)[0] != "libvips-dev" || s.SystemRuntime == nil {
		t.Fatalf("settings = %+v", s)
	}
	out, err := FromSettings(s).Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out)
	if err != nil || back.System == nil || back.System.Runtime[0] != "libvips42t64" || (*back.Platforms)[0] != "amd64" {
		t.Errorf("round trip lost [system] or platforms:\n%s", out)
	}
	for _, bad := range []string{"platforms = [\"s390x\"]\n", "[system]\nbuild = [\"gcc && curl x\"]\n"} {
		if _, err := Parse([]byte(bad)); err == nil || !strings.Contains(err.Error(), "pydock.toml:") {
			t.Errorf("Parse(%q) = %v, want an error naming pydock.toml and the line", bad, err)
		}
	}
}

// A writable path reaches a RUN line and compose: pydock.toml and
// [tool.pydock] refuse one that is not a plain path inside the project or
// a data root, naming the line; a good list reaches the settings.
func TestWritable(t *testing.T) {
	c, err := Parse([]byte("schema = 1\nwritable = [\"media\", \"/data\"]\n"))
	if err != nil || c.Settings().Writable == nil || strings.Join(*c.Settings().Writable, " ") != "media /data" {
		t.Fatalf("Parse = %+v, %v", c, err)
	}
	_, err = Parse([]byte("schema = 1\n\nwritable = [\n  \"media\",\n  \"../../etc\",\n]\n"))
	if err == nil || !strings.Contains(err.Error(), `pydock.toml:3: writable "../../etc": climbs`) {
		t.Errorf("err = %v", err)
	}
	_, err = Load(fstest.MapFS{"pyproject.toml": {Data: []byte("[project]\nname = \"a\"\n\n[tool.pydock]\nwritable = [\"/etc/cron.d\"]\n")}})
	if err == nil || !strings.Contains(err.Error(), `pyproject.toml:5: writable "/etc/cron.d": is in /etc,`) {
		t.Errorf("err = %v", err)
	}
}
