package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// wheelBackends are the build backends whose wheel hook asks the frontend
// for nothing beyond [build-system].requires and runs none of the
// project's code unless the project configures a hook (detect's
// BuildHook). Installed once in a venv of the builder's, such a backend
// builds the wheel without isolation, which assumes exactly that (uv's
// --no-build-isolation: "build dependencies specified by PEP 518 are
// already installed"; the Poetry and pip templates call the backend's
// build_wheel hook themselves); uv's and pip's default makes a fresh
// isolated environment on every build, and the builder's build needed the
// source copied there and a second pip start-up to install the wheel.
//
// version is the release pydock pins, as it pins uv: the newest on the
// package index, read 2026-11-30 (pip index versions, and Requires-Python
// of its wheel's METADATA as floor); a project's == pin wins, and a range
// that excludes the pin keeps uv's isolated build.
var wheelBackends = []struct {
	backend, pkg, version string
	floor                 int // Requires-Python >=3.floor
	source                string
}{
	// get_requires_for_build_wheel returns the build config's dependencies:
	// the wheel target's and its hooks' dependencies, runtime ones on request.
	{"hatchling.build", "hatchling", "1.33.0", 10, "https://hatch.pypa.io/latest/config/build/#dependencies"},
	// flit_core has no dependencies and its hooks ask for none.
	{"flit_core.buildapi", "flit-core", "4.2.0", 8, "https://flit.pypa.io/en/stable/pyproject_toml.html#build-system-section"},
	// Project code runs only from a build script ([tool.poetry.build]).
	{"poetry.core.masonry.api", "poetry-core", "2.5.0", 10, "https://python-poetry.org/docs/pyproject/#poetry-and-pep-517"},
	// Project code runs only from pdm_build.py or [tool.pdm.build] custom-hook.
	{"pdm.backend", "pdm-backend", "2.5.0", 9, "https://backend.pdm-project.org/hooks/"},
}

// buildRequirement is a requirement pydock writes into the Dockerfile: a
// name, extras and version specifiers; no URL, no marker, no quote or
// shell character (anything else keeps uv's isolated build).
var buildRequirement = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9._-]+(?:,[A-Za-z0-9._-]+)*\])?((?:==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!-]+(?:,(?:==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!-]+)*)?$`)

// exactPin is a single == clause without a wildcard.
var exactPin = regexp.MustCompile(`^==[A-Za-z0-9.+!-]+$`)

// chooseWheelBuild decides how the project's own wheel builds: with its
// backend, pinned, preinstalled in the builder and no isolation
// (BuildEnv), in the one runtime step a source change re-runs; or in the
// builder, as the manager builds it otherwise (uv and pip isolated; Poetry
// with its own poetry-core or, for other backends, poetry build).
func (p *Plan) chooseWheelBuild(f *detect.Facts) {
	if !p.Packaged || p.Workspace || p.NotBuilt != "" {
		return
	}
	p.chooseWheelNode(f)
	var fallback string
	switch p.Manager {
	case detect.ManagerUV:
		fallback = "isolated (uv's default)"
	case detect.ManagerPoetry:
		fallback = "poetry build, isolated, in the builder"
		if f.BuildBackend == "poetry.core.masonry.api" {
			fallback = "Poetry's own poetry-core, in the builder"
		}
	case detect.ManagerPip:
		if p.SetupDeps == "setup.py" || p.SetupDeps == "build" {
			return // built into the venv with its dependencies
		}
		fallback = "isolated (pip's default), in the builder"
	default:
		return
	}
	env, why := buildEnv(f, p.Python.Minor.Major, p.Python.Minor.Minor, len(p.VCSVersionVars) > 0)
	if p.WheelNode != nil {
		why = f.WheelNode.Via + " runs " + p.WheelNode.Program + " (" + p.WheelNode.Source + "), which only the builder has"
	}
	if why != "" {
		p.decide("wheel build", fallback, why)
		return
	}
	p.BuildEnv = env
	for _, b := range wheelBackends {
		if b.backend == f.BuildBackend {
			p.decide("wheel build", b.pkg+" preinstalled in the builder, no isolation",
				b.backend+" builds the wheel from [build-system].requires alone ("+b.source+"): "+strings.Join(env, " ")+" installed once, a source change re-runs only the runtime's build and install")
		}
	}
}

// buildEnv is what the builder preinstalls for the wheel build, or why
// the build stays isolated.
func buildEnv(f *detect.Facts, major, minor int, vcs bool) ([]string, string) {
	row := -1
	for i, b := range wheelBackends {
		if b.backend == f.BuildBackend {
			row = i
		}
	}
	switch {
	case row < 0:
		return nil, "pydock does not know that " + f.BuildBackend + " builds a wheel from [build-system].requires alone"
	case f.BuildHook != "":
		return nil, f.BuildHook + " may ask for more than [build-system].requires, or run the project's code"
	case vcs:
		return nil, "the version comes from git, which the build reads through variables of its step"
	case major == 3 && minor < wheelBackends[row].floor:
		return nil, fmt.Sprintf("pydock's %s %s needs Python 3.%d or newer", wheelBackends[row].pkg, wheelBackends[row].version, wheelBackends[row].floor)
	}
	b := wheelBackends[row]
	var env []string
	found := false
	for _, r := range f.BuildRequires {
		r = strings.Join(strings.Fields(r), "")
		m := buildRequirement.FindStringSubmatch(r)
		if m == nil {
			return nil, "[build-system].requires has " + r + ", not a plain name and version"
		}
		switch {
		case exactPin.MatchString(m[3]):
			env = append(env, r) // pinned by the project
		case detect.NormalizeName(m[1]) != b.pkg:
			return nil, "[build-system].requires has " + r + ", which pydock does not pin"
		default:
			if m[3] != "" {
				if spec, err := parseSpecifiers(m[3]); err != nil || !spec.allows(b.version) {
					return nil, fmt.Sprintf("[build-system].requires has %s, which excludes pydock's %s %s", r, b.pkg, b.version)
				}
			}
			env = append(env, m[1]+m[2]+"=="+b.version)
		}
		if detect.NormalizeName(m[1]) == b.pkg {
			found = true
		}
	}
	if !found {
		return nil, "[build-system].requires does not name " + b.pkg
	}
	return env, ""
}

// WheelNode is node for the builder's wheel build: the image's /usr/local
// (node, npm, npx, corepack) copied to /opt/node, on PATH in that stage.
type WheelNode struct {
	Image   string
	Program string
	Source  string
}

// nodeImageRe is a node image pydock writes: the table's tags, or a
// major's slim tag.
var nodeImageRe = regexp.MustCompile(`^node:[0-9]+(?:-[a-z]+)?-slim$`)

// chooseWheelNode gives the builder node when the project's own build
// code runs a node program while the wheel builds: without it the build
// fails (pretalx's backend raises "npm was not found").
func (p *Plan) chooseWheelNode(f *detect.Facts) {
	w := f.WheelNode
	if w == nil {
		return
	}
	if !nodeImageRe.MatchString(w.Image) {
		p.Warnings = append(p.Warnings, w.Source.String()+" runs "+w.Program+" while the wheel builds ("+w.Via+"), but pydock has no node image it can name for node "+w.Node+": the wheel build will fail without node in the builder")
		return
	}
	p.WheelNode = &WheelNode{Image: w.Image, Program: w.Program, Source: w.Source.String()}
	p.decide("wheel build node", w.Image+"'s node and npm in the builder, on PATH",
		w.Source.String()+" runs "+w.Program+" while the wheel builds ("+w.Via+"); node "+w.Node+" from "+w.NodeWhy+"; the image has neither")
}
