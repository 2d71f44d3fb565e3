package detect

import (
	"strings"
	"testing"
)

func TestEvalMarker(t *testing.T) {
	py312 := MarkerEnv{Python: "3.12", FullVersion: "3.12.12", Arch: ArchARM64}
	tests := []struct {
		marker string
		want   bool
	}{
		{"", true},
		{`python_version < "3.13"`, true},
		{`python_version >= "3.13"`, false},
		{`python_full_version < '3.12.4'`, false},
		{`python_version < "3.9"`, false},
		{`python_version == "3.12"`, true},
		{`python_version == "3.1"`, false},
		{`python_version == "3.*"`, true},
		{`sys_platform == 'win32'`, false},
		{`sys_platform == 'win32' or python_version > '3.10'`, true},
		{`(sys_platform == 'linux' and platform_machine == 'aarch64') and python_version < '3.13'`, true},
		{`platform_machine == 'x86_64'`, false},
		{`'linux' in sys_platform`, true},
		{`platform_python_implementation != "PyPy"`, true},
		{`extra == "dev"`, false}, // no extra installed
		{`extra != "dev"`, true},
		{`python_version >= "3.8" and extra == "mssql"`, false},
		{`python_version <`, true},
		{`python_version ~= "3.10"`, true},
		{strings.Repeat("(", 100000) + `python_version < "3.9"`, true}, // too deep: kept, not a crash
		{`python_version < "3.9" or`, true},
		{`"3.9`, true},
	}
	for _, tt := range tests {
		if got := EvalMarker(tt.marker, py312); got != tt.want {
			t.Errorf("EvalMarker(%q) = %v, want %v", tt.marker, got, tt.want)
		}
	}
}

func TestLockClosureForks(t *testing.T) {
	l := &Lock{
		Roots: []LockEdge{{Name: "app"}},
		Packages: []LockedPackage{
			{Name: "app", Deps: []LockEdge{
				{Name: "numpy", Version: "1.26.4", Marker: "python_version < '3.13'"},
				{Name: "numpy", Version: "2.2.0", Marker: "python_version >= '3.13'"},
				{Name: "pywin32", Marker: "sys_platform == 'win32'"},
				{Name: "web", Extras: []string{"speed"}},
			}},
			{Name: "numpy", Version: "1.26.4"},
			{Name: "numpy", Version: "2.2.0"},
			{Name: "pywin32", Version: "306"},
			{Name: "web", Version: "1", Optional: map[string][]LockEdge{"speed": {{Name: "orjson"}}, "other": {{Name: "ujson"}}}},
			{Name: "orjson", Version: "3"},
			{Name: "ujson", Version: "5"},
		},
	}
	names := func(env MarkerEnv) map[string]bool {
		out := map[string]bool{}
		for _, p := range l.Closure(env) {
			out[p.Name+" "+p.Version] = true
		}
		return out
	}
	got := names(MarkerEnv{Python: "3.12", FullVersion: "3.12.12", Arch: ArchAMD64})
	if !got["numpy 1.26.4"] || got["numpy 2.2.0"] || got["pywin32 306"] || !got["orjson 3"] || got["ujson 5"] {
		t.Errorf("3.12 closure = %v", got)
	}
	got = names(MarkerEnv{Python: "3.13", FullVersion: "3.13.9", Arch: ArchAMD64})
	if got["numpy 1.26.4"] || !got["numpy 2.2.0"] {
		t.Errorf("3.13 closure = %v", got)
	}
}

func TestNewestShipped(t *testing.T) {
	if n, ok := NewestShipped([]string{"cp39-cp39-manylinux1_x86_64", "cp310-cp310-win_amd64"}); !ok || n != 10 {
		t.Errorf("NewestShipped = %d, %v; want 10", n, ok)
	}
	if _, ok := NewestShipped([]string{"cp38-abi3-manylinux_2_17_x86_64"}); ok {
		t.Error("abi3 wheels cap nothing")
	}
	if IsBinary([]string{"cp312-cp312-manylinux_2_17_x86_64", "py3-none-any"}) || !IsBinary([]string{"cp312-cp312-win32"}) || IsBinary(nil) {
		t.Error("IsBinary")
	}
}

func TestOldestShipped(t *testing.T) {
	for _, c := range []struct {
		tags []string
		want int
		ok   bool
	}{
		{[]string{"cp310-cp310-manylinux_2_17_x86_64", "cp39-cp39-manylinux_2_17_x86_64", "pp310-pypy310_pp73-manylinux_2_17_x86_64"}, 9, true},
		{[]string{"cp39-abi3-manylinux_2_17_x86_64"}, 9, true},
		{[]string{"cp37-cp37m-manylinux1_x86_64", "cp38-cp38-manylinux1_x86_64"}, 7, true},
		{[]string{"cp27-cp27mu-manylinux1_x86_64", "cp310-cp310-manylinux1_x86_64"}, 0, false}, // still ships for Python 2
		{[]string{"cp311-cp311-manylinux1_x86_64", "py3-none-any"}, 0, false},
		{[]string{"pp310-pypy310_pp73-manylinux_2_17_x86_64"}, 0, false},
	} {
		if n, ok := OldestShipped(c.tags); ok != c.ok || (ok && n != c.want) {
			t.Errorf("OldestShipped(%v) = %d, %v; want %d, %v", c.tags, n, ok, c.want, c.ok)
		}
	}
}

// FuzzEvalMarker: any marker a lock file holds evaluates without a panic,
// and a marker and its parenthesised self agree.
func FuzzEvalMarker(f *testing.F) {
	for _, s := range []string{`python_version < "3.11"`, `(sys_platform == 'linux' and extra == "x") or python_full_version >= '3.12.1'`, `'a' in "abc"`, `((`} {
		f.Add(s)
	}
	env := MarkerEnv{Python: "3.12", FullVersion: "3.12.12", Arch: ArchAMD64}
	f.Fuzz(func(t *testing.T, m string) {
		v := EvalMarker(m, env)
		if p := EvalMarker("("+m+")", env); p != v && EvalMarker(m+" and python_version >= '3'", env) == v {
			// Parenthesising may turn a parse error into a valid marker or back;
			// only a well-formed marker must keep its value.
			if _, ok := parsesCleanly(m, env); ok {
				t.Errorf("%q = %v but (%q) = %v", m, v, m, p)
			}
		}
	})
}

func parsesCleanly(m string, env MarkerEnv) (bool, bool) {
	p := &markerParser{toks: markerTokens(m), env: env}
	v := p.or()
	return v, !p.bad && p.i == len(p.toks) && len(p.toks) > 0
}
