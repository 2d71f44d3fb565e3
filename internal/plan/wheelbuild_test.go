package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

func TestBuildEnv(t *testing.T) {
	const hatch = "hatchling.build"
	for _, c := range []struct {
		name     string
		backend  string
		requires []string
		hook     string
		minor    int
		vcs      bool
		want     []string
		why      string // a part of the reason it stays isolated
	}{
		{"bare backend, pinned by pydock", hatch, []string{"hatchling"}, "", 13, false, []string{"hatchling==1.33.0"}, ""},
		{"range that allows the pin", hatch, []string{"hatchling >= 1.26, <2"}, "", 13, false, []string{"hatchling==1.33.0"}, ""},
		{"the project's own pin wins", hatch, []string{"hatchling==1.27.0"}, "", 13, false, []string{"hatchling==1.27.0"}, ""},
		{"pinned plugin kept", hatch, []string{"hatchling", "hatch-fancy-pypi-readme==24.1.0"}, "", 13, false, []string{"hatchling==1.33.0", "hatch-fancy-pypi-readme==24.1.0"}, ""},
		{"normalised name", "pdm.backend", []string{"PDM_Backend"}, "", 12, false, []string{"PDM_Backend==2.5.0"}, ""},
		{"flit", "flit_core.buildapi", []string{"flit_core >=3.2,<5"}, "", 11, false, []string{"flit_core==4.2.0"}, ""},
		{"range that excludes the pin", hatch, []string{"hatchling<1.20"}, "", 13, false, nil, "excludes pydock's hatchling 1.33.0"},
		{"unpinned plugin", hatch, []string{"hatchling", "hatch-requirements-txt"}, "", 13, false, nil, "hatch-requirements-txt, which pydock does not pin"},
		{"marker", hatch, []string{"hatchling; python_version >= '3.8'"}, "", 13, false, nil, "not a plain name and version"},
		{"URL", hatch, []string{"hatchling @ https://example.invalid/h.whl"}, "", 13, false, nil, "not a plain name and version"},
		{"shell characters", hatch, []string{"hatchling==1.0;$(id)"}, "", 13, false, nil, "not a plain name and version"},
		{"backend not named", hatch, []string{"setuptools==75.0.0"}, "", 13, false, nil, "does not name hatchling"},
		{"build hook", hatch, []string{"hatchling"}, "[tool.hatch.build.hooks.vcs]", 13, false, nil, "[tool.hatch.build.hooks.vcs] may ask"},
		{"version from git", hatch, []string{"hatchling"}, "", 13, true, nil, "from git"},
		{"Python older than the pin runs on", hatch, []string{"hatchling"}, "", 9, false, nil, "needs Python 3.10"},
		{"unknown backend", "setuptools.build_meta", []string{"setuptools"}, "", 13, false, nil, "does not know that setuptools.build_meta"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &detect.Facts{BuildBackend: c.backend, BuildRequires: c.requires, BuildHook: c.hook}
			env, why := buildEnv(f, 3, c.minor, c.vcs)
			if !slices.Equal(env, c.want) {
				t.Errorf("env = %q, want %q", env, c.want)
			}
			if c.why == "" && why != "" || !strings.Contains(why, c.why) {
				t.Errorf("why = %q, want it to say %q", why, c.why)
			}
		})
	}
}
