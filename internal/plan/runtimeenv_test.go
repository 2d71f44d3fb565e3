package plan

import (
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

func TestRuntimeEnvTable(t *testing.T) {
	for _, n := range []string{"PATH", "HOME", "HOSTNAME"} {
		if !runtimeEnv[n] {
			t.Errorf("runtimeenv.toml lacks %s", n)
		}
	}
	for _, bad := range []string{
		`[[var]]` + "\n" + `name = "path"` + "\n" + `source = "x"`,
		`[[var]]` + "\n" + `name = "PATH"`,
		`[[var]]` + "\n" + `name = "PATH"` + "\n" + `source = "x"` + "\n" + `[[var]]` + "\n" + `name = "PATH"` + "\n" + `source = "y"`,
	} {
		if _, err := parseRuntimeEnv(bad); err == nil {
			t.Errorf("parseRuntimeEnv accepted %q", bad)
		}
	}
}

func TestToolingRead(t *testing.T) {
	use := func(file string) detect.EnvUse {
		return detect.EnvUse{Name: "X", Source: detect.Source{File: file, Line: 1}}
	}
	p := &Plan{Command: []string{"python", "bin/serve.py"}}
	for file, want := range map[string]bool{
		"bin/release_manager.py":  true,
		"scripts/seed.py":         true,
		"bin/serve.py":            false, // the command runs it
		"dash/settings.py":        false,
		"release_manager.py":      false,
		"dash/scripts/helpers.py": false, // a package's module, whatever its folder's name
	} {
		if got := p.toolingRead(use(file)); got != want {
			t.Errorf("toolingRead(%s) = %v, want %v", file, got, want)
		}
	}
}
