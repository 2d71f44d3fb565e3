package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMirrorPlan checks which file mirror.py picks for each locked package
// (no network: --plan reads index pages from testdata/mirror/pages). The
// realworld run failed on exactly these shapes: Pipfile.lock markers for
// another Python or platform, wheels for other Python tags, sdist-only
// releases, and manylinux wheels newer than the stand-in's glibc.
func TestMirrorPlan(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	dir := filepath.Join("testdata", "mirror")
	plans := map[string]map[string]string{}
	plan := func(py, lock string) map[string]string {
		t.Helper()
		if got, ok := plans[py+lock]; ok {
			return got
		}
		cmd := exec.Command("python3", "mirror.py", "--out", t.TempDir(), "--python", py,
			"--plan", filepath.Join(dir, "pages"), "--lock", filepath.Join(dir, lock))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("mirror.py --plan --python %s %s: %v\n%s", py, lock, err, out)
		}
		got := map[string]string{}
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Fields(l)
			if len(f) < 4 {
				t.Fatalf("plan line %q: want `name==version needed|not-needed file kind`", l)
			}
			got[f[0]] = strings.Join(f[1:], " ")
		}
		plans[py+lock] = got
		return got
	}
	cases := []struct {
		py, lock, pin, want string
	}{
		// A marker false on the target: not needed, never a failure.
		{"3.11", "Pipfile.lock", "typed-ast==1.4.3", "not-needed typed_ast-1.4.3-cp37-cp37m-manylinux1_x86_64.whl"},
		{"3.11", "Pipfile.lock", "pywin32==306", "not-needed pywin32-306-cp311-cp311-win_amd64.whl"},
		// The target's Python tag: cp312's wheel on 3.12, the sdist on 3.11
		// (not the cp312, musllinux or macOS wheel).
		{"3.12", "Pipfile.lock", "fastnative==2.0", "needed fastnative-2.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl wheel"},
		{"3.11", "Pipfile.lock", "fastnative==2.0", "needed fastnative-2.0.tar.gz sdist"},
		// Only an sdist at the locked version: the sdist (the wheel of
		// another version is not it).
		{"3.11", "Pipfile.lock", "oldsdist==0.45.0", "needed oldsdist-0.45.0.tar.gz sdist"},
		// manylinux_2_39 needs a newer glibc than bookworm's 2.36 (3.11),
		// which Ubuntu noble's 2.39 (3.12) has.
		{"3.11", "Pipfile.lock", "newglibc==1.0", "needed newglibc-1.0-cp311-abi3-manylinux_2_28_x86_64.whl wheel"},
		{"3.12", "Pipfile.lock", "newglibc==1.0", "needed newglibc-1.0-cp311-abi3-manylinux_2_39_x86_64.whl wheel"},
		// uv.lock names its files: the project itself is not fetched.
		{"3.13", "uv.lock", "purelib==1.2.3", "needed purelib-1.2.3-py3-none-any.whl wheel"},
		{"3.11", "uv.lock", "compiled==4.5", "needed compiled-4.5-cp311-cp311-manylinux_2_17_x86_64.whl wheel"},
		{"3.12", "uv.lock", "compiled==4.5", "needed - no wheel for cp312 and no sdist"},
		// uv.lock keeps markers on the dependency edges: a package only a
		// win32 edge reaches is not needed on Linux (agent-service-toolkit's
		// pywin32 failed the fill).
		{"3.13", "uv.lock", "winonly==312", "not-needed winonly-312-cp313-cp313-win_amd64.whl"},
		// A dependency the lock names under a marker but does not lock
		// itself (a trimmed poetry.lock): Poetry's universal relock reads
		// its metadata, so its newest release is fetched, best-effort (a
		// fresh machine's relock of django-poetry failed on colorama).
		{"3.13", "poetry.lock", "colorish==0.4.6", "not-needed colorish-0.4.6-py2.py3-none-any.whl"},
	}
	for _, c := range cases {
		got := plan(c.py, c.lock)
		if _, ok := got["app==0.1.0"]; ok {
			t.Errorf("%s: the editable project itself is in the plan", c.lock)
		}
		if g := got[c.pin]; !strings.HasPrefix(g, c.want) {
			t.Errorf("--python %s %s %s: got %q, want %q", c.py, c.lock, c.pin, g, c.want)
		}
	}
}
