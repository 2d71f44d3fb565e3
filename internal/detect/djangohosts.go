package detect

import (
	"io/fs"
	"net"
	"regexp"
	"slices"
	"strings"
)

// The HEALTHCHECK asks http://127.0.0.1:PORT/path. Django answers a view
// only after its host check (ALLOWED_HOSTS) and SecurityMiddleware's https
// redirect; pydock's LivenessMiddleware, first in MIDDLEWARE, answers
// before both. This reads whether the settings, as written, refuse the
// probe.

var (
	hostsSetRe    = regexp.MustCompile(`^ALLOWED_HOSTS\s*(?::[^=]*)?(\+?=)\s*(.+)$`)
	hostsCallRe   = regexp.MustCompile(`^ALLOWED_HOSTS\.(?:append|extend|insert)\s*\((.*)\)$`)
	cidrSetRe     = regexp.MustCompile(`^ALLOWED_CIDR_NETS\s*(?::[^=]*)?\+?=\s*(.+)$`)
	sslRedirectRe = regexp.MustCompile(`^SECURE_SSL_REDIRECT\s*(?::[^=]*)?=\s*(.+)$`)
	// A list or tuple of string literals only.
	literalListRe = regexp.MustCompile(`^[\[(]\s*(?:[rRuUbB]?(?:"[^"]*"|'[^']*')\s*,?\s*)*[\])]$`)
	// if RUNNING_TESTS:, if "test" in sys.argv:
	blockIfRe  = regexp.MustCompile(`^(?:el)?if\s+(.+):$`)
	argvNameRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*=.*\bsys\.argv\b`)
	// "mysite.health.LivenessMiddleware" in MIDDLEWARE: pydock's snippet.
	livenessMiddlewareRe = regexp.MustCompile(`["'][\w.]*\bhealth\.LivenessMiddleware["']`)
)

// ProbeRefusal is a setting that refuses the probe's request.
type ProbeRefusal struct {
	Setting string `json:"setting"` // as written: ALLOWED_HOSTS, SECURE_SSL_REDIRECT = True
	Why     string `json:"why"`
	Source  Source `json:"source"`
}

func (r ProbeRefusal) String() string {
	return r.Setting + " (" + r.Source.String() + ") " + r.Why
}

// probeCheck is what readProbeHosts found.
type probeCheck struct {
	refused    []ProbeRefusal
	middleware bool
	host       string // a name on a fixed ALLOWED_HOSTS the probe sends as its Host
	hostAt     Source
	// portRefused: what refuses a browser on the published port (Host
	// localhost:PORT over plain http), whatever the probe does; localUnder
	// the branch that admits localhost only under its condition.
	portRefused []ProbeRefusal
	localUnder  *LocalBranch
}

// LocalBranch is a settings branch that admits localhost only under its
// condition (if DEBUG:).
type LocalBranch struct {
	Cond   string `json:"cond"`
	Source Source `json:"source"`
}

// readProbeHosts evaluates ALLOWED_HOSTS (and ALLOWED_CIDR_NETS) and
// SECURE_SSL_REDIRECT over the settings and their star imports, imported
// modules first as they run. Anything not a literal makes the value
// unknown, and an unknown value refuses nothing. Branches that only run
// under tests (a condition on sys.argv) are skipped.
func readProbeHosts(fsys fs.FS, root, file string) probeCheck {
	order, files := settingsLines(fsys, root, file)
	slices.Reverse(order) // base before the module that star-imports it

	var (
		pc       probeCheck
		hosts    []string
		hostsSet bool
		hostsOK  = true // known so far
		hostsAt  Source
		cidrOK   bool
		ssl      string
		// sslUnknown: a branch sets SECURE_SSL_REDIRECT (DEBUG may turn it
		// off): a Host sent by the probe might be redirected off the host.
		sslUnknown bool
		sslAt      Source
		argvVars   = map[string]bool{}
		// moduleLocal: the module-level list admits a browser on localhost;
		// sslModule the module-level SECURE_SSL_REDIRECT, branches aside.
		moduleLocal bool
		sslModule   string
	)
	for _, f := range order {
		lines := files[f]
		heads := blockHeads(lines)
		for i, l := range lines {
			src := Source{File: f, Line: l.line}
			if livenessMiddlewareRe.MatchString(l.text) {
				pc.middleware = true
			}
			if m := argvNameRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
				argvVars[m[1]] = true
			}
			if !strings.Contains(l.text, "ALLOWED_") && !strings.HasPrefix(l.text, "SECURE_SSL_REDIRECT") {
				continue
			}
			if l.indent > 0 && heads[i] >= 0 && testOnly(lines[heads[i]].text, argvVars) {
				continue
			}
			if m := hostsSetRe.FindStringSubmatch(l.text); m != nil {
				vals, lit := literalStrings(m[2])
				switch {
				case !lit:
					hostsOK = false
				case m[1] == "=" && l.indent == 0:
					hosts, hostsSet, hostsOK, hostsAt = vals, true, true, src
					moduleLocal = slices.ContainsFunc(vals, admitsLocal)
				default: // += anywhere, or = in a branch: either may hold
					hosts = append(hosts, vals...)
				}
				pc.noteLocal(lit && l.indent == 0 && slices.ContainsFunc(vals, admitsLocal), &moduleLocal, lit && l.indent > 0 && slices.ContainsFunc(vals, admitsLocal), lines, heads, i, f)
			} else if m := hostsCallRe.FindStringSubmatch(l.text); m != nil {
				args := m[1]
				if strings.HasPrefix(l.text, "ALLOWED_HOSTS.insert") {
					_, args, _ = strings.Cut(args, ",")
				}
				vals, lit := literalStrings(strings.TrimSpace(args))
				if !lit {
					hostsOK = false
				}
				hosts = append(hosts, vals...)
				local := slices.ContainsFunc(vals, admitsLocal)
				pc.noteLocal(l.indent == 0 && local, &moduleLocal, l.indent > 0 && local, lines, heads, i, f)
			} else if m := cidrSetRe.FindStringSubmatch(l.text); m != nil {
				vals, lit := literalStrings(m[1])
				if !lit {
					cidrOK = true // unknown networks may admit it
				}
				for _, v := range vals {
					if _, n, err := net.ParseCIDR(v); err == nil && n.Contains(net.IPv4(127, 0, 0, 1)) {
						cidrOK = true
					}
				}
			} else if m := sslRedirectRe.FindStringSubmatch(l.text); m != nil {
				if l.indent == 0 {
					ssl, sslAt = strings.TrimSpace(m[1]), src
					sslModule = ssl
				} else {
					ssl, sslUnknown = "", true // set in a branch: unknown
				}
			}
		}
	}
	if hostsSet && hostsOK && len(hosts) > 0 && !cidrOK && !slices.ContainsFunc(hosts, admitsLoopback) {
		// A name on the list, sent as the probe's Host, passes the check;
		// under an https redirect it would not help.
		if h := sendableHost(hosts); h != "" && ssl != "True" && !sslUnknown {
			pc.host, pc.hostAt = h, hostsAt
		} else {
			pc.refused = append(pc.refused, ProbeRefusal{"ALLOWED_HOSTS", "is a fixed list without 127.0.0.1, so Django answers the probe 400", hostsAt})
		}
	}
	if ssl == "True" {
		pc.refused = append(pc.refused, ProbeRefusal{"SECURE_SSL_REDIRECT = True", "redirects the plain-HTTP probe to https", sslAt})
	}
	// A browser on the published port sends Host localhost:PORT over
	// plain http: the module-level list must admit it, whatever branches
	// add under a condition the image does not meet by default.
	if hostsSet && hostsOK && !moduleLocal {
		pc.portRefused = append(pc.portRefused, ProbeRefusal{"ALLOWED_HOSTS", "is a fixed list without localhost or 127.0.0.1", hostsAt})
	}
	if sslModule == "True" {
		pc.portRefused = append(pc.portRefused, ProbeRefusal{"SECURE_SSL_REDIRECT = True", "sends every plain-http request to https", sslAt})
	}
	if len(pc.portRefused) == 0 {
		pc.localUnder = nil
	}
	return pc
}

// noteLocal records where the hosts a line adds admit localhost: at module
// level (always), or in a branch (only under its condition; the first such
// branch is named).
func (pc *probeCheck) noteLocal(atModule bool, moduleLocal *bool, inBranch bool, lines []pyLine, heads []int, i int, file string) {
	if atModule {
		*moduleLocal = true
	}
	if inBranch && pc.localUnder == nil && heads[i] >= 0 {
		head := lines[heads[i]]
		pc.localUnder = &LocalBranch{Cond: head.text, Source: Source{File: file, Line: head.line}}
	}
}

// admitsLocal is Django's host match for a browser on the published port:
// Host localhost or 127.0.0.1 (the port is not compared).
func admitsLocal(pattern string) bool {
	p := strings.ToLower(pattern)
	return p == "*" || p == "localhost" || p == ".localhost" || admitsLoopback(p)
}

// literalStrings reads a list, tuple or single string literal: its
// strings, and whether it was a literal at all.
func literalStrings(expr string) ([]string, bool) {
	expr = strings.TrimSpace(expr)
	if !literalListRe.MatchString(expr) {
		if m := pyStringRe.FindStringSubmatch(expr); m != nil && m[0] == expr {
			return []string{m[1] + m[2]}, true
		}
		return nil, false
	}
	var out []string
	for _, m := range pyStringRe.FindAllStringSubmatch(expr, -1) {
		out = append(out, m[1]+m[2])
	}
	return out, true
}

// hostNameRe is a host name a probe can send as its Host header.
var hostNameRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$`)

// sendableHost is the first host an ALLOWED_HOSTS list admits that the
// probe can name: ".example.gov" admits example.gov itself.
func sendableHost(hosts []string) string {
	for _, h := range hosts {
		h = strings.TrimPrefix(h, ".")
		if hostNameRe.MatchString(h) {
			return h
		}
	}
	return ""
}

// admitsLoopback is Django's host match for the probe's Host 127.0.0.1.
func admitsLoopback(pattern string) bool {
	const host = "127.0.0.1"
	p := strings.ToLower(pattern)
	return p == "*" || p == host || (strings.HasPrefix(p, ".") && (strings.HasSuffix(host, p) || host == p[1:]))
}

// blockHeads gives each line the index of the line that opens its block
// (-1 at module level), in one pass with a stack of open blocks.
func blockHeads(lines []pyLine) []int {
	heads := make([]int, len(lines))
	var stack []int
	for i, l := range lines {
		for len(stack) > 0 && lines[stack[len(stack)-1]].indent >= l.indent {
			stack = stack[:len(stack)-1]
		}
		heads[i] = -1
		if len(stack) > 0 {
			heads[i] = stack[len(stack)-1]
		}
		stack = append(stack, i)
	}
	return heads
}

// testOnly reports whether a block header runs its block only under
// tests: its `if` tests sys.argv, directly or through a module-level name
// set from it.
func testOnly(head string, argvVars map[string]bool) bool {
	m := blockIfRe.FindStringSubmatch(head)
	if m == nil {
		return false
	}
	cond := strings.TrimSpace(m[1])
	if strings.Contains(cond, "sys.argv") {
		return !strings.HasPrefix(cond, "not ")
	}
	return argvVars[cond]
}
