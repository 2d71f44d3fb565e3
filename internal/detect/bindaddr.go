package detect

import (
	"io/fs"
	"regexp"
	"strconv"
)

// Where a program listens when the code names it: a port it falls back to,
// and a bind to the loopback only, which the image must widen.

// portFallbackRe sets a port variable or attribute to a literal on a line
// of its own: self._port = 5000 under `if self._port is None:`.
var portFallbackRe = regexp.MustCompile(`^(?:self\.)?_*port\s*=\s*(\d{2,5})\s*$`)

// portFallback is the literal the file that serves gives its port when
// nothing configured one: the one such assignment in that file (two
// different ones say nothing).
func portFallback(fsys fs.FS, file string) (int, Source) {
	data, err := readPySource(fsys, file)
	if err != nil {
		return 0, Source{}
	}
	var port int
	var at Source
	for _, l := range pyLines(data) {
		m := portFallbackRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 || n > 65535 || (port != 0 && n != port) {
			return 0, Source{}
		}
		if port == 0 {
			port, at = n, Source{File: file, Line: l.line}
		}
	}
	return port, at
}

// bindHostRe is the host a bind call names (host=…, or a ("host", port)
// tuple); loopbackHostRe one only the container itself reaches.
var (
	bindHostRe     = regexp.MustCompile(`\bhost\s*=\s*([^,)]+)|\(\s*(["'][^"']*["'])\s*,\s*\d`)
	loopbackHostRe = regexp.MustCompile(`^\s*["'](?:127\.0\.0\.1|localhost|::1)["']\s*$`)
)

// bindsLoopbackOnly reports whether every bind call of a file that names
// its host names the loopback, and one does: a server only the container
// itself reaches (a bot's local RPC, a metrics endpoint for a sidecar) is
// no port to publish or probe.
func bindsLoopbackOnly(lines []pyLine) bool {
	found := false
	for _, l := range lines {
		if !bindCallRe.MatchString(l.text) {
			continue
		}
		for _, m := range bindHostRe.FindAllStringSubmatch(l.text, -1) {
			if !loopbackHostRe.MatchString(m[1] + m[2]) {
				return false
			}
			found = true
		}
	}
	return found
}

// findLoopbackBind is the first bind call of a file whose binds all name
// the loopback and that starts a server: what detect names when it is the
// only server the code has. nil when there is none.
func findLoopbackBind(fsys fs.FS, roots []string) *Source {
	var at *Source
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if at != nil {
			return
		}
		lines := pyLines(data)
		if !bindsLoopbackOnly(lines) {
			return
		}
		for _, l := range lines {
			if bindCallRe.MatchString(l.text) && bindHostRe.MatchString(l.text) {
				at = &Source{File: file, Line: l.line}
				return
			}
		}
	})
	return at
}
