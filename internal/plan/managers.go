package plan

import (
	"slices"

	"github.com/pydock/pydock/internal/detect"
)

// managerIgnore are the .dockerignore patterns one package manager adds:
// its local state that would steer the build in the image. Sources: pdm's
// docs (".pdm-python" records the interpreter; PEP 582 __pypackages__),
// Pipenv's docs (PIPENV_VENV_IN_PROJECT makes .venv, already ignored).
var managerIgnore = map[detect.Manager]IgnoreBlock{
	detect.ManagerPDM: {
		Comment:  []string{"pdm's record of the interpreter on your machine, and its PEP 582 folder"},
		Patterns: []string{".pdm-python", "**/__pypackages__", ".pdm-build/"},
	},
}

// managerFiles are the manifests each manager's dependency step mounts.
var managerFiles = map[detect.Manager][]string{
	detect.ManagerPDM:    {"pdm.lock", "pyproject.toml"},
	detect.ManagerPipenv: {"Pipfile.lock", "Pipfile"},
}

// ignoreBlocksFor is the general blocks plus the manager's own.
func ignoreBlocksFor(m detect.Manager) []IgnoreBlock {
	b, ok := managerIgnore[m]
	if !ok {
		return ignoreBlocks
	}
	return append(slices.Clone(ignoreBlocks), b)
}
