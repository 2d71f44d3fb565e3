package e2e

import (
	"fmt"
	"strings"
)

// healthExec is the command Docker runs for an image's HEALTHCHECK test:
// CMD's words as they are, CMD-SHELL's string under /bin/sh -c; nil for
// NONE or none. podman ignores HEALTHCHECK in an OCI image, so the checks
// run it themselves with `podman exec`.
func healthExec(test []string) []string {
	if len(test) < 2 {
		return nil
	}
	switch test[0] {
	case "CMD":
		return test[1:]
	case "CMD-SHELL":
		return []string{"/bin/sh", "-c", strings.Join(test[1:], " ")}
	case "NONE":
		return nil
	}
	return test
}

// healthVerdict is the realworld table's word on a running image's
// HEALTHCHECK: it passes (and after how long), it fails (the probe's last
// words), or there is none, which only a worker may be (issue #10: an image
// that publishes a port is healthy as generated).
func healthVerdict(hasTest, exposes, passed bool, secs float64, last string) string {
	switch {
	case hasTest && passed:
		return fmt.Sprintf("passes (%.0fs)", secs)
	case hasTest:
		return "FAILS: " + causeOf(last)
	case exposes:
		return "FAILS: the image exposes a port and has no HEALTHCHECK"
	}
	return "none (a worker: the process is the check)"
}

// causeOf keeps a failure's first line, for the table.
func causeOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
