package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/rogpeppe/go-internal/txtar"
)

// The invariants of what the image runs, asserted for every example and
// every "runs_" scenario, from the project's files rather than from plan's
// own reasoning: CMD starts a program the image has, and a web image's
// HEALTHCHECK asks only a route the source declares (else the port).
func TestWhatRunsInvariants(t *testing.T) {
	dirs, _ := filepath.Glob("../../examples/*")
	scripts, _ := filepath.Glob("../../testdata/script/runs_*.txtar")
	for _, s := range scripts {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains("\n"+string(ar.Comment), "\n! pydock init") {
			continue // a scenario about refusing to plan
		}
		root := t.TempDir()
		dir := filepath.Join(root, "work")
		for _, f := range ar.Files {
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		dirs = append(dirs, dir+"#"+filepath.Base(s))
	}
	if len(dirs) < 10 {
		t.Fatalf("found %d projects", len(dirs))
	}
	for _, d := range dirs {
		dir, name, _ := strings.Cut(d, "#")
		if name == "" {
			name = filepath.Base(dir)
		}
		t.Run(name, func(t *testing.T) {
			p, err := load(dir, plan.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			if err := programProvided(dir, p); err != nil {
				t.Errorf("CMD %q: %v", p.plan.Command, err)
			}
			if err := appImportable(dir, p); err != nil {
				t.Errorf("CMD %q: %v", p.plan.Command, err)
			}
			var df string
			for _, f := range p.files {
				if f.Path == "Dockerfile" {
					df = string(f.Content)
				}
			}
			if p.plan.HasWeb() != strings.Contains(df, "HEALTHCHECK") {
				t.Errorf("web %v but HEALTHCHECK present %v", p.plan.HasWeb(), strings.Contains(df, "HEALTHCHECK"))
			}
			own := "" // a UI runner's own liveness route
			if p.facts.UIApp != nil {
				own = detect.UIRunner(p.facts.UIApp.Runner).Health
			} else if sv := p.facts.Serves; sv != nil && sv.Runner != "" && p.facts.IsInstalled(detect.UIRunner(sv.Runner).Package) {
				own = detect.UIRunner(sv.Runner).Health // the program starts the runner
			}
			if h := p.plan.HealthPath; h != "" && h != own && (p.facts.Health == nil || p.facts.Health.Path != h) {
				t.Errorf("the HEALTHCHECK asks %s, which the source does not declare", h)
			}
		})
	}
}

// programProvided checks CMD's program against the project's own files:
// Python with a module or file of the project or an installed distribution,
// a script of the installed project, or a program from the dependencies or
// from the server step pydock adds.
func programProvided(dir string, p *project) error {
	argv := p.plan.Command
	if len(argv) == 0 {
		return fmt.Errorf("no command")
	}
	if argv[0] == "/bin/sh" {
		words := strings.Fields(argv[len(argv)-1])
		for i := len(words) - 1; i >= 0; i-- {
			if words[i] == "&&" || words[i] == "exec" {
				words = words[i+1:]
				break
			}
		}
		argv = words
	}
	// The working directory is the copied tree, unless the image runs
	// from a data folder: nothing of the project is there.
	cwd := []string{""}
	if p.plan.RunDir != "" {
		cwd = nil
	}
	exists := func(rel string) bool {
		for _, root := range append(cwd, p.facts.ImportRoots...) {
			if _, err := os.Stat(filepath.Join(dir, root, rel)); err == nil {
				return true
			}
		}
		return false
	}
	installed := func(dist string) bool {
		// The server step's spec: name==version, or name[extras]==version.
		spec, _, _ := strings.Cut(p.plan.ServerInstall, "==")
		spec, _, _ = strings.Cut(spec, "[")
		return p.facts.IsInstalled(dist) || p.plan.ServerInstall != "" && spec == dist
	}
	switch prog := argv[0]; {
	case prog == "python" && len(argv) > 2 && argv[1] == "-m":
		top, _, _ := strings.Cut(argv[2], ".")
		shipped := p.facts.Packaged && p.facts.Ships(top)
		if exists(top) || exists("src/"+top) || shipped || installed(strings.ReplaceAll(top, "_", "-")) || installed(top) {
			return nil
		}
		return fmt.Errorf("module %s is neither in the project nor installed", top)
	case prog == "python":
		if len(argv) > 1 && exists(argv[1]) {
			return nil
		}
		return fmt.Errorf("no such file")
	default:
		for _, s := range p.facts.Scripts {
			if s.Name == prog && p.facts.Packaged {
				return nil
			}
		}
		for _, dist := range []string{prog, strings.TrimSuffix(prog, "-serve"), strings.TrimSuffix(prog, "-admin"), strings.ReplaceAll(prog, "-", "")} {
			if installed(dist) {
				return nil
			}
		}
		return fmt.Errorf("%s is not installed", prog)
	}
}

// appImportable checks the module:attribute a server in CMD imports against
// the image as generated: the module's file is in the copied source tree
// (the working directory and PYTHONPATH) or in a package the project's
// wheel ships, and the file binds the attribute at module level. A module
// of an installed distribution is the distribution's business.
func appImportable(dir string, p *project) error {
	target := ""
	for _, d := range p.plan.Decisions {
		if d.Name == "app" {
			target = d.Value
		}
	}
	mod, attr, ok := strings.Cut(strings.TrimSuffix(target, "()"), ":")
	if !ok || !strings.Contains(strings.Join(p.plan.Command, " "), mod+":"+attr) {
		return nil // CMD does not import an app target (a launcher, a script)
	}
	top, _, _ := strings.Cut(mod, ".")
	if p.facts.IsInstalled(top) || p.facts.IsInstalled(strings.ReplaceAll(top, "_", "-")) {
		return nil
	}
	var roots []string
	for i, a := range p.plan.Command {
		// A server's own flag puts a folder ahead of the working directory.
		if (a == "--app-dir" || a == "--pythonpath") && i+1 < len(p.plan.Command) && p.plan.CopySource {
			roots = append(roots, strings.TrimPrefix(strings.TrimPrefix(p.plan.Command[i+1], "/app"), "/"))
		}
	}
	if p.plan.CopySource {
		if p.plan.RunDir == "" {
			roots = append(roots, "")
		}
		for _, pp := range p.plan.PythonPath {
			roots = append(roots, strings.TrimPrefix(strings.TrimPrefix(pp, "/app"), "/"))
		}
	}
	if p.facts.Packaged {
		for _, d := range p.facts.PackageDirs {
			if filepath.Base(d) == top {
				roots = append(roots, filepath.Dir(d))
			}
		}
	}
	rel := strings.ReplaceAll(mod, ".", "/")
	bind := regexp.MustCompile(`(?m)^[ \t]*(?:(?:async\s+)?def\s+|class\s+)?` + regexp.QuoteMeta(attr) + `\b\s*(?:[:=(]|$)|^\s*(?:from\s+\S+\s+)?import\s.*\b` + regexp.QuoteMeta(attr) + `\b`)
	for _, r := range roots {
		for _, f := range []string{rel + ".py", rel + "/__init__.py"} {
			data, err := os.ReadFile(filepath.Join(dir, r, f))
			if err != nil {
				continue
			}
			if !bind.Match(data) {
				return fmt.Errorf("%s binds no %s", filepath.Join(r, f), attr)
			}
			return nil
		}
	}
	return fmt.Errorf("module %s is not importable in the image (looked under %q)", mod, roots)
}
