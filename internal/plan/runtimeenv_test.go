package plan

import "testing"

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
