package detect

import (
	"slices"
	"testing"
)

func TestDefaultsDictReads(t *testing.T) {
	src := []byte(`import os

DEFAULTS = {
    "DATA_DIR": "./data",
    "EXCLUDE": r'(^|/)[.@',
    "NESTED": {"INNER_DIR": "x"},
    "PORT": 8081,
    'STATE_DIR': '.'
}
OTHER = {"NOT_READ": "y"}


def load():
    for key, value in DEFAULTS.items():
        os.environ.setdefault("X", "1")
        globals()[key] = os.getenv(key, value)
`)
	var got []string
	for _, r := range defaultsDictReads("conf.py", src, pyLines(src)) {
		got = append(got, r.name+"="+r.def+"@"+r.src.String())
	}
	want := []string{`DATA_DIR="./data"@conf.py:4`, `EXCLUDE="(^|/)[.@"@conf.py:5`, `STATE_DIR="."@conf.py:8`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
