package cli

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
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
			var files []write.File
			for _, f := range p.files {
				// The merge base pydock keeps is committed with the project too.
				files = append(files, f, write.File{Path: write.BasePath(f.Path), Content: f.Content})
			}
			for _, f := range files {
				path := filepath.Join(dir, filepath.FromSlash(f.Path))
				if update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
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
	if err := validateDockerfile(content); err != nil {
		t.Error(err)
	}
}

func checkCompose(t *testing.T, dir string, content []byte) {
	t.Helper()
	if err := validateCompose(dir, content); err != nil {
		t.Error(err)
	}
}

func checkPython(t *testing.T, name string, content []byte) {
	t.Helper()
	if err := validatePython(name, content); err != nil {
		t.Error(err)
	}
}

// validateDockerfile parses and lints with BuildKit's own code: any
// finding, even a warning, is a failure.
func validateDockerfile(content []byte) error {
	findings, err := lint.BuildKit("Dockerfile", content)
	if err != nil {
		return fmt.Errorf("BuildKit cannot parse the Dockerfile: %w", err)
	}
	var msgs []string
	for _, f := range findings {
		msgs = append(msgs, fmt.Sprintf("Dockerfile:%d: BuildKit %s %s: %s", f.Line, f.Rule, f.Severity, f.Message))
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "\n"))
	}
	return nil
}

// validateCompose loads the file with compose-go, as docker compose does,
// and checks the rules a loader cannot (DC001, DC004).
func validateCompose(dir string, content []byte) error {
	abs, _ := filepath.Abs(dir)
	// Credentials are interpolated from .env with no default: load with
	// the values the generated .env.example lists, as a user's .env would.
	env := types.Mapping{}
	if data, err := os.ReadFile(filepath.Join(abs, ".env.example")); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(strings.TrimSpace(l), "="); ok && !strings.HasPrefix(k, "#") {
				env[k] = v
			}
		}
	}
	cfg := types.ConfigDetails{
		WorkingDir:  abs,
		ConfigFiles: []types.ConfigFile{{Filename: "compose.yaml", Content: content}},
		Environment: env,
	}
	proj, err := loader.LoadWithContext(context.Background(), cfg, func(o *loader.Options) {
		o.SetProjectName("example", true)
		o.SkipResolveEnvironment = true
	})
	if err != nil {
		return fmt.Errorf("compose-go cannot load compose.yaml: %w", err)
	}
	app, ok := proj.Services["app"]
	if !ok {
		return errors.New("compose.yaml has no app service")
	}
	if app.Build == nil {
		return errors.New("app service builds nothing (DC001)")
	}
	// DC001 is about pydock's Dockerfile; a user's Containerfile that
	// pydock leaves alone has stages of its own.
	if ours := path.Base(cmp.Or(app.Build.Dockerfile, "Dockerfile")) == "Dockerfile"; ours != (app.Build.Target == "runtime") {
		return fmt.Errorf("app service builds %s, target %q: want pydock's Dockerfile with target runtime (DC001), or the user's file with none", cmp.Or(app.Build.Dockerfile, "Dockerfile"), app.Build.Target)
	}
	for name, s := range proj.Services {
		// One-off services (migrate, release: restart "no") end; they need no probe.
		if name != "app" && s.Restart != "no" && s.HealthCheck == nil {
			return fmt.Errorf("service %s has no healthcheck (DC004)", name)
		}
	}
	return nil
}

// validatePython compiles a snippet with the machine's Python.
func validatePython(name string, content []byte) error {
	py, err := exec.LookPath("python3")
	if err != nil {
		return nil // no Python here: nothing to compile with
	}
	dir, err := os.MkdirTemp("", "pydock-py")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(tmp, content, 0o644); err != nil {
		return err
	}
	if out, err := exec.Command(py, "-m", "py_compile", tmp).CombinedOutput(); err != nil {
		return fmt.Errorf("%s does not compile: %v\n%s", name, err, out)
	}
	return nil
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
