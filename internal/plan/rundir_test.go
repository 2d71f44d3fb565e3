package plan

import (
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

func TestChooseRunDir(t *testing.T) {
	facts := func() *detect.Facts {
		return &detect.Facts{
			Packaged:    true,
			PackageDirs: []string{"vault"},
			Scripts:     []detect.Script{{Name: "vault", Target: "vault.cli:main"}},
			DataDirs:    []detect.DataDir{{Env: "DATA_DIR", Source: detect.Source{File: "vault/__init__.py", Line: 4}}},
		}
	}
	moved := []EnvVar{{"DATA_DIR", DataDirPath}}
	for _, c := range []struct {
		name string
		f    func(*detect.Facts)
		p    Plan
		want string
	}{
		{"console script", nil, Plan{Command: []string{"vault", "serve"}, DataEnv: moved}, DataDirPath},
		{"python -m of its module", nil, Plan{Command: []string{"python", "-m", "vault.web"}, DataEnv: moved}, DataDirPath},
		{"a script of the source tree", nil, Plan{Command: []string{"python", "bot.py"}, DataEnv: moved}, ""},
		{"migrations from manage.py", nil, Plan{Command: []string{"vault"}, DataEnv: moved,
			Migration: &Migration{Tool: "django", Command: []string{"python", "manage.py", "migrate"}}}, ""},
		{"a worker of another program", nil, Plan{Command: []string{"vault"}, DataEnv: moved,
			Worker: &Worker{Command: []string{"celery", "-A", "vault", "worker"}}}, ""},
		{"a release step of its own", nil, Plan{Command: []string{"vault"}, DataEnv: moved,
			Release: []ReleaseStep{{Command: []string{"vault", "init"}}}}, DataDirPath},
		{"data not moved by the variable", nil, Plan{Command: []string{"vault"}}, ""},
		{"run from source", func(f *detect.Facts) { f.Packaged = false }, Plan{Command: []string{"vault"}, DataEnv: moved}, ""},
		{"declared but not built", func(f *detect.Facts) { f.NotBuilt = "no build-system" }, Plan{Command: []string{"vault"}, DataEnv: moved}, ""},
		{"a config file beside the code", nil, Plan{Command: []string{"vault"}, DataEnv: moved, serverConf: nil, serverConfig: "gunicorn.conf.py"}, ""},
	} {
		f := facts()
		if c.f != nil {
			c.f(f)
		}
		p := c.p
		p.chooseRunDir(f)
		if p.RunDir != c.want {
			t.Errorf("%s: RunDir = %q, want %q", c.name, p.RunDir, c.want)
		}
	}
}
