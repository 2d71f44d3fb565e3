package plan

import (
	"fmt"

	"github.com/pydock/pydock/internal/detect"
)

// chooseTestedCaps installs each floating dependency within the newest
// range the project's own test matrix runs (detect.TestedCap), as a pip
// constraint on the dependency step: the project's files prove that range
// works, and the newest release pip would take otherwise is untested. It
// is a decision the user should make theirs: a warning says where to.
func (p *Plan) chooseTestedCaps(f *detect.Facts) {
	if !p.ProjectDeps && p.SetupDeps != "setup.cfg" {
		return
	}
	for _, c := range f.TestedCaps {
		req := c.Name + "<" + c.Below
		p.DependencyCaps = append(p.DependencyCaps, req)
		spec := c.Spec
		if spec == "" {
			spec = "any version"
		}
		p.decide("dependency cap", req, fmt.Sprintf("%s allows %s %s with no upper bound; the project's test matrix (%s) tests it below %s at most", c.From, c.Name, spec, c.Source, c.Below))
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s %s has no upper bound, and there is no lock: the image installs %s, the newest range the project's own tests run (%s), not the newest release, which they never ran; put the bound in %s (or commit a lock) to make it yours", c.From, c.Name, spec, req, c.Source, c.From.File))
	}
}
