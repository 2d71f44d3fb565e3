package detect

import (
	"testing"
	"testing/fstest"
)

// The expected bytes are what CPython 3.11's json.dumps printed for the
// same value (sort_keys=True; compact separators for Pipenv, the default
// ones for pdm).
func TestPyJSONMatchesPython(t *testing.T) {
	v := map[string]any{
		"b": []any{int64(1), 2.5, 1e16, 1e-5, 0.0001, true, nil},
		"a": "é\u2603\U0001F600\"\\\n\x7f\x01<>&",
		"c": map[string]any{"z": 1000000.0},
	}
	for _, tc := range []struct{ item, key, want string }{
		{",", ":", `{"a":"\u00e9\u2603\ud83d\ude00\"\\\n\u007f\u0001<>&","b":[1,2.5,1e+16,1e-05,0.0001,true,null],"c":{"z":1000000.0}}`},
		{", ", ": ", `{"a": "\u00e9\u2603\ud83d\ude00\"\\\n\u007f\u0001<>&", "b": [1, 2.5, 1e+16, 1e-05, 0.0001, true, null], "c": {"z": 1000000.0}}`},
	} {
		got, err := pyJSON(v, tc.item, tc.key)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("pyJSON(%q, %q)\n got %s\nwant %s", tc.item, tc.key, got, tc.want)
		}
	}
}

// The normal forms are packaging.version.Version's str().
func TestSamePEP440(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"3.24.0-a.0", "3.24.0a0", true},
		{"1.0", "1.0.0", true},
		{"V1.2-RC1", "1.2rc1", true},
		{"1.0-post2", "1.0.post2", true},
		{"1.0-1", "1.0.post1", true},
		{"1.85.10", "1.85.9", false},
		{"1.0.dev0", "1.0", false},
		{"2!1.0", "1.0", false},
	} {
		if got := samePEP440(tc.a, tc.b); got != tc.same {
			t.Errorf("samePEP440(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestReadSourceKinds(t *testing.T) {
	got := readSourceKinds(map[string]any{
		"torch":     []any{map[string]any{"index": "cpu"}},
		"psycopg-c": []any{map[string]any{"url": "https://x/a.whl", "marker": "sys_platform == 'linux'"}},
		"lib":       map[string]any{"workspace": true},
		"tool":      map[string]any{"git": "https://x/tool"},
		"Odd_Name":  []any{},
	})
	want := sourceKinds{"torch": sourceIndex, "psycopg-c": sourceSplit, "lib": sourceReplace, "tool": sourceReplace, "odd-name": sourceReplace}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if normSpecifier("< v6, >=V1.2") != normSpecifier(">=1.2,<6") {
		t.Errorf("a leading v is not normalised: %q", normSpecifier("< v6, >=V1.2"))
	}
}

// The hashes are what Poetry 2.2.1's Locker._get_content_hash returned for
// the same pyproject.toml: a [tool.poetry]-only manifest (the older keys
// absent, hashed as null) and a [project] one whose [tool.poetry] only
// configures packages (PEP 735 groups are not part of the hash). groups is
// Poetry 2.3's hash, which adds [dependency-groups] (computed with 2.3's
// _get_content_hash, src/poetry/packages/locker.py); "" where it is the same.
func TestPoetryContentHash(t *testing.T) {
	for _, tc := range []struct{ pyproject, want, groups string }{
		{`[tool.poetry]
name = "svc"
version = "1.0.0"
description = ""
authors = []

[tool.poetry.dependencies]
python = "^3.12"
flask = "^3.0"
gunicorn = { version = "^23.0", extras = ["gevent"] }

[tool.poetry.group.dev.dependencies]
pytest = "^8"
`, "aa9aa71e2c3a88c2d7a10714203ac89599b05eeaafc201363b479e419fce9805", ""},
		{`[project]
name = "svc"
version = "1.0.0"
requires-python = ">=3.12"
dependencies = ["fastapi>=0.115", "uvicorn==0.30.6", "ünïcode-pkg; python_version < '3.13'"]

[project.optional-dependencies]
pg = ["psycopg[binary]>=3.2"]

[dependency-groups]
dev = ["pytest>=8"]

[tool.poetry]
packages = [{include = "svc"}]
`, "cd6af915991a05729625fb0e38064fb36b0bc7e9522ec7c231a3cf62f816ff5f", "d356130f5e68d315d29b39b3f43805893b198518747163be652765e31dca5986"},
		{`[tool.poetry]
name = "svc"
version = "1.0.0"

[tool.poetry.dependencies]
python = "^3.12"
flask = "^3.0"

[dependency-groups]
lint = ["ruff>=0.6"]
`, "697eeba64c51b31f4833a9def10736e72c4397c367f0cad0641371388b1160af", "fe562b2d624792c63cbfcc303fad644dd4aab89f2c28f212e3bba39ddcda6911"},
	} {
		got, groups, ok := poetryContentHash(fstest.MapFS{"pyproject.toml": &fstest.MapFile{Data: []byte(tc.pyproject)}})
		if tc.groups == "" {
			tc.groups = tc.want
		}
		if !ok || got != tc.want || groups != tc.groups {
			t.Errorf("poetryContentHash = %s, %s, %v; want %s, %s", got, groups, ok, tc.want, tc.groups)
		}
	}
}
