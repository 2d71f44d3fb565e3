package detect

import "testing"

func TestGuardElseApp(t *testing.T) {
	for _, tc := range []struct {
		name, src, attr, callee string
	}{
		{"tuple", "if __name__ == \"__main__\":\n    main()\nelse:\n    cfg, application = load(x)\n", "application", "load"},
		{"single", "if __name__ == '__main__':\n    main()\nelse:\n    app = build()\n", "app", "build"},
		{"no else", "if __name__ == \"__main__\":\n    main()\napplication = load()\n", "", ""},
		{"other name", "if __name__ == \"__main__\":\n    main()\nelse:\n    client = connect()\n", "", ""},
		{"nested deeper", "if __name__ == \"__main__\":\n    main()\nelse:\n    if x:\n        app = build()\n", "", ""},
		{"else of another if", "if DEBUG:\n    pass\nelse:\n    app = build()\n", "", ""},
	} {
		attr, callee, _, ok := guardElseApp(pyLines([]byte(tc.src)))
		if attr != tc.attr || callee != tc.callee || ok != (tc.attr != "") {
			t.Errorf("%s: got %q %q %v, want %q %q", tc.name, attr, callee, ok, tc.attr, tc.callee)
		}
	}
}
