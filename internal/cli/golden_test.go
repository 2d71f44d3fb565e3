package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/pydock/pydock/internal/lint"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/write"
)

// TestExamples regenerates every example project's files and compares them
// byte for byte with the committed ones. UPDATE_GOLDEN=1 rewrites them (an
// environment variable, so `go test ./...` keeps working in every package).
func TestExamples(t *testing.T) {
	dirs, err := filepath.Glob("../../examples/*")
	if err != nil || len(dirs) < 5 {
		t.Fatalf("want at least five examples, found %d (%v)", len(dirs), err)
	}
	update := os.Getenv("UPDATE_GOLDEN") == "1"
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p, err := load(dir, plan.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range p.files {
				path := filepath.Join(dir, filepath.FromSlash(f.Path))
				if update {
					if err := os.WriteFile(path, f.Content, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				got, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%s: %v (run UPDATE_GOLDEN=1 go test ./internal/cli to create it)", f.Path, err)
				}
				if !bytes.Equal(got, f.Content) {
					t.Errorf("%s differs from a fresh render; review the change and run UPDATE_GOLDEN=1 go test ./internal/cli\n%s", f.Path, firstDiff(got, f.Content))
				}
				if write.Inspect(got) != write.Pristine {
					t.Errorf("%s: marker hash does not match its content", f.Path)
				}
			}
		})
	}
}

// TestExamplesParse runs what pydock emits through the field's own parsers:
// BuildKit's Dockerfile parser and linter, compose-go's loader and Python's
// compiler. A template that renders garbage fails here.
func TestExamplesParse(t *testing.T) {
	dirs, _ := filepath.Glob("../../examples/*")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p, err := load(dir, plan.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range p.files {
				switch {
				case f.Path == "Dockerfile":
					checkDockerfile(t, f.Content)
				case f.Path == "compose.yaml":
					checkCompose(t, dir, f.Content)
				case filepath.Ext(f.Path) == ".py":
					checkPython(t, f.Path, f.Content)
				}
			}
		})
	}
}

func checkDockerfile(t *testing.T, content []byte) {
	t.Helper()
	findings, err := lint.BuildKit("Dockerfile", content)
	if err != nil {
		t.Fatalf("BuildKit cannot parse the Dockerfile: %v", err)
	}
	for _, f := range findings {
		t.Errorf("Dockerfile:%d: BuildKit %s %s: %s", f.Line, f.Rule, f.Severity, f.Message)
	}
}

func checkCompose(t *testing.T, dir string, content []byte) {
	t.Helper()
	abs, _ := filepath.Abs(dir)
	cfg := types.ConfigDetails{
		WorkingDir:  abs,
		ConfigFiles: []types.ConfigFile{{Filename: "compose.yaml", Content: content}},
		Environment: types.Mapping{},
	}
	proj, err := loader.LoadWithContext(context.Background(), cfg, func(o *loader.Options) {
		o.SetProjectName("example", true)
		o.SkipResolveEnvironment = true
	})
	if err != nil {
		t.Fatalf("compose-go cannot load compose.yaml: %v", err)
	}
	app, ok := proj.Services["app"]
	if !ok {
		t.Fatal("compose.yaml has no app service")
	}
	if app.Build == nil || app.Build.Target != "runtime" {
		t.Errorf("app service does not build the runtime target (DC001)")
	}
	for name, s := range proj.Services {
		if name != "migrate" && name != "app" && s.HealthCheck == nil {
			t.Errorf("service %s has no healthcheck (DC004)", name)
		}
	}
}

func checkPython(t *testing.T, name string, content []byte) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH: cannot compile the snippet")
	}
	tmp := filepath.Join(t.TempDir(), filepath.Base(name))
	if err := os.WriteFile(tmp, content, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(py, "-m", "py_compile", tmp).CombinedOutput(); err != nil {
		t.Errorf("%s does not compile: %v\n%s", name, err, out)
	}
}

// firstDiff shows the first differing line of two files, enough to see
// what changed without pages of output.
func firstDiff(want, got []byte) string {
	w, g := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl []byte
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if !bytes.Equal(wl, gl) {
			return fmt.Sprintf("line %d:\n  committed: %s\n  rendered:  %s", i+1, wl, gl)
		}
	}
	return "files differ"
}
