package pyversion

import "testing"

// fuzzCandidates are the versions two specs must agree on: every patch of
// every line in the table, the next line, and pre-releases at the edges
// where PEP 440's special cases live.
func fuzzCandidates() []Version {
	var vs []Version
	for _, r := range releases {
		for z := 0; z <= r.Patch.Micro+1; z++ {
			vs = append(vs, patch(r.Minor.Major, r.Minor.Minor, z))
		}
		vs = append(vs, r.Minor,
			Version{Major: r.Minor.Major, Minor: r.Minor.Minor, parts: 3, pre: preRelease{kind: candidate, n: 1}})
	}
	return append(vs, minor(3, 15), minor(4, 0), minor(2, 7))
}

// checkRoundTrip fails if s's String does not parse back, with the same
// parser, to a spec that agrees with s on every candidate and every line.
func checkRoundTrip(t *testing.T, parse func(string) (Spec, error), in string) {
	s, err := parse(in)
	if err != nil {
		return
	}
	out := s.String()
	again, err := parse(out)
	if err != nil {
		t.Fatalf("%q parsed, printed as %q, which does not parse: %v", in, out, err)
	}
	for _, v := range fuzzCandidates() {
		if s.Allows(v) != again.Allows(v) {
			t.Fatalf("%q (printed %q) and its reparse disagree on %v", in, out, v)
		}
	}
	for _, r := range releases {
		if s.AllowsMinor(r) != again.AllowsMinor(r) {
			t.Fatalf("%q (printed %q) and its reparse disagree on line %v", in, out, r)
		}
	}
	Select([]Spec{s})
}

func FuzzParsePEP440(f *testing.F) {
	for _, seed := range []string{
		">=3.11,<3.13", "~=3.11", "~=3.11.2", "==3.12.*", "!=3.12.1", ">3.10",
		"<=3.12", "===3.12.1", " >= 3.11 , < 3.13 ", "==3.12", "", "*",
		">=3.13.0rc1", "<3.13", "==3.*", ">=3.x", "3.12", "====", "===a|b",
		">=3.12.post1", "==3.12.0.1", ",,", "~=3",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkRoundTrip(t, ParsePEP440, in)
	})
}

func FuzzParsePoetry(f *testing.F) {
	for _, seed := range []string{
		"^3.11", "^3.11.2", "~3.11", "~3.11.2", "3.11.*", "*", ">=3.10 <3.13",
		">=3.9,<3.12", "^3.10 || ^3.12", "~3.9|~3.12", "* || ^3.12", "=3.11",
		">= 3.10, < 3.13", "^0.0.3", "^0", "~=3.11", "=== <3", "^3.10 ||", "||",
		"3.9 - 3.12", "^3.14.0rc1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkRoundTrip(t, ParsePoetry, in)
	})
}

func FuzzParsePin(f *testing.F) {
	for _, seed := range []string{
		"3.12", "3.12.3\n", "cpython-3.12", "python-3.12.3", "# c\n3.11\n3.10",
		"cpython-3.12.3-linux-x86_64-gnu", "3.13t", "pypy3.10", "system", ">=3.11",
		"\ufeff3.12", "3.14.0rc1", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		// A pin prints as PEP 440, which ParsePin also accepts.
		checkRoundTrip(t, ParsePin, in)
	})
}
