package e2e

import (
	"slices"
	"testing"
)

// EXTRA_REV went from 9 to 10: the newest stand-in is r10, not r9.
func TestByRevision(t *testing.T) {
	dirs := []string{"/c/base-forky-r10", "/c/base-forky-r7", "/c/base-forky-r9"}
	byRevision(dirs)
	want := []string{"/c/base-forky-r7", "/c/base-forky-r9", "/c/base-forky-r10"}
	if !slices.Equal(dirs, want) {
		t.Fatalf("got %q, want %q", dirs, want)
	}
}
