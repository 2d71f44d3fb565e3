package pyversion

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReleasesTable(t *testing.T) {
	rs := Releases()
	if len(rs) == 0 {
		t.Fatal("empty release table")
	}
	for i, r := range rs {
		if r.Minor.numParts() != 2 || r.Minor.IsPreRelease() {
			t.Errorf("%v: Minor must be a plain X.Y", r)
		}
		if r.Patch.Major != r.Minor.Major || r.Patch.Minor != r.Minor.Minor {
			t.Errorf("%v: patch %v is on another line", r, r.Patch)
		}
		if r.Debian == "" || r.EOL.IsZero() {
			t.Errorf("%v: missing Debian suite or EOL", r)
		}
		if i > 0 && rs[i-1].Minor.Compare(r.Minor) <= 0 {
			t.Errorf("table not newest first at %v", r)
		}
	}
	rs[0].Debian = "changed"
	if Releases()[0].Debian == "changed" {
		t.Error("Releases returns the table itself, not a copy")
	}
}

func TestImage(t *testing.T) {
	tests := map[string]string{
		"3.14": "python:3.14-slim-trixie",
		"3.13": "python:3.13-slim-trixie",
		"3.10": "python:3.10-slim-trixie",
		"3.9":  "python:3.9-slim-bookworm",
	}
	for minor, want := range tests {
		r, ok := Lookup(minor)
		if !ok {
			t.Errorf("Lookup(%q) found nothing", minor)
			continue
		}
		if got := r.Image(); got != want {
			t.Errorf("%s image = %q, want %q", minor, got, want)
		}
	}
	if got := Default().Image(); got != "python:3.13-slim-trixie" {
		t.Errorf("default image = %q", got)
	}
}

func TestIsEOL(t *testing.T) {
	today := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		minor string
		now   time.Time
		want  bool
	}{
		{"3.9", today, true},
		{"3.10", today, true},
		{"3.11", today, false},
		{"3.14", today, false},
		// The EOL day itself counts; the day before does not.
		{"3.10", time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), true},
		{"3.10", time.Date(2026, 10, 30, 23, 59, 59, 0, time.UTC), false},
	}
	for _, tt := range tests {
		r, _ := Lookup(tt.minor)
		if got := r.IsEOL(tt.now); got != tt.want {
			t.Errorf("%s.IsEOL(%s) = %v, want %v", tt.minor, tt.now.Format(time.DateTime), got, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when not found
	}{
		{"3.12", "3.12"},
		{" 3.12 ", "3.12"},
		{"3.12.3", "3.12"},
		{"3.9", "3.9"},
		{"3", ""},
		{"3.8", "3.8"},
		{"3.5", ""},
		{"3.15", ""},
		{"", ""},
		{"latest", ""},
	}
	for _, tt := range tests {
		r, ok := Lookup(tt.in)
		if got := map[bool]string{true: r.Minor.String()}[ok]; got != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestPatchRelease(t *testing.T) {
	tests := []struct {
		pin, image, err string
	}{
		{"3.12.4", "python:3.12.4-slim-bookworm", ""},
		{"3.13.9", "python:3.13.9-slim-trixie", ""},
		{"3.11.2", "python:3.11.2-slim-bullseye", ""},
		{"3.6.15", "python:3.6.15-slim-bullseye", ""},
		// The suite follows the patch's date: bullseye was added to the
		// images on 2021-08-16 (3.9.6 current), bookworm on 2023-06-13
		// (3.11.4), trixie on 2025-08-11 (3.13.6, 3.12.11), after 3.13.5.
		{"3.6.14", "python:3.6.14-slim-bullseye", ""},
		{"3.9.6", "python:3.9.6-slim-bullseye", ""},
		{"3.10.7", "python:3.10.7-slim-bullseye", ""},
		{"3.11.3", "python:3.11.3-slim-bullseye", ""},
		{"3.11.4", "python:3.11.4-slim-bookworm", ""},
		{"3.11.5", "python:3.11.5-slim-bookworm", ""},
		{"3.13.5", "python:3.13.5-slim-bookworm", ""},
		{"3.13.6", "python:3.13.6-slim-trixie", ""},
		{"3.12.11", "python:3.12.11-slim-trixie", ""},
		{"3.12.12", "python:3.12.12-slim-trixie", ""},
		{"3.9.25", "python:3.9.25-slim-trixie", ""},
		{"3.9.1", "", "no slim image"},
		{"3.12.99", "", "not in pydock's table of image tags"},
		{"3.9.26", "", "never released: 3.9 ended with 3.9.25"},
	}
	for _, tt := range tests {
		v, _ := ParseVersion(tt.pin)
		r, _ := Lookup(tt.pin)
		got, err := PatchRelease(r, v)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("PatchRelease(%s) error = %v, want %q", tt.pin, err, tt.err)
			}
			continue
		}
		if err != nil || got.Image() != tt.image {
			t.Errorf("PatchRelease(%s) = %s, %v; want %s", tt.pin, got.Image(), err, tt.image)
		}
	}
}

// TestImageTagsCoverTable keeps the tag table and the release table in
// step: every line has published patches, its newest on the line's suite,
// and every line of the tags is in the release table.
func TestImageTagsCoverTable(t *testing.T) {
	if tagsAsOf.IsZero() {
		t.Fatal("imagetags.txt has no dated header")
	}
	for _, r := range Releases() {
		tag, ok := imageTags[r.Minor.String()][r.Patch.Micro]
		if !ok {
			t.Errorf("%s: no published patches", r.Minor)
			continue
		}
		if !slices.Contains(tag.suites, r.Debian) {
			t.Errorf("%s: the newest patch %s has no tag on %s (only %v)", r.Minor, r.Patch, r.Debian, tag.suites)
		}
	}
	for line := range imageTags {
		if _, ok := Lookup(line); !ok {
			t.Errorf("imagetags.txt lists %s, which the release table lacks", line)
		}
	}
}

// TestImageTagsSuitesFollowDates checks the table against the days each
// suite was added to the images: no patch published before a suite was
// added has a tag on it unless it was still current then.
func TestImageTagsSuitesFollowDates(t *testing.T) {
	added := map[string]string{"bullseye": "2021-08-16", "bookworm": "2023-06-13", "trixie": "2025-08-11"}
	for line, patches := range imageTags {
		for micro, tag := range patches {
			next, hasNext := patches[micro+1]
			for _, s := range tag.suites {
				if hasNext && next.day < added[s] {
					t.Errorf("%s.%d: replaced by %s.%d on %s, before %s was added on %s, yet tagged on it", line, micro, line, micro+1, next.day, s, added[s])
				}
			}
		}
	}
}
