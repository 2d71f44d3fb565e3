package e2e

import "fmt"

// stopVerdict is the table's stop column: how long `podman stop -t 10`
// took and the exit code, or KILLED when podman had to send SIGKILL
// (137). The wall time includes podman's own latency, so it alone never
// makes a kill.
func stopVerdict(code string, took float64) string {
	if code == "137" {
		return fmt.Sprintf("KILLED (%s after %.0fs)", code, took)
	}
	return fmt.Sprintf("%.1fs exit %s", took, code)
}
