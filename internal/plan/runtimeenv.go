package plan

import (
	_ "embed"
	"fmt"

	"github.com/BurntSushi/toml"
)

//go:embed runtimeenv.toml
var runtimeEnvData string

// runtimeEnv are the variables the container has when the app starts
// (runtimeenv.toml): read at import, they are found set, so they are no
// app setting for .env.example.
var runtimeEnv = func() map[string]bool {
	t, err := parseRuntimeEnv(runtimeEnvData)
	if err != nil {
		panic("runtimeenv.toml: " + err.Error())
	}
	return t
}()

func parseRuntimeEnv(data string) (map[string]bool, error) {
	var t struct {
		Var []struct {
			Name   string `toml:"name"`
			Source string `toml:"source"`
		}
	}
	if _, err := toml.Decode(data, &t); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, r := range t.Var {
		switch {
		case !requiredNameRe.MatchString(r.Name):
			return nil, fmt.Errorf("%q: not a variable name", r.Name)
		case r.Source == "":
			return nil, fmt.Errorf("%s: no source", r.Name)
		case out[r.Name]:
			return nil, fmt.Errorf("%s: twice", r.Name)
		}
		out[r.Name] = true
	}
	return out, nil
}
