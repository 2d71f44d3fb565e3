package pyversion

import (
	"strings"
	"testing"
)

// dialects lets one table cover every parser.
var dialects = map[string]func(string) (Spec, error){
	"pep440": ParsePEP440,
	"poetry": ParsePoetry,
	"pin":    ParsePin,
}

func TestAllows(t *testing.T) {
	tests := []struct {
		dialect, spec string
		yes, no       string // space-separated versions
	}{
		// PEP 440.
		{"pep440", ">=3.11,<3.13", "3.11 3.11.0 3.12.12", "3.10.19 3.13 3.13.0rc1"},
		{"pep440", " >= 3.11 , < 3.13 ", "3.11 3.12.3", "3.10 3.13"},
		{"pep440", ">=3.11,\t<3.13\n", "3.12", "3.13"},
		{"pep440", "~=3.11", "3.11 3.12 3.14.5", "3.10 4.0"},
		{"pep440", "~=3.11.2", "3.11.2 3.11.14", "3.11.1 3.12.0"},
		{"pep440", "==3.12.*", "3.12 3.12.0 3.12.12 3.12.0rc1", "3.11.9 3.13"},
		{"pep440", "==3.*", "3.0 3.14", "2.7 4.0"},
		{"pep440", "!=3.12.*", "3.11 3.13", "3.12 3.12.5"},
		{"pep440", "!=3.12.1", "3.12.0 3.12.2", "3.12.1"},
		{"pep440", ">3.10", "3.10.1 3.11", "3.10 3.10.0 3.9"},
		{"pep440", "<=3.12", "3.12 3.12.0 3.11.9", "3.12.1 3.13"},
		{"pep440", "<3.13", "3.12.12 3.12.0rc1", "3.13 3.13.0rc1 3.13.0a0"}, // <V excludes pre-releases of V itself
		{"pep440", "<3.13.0rc2", "3.13.0rc1", "3.13.0rc2 3.13.0"},
		{"pep440", ">=3.13.0rc1", "3.13.0rc1 3.13.0 3.14", "3.13.0b4 3.12"},
		{"pep440", "===3.12.1", "3.12.1", "3.12.2 3.12 3.12.1rc1"},
		{"pep440", "==3.12", "3.12 3.12.0", "3.12.1 3.12.3"}, // PEP 440 zero-pads: exactly 3.12.0
		{"pep440", "==3.12.3", "3.12.3", "3.12.2 3.12.4"},
		{"pep440", ">=3.8", "3.8 3.14", "3.7"},
		{"pep440", "", "2.7 3.14", ""},
		{"pep440", "*", "2.7 3.14", ""},
		{"pep440", ">=3.11,", "3.11", "3.10"},
		{"pep440", ">=3.12,<3.11", "", "3.11 3.12"},

		// Poetry.
		{"poetry", "^3.11", "3.11 3.14 3.99", "3.10 4.0 4.0.0rc1"},
		{"poetry", "^3.11.2", "3.11.2 3.14", "3.11.1 4.0"},
		{"poetry", "^3", "3.0 3.14", "4.0"},
		{"poetry", "^0.2", "0.2 0.2.9", "0.3"},
		{"poetry", "^0.0.3", "0.0.3", "0.0.4"},
		{"poetry", "~3.11", "3.11 3.11.14", "3.10 3.12"},
		{"poetry", "~3.11.2", "3.11.2 3.11.14", "3.11.1 3.12"},
		{"poetry", "~3", "3.0 3.14", "4.0"},
		{"poetry", "~=3.11", "3.11 3.14", "3.10 4.0"},
		{"poetry", "3.11.*", "3.11 3.11.14", "3.10 3.12"},
		{"poetry", "3.11", "3.11.0", "3.11.1 3.12"},
		{"poetry", "*", "2.7 3.14", ""},
		{"poetry", "", "2.7 3.14", ""},
		{"poetry", ">=3.10 <3.13", "3.10 3.12.12", "3.9 3.13"},
		{"poetry", ">= 3.10, < 3.13", "3.10 3.12", "3.9 3.13"},
		{"poetry", ">=3.9,<3.12", "3.9 3.11.14", "3.8 3.12"},
		{"poetry", "^3.10 || ^3.12", "3.10 3.13", "3.9 4.0"},
		{"poetry", "~3.9 || ~3.12", "3.9.1 3.12.3", "3.10 3.11 3.13"},
		{"poetry", "~3.9|~3.12", "3.9.1 3.12.3", "3.11"},
		{"poetry", "* || ~3.12", "3.9 3.14", ""},
		{"poetry", "=3.11.2", "3.11.2", "3.11.3"},
		{"poetry", "!=3.11.*,>=3.10", "3.10 3.12", "3.11.2 3.9"},

		// Pins.
		{"pin", "3.12", "3.12.0 3.12.3 3.12.12", "3.11 3.13"},
		{"pin", "3.12\n", "3.12.3", "3.13"},
		{"pin", "3.12.3", "3.12.3", "3.12.2 3.12.4"},
		{"pin", "3.12.3\n", "3.12.3", "3.12.4"},
		{"pin", "cpython-3.12", "3.12.5", "3.13"},
		{"pin", "cpython@3.12", "3.12.5", "3.13"},
		{"pin", "latest", "3.14.0", ""},
		{"pin", "3.10.x", "3.10.19", "3.11"},
		{"pin", "python-3.10.x", "3.10.0", "3.9"},
		{"pin", "cpython-3.12.3-linux-x86_64-gnu", "3.12.3", "3.12.4"},
		{"pin", "python-3.12.3", "3.12.3", "3.12.4"},
		{"pin", "python-3.12.3\r\n", "3.12.3", "3.12.4"},
		{"pin", "python3.11", "3.11.2", "3.12"},
		{"pin", "\ufeff# managed by pyenv\n\n  3.11.4  \n3.10\n", "3.11.4", "3.10 3.11.5"},
		{"pin", "3", "3.0 3.14", "4.0"},
		{"pin", "3.12.*", "3.12.4", "3.13"},
		{"pin", "3.14.0rc1", "3.14.0rc1", "3.14.0 3.14.0rc2"},
		{"pin", ">=3.11", "3.11 3.14", "3.10"},
	}
	for _, tt := range tests {
		s, err := dialects[tt.dialect](tt.spec)
		if err != nil {
			t.Errorf("%s %q: %v", tt.dialect, tt.spec, err)
			continue
		}
		for _, v := range strings.Fields(tt.yes) {
			if !s.Allows(mustVersion(t, v)) {
				t.Errorf("%s %q (%s) rejects %s", tt.dialect, tt.spec, s, v)
			}
		}
		for _, v := range strings.Fields(tt.no) {
			if s.Allows(mustVersion(t, v)) {
				t.Errorf("%s %q (%s) allows %s", tt.dialect, tt.spec, s, v)
			}
		}
	}
}

func TestSpecString(t *testing.T) {
	tests := []struct {
		dialect, spec, want string
	}{
		{"pep440", " >= 3.11 , < 3.13 ", ">=3.11,<3.13"},
		{"pep440", "~=3.11", "~=3.11"},
		{"pep440", "==3.12.*", "==3.12.*"},
		{"pep440", "===3.12.1", "===3.12.1"},
		{"pep440", "", "*"},
		{"poetry", "^3.11", ">=3.11,<4.0"},
		{"poetry", "^3.11.2", ">=3.11.2,<4.0.0"},
		{"poetry", "~3.11", ">=3.11,<3.12"},
		{"poetry", "3.11.*", "==3.11.*"},
		{"poetry", "^3.10 || ^3.12", ">=3.10,<4.0 || >=3.12,<4.0"},
		{"poetry", "* || ^3.12", "*"},
		{"poetry", "=3.11", "==3.11"},
		{"pin", "3.12", "==3.12.*"},
		{"pin", "python-3.12.3", "==3.12.3"},
	}
	for _, tt := range tests {
		s, err := dialects[tt.dialect](tt.spec)
		if err != nil {
			t.Errorf("%s %q: %v", tt.dialect, tt.spec, err)
			continue
		}
		if got := s.String(); got != tt.want {
			t.Errorf("%s %q prints %q, want %q", tt.dialect, tt.spec, got, tt.want)
		}
	}
	var zero Spec
	if !zero.IsAny() || zero.String() != "*" || !zero.Allows(mustVersion(t, "2.7")) {
		t.Error("the zero Spec must allow everything")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		dialect, spec, wantErr string
	}{
		{"pep440", ">=3.x", `invalid version specifier ">=3.x": expected a version after ">="`},
		{"pep440", ">=", `invalid version specifier ">=": expected a version after ">="`},
		{"pep440", "3.12", `invalid version specifier "3.12": expected a comparison operator such as >= or == before "3.12"`},
		{"pep440", "^3.11", `invalid version specifier "^3.11": expected a comparison operator such as >= or == before "^3.11"`},
		{"pep440", ">=3.11 <3.13", `invalid version specifier ">=3.11 <3.13": expected a version after ">=" and a comma before the next comparison`},
		{"pep440", ">=3.11.*", `invalid version specifier ">=3.11.*": expected no wildcard after ">=": .* only goes with == and !=`},
		{"pep440", "~=3", `invalid version specifier "~=3": expected at least two components after "~=", such as ~=3.0`},
		{"pep440", "~=3.*", `invalid version specifier "~=3.*": expected no wildcard after "~=": .* only goes with == and !=`},
		{"pep440", "===", `invalid version specifier "===": expected a version after "==="`},
		{"pep440", "==3.12.0.1", `invalid version specifier "==3.12.0.1": expected a version after "==": at most three components (major.minor.micro) are supported`},
		{"pep440", ">=3.12.post1", `invalid version specifier ">=3.12.post1": expected a version after ">=": post-, dev- and local versions and epochs are not supported`},
		{"poetry", "^3.x", `invalid version specifier "^3.x": expected a version after "^"`},
		{"poetry", "~", `invalid version specifier "~": expected a version after "~"`},
		{"poetry", "^3.11.*", `invalid version specifier "^3.11.*": expected a version after "^"`},
		{"poetry", "^3.10 ||", `invalid version specifier "^3.10 ||": expected a constraint on both sides of "||"`},
		{"poetry", "3.9 - 3.12", `invalid version specifier "3.9 - 3.12": expected a comparison operator such as >= or == before "-"`},
		{"poetry", "python", `invalid version specifier "python": expected a comparison operator such as >= or == before "python"`},
		{"poetry", "=== <3", `invalid version specifier "=== <3": expected a version after "==="`},
		{"pin", "", `invalid Python version "": expected a version such as 3.12`},
		{"pin", "# only a comment\n\n", `invalid Python version "# only a comment\n\n": expected a version such as 3.12`},
		{"pin", "pypy3.10", `invalid Python version "pypy3.10": only CPython is supported`},
		{"pin", "system", `"system" is not a Python version: "system" names no version to build on`},
		{"pin", "src/runtime.txt", `"src/runtime.txt" is not a Python version`},
		{"pin", "3.13t", `invalid Python version "3.13t": free-threaded builds are not published as official images`},
		{"pin", "3.13-dev", `invalid Python version "3.13-dev": post-, dev- and local versions and epochs are not supported`},
		{"pin", ">=3.x", `invalid version specifier ">=3.x": expected a version after ">="`},
	}
	for _, tt := range tests {
		_, err := dialects[tt.dialect](tt.spec)
		if err == nil || err.Error() != tt.wantErr {
			t.Errorf("%s %q error = %v\n want %s", tt.dialect, tt.spec, err, tt.wantErr)
		}
	}
}

func TestSelect(t *testing.T) {
	tests := []struct {
		name  string
		specs []string // "dialect:spec"
		want  string   // selected minor, "" for none
	}{
		// flyctl rendered python:3.11,<3.13 for this.
		{"range", []string{"pep440:>=3.11,<3.13"}, "3.12"},
		// flyctl rendered python:3.12. for this.
		{"wildcard", []string{"pep440:==3.12.*"}, "3.12"},
		{"caret newest", []string{"poetry:^3.11"}, "3.14"},
		{"tilde", []string{"poetry:~3.11"}, "3.11"},
		{"open lower bound", []string{"pep440:>=3.8"}, "3.14"},
		{"below table", []string{"pep440:<3.6"}, ""},
		{"end of life, still published", []string{"pep440:<3.9"}, "3.8"},
		{"pin conflicts", []string{"pin:3.11", "pep440:>=3.12"}, ""},
		{"pin agrees", []string{"pin:3.12", "pep440:>=3.11"}, "3.12"},
		// Each admits 3.12, but no release satisfies both.
		{"two patch pins", []string{"pin:3.12.4", "pin:python-3.12.5"}, ""},
		{"patch pin below bound", []string{"pin:3.12.4", "pep440:>=3.12.5"}, ""},
		{"patch pin within bound", []string{"pin:3.12.6", "pep440:>=3.12.5"}, "3.12"},
		{"bounds meet past the table", []string{"pep440:>=3.13.40", "pep440:<3.13.42"}, "3.13"},
		{"patch lower bound", []string{"pep440:>=3.11.4,<3.12"}, "3.11"},
		{"exact patch", []string{"pep440:==3.12.3"}, "3.12"},
		{"exact zero-padded", []string{"pep440:==3.12"}, "3.12"},
		// 3.12 still gets releases: a patch past the table may be real.
		{"patch newer than table", []string{"pep440:==3.12.99"}, "3.12"},
		{"patch after a line ended", []string{"pep440:==3.9.26"}, ""},
		{"exclusive upper", []string{"pep440:<3.12"}, "3.11"},
		{"excluded line", []string{"pep440:!=3.14.*"}, "3.13"},
		{"excluded patch keeps line", []string{"pep440:!=3.14.0,<3.15"}, "3.14"},
		{"compatible", []string{"pep440:~=3.10.2"}, "3.10"},
		{"poetry or", []string{"poetry:~3.10 || ~3.12"}, "3.12"},
		{"poetry and", []string{"poetry:>=3.10 <3.13"}, "3.12"},
		{"runtime.txt", []string{"pin:python-3.10.4"}, "3.10"},
		{"eol line", []string{"pin:3.9"}, "3.9"},
		{"any", []string{"poetry:*"}, "3.14"},
		{"nothing declared", nil, "3.13"},
		{"pre-release pin", []string{"pin:3.15.0a1"}, ""},
		{"future line", []string{"pep440:>=3.15"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var specs []Spec
			for _, ds := range tt.specs {
				dialect, text, _ := strings.Cut(ds, ":")
				s, err := dialects[dialect](text)
				if err != nil {
					t.Fatal(err)
				}
				specs = append(specs, s)
			}
			r, ok := Select(specs)
			got := ""
			if ok {
				got = r.Minor.String()
			}
			if got != tt.want {
				t.Errorf("Select(%v) = %q, want %q", specs, got, tt.want)
			}
		})
	}
}

// TestAllowsMinorExplains shows how a caller can say which declaration rules
// out which line.
func TestAllowsMinorExplains(t *testing.T) {
	requires, _ := ParsePEP440(">=3.12")
	pin, _ := ParsePin("3.11")
	r311, _ := Lookup("3.11")
	if requires.AllowsMinor(r311) {
		t.Error("requires-python >=3.12 should rule out 3.11")
	}
	if !pin.AllowsMinor(r311) {
		t.Error(".python-version 3.11 should allow 3.11")
	}
}

func BenchmarkParsePEP440Select(b *testing.B) {
	for b.Loop() {
		s, err := ParsePEP440(">=3.11, <3.13, !=3.12.1")
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := Select([]Spec{s}); !ok {
			b.Fatal("no release")
		}
	}
}
