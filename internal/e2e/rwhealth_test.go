package e2e

import (
	"reflect"
	"testing"
)

// The image's HEALTHCHECK is run as Docker runs it (podman ignores it in an
// OCI image): CMD's words as they are, CMD-SHELL's string under /bin/sh -c,
// and none for NONE or an image without one. The realworld run and make
// e2e's IM002 use the same reading.
func TestHealthExec(t *testing.T) {
	for _, c := range []struct {
		test []string
		want []string
	}{
		{[]string{"CMD", "python", "-c", "import socket"}, []string{"python", "-c", "import socket"}},
		{[]string{"CMD-SHELL", "curl -f http://127.0.0.1:8000/ ||", "exit 1"}, []string{"/bin/sh", "-c", "curl -f http://127.0.0.1:8000/ || exit 1"}},
		{[]string{"NONE"}, nil},
		{nil, nil},
		{[]string{"CMD"}, nil},
	} {
		if got := healthExec(c.test); !reflect.DeepEqual(got, c.want) {
			t.Errorf("healthExec(%q) = %q, want %q", c.test, got, c.want)
		}
	}
}

// A serving image's HEALTHCHECK verdict in the realworld table: passing, with
// when; failing, with the probe's last words; and an image that publishes a
// port with no HEALTHCHECK fails (issue #10: healthy as generated). A worker
// (no port, no HEALTHCHECK) has nothing to probe.
func TestHealthVerdict(t *testing.T) {
	for _, c := range []struct {
		hasTest, exposes, passed bool
		secs                     float64
		last, want               string
	}{
		{true, true, true, 2.4, "", "passes (2s)"},
		{true, true, false, 60, "ConnectionRefusedError: [Errno 111]", "FAILS: ConnectionRefusedError: [Errno 111]"},
		{false, true, false, 0, "", "FAILS: the image exposes a port and has no HEALTHCHECK"},
		{false, false, false, 0, "", "none (a worker: the process is the check)"},
	} {
		if got := healthVerdict(c.hasTest, c.exposes, c.passed, c.secs, c.last); got != c.want {
			t.Errorf("healthVerdict(%v, %v, %v, %v, %q) = %q, want %q", c.hasTest, c.exposes, c.passed, c.secs, c.last, got, c.want)
		}
	}
}
