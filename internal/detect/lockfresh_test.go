package detect

import "testing"

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
