package detect

import (
	"testing"
	"testing/fstest"
)

func TestBuildHook(t *testing.T) {
	const hatch = "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	const pdm = "[build-system]\nrequires = [\"pdm-backend\"]\nbuild-backend = \"pdm.backend\"\n"
	for _, c := range []struct {
		name, pyproject, want string
		files                 []string
	}{
		{"plain hatchling", hatch + "[tool.hatch.build.targets.wheel]\npackages = [\"src/a\"]\n", "", nil},
		{"hatch hook", hatch + "[tool.hatch.build.hooks.vcs]\nversion-file = \"a/_v.py\"\n", "[tool.hatch.build.hooks.vcs]", nil},
		{"hatch wheel hook", hatch + "[tool.hatch.build.targets.wheel.hooks.mypyc]\ndependencies = [\"mypy\"]\n", "[tool.hatch.build.targets.wheel.hooks.mypyc]", nil},
		{"hatch target dependencies", hatch + "[tool.hatch.build.targets.wheel]\ndependencies = [\"cython\"]\n", "[tool.hatch.build.targets.wheel] dependencies", nil},
		{"hatch runtime dependencies", hatch + "[tool.hatch.build]\nrequire-runtime-dependencies = true\n", "[tool.hatch.build] require-runtime-dependencies", nil},
		{"hatch runtime dependencies off", hatch + "[tool.hatch.build]\nrequire-runtime-dependencies = false\n", "", nil},
		{"poetry script", "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n[tool.poetry]\nname = \"a\"\n[tool.poetry.build]\nscript = \"build.py\"\n", "[tool.poetry] build", nil},
		{"poetry legacy script", "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n[tool.poetry]\nname = \"a\"\nbuild = \"build.py\"\n", "[tool.poetry] build", nil},
		{"pdm custom hook", pdm + "[tool.pdm.build]\ncustom-hook = \"hooks.py\"\n", "[tool.pdm.build] custom-hook", nil},
		{"pdm includes only", pdm + "[tool.pdm.build]\nincludes = [\"a\"]\n", "", nil},
		{"pdm hook file", pdm, "pdm_build.py (pdm-backend's hook file)", []string{"pdm_build.py"}},
		{"hook file of another backend", hatch, "", []string{"pdm_build.py"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"pyproject.toml": {Data: []byte(c.pyproject)}}
			for _, f := range c.files {
				fsys[f] = &fstest.MapFile{Data: []byte("def pdm_build_initialize(context): pass\n")}
			}
			p, err := readPyproject(fsys, "pyproject.toml")
			if err != nil {
				t.Fatal(err)
			}
			if len(p.warnings) > 0 {
				t.Errorf("warnings: %v", p.warnings)
			}
			if got := p.buildHook(fsys); got != c.want {
				t.Errorf("buildHook = %q, want %q", got, c.want)
			}
		})
	}
}
