package e2e

import (
	"strings"
	"testing"
)

// agent-service-toolkit's shape: the committed uv.lock forks on win32 and
// on 3.12, and uv keeps those forks when it relocks over the lock, whatever
// [tool.uv] environments says; the mirror has the stand-in's wheels only
// (jiter cp313/cp314, no pywin32 for cp314), so that relock fails. The
// fallback relocks from no lock with every committed registry version as a
// constraint: the same versions, the stand-in's environment only.
func TestRelockUVConstraints(t *testing.T) {
	lock := `version = 1
requires-python = ">=3.12, <3.15"
resolution-markers = [
    "python_full_version >= '3.14' and sys_platform == 'win32'",
    "python_full_version < '3.13' and sys_platform != 'win32'",
]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }

[[package]]
name = "jiter"
version = "0.16.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pywin32"
version = "312"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "numpy"
version = "2.2.6"
source = { registry = "https://pypi.org/simple" }
resolution-markers = ["python_full_version < '3.13'"]

[[package]]
name = "numpy"
version = "2.5.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "lib"
version = "1.0"
source = { git = "https://github.com/o/lib?rev=abc" }
`
	pins, err := uvLockConstraints(lock)
	if err != nil {
		t.Fatal(err)
	}
	// The project itself, git sources and forked names (two versions: the
	// target's is the resolver's to pick) are no constraint.
	if got, want := strings.Join(pins, " "), "jiter==0.16.0 pywin32==312"; got != want {
		t.Errorf("constraints %q, want %q", got, want)
	}
	py := `[project]
name = "app"
requires-python = ">=3.12,<3.15"

[tool.uv]
environments = ["sys_platform == 'linux' and python_version == '3.14'"]
`
	out := withUVConstraints(py, pins)
	if !strings.Contains(out, "[tool.uv]\nconstraint-dependencies = [\"jiter==0.16.0\", \"pywin32==312\"]\nenvironments") {
		t.Errorf("constraints not in [tool.uv]:\n%s", out)
	}
	// A project with its own constraints keeps them, after the lock's.
	own := "[project]\nname = \"a\"\n\n[tool.uv]\nconstraint-dependencies = [\"idna<4\"]\n"
	out = withUVConstraints(own, pins)
	if !strings.Contains(out, "constraint-dependencies = [\"jiter==0.16.0\", \"pywin32==312\", \"idna<4\"]") || strings.Count(out, "constraint-dependencies") != 1 {
		t.Errorf("own constraints:\n%s", out)
	}
}

// saleor's shape: a per-package cutoff as a table of its own; uv reads its
// entries against the mirror's pages, which carry no upload times.
func TestRelockUVPyprojectPackageCutoffs(t *testing.T) {
	in := `[tool.uv]
package = false
exclude-newer = "3 weeks"

[tool.uv.exclude-newer-package]
# a comment
django = "2026-08-04T15:05:00Z" # security releases

[tool.pytest]
addopts = ["-n=auto"]
`
	out := relockUVPyproject(in, "")
	if strings.Contains(out, "\ndjango =") || strings.Contains(out, "\n[tool.uv.exclude-newer-package]") || strings.Contains(out, "\nexclude-newer =") {
		t.Errorf("cutoffs left in:\n%s", out)
	}
	if !strings.Contains(out, "\n[tool.pytest]\naddopts = [\"-n=auto\"]\n") || !strings.Contains(out, "\npackage = false\n") {
		t.Errorf("other tables changed:\n%s", out)
	}
}

// autogen's workspace lock forks on platform_machine == 'aarch64' (torch's
// CUDA wheels); the mirror holds x86_64 files only (mirror.py's Target),
// so a relock for "linux and the stand-in's Python" still resolves the
// aarch64 fork and finds pyyaml with no wheel for it. The relock is for
// the machine the build runs on: x86_64 Linux, the stand-in's Python.
func TestRelockUVPyprojectEnvironment(t *testing.T) {
	out := relockUVPyproject("[project]\nname = \"a\"\n\n[tool.uv]\npackage = false\n", "3.12")
	want := `environments = ["sys_platform == 'linux' and platform_machine == 'x86_64' and python_version == '3.12'"]`
	if !strings.Contains(out, "[tool.uv]\n"+want+"\n") {
		t.Errorf("environments for the stand-in: want %s in [tool.uv]:\n%s", want, out)
	}
	// A workspace root with no [tool.uv] table gets one.
	out = relockUVPyproject("[tool.uv.workspace]\nmembers = [\"packages/*\"]\n", "3.12")
	if !strings.Contains(out, "\n[tool.uv]\n"+want+"\n") {
		t.Errorf("no [tool.uv] table: want one with %s:\n%s", want, out)
	}
}
