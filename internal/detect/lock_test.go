package detect

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pelletier/go-toml/v2"
)

// lockFixture loads a lock file from testdata/locks into an in-memory fs.
func lockFixture(t testing.TB, file, as string) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../../testdata/locks/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{as: string(data)}
}

func TestReadUVLock(t *testing.T) {
	l, err := readUVLock(mapFS(lockFixture(t, "uv.lock", "uv.lock")), "uv.lock")
	if err != nil {
		t.Fatal(err)
	}
	if l.Version != 1 || l.Revision != 2 || l.RequiresPython != ">=3.12" {
		t.Errorf("header = %d %d %q", l.Version, l.Revision, l.RequiresPython)
	}
	wantMembers := []uvMember{
		{Name: "acme-api", Version: "0.1.0", Path: ".", Line: 15, Deps: []uvDep{
			{Name: "acme-lib"}, {Name: "acme-worker"}, {Name: "fastapi", Extras: []string{"standard"}},
			{Name: "psycopg2"}, {Name: "shared-utils"},
		}, Sets: map[string][]uvDep{"dev": {{Name: "pytest"}}}},
		{Name: "acme-worker", Version: "0.2.0", Path: "packages/worker", Line: 49, Deps: []uvDep{{Name: "click"}}},
	}
	if !reflect.DeepEqual(l.Members, wantMembers) {
		t.Errorf("members:\n got %+v\nwant %+v", l.Members, wantMembers)
	}
	pkgs := map[string]uvPackage{}
	for _, p := range l.Packages {
		pkgs[p.Name] = p
	}
	if len(l.Packages) != 19 {
		t.Errorf("%d packages, want 19", len(l.Packages))
	}
	if p := pkgs["acme-lib"]; p.Path != "../acme-lib" || p.Git || p.Sdist || p.Wheels != nil || p.Line != 44 {
		t.Errorf("acme-lib = %+v", p)
	}
	if p := pkgs["shared-utils"]; !p.Git || p.Path != "" {
		t.Errorf("shared-utils = %+v", p)
	}
	if p := pkgs["psycopg2"]; !p.Sdist || !reflect.DeepEqual(p.Wheels, []string{"cp312-cp312-win_amd64", "cp313-cp313-win_amd64"}) || p.Version != "2.9.10" {
		t.Errorf("psycopg2 = %+v", p)
	}
	if p := pkgs["pydantic-core"]; len(p.Wheels) != 6 || p.Wheels[3] != "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64" {
		t.Errorf("pydantic-core wheels = %q", p.Wheels)
	}
	if p := pkgs["fastapi"]; !reflect.DeepEqual(p.Optional, map[string][]uvDep{"standard": {{Name: "uvicorn", Extras: []string{"standard"}}}}) {
		t.Errorf("fastapi optional = %+v", p.Optional)
	}
	// Every line must point at its [[package]] header.
	data := lockFixture(t, "uv.lock", "uv.lock")["uv.lock"]
	lines := strings.Split(data, "\n")
	for _, p := range l.Packages {
		if p.Line < 2 || lines[p.Line-1] != "[[package]]" || lines[p.Line] != `name = "`+p.Name+`"` {
			t.Errorf("%s: line %d is wrong", p.Name, p.Line)
		}
	}

	// The image installs what the members need: not pytest (dev), but
	// uvloop and httptools through fastapi[standard] → uvicorn[standard].
	deps := l.dependencies("uv.lock")
	var names []string
	for _, d := range deps {
		names = append(names, d.Name)
	}
	wantNames := []string{"acme-lib", "annotated-types", "anyio", "click", "fastapi", "h11", "httptools", "idna",
		"psycopg2", "pydantic", "pydantic-core", "shared-utils", "sniffio", "starlette", "typing-extensions", "uvicorn", "uvloop"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("runtime deps:\n got %q\nwant %q", names, wantNames)
	}
	for _, d := range deps {
		switch d.Name {
		case "acme-lib":
			if d.Path != "../acme-lib" || d.Wheels != nil {
				t.Errorf("acme-lib dep = %+v", d)
			}
		case "shared-utils":
			if !d.VCS || d.Wheels != nil {
				t.Errorf("shared-utils dep = %+v", d)
			}
		case "psycopg2":
			if d.Wheels == nil || hasLinuxWheel(d.Wheels.Tags, "3.12") {
				t.Errorf("psycopg2 should need compilers: %+v", d.Wheels)
			}
			if d.Version != "2.9.10" || d.Source.File != "uv.lock" || d.Source.Line == 0 {
				t.Errorf("psycopg2 dep = %+v", d)
			}
		case "pydantic-core", "uvloop", "httptools":
			if d.Wheels == nil || !hasLinuxWheel(d.Wheels.Tags, "3.12") {
				t.Errorf("%s should have a wheel: %+v", d.Name, d.Wheels)
			}
			if hasLinuxWheel(d.Wheels.Tags, "3.13") {
				t.Errorf("%s has no 3.13 wheel in the fixture", d.Name)
			}
		}
	}
}

func TestReadUVLockSmall(t *testing.T) {
	tests := []struct {
		name    string
		lock    string
		members []uvMember
		pkgs    []uvPackage
	}{
		{
			name: "virtual root, url source, path wheel, filename wheel, editable path dep",
			lock: `version = 1
revision = 3
requires-python = ">=3.11, <3.14"

[[package]]
name = "app"
version = "0"
source = { virtual = "." }
dependencies = [{ name = "Local_Lib" }]

[[package]]
name = "Local_Lib"
version = "1.0"
source = { editable = "../local-lib" }

[[package]]
name = "direct"
version = "1.0"
source = { url = "https://example.com/direct-1.0-py3-none-any.whl" }
wheels = [{ url = "https://example.com/direct-1.0-py3-none-any.whl", hash = "sha256:00" }]

[[package]]
name = "vendored"
version = "2.0"
source = { path = "vendor/vendored-2.0-cp312-abi3-manylinux_2_28_x86_64.whl" }
wheels = [{ filename = "vendored-2.0-cp312-abi3-manylinux_2_28_x86_64.whl", hash = "sha256:01" }]

[[package]]
name = "odd"
version = "1"
source = { registry = "https://pypi.org/simple" }
wheels = [{ path = "odd-1-1-py3-none-any.whl" }, { url = "https://x/odd-1.tar.gz" }]
`,
			members: []uvMember{{Name: "app", Version: "0", Path: ".", Virtual: true, Line: 5, Deps: []uvDep{{Name: "local-lib"}}}},
			pkgs: []uvPackage{
				{Name: "local-lib", Version: "1.0", Path: "../local-lib", Line: 11},
				{Name: "direct", Version: "1.0", URL: true, Wheels: []string{"py3-none-any"}, Line: 16},
				{Name: "vendored", Version: "2.0", Path: "vendor/vendored-2.0-cp312-abi3-manylinux_2_28_x86_64.whl", Wheels: []string{"cp312-abi3-manylinux_2_28_x86_64"}, Line: 22},
				{Name: "odd", Version: "1", Wheels: []string{"py3-none-any"}, Line: 28},
			},
		},
		{
			name: "header inside a string: no lines rather than wrong ones",
			lock: `version = 1
note = """
[[package]]
"""

[[package]]
name = "a"
version = "1"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://x/a-1.tar.gz" }
`,
			pkgs: []uvPackage{{Name: "a", Version: "1", Sdist: true}},
		},
		{
			name: "empty",
			lock: "",
			pkgs: []uvPackage{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := readUVLock(mapFS(map[string]string{"uv.lock": tt.lock}), "uv.lock")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(l.Members, tt.members) {
				t.Errorf("members:\n got %+v\nwant %+v", l.Members, tt.members)
			}
			if !reflect.DeepEqual(l.Packages, tt.pkgs) {
				t.Errorf("packages:\n got %+v\nwant %+v", l.Packages, tt.pkgs)
			}
		})
	}
}

func TestReadUVLockErrors(t *testing.T) {
	tests := []struct {
		name, lock, want string
	}{
		{"missing equals", "version = 1\n\n[[package]]\nname \"x\"\n", "uv.lock:4:6: expected '=' after key\n  4 | name \"x\"\n    |      ^"},
		{"unterminated array", "version = 1\nrequires-python = \">=3.12\"\n[[package]]\nname = \"a\"\nwheels = [\n", "uv.lock:5:"},
		{"wrong type", "version = \"one\"\n", "uv.lock:1:11: version: expected an integer, found a TOML string"},
		{"wrong nested type", "[[package]]\nname = 3\n", "uv.lock:2:8: package.name: expected a string, found a TOML integer"},
		{"duplicate key", "version = 1\nversion = 2\n", "uv.lock:2:1: key version is already defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readUVLock(mapFS(map[string]string{"uv.lock": tt.lock}), "uv.lock")
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want prefix %q", err, tt.want)
			}
			var de *toml.DecodeError
			if !errors.As(err, &de) {
				t.Errorf("error does not unwrap to *toml.DecodeError")
			}
		})
	}
	if _, err := readUVLock(mapFS(nil), "uv.lock"); err == nil {
		t.Error("missing uv.lock: no error")
	}
}

func TestTOMLError(t *testing.T) {
	other := errors.New("boom")
	if err := tomlError("pyproject.toml", nil, other); err.Error() != "pyproject.toml: boom" || !errors.Is(err, other) {
		t.Errorf("plain error = %v", err)
	}
	if tomlError("x", nil, nil) != nil {
		t.Error("nil error not nil")
	}
	data := []byte("[project]\n\tname = \"x\"\n\tversion 1\n")
	var v map[string]any
	err := tomlError("pyproject.toml", data, toml.Unmarshal(data, &v))
	want := "pyproject.toml:3:10: expected '=' after key\n  3 | \tversion 1\n    | \t        ^"
	if err == nil || err.Error() != want {
		t.Errorf("error =\n%v\nwant\n%s", err, want)
	}
	var pe *tomlPosError
	if !errors.As(err, &pe) || pe.Line != 3 || pe.Col != 10 {
		t.Errorf("position = %+v", pe)
	}
}

func TestWheelTag(t *testing.T) {
	tests := map[string]string{
		"https://files.pythonhosted.org/packages/ab/cd/ef/psycopg2_binary-2.9.10-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl": "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
		"six-1.16.0-py2.py3-none-any.whl":                    "py2.py3-none-any",
		"pkg-1.0-1build-py3-none-any.whl":                    "py3-none-any",
		"https://x/y/pkg-1.0-py3-none-any.whl?token=abc#sha": "py3-none-any",
		"pkg-1.0.tar.gz":                                     "",
		"pkg-1.0-py3-any.whl":                                "",
		"pkg-1.0--none-any.whl":                              "",
		".whl":                                               "",
		"":                                                   "",
	}
	for in, want := range tests {
		if got := wheelTag(in); got != want {
			t.Errorf("wheelTag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHasLinuxWheel(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		py   string
		want bool
	}{
		{"pure py3", []string{"py3-none-any"}, "3.12", true},
		{"pure py2.py3", []string{"py2.py3-none-any"}, "3.13", true},
		{"pure py2 only", []string{"py2-none-any"}, "3.12", false},
		{"pure cp311 on 3.12", []string{"cp311-none-any"}, "3.12", true},
		{"pure py314 on 3.12", []string{"py314-none-any"}, "3.12", false},
		{"exact cp312 manylinux2014 x86_64", []string{"cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64"}, "3.12", true},
		{"exact cp312 aarch64 only", []string{"cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64"}, "3.12", true},
		{"cp312 wheel on 3.13", []string{"cp312-cp312-manylinux_2_17_x86_64"}, "3.13", false},
		{"abi3 older", []string{"cp38-abi3-manylinux_2_28_x86_64"}, "3.12", true},
		{"abi3 newer than target", []string{"cp313-abi3-manylinux_2_28_x86_64"}, "3.12", false},
		{"manylinux1", []string{"cp312-cp312-manylinux1_x86_64"}, "3.12", true},
		{"manylinux2010", []string{"cp312-cp312-manylinux2010_x86_64"}, "3.12", true},
		{"glibc too new", []string{"cp312-cp312-manylinux_2_39_x86_64"}, "3.12", false},
		{"musllinux only", []string{"cp312-cp312-musllinux_1_2_x86_64", "cp312-cp312-musllinux_1_2_aarch64"}, "3.12", false},
		{"linux_x86_64 only", []string{"cp312-cp312-linux_x86_64"}, "3.12", false},
		{"windows and mac", []string{"cp312-cp312-win_amd64", "cp312-cp312-macosx_11_0_arm64"}, "3.12", false},
		{"i686 and ppc", []string{"cp312-cp312-manylinux_2_17_i686", "cp312-cp312-manylinux_2_17_ppc64le"}, "3.12", false},
		{"free-threaded only", []string{"cp313-cp313t-manylinux_2_17_x86_64"}, "3.13", false},
		{"pypy", []string{"pp310-pypy310_pp73-manylinux_2_17_x86_64"}, "3.10", false},
		{"abi none binary (ruff)", []string{"py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64"}, "3.12", true},
		{"none abi on non-linux", []string{"py3-none-win_amd64"}, "3.12", false},
		{"target as 3.12.4", []string{"cp312-cp312-manylinux_2_17_x86_64"}, "3.12.4", true},
		{"target as 312", []string{"cp312-cp312-manylinux_2_17_x86_64"}, "312", true},
		{"bad target", []string{"py3-none-any"}, "latest", false},
		{"no tags", nil, "3.12", false},
		{"garbage tag", []string{"not-a-tag-at-all", "x", ""}, "3.12", false},
	}
	for _, tt := range tests {
		if got := hasLinuxWheel(tt.tags, tt.py); got != tt.want {
			t.Errorf("%s: hasLinuxWheel(%q, %q) = %v, want %v", tt.name, tt.tags, tt.py, got, tt.want)
		}
	}
	if hasWheelFor([]string{"cp312-cp312-manylinux_2_17_aarch64"}, "3.12", "x86_64") {
		t.Error("aarch64 wheel counted for x86_64")
	}
}

func TestReadPoetryLock(t *testing.T) {
	l, err := readPoetryLock(mapFS(lockFixture(t, "poetry.lock", "poetry.lock")), "poetry.lock")
	if err != nil {
		t.Fatal(err)
	}
	if l.LockVersion != "2.1" || l.PythonVersions != "^3.12" || !strings.HasPrefix(l.ContentHash, "8d4b0e7a") {
		t.Errorf("metadata = %q %q %q", l.LockVersion, l.PythonVersions, l.ContentHash)
	}
	pkgs := map[string]poetryPackage{}
	for _, p := range l.Packages {
		pkgs[p.Name] = p
	}
	if len(l.Packages) != 9 {
		t.Errorf("%d packages, want 9", len(l.Packages))
	}
	if p := pkgs["psycopg2"]; !p.Sdist || len(p.Wheels) != 2 || hasLinuxWheel(p.Wheels, "3.12") {
		t.Errorf("psycopg2 = %+v", p)
	}
	if p := pkgs["psycopg2-binary"]; !p.Sdist || len(p.Wheels) != 4 || !hasLinuxWheel(p.Wheels, "3.12") {
		t.Errorf("psycopg2-binary = %+v", p)
	}
	if p := pkgs["django"]; p.Version != "5.1.3" || !p.Main() || !reflect.DeepEqual(p.Wheels, []string{"py3-none-any"}) || p.Line != 15 {
		t.Errorf("django = %+v", p)
	}
	if p := pkgs["pytest"]; p.Main() || !reflect.DeepEqual(p.Groups, []string{"dev"}) {
		t.Errorf("pytest = %+v", p)
	}
	if p := pkgs["shared-utils"]; p.SourceType != "git" || p.SourceURL != "https://github.com/acme/shared-utils.git" {
		t.Errorf("shared-utils = %+v", p)
	}

	deps := l.dependencies("poetry.lock")
	got := map[string]Dependency{}
	for _, d := range deps {
		got[d.Name] = d
	}
	if _, ok := got["pytest"]; ok || len(deps) != 8 {
		t.Errorf("dependencies include dev packages or miss some: %d", len(deps))
	}
	if d := got["acme-lib"]; d.Path != "libs/acme-lib" || d.Wheels != nil {
		t.Errorf("acme-lib = %+v", d)
	}
	if d := got["shared-utils"]; !d.VCS || d.Wheels != nil {
		t.Errorf("shared-utils = %+v", d)
	}
	if d := got["psycopg2"]; d.Wheels == nil || d.Version != "2.9.10" || d.Source.Line == 0 {
		t.Errorf("psycopg2 = %+v", d)
	}
}

func TestReadPoetryLockV1(t *testing.T) {
	l, err := readPoetryLock(mapFS(lockFixture(t, "poetry-1.1.lock", "poetry.lock")), "poetry.lock")
	if err != nil {
		t.Fatal(err)
	}
	want := []poetryPackage{
		{Name: "flask", Version: "2.0.3", Category: "main", Wheels: []string{"py3-none-any"}, Sdist: true, Line: 1, Deps: map[string]string{"click": ""}},
		{Name: "black", Version: "22.3.0", Category: "dev", Wheels: []string{"cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64", "py3-none-any"}, Sdist: true, Line: 12},
	}
	if l.LockVersion != "1.1" || l.PythonVersions != "^3.9" || !reflect.DeepEqual(l.Packages, want) {
		t.Errorf("got %+v", l)
	}
	if !l.Packages[0].Main() || l.Packages[1].Main() {
		t.Error("categories not honoured")
	}
}

func TestReadPoetryLockErrors(t *testing.T) {
	_, err := readPoetryLock(mapFS(map[string]string{"poetry.lock": "[[package]]\nname = \"a\"\nfiles = [\n  {file = \"a.whl\", hash = }\n]\n"}), "poetry.lock")
	if err == nil || !strings.HasPrefix(err.Error(), "poetry.lock:4:") {
		t.Errorf("error = %v, want poetry.lock:4:…", err)
	}
	big := strings.Repeat("#", maxLockSize+1)
	_, err = readPoetryLock(mapFS(map[string]string{"poetry.lock": big}), "poetry.lock")
	if err == nil || !strings.Contains(err.Error(), "pydock reads lock files up to 64 MiB") {
		t.Errorf("error = %v", err)
	}
}

func TestPoetryMain(t *testing.T) {
	tests := []struct {
		p    poetryPackage
		want bool
	}{
		{poetryPackage{}, true},
		{poetryPackage{Category: "main"}, true},
		{poetryPackage{Category: "dev"}, false},
		{poetryPackage{Groups: []string{"dev", "main"}}, true},
		{poetryPackage{Groups: []string{"test"}}, false},
	}
	for _, tt := range tests {
		if got := tt.p.Main(); got != tt.want {
			t.Errorf("%+v.Main() = %v", tt.p, got)
		}
	}
}

// A large lock is decoded in parallel chunks; the result must equal a
// single-pass decode, and a chunk cut inside a multi-line string must fall
// back to the single pass, errors keeping their true position.
func TestDecodeUVLockChunks(t *testing.T) {
	data := syntheticUVLock(3 * minChunk)
	offs, _ := packageHeaders(data)
	var whole uvLockFile
	if err := toml.Unmarshal(data, &whole); err != nil {
		t.Fatal(err)
	}
	cut := func(n int) *uvLockFile {
		t.Helper()
		f, err := decodeUVLockN(data, offs, n)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, n := range []int{1, 2, 3} {
		if f := cut(n); !reflect.DeepEqual(f, &whole) {
			t.Errorf("%d chunks differ from one pass", n)
		}
	}

	// A "[[package]]" line inside a string, right where a cut falls.
	s := string(data)
	mid := offs[len(offs)/2]
	tricky := s[:mid] + "[[package]]\nname = \"quoted\"\nversion = \"1\"\nsource = { registry = \"https://pypi.org/simple\" }\nnote = '''\n" + s[mid:] + "'''\n"
	toffs, _ := packageHeaders([]byte(tricky))
	f, err := decodeUVLockN([]byte(tricky), toffs, 3) // the second cut is inside the string
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Package) != len(offs)/2+1 || f.Package[len(f.Package)-1].Name != "quoted" {
		t.Errorf("fallback decoded %d packages", len(f.Package))
	}

	// An error in the second half is reported at its line in the file.
	bad := s[:mid] + "[[package]]\nname = \"broken\"\nversion 1\n" + s[mid:]
	line := strings.Count(s[:mid], "\n") + 3
	_, err = readUVLock(mapFS(map[string]string{"uv.lock": bad}), "uv.lock")
	if want := fmt.Sprintf("uv.lock:%d:9: expected '=' after key", line); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want %s", err, want)
	}
}

// The lock readers face third-party files: any input must give a result
// or an error, never a panic.

func FuzzReadUVLock(f *testing.F) {
	if data, err := os.ReadFile("../../testdata/locks/uv.lock"); err == nil {
		f.Add(data)
	}
	f.Add(syntheticUVLock(3))
	f.Add([]byte("[[package]]\nname = \"a\"\nsource = { editable = \".\" }\n[[package]]\nwheels = [{url = \"-.whl\"}]\n"))
	f.Add([]byte("version = \"x\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := readUVLock(fstest.MapFS{"uv.lock": {Data: data}}, "uv.lock")
		if err != nil {
			_ = err.Error()
			return
		}
		for _, d := range l.dependencies("uv.lock") {
			if d.Wheels != nil {
				hasLinuxWheel(d.Wheels.Tags, "3.12")
			}
		}
	})
}

func FuzzReadPoetryLock(f *testing.F) {
	for _, name := range []string{"poetry.lock", "poetry-1.1.lock"} {
		if data, err := os.ReadFile("../../testdata/locks/" + name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("[metadata.files]\nA_b = [{file = \"a_b-1-py3-none-any.whl\"}]\n[[package]]\nname = \"a.b\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := readPoetryLock(fstest.MapFS{"poetry.lock": {Data: data}}, "poetry.lock")
		if err != nil {
			_ = err.Error()
			return
		}
		for _, d := range l.dependencies("poetry.lock") {
			if d.Wheels != nil {
				hasLinuxWheel(d.Wheels.Tags, "3.13")
			}
		}
	})
}
