package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pydock/pydock/internal/plan"
)

// BenchmarkLoad is detect → plan → render → stamp of each example, in process.
func BenchmarkLoad(b *testing.B) {
	dirs, _ := filepath.Glob("../../examples/*")
	for _, dir := range dirs {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := load(dir, plan.Settings{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func pydockBinary(b *testing.B) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pydock-bench")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "pydock")
		out, err := exec.Command("go", "build", "-trimpath", "-o", binPath, "../../cmd/pydock").CombinedOutput()
		if err != nil {
			buildErr = err
			b.Logf("%s", out)
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return binPath
}

// BenchmarkProcess compares a whole `pydock init --yes` process on an
// example (nothing to rewrite, as on a regeneration) with starting Python
// and doing nothing: the target is that pydock is faster.
func BenchmarkProcess(b *testing.B) {
	b.Run("pydock-init", func(b *testing.B) {
		bin := pydockBinary(b)
		dir := filepath.Join(b.TempDir(), "app")
		if err := os.CopyFS(dir, os.DirFS("../../examples/django-poetry")); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if out, err := exec.Command(bin, "init", "--yes", dir).CombinedOutput(); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
		}
	})
	b.Run("python3-c-pass", func(b *testing.B) {
		// The interpreter itself, not a version-manager shim in front of it.
		out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
		if err != nil {
			b.Skip("no python3")
		}
		py := strings.TrimSpace(string(out))
		for b.Loop() {
			if err := exec.Command(py, "-c", "pass").Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
