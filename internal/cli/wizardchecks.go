package cli

import (
	"errors"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/wizard"
	"github.com/pydock/pydock/internal/write"
)

// refusals are the files this init would refuse to replace without
// --force (a Dockerfile pydock did not write, edits that collide with
// pydock's), found before the wizard asks anything so the question comes
// first rather than a refusal after every answer.
func refusals(p *project) []wizard.Refusal {
	states, err := reconcile(p)
	if err != nil {
		return nil // the run itself reports it
	}
	states, _, moves := usersFiles(p.dir, states, false)
	results, _ := write.Apply(p.dir, append(moves, writeFiles(states, false)...), write.Options{DryRun: true})
	var out []wizard.Refusal
	for _, r := range results {
		if r.Action != write.Refused {
			continue
		}
		why, _, _ := strings.Cut(r.Reason, ";") // the rest names --force
		out = append(out, wizard.Refusal{Path: r.Path, Why: why})
	}
	for _, st := range states {
		if st.status == statusConflict && !slices.ContainsFunc(out, func(r wizard.Refusal) bool { return r.Path == st.path }) {
			out = append(out, wizard.Refusal{Path: st.path, Why: "your edits to " + st.path + " collide with pydock's changes"})
		}
	}
	return out
}

// managerCheck is the wizard's check of a package-manager answer: detection
// again with that manager (uv needs uv.lock, Poetry poetry.lock, ...).
func managerCheck(dir string, flags plan.Settings) func(string) error {
	return func(m string) error {
		_, err := loadFacts(dir, plan.Merge(flags, plan.Settings{PackageManager: m}))
		if err != nil {
			// The answer, not a flag, chose it.
			return errors.New(strings.TrimPrefix(err.Error(), "--package-manager "))
		}
		return nil
	}
}
