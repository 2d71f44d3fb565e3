package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
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
	detect.ManagerPylock: {"pylock.toml"},
}

// ignoreBlocksFor is the general blocks plus the manager's own.
func ignoreBlocksFor(m detect.Manager) []IgnoreBlock {
	b, ok := managerIgnore[m]
	if !ok {
		return ignoreBlocks
	}
	return append(slices.Clone(ignoreBlocks), b)
}

// placeMember copies where a workspace member sits; the paths reach
// WORKDIR and compose, so they must stay plain relative paths.
func (p *Plan) placeMember(f *detect.Facts) error {
	for _, s := range []string{f.MemberDir, f.ContextDir, f.LockDir} {
		if s == "" {
			continue
		}
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-/", r)) {
				return fmt.Errorf("workspace folder %q: pydock writes it into the Dockerfile and compose.yaml, so it may hold only letters, digits and . _ - /; rename the folder", s)
			}
		}
	}
	p.Package, p.MemberDir, p.ContextDir, p.LockDir = f.Package, f.MemberDir, f.ContextDir, f.LockDir
	if f.ClaimedBy != "" {
		p.decide("build context", p.ContextDir, f.ClaimedBy)
	} else if p.LockDir != "" {
		p.decide("build context", p.ContextDir, "the folder "+p.MemberDir+" and its path dependencies ("+strings.Join(f.PathDeps, ", ")+") share; "+string(f.Manager)+" reads "+p.LockDir+"'s own lock")
	} else if p.Package != "" {
		p.decide("workspace member", p.Package+" ("+p.MemberDir+")", "a member of the uv workspace at "+orDot(p.ContextDir)+": its uv.lock, uv sync --package")
	}
	return nil
}

func orDot(s string) string {
	if s == "" {
		return "."
	}
	return s
}

// chooseOptional takes the extras and groups detection selected; their
// names reach the install command, so they must be plain names.
func (p *Plan) chooseOptional(f *detect.Facts) error {
	for _, l := range [][]string{f.Extras, f.Groups} {
		for _, n := range l {
			for _, r := range n {
				if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r)) {
					return fmt.Errorf("optional dependency set %q: pydock writes its name into the install command, so it may hold only letters, digits and . _ -", n)
				}
			}
		}
	}
	p.Extras, p.Groups = f.Extras, f.Groups
	why := func(kind string, names []string) string {
		var w []string
		for _, n := range names {
			w = append(w, n+": "+f.OptionalWhy[kind+" "+n])
		}
		return strings.Join(w, "; ")
	}
	if len(p.Extras) > 0 {
		p.decide("extras", strings.Join(p.Extras, " "), why("extra", p.Extras))
	}
	if len(p.Groups) > 0 {
		p.decide("groups", strings.Join(p.Groups, " "), why("group", p.Groups))
	}
	if p.Manager == detect.ManagerPip && len(p.Groups) > 0 && !p.ProjectDeps {
		p.Warnings = append(p.Warnings, "pip installs the requirements file as it is: dependency groups apply to pyproject.toml's dependencies only")
	}
	return nil
}

// chooseToolImage gives Pipenv a stage on pydock's default Python when
// the app's is older than Pipenv runs on; pdm installs with the app's own
// interpreter, so there it can only be a warning.
func (p *Plan) chooseToolImage() {
	floor := toolFloor(p.Manager)
	if floor == 0 || p.Python.Minor.Major != 3 || p.Python.Minor.Minor >= floor {
		return
	}
	if p.Manager == detect.ManagerPDM && p.choosePDMRelease() {
		return
	}
	switch p.Manager {
	case detect.ManagerPipenv:
		p.ToolImage = pyversion.Default().Image()
		p.decide("pipenv stage", p.ToolImage, fmt.Sprintf("Pipenv %s needs Python 3.%d or newer; it exports the lock in a stage of its own", PipenvVersion, floor))
		if p.Pipenv != nil && p.Pipenv.LockAtBuild {
			// The lock it makes there resolves for that stage's Python.
			p.Warnings = append(p.Warnings, fmt.Sprintf("with no Pipfile.lock, the pipenv stage locks the Pipfile on %s, not the app's Python %s: markers and wheels are resolved for the wrong interpreter (and a [requires] python_version the stage lacks fails the lock); run `pipenv lock` with Python %s and commit Pipfile.lock", p.ToolImage, p.Python.Minor, p.Python.Minor))
		}
	default:
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s %s needs Python 3.%d or newer but the image runs %s: the build will fail installing it; move to a newer Python, or export the lock (pdm export -o requirements.txt) and pass --package-manager pip", p.Manager, oldestRelease(p.Manager), oldestFloor(p.Manager), p.Python.Minor))
	}
}
