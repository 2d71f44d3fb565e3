package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/plan"
)

// TestExamplesWheelDecision asserts the wheel-coverage decision on every
// example with a lock that lists files: the Python chosen has a wheel for
// every locked binary package on amd64 and arm64, or the plan warns about
// each package that will compile. A decision that says no source build
// happens must be true of the lock.
func TestExamplesWheelDecision(t *testing.T) {
	dirs, _ := filepath.Glob("../../examples/*")
	checked := 0
	for _, dir := range dirs {
		lock := ""
		for _, l := range []string{"uv.lock", "poetry.lock", "pdm.lock"} {
			if _, err := os.Stat(filepath.Join(dir, l)); err == nil {
				lock = l
			}
		}
		if lock == "" {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p, err := load(dir, plan.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			if p.facts.Lock == nil {
				t.Fatalf("%s was not read for the wheel check", lock)
			}
			gaps := plan.WheelGaps(p.facts.Lock, p.plan.Python, plan.DefaultPlatforms)
			for _, g := range gaps {
				name, _, _ := strings.Cut(g, " ")
				if !slices.ContainsFunc(p.plan.Warnings, func(w string) bool { return strings.Contains(w, name) }) {
					t.Errorf("Python %s: %s has no wheel and no warning says so", p.plan.Python.Minor, g)
				}
			}
			var why string
			for _, d := range p.plan.Decisions {
				if d.Name == "python" {
					why = d.Why
				}
			}
			if len(gaps) == 0 && strings.Contains(why, "no allowed version has wheels") {
				t.Errorf("decision %q claims gaps the lock does not have", why)
			}
		})
		checked++
	}
	if checked < 3 {
		t.Errorf("only %d examples with a lock; the check needs real ones", checked)
	}
}
