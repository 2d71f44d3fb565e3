package detect

import (
	"strconv"
	"strings"
)

// MarkerEnv is the environment PEP 508 markers are evaluated in: the
// official Debian images, one CPython line, one architecture.
type MarkerEnv struct {
	Python      string   // "3.12"
	FullVersion string   // "3.12.12"
	Arch        string   // amd64, arm64
	Extras      []string // the project's extras the image installs
	Groups      []string // its dependency groups the image installs (a lock's graph)
}

func (e MarkerEnv) value(name string) (string, bool) {
	switch name {
	case "python_version":
		return e.Python, true
	case "python_full_version", "implementation_version":
		return e.FullVersion, true
	case "os_name":
		return "posix", true
	case "sys_platform":
		return "linux", true
	case "platform_system":
		return "Linux", true
	case "platform_machine":
		return machine(e.Arch), true
	case "platform_python_implementation":
		return "CPython", true
	case "implementation_name":
		return "cpython", true
	}
	return "", false
}

// EvalMarker reports whether a PEP 508 marker holds in env. What cannot be
// judged (an extra, platform_release, a syntax error) counts as true, so a
// package is kept rather than silently left out of the wheel check.
func EvalMarker(marker string, env MarkerEnv) bool {
	if strings.TrimSpace(marker) == "" {
		return true
	}
	p := &markerParser{toks: markerTokens(marker), env: env}
	v := p.or()
	if p.bad || p.i != len(p.toks) {
		return true
	}
	return v
}

type markerParser struct {
	toks  []string
	i     int
	env   MarkerEnv
	bad   bool
	depth int
}

// maxMarkerDepth bounds parentheses: a hostile lock must not exhaust the
// stack; real markers nest two or three deep.
const maxMarkerDepth = 64

func (p *markerParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *markerParser) next() string {
	t := p.peek()
	if p.i < len(p.toks) {
		p.i++
	}
	return t
}

func (p *markerParser) or() bool {
	v := p.and()
	for p.peek() == "or" {
		p.next()
		w := p.and()
		v = v || w
	}
	return v
}

func (p *markerParser) and() bool {
	v := p.atom()
	for p.peek() == "and" {
		p.next()
		w := p.atom()
		v = v && w
	}
	return v
}

func (p *markerParser) atom() bool {
	if p.peek() == "(" {
		p.next()
		if p.depth++; p.depth > maxMarkerDepth {
			p.bad = true
			p.i = len(p.toks)
			return true
		}
		v := p.or()
		p.depth--
		if p.next() != ")" {
			p.bad = true
		}
		return v
	}
	lhs := p.next()
	op := p.next()
	if op == "not" && p.peek() == "in" {
		p.next()
		op = "not in"
	}
	rhs := p.next()
	if lhs == "" || op == "" || rhs == "" {
		p.bad = true
		return true
	}
	if lhs == "extra" || rhs == "extra" {
		// extra == "x": whether the image installs the project's extra x.
		other := rhs
		if rhs == "extra" {
			other = lhs
		}
		x, ok := p.operand(other)
		if !ok || (op != "==" && op != "!=") {
			return true
		}
		return containsString(p.env.Extras, normName(x)) == (op == "==")
	}
	l, lok := p.operand(lhs)
	r, rok := p.operand(rhs)
	if !lok || !rok {
		return true // an extra or an unknown variable: keep the package
	}
	version := isVersionVar(lhs) || isVersionVar(rhs)
	return compareMarker(l, op, r, version)
}

// badToken stands for text that is no token: the marker fails to parse.
const badToken = "\x00"

// operand resolves a quoted string or a variable.
func (p *markerParser) operand(t string) (string, bool) {
	if t == badToken {
		p.bad = true
		return "", false
	}
	if len(t) >= 2 && (t[0] == '"' || t[0] == '\'') {
		return t[1 : len(t)-1], true
	}
	return p.env.value(t)
}

func isVersionVar(t string) bool {
	return t == "python_version" || t == "python_full_version" || t == "implementation_version"
}

func compareMarker(l, op, r string, version bool) bool {
	switch op {
	case "in":
		return strings.Contains(r, l)
	case "not in":
		return !strings.Contains(r, l)
	case "===":
		return l == r
	}
	var c int
	if version {
		if op == "~=" {
			// ~=3.11 is >=3.11 and the same first component.
			return compareDotted(l, r) >= 0 && strings.SplitN(l, ".", 2)[0] == strings.SplitN(r, ".", 2)[0]
		}
		if strings.HasSuffix(r, ".*") && (op == "==" || op == "!=") {
			same := l == strings.TrimSuffix(r, ".*") || strings.HasPrefix(l, strings.TrimSuffix(r, "*"))
			return same == (op == "==")
		}
		c = compareDotted(l, r)
	} else {
		c = strings.Compare(l, r)
	}
	switch op {
	case "==":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return true
}

// compareDotted compares release numbers component by component, missing
// components as zero (3.12 == 3.12.0).
func compareDotted(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(leadingDigits(as[i]))
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(leadingDigits(bs[i]))
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && isDigitByte(s[i]) {
		i++
	}
	return s[:i]
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// markerTokens splits a marker into parentheses, quoted strings, operators
// and words.
func markerTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')':
			out = append(out, string(c))
			i++
		case c == '"' || c == '\'':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return append(out, badToken) // an unterminated string
			}
			out = append(out, s[i:i+j+2])
			i += j + 2
		case strings.ContainsRune("<>=!~", rune(c)):
			j := i
			for j < len(s) && strings.ContainsRune("<>=!~", rune(s[j])) {
				j++
			}
			out = append(out, s[i:j])
			i = j
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n()<>=!~\"'", rune(s[j])) {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}
