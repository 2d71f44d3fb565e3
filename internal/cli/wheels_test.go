package cli

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/plan"
	"github.com/rogpeppe/go-internal/txtar"
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
		if lockIn(dir) == "" {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) { checkWheelDecision(t, dir, true) })
		checked++
	}
	if checked < 3 {
		t.Errorf("only %d examples with a lock; the check needs real ones", checked)
	}
}

// TestScenarioWheelDecision is the same check on every project with a lock
// in the txtar scenarios (those that plan at all: some are bad on purpose).
func TestScenarioWheelDecision(t *testing.T) {
	scripts, _ := filepath.Glob("../../testdata/script/*.txtar")
	checked := 0
	for _, script := range scripts {
		a, err := txtar.ParseFile(script)
		if err != nil {
			t.Fatal(err)
		}
		var projects []string
		for _, f := range a.Files {
			switch path.Base(f.Name) {
			case "uv.lock", "poetry.lock", "pdm.lock":
				projects = append(projects, path.Dir(f.Name))
			}
		}
		if len(projects) == 0 {
			continue
		}
		root := t.TempDir()
		for _, f := range a.Files {
			name := filepath.Join(root, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, dir := range projects {
			t.Run(filepath.Base(script)+"/"+dir, func(t *testing.T) {
				if checkWheelDecision(t, filepath.Join(root, filepath.FromSlash(dir)), false) {
					checked++
				}
			})
		}
	}
	if checked < 10 {
		t.Errorf("only %d scenario projects with a lock were checked", checked)
	}
}

func lockIn(dir string) string {
	for _, l := range []string{"uv.lock", "poetry.lock", "pdm.lock"} {
		if _, err := os.Stat(filepath.Join(dir, l)); err == nil {
			return l
		}
	}
	return ""
}

// checkWheelDecision plans the project and checks its Python against its
// lock. must says the project has to plan; otherwise one that does not is
// skipped (false).
func checkWheelDecision(t *testing.T, dir string, must bool) bool {
	t.Helper()
	p, err := load(dir, plan.Settings{})
	if err != nil {
		if must {
			t.Fatal(err)
		}
		return false
	}
	if p.facts.Lock == nil && p.facts.ManagerFrom.File != lockIn(dir) && !must {
		return false // a lock left behind: the image installs another file
	}
	if p.facts.Lock == nil {
		t.Fatalf("%s was not read for the wheel check", lockIn(dir))
	}
	gaps := plan.WheelGaps(p.facts.Lock, p.plan.Python, p.plan.Platforms, p.facts.Extras, p.facts.Groups)
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
	if len(gaps) > 0 && strings.Contains(why, "newest allowed with wheels for all") {
		t.Errorf("decision %q claims full coverage, but %s", why, strings.Join(gaps, ", "))
	}
	return true
}
