package e2e

import "regexp"

// hostUnresolved are the lines a download tool prints when a name does not
// resolve (curl and git, wget, urllib3 2): this machine reaches no internet
// but the package mirror and the distributions' archives.
var hostUnresolved = regexp.MustCompile(`Could not resolve host: ([A-Za-z0-9.-]+)|unable to resolve host address '([^']+)'|Failed to resolve '([^']+)'`)

// internetHost is the first host a build log could not resolve, or "": an
// authors' file that downloads an installer or a tool at build is not
// comparable here, and the step it breaks may be a later one (curl piped
// into python3 succeeds on empty input; the next step finds no poetry).
func internetHost(log string) string {
	m := hostUnresolved.FindStringSubmatch(log)
	for _, h := range m[min(1, len(m)):] {
		if h != "" {
			return h
		}
	}
	return ""
}
