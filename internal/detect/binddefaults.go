package detect

import "regexp"

// A program's own listening defaults kept as a pair of settings, the host
// first: `host: str = '0.0.0.0'` then `port: int = 5656` in a settings
// dataclass, or host = "::" / port = 8080 in a class of defaults. A host
// of all interfaces is a bind address (a database or broker host never
// is), so the port beside it is the one the program listens on; a
// prefixed name (proxy_port, backup_port) is another setting.
var (
	bindAllHostRe     = regexp.MustCompile(`^_*(?:host|bind_host|listen_host|bind_address)\s*(?::[^=]*)?=\s*["'](?:0\.0\.0\.0|::)["']\s*$`)
	bindDefaultPortRe = regexp.MustCompile(`^_*port\s*(?::[^=]*)?=\s*(\d{2,5})\s*$`)
)

// bindDefaultPort matches line as the port of such a pair when one of the
// lines just before it (before, at most a few) is the all-interfaces host.
func bindDefaultPort(before []pyLine, line string) []string {
	m := bindDefaultPortRe.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	for _, b := range before {
		if bindAllHostRe.MatchString(b.text) {
			return m
		}
	}
	return nil
}

// The same pair as rows of a dict of defaults, each setting read from the
// environment under its key ({'HOST': '0.0.0.0', 'PORT': '8081', …}):
// the all-interfaces host makes the port beside it the program's own (a
// database's dict names another host).
var (
	bindDictHostRe = regexp.MustCompile(`^["'](?i:host|bind_host|listen_host|bind_address)["']\s*:\s*["'](?:0\.0\.0\.0|::)["']\s*,?$`)
	bindDictPortRe = regexp.MustCompile(`^["'](?i:port)["']\s*:\s*["']?(\d{2,5})["']?\s*,?$`)
)

// bindDictPort matches row (a dict's row, trimmed) as the port of such a
// pair when one of the rows just before it is the all-interfaces host.
func bindDictPort(before []string, row string) []string {
	m := bindDictPortRe.FindStringSubmatch(row)
	if m == nil {
		return nil
	}
	for _, b := range before {
		if bindDictHostRe.MatchString(b) {
			return m
		}
	}
	return nil
}
