package detect

import (
	"testing"
	"testing/fstest"
)

// FuzzReadPyproject feeds arbitrary bytes as pyproject.toml through the
// reader and the whole detection: any input gives facts or an error, never
// a panic.
func FuzzReadPyproject(f *testing.F) {
	f.Add([]byte("[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\"flask>=3\"]\n"))
	f.Add([]byte("[tool.poetry]\nname = \"x\"\n[tool.poetry.dependencies]\npython = \"^3.12\"\nfastapi = { version = \"*\", extras = [\"all\"] }\n"))
	f.Add([]byte("[project]\nreadme = { file = \"README.md\" }\nlicense = { file = \"LICENSE\" }\nscripts = { x = \"a:b\" }\n"))
	f.Add([]byte("[tool.uv.workspace]\nmembers = [\"packages/*\"]\n[tool.uv.sources]\nx = { path = \"../x\" }\n"))
	f.Add([]byte("dependencies = [[[[[[[["))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"pyproject.toml": {Data: data}, "main.py": {Data: []byte("print(1)\n")}}
		if p, err := readPyproject(fsys, "pyproject.toml"); err == nil {
			_ = p.projectDeps("pyproject.toml")
			_ = p.buildFiles(fsys)
			_ = p.scripts("pyproject.toml")
			_ = p.packaged()
		}
		_, _ = Detect(fsys, Options{})
	})
}
