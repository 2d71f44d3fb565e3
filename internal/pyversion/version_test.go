package pyversion

import (
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want string // String() of the result
	}{
		{"3", "3"},
		{"3.12", "3.12"},
		{"3.12.3", "3.12.3"},
		{" 3.12.3\n", "3.12.3"},
		{"03.012", "3.12"},
		{"3.14.0rc1", "3.14.0rc1"},
		{"3.14.0RC1", "3.14.0rc1"},
		{"3.14.0-rc.1", "3.14.0rc1"},
		{"3.14.0c1", "3.14.0rc1"},
		{"3.14.0pre2", "3.14.0rc2"},
		{"3.14.0preview2", "3.14.0rc2"},
		{"3.14a", "3.14a0"},
		{"3.14.0alpha3", "3.14.0a3"},
		{"3.14.0.beta4", "3.14.0b4"},
		{"3.14.0_b4", "3.14.0b4"},
	}
	for _, tt := range tests {
		v, err := ParseVersion(tt.in)
		if err != nil {
			t.Errorf("ParseVersion(%q): %v", tt.in, err)
			continue
		}
		if got := v.String(); got != tt.want {
			t.Errorf("ParseVersion(%q) = %q, want %q", tt.in, got, tt.want)
		}
		again, err := ParseVersion(v.String())
		if err != nil || again != v {
			t.Errorf("ParseVersion(%q) does not round-trip: %v, %v", v.String(), again, err)
		}
	}
}

func TestParseVersionErrors(t *testing.T) {
	tests := []struct {
		in, wantErr string
	}{
		{"", `invalid version "": expected a version such as 3.12 or 3.12.3`},
		{"3.x", `invalid version "3.x": expected a version such as 3.12 or 3.12.3`},
		{"3.12.*", `invalid version "3.12.*": expected a version such as 3.12 or 3.12.3`},
		{"3.12.", `invalid version "3.12.": expected a version such as 3.12 or 3.12.3`},
		{".3", `invalid version ".3": expected a version such as 3.12 or 3.12.3`},
		{"3.12.1.2", `invalid version "3.12.1.2": at most three components (major.minor.micro) are supported`},
		{"3.12.post1", `invalid version "3.12.post1": post-, dev- and local versions and epochs are not supported`},
		{"3.13.0.dev1", `invalid version "3.13.0.dev1": post-, dev- and local versions and epochs are not supported`},
		{"3.12+local", `invalid version "3.12+local": post-, dev- and local versions and epochs are not supported`},
		{"1!3.12", `invalid version "1!3.12": post-, dev- and local versions and epochs are not supported`},
		{"3.99999999999999999999", `invalid version "3.99999999999999999999": version number too large`},
		{"3.1000000000", `invalid version "3.1000000000": version number too large`},
		{"3.12rc1x", `invalid version "3.12rc1x": expected a version such as 3.12 or 3.12.3`},
		{"3.12rc.", `invalid version "3.12rc.": expected a version such as 3.12 or 3.12.3`},
	}
	for _, tt := range tests {
		_, err := ParseVersion(tt.in)
		if err == nil || err.Error() != tt.wantErr {
			t.Errorf("ParseVersion(%q) error = %v, want %s", tt.in, err, tt.wantErr)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	// Each version is older than the next; equal neighbours are joined by "=".
	order := "3.9 3.9.1 3.10 3.11.0a1 3.11.0a2 3.11.0b1 3.11.0rc1 3.11=3.11.0 3.11.1 3.12 4"
	var chain [][]Version
	for _, group := range strings.Fields(order) {
		var g []Version
		for _, s := range strings.Split(group, "=") {
			g = append(g, mustVersion(t, s))
		}
		chain = append(chain, g)
	}
	for i, gi := range chain {
		for j, gj := range chain {
			want := cmpInt(i, j)
			for _, a := range gi {
				for _, b := range gj {
					if got := a.Compare(b); got != want {
						t.Errorf("%v.Compare(%v) = %d, want %d", a, b, got, want)
					}
				}
			}
		}
	}
}

func TestVersionLiteral(t *testing.T) {
	v := Version{Major: 3, Minor: 12, Micro: 1}
	if got := v.String(); got != "3.12.1" {
		t.Errorf("literal prints %q, want 3.12.1", got)
	}
	if v.IsPreRelease() {
		t.Error("literal is a pre-release")
	}
	if !mustVersion(t, "3.14.0b1").IsPreRelease() {
		t.Error("3.14.0b1 is not a pre-release")
	}
}

func mustVersion(t testing.TB, s string) Version {
	t.Helper()
	v, err := ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
