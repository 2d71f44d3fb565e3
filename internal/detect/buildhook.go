package detect

import (
	"io/fs"
	"slices"
	"sort"
	"strings"
)

// hatchBuildHooks is what hatchling's wheel hook reads besides the
// backend itself, at [tool.hatch.build] and at its wheel target: the hooks'
// and the target's dependencies, which get_requires_for_build_wheel asks
// the frontend for (https://hatch.pypa.io/latest/config/build/#dependencies),
// and hooks, which run code while the wheel builds.
type hatchBuildHooks struct {
	Hooks                      map[string]any `toml:"hooks"`
	Dependencies               any            `toml:"dependencies"`
	RequireRuntimeDependencies any            `toml:"require-runtime-dependencies"`
	RequireRuntimeFeatures     any            `toml:"require-runtime-features"`
}

// where names the first setting of h that reaches past [build-system]
// (table is where h sits), or "".
func (h hatchBuildHooks) where(table string) string {
	if len(h.Hooks) > 0 {
		names := make([]string, 0, len(h.Hooks))
		for n := range h.Hooks {
			names = append(names, n)
		}
		sort.Strings(names)
		return "[" + table + ".hooks." + names[0] + "]"
	}
	for _, s := range []struct {
		key string
		v   any
	}{{"dependencies", h.Dependencies}, {"require-runtime-dependencies", h.RequireRuntimeDependencies}, {"require-runtime-features", h.RequireRuntimeFeatures}} {
		if s.v != nil && s.v != false {
			return "[" + table + "] " + s.key
		}
	}
	return ""
}

// buildHook names what makes the wheel build need more than the backend
// and [build-system].requires, or run the project's own code (which may
// compile): a hatch build hook or target dependencies, Poetry's build
// script, pdm-backend's custom hook or setuptools run. "" when the backend
// builds from its settings alone.
func (p *pyproject) buildHook(fsys fs.FS) string {
	h := p.Tool.Hatch.Build
	if w := h.where("tool.hatch.build"); w != "" {
		return w
	}
	if w := h.Targets.Wheel.where("tool.hatch.build.targets.wheel"); w != "" {
		return w
	}
	if p.Tool.Poetry != nil && p.Tool.Poetry.Build != nil {
		return "[tool.poetry] build"
	}
	if t := p.Tool.PDM; t != nil {
		keys := make([]string, 0, len(t.Build))
		for k := range t.Build {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if slices.Contains([]string{"custom-hook", "run-setuptools"}, k) && t.Build[k] != false {
				return "[tool.pdm.build] " + k
			}
		}
	}
	if strings.HasPrefix(p.backend(), "pdm.backend") && isRegularFile(fsys, "pdm_build.py") {
		return "pdm_build.py (pdm-backend's hook file)"
	}
	return ""
}

func (p *pyproject) backend() string {
	if p.BuildSystem == nil {
		return ""
	}
	return p.BuildSystem.BuildBackend
}
