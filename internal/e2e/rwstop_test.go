package e2e

import "testing"

// A stop is a kill only when the runtime had to send SIGKILL (exit 137): an
// app that exits 0 on SIGTERM while podman itself takes long to report it
// (a loaded machine) stopped cleanly.
func TestStopVerdict(t *testing.T) {
	for _, c := range []struct {
		code string
		took float64
		want string
	}{
		{"0", 1.24, "1.2s exit 0"},
		{"0", 12.3, "12.3s exit 0"},
		{"137", 10.2, "KILLED (137 after 10s)"},
		{"137", 3, "KILLED (137 after 3s)"},
		{"143", 0.5, "0.5s exit 143"},
	} {
		if got := stopVerdict(c.code, c.took); got != c.want {
			t.Errorf("stopVerdict(%q, %v) = %q, want %q", c.code, c.took, got, c.want)
		}
	}
}
