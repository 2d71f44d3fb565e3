package pyversion

import (
	"fmt"
	"strings"
	"unicode"
)

// Spec is a parsed Python version constraint from any of the dialects
// projects use. It is a disjunction of conjunctions of PEP 440 clauses:
// PEP 440 and pins only ever produce one conjunction, Poetry's "||" more.
//
// The zero Spec allows every version.
type Spec struct {
	// alts are ORed together, the clauses inside each alternative ANDed.
	// No alternatives means "anything": an alternative without clauses
	// would allow everything anyway, so the constructors collapse to that.
	alts [][]clause
}

type op int8

const (
	opEqual      op = iota + 1 // ==
	opNotEqual                 // !=
	opLess                     // <
	opLessEq                   // <=
	opGreater                  // >
	opGreaterEq                // >=
	opCompatible               // ~=
	opArbitrary                // ===
)

// pep440Ops maps operator spellings to ops, longest first so that "==="
// is not read as "==" followed by "=".
var pep440Ops = []struct {
	text string
	op   op
}{
	{"===", opArbitrary},
	{"~=", opCompatible},
	{"==", opEqual},
	{"!=", opNotEqual},
	{"<=", opLessEq},
	{">=", opGreaterEq},
	{"<", opLess},
	{">", opGreater},
}

func (o op) String() string {
	for _, p := range pep440Ops {
		if p.op == o {
			return p.text
		}
	}
	return "?"
}

// clause is one PEP 440 comparison. Poetry's ^ and ~ are rewritten into
// pairs of these when parsed, so String always prints PEP 440.
type clause struct {
	op       op
	v        Version
	wildcard bool   // ==3.12.* / !=3.12.*
	raw      string // the operand of ===, compared as a string
}

func (c clause) String() string {
	if c.op == opArbitrary {
		return "===" + c.raw
	}
	s := c.op.String() + c.v.String()
	if c.wildcard {
		s += ".*"
	}
	return s
}

// allows applies PEP 440's comparison rules, including the one that keeps
// "<3.13" from admitting 3.13.0rc1. The rule that excludes every
// pre-release unless a specifier names one is left out: it is a policy for
// installers picking packages, and Select only ever asks about final
// releases anyway.
func (c clause) allows(v Version) bool {
	switch c.op {
	case opEqual:
		if c.wildcard {
			return v.hasPrefix(c.v, c.v.numParts())
		}
		return v.Compare(c.v) == 0
	case opNotEqual:
		if c.wildcard {
			return !v.hasPrefix(c.v, c.v.numParts())
		}
		return v.Compare(c.v) != 0
	case opLess:
		if v.Compare(c.v) >= 0 {
			return false
		}
		return c.v.IsPreRelease() || !v.IsPreRelease() || v.compareRelease(c.v) != 0
	case opLessEq:
		return v.Compare(c.v) <= 0
	case opGreater:
		return v.Compare(c.v) > 0
	case opGreaterEq:
		return v.Compare(c.v) >= 0
	case opCompatible:
		// ~=3.11.2 is >=3.11.2, ==3.11.*: the prefix drops the last component.
		return v.Compare(c.v) >= 0 && v.hasPrefix(c.v, c.v.numParts()-1)
	case opArbitrary:
		return strings.EqualFold(c.raw, v.String())
	}
	return false
}

func newSpec(alts [][]clause) Spec {
	for _, a := range alts {
		if len(a) == 0 {
			return Spec{}
		}
	}
	return Spec{alts: alts}
}

// IsAny reports whether the spec allows every version ("*", or nothing
// declared).
func (s Spec) IsAny() bool { return len(s.alts) == 0 }

// Allows reports whether version v satisfies the spec.
func (s Spec) Allows(v Version) bool {
	if s.IsAny() {
		return true
	}
	for _, alt := range s.alts {
		if allowsAll(alt, v) {
			return true
		}
	}
	return false
}

func allowsAll(clauses []clause, v Version) bool {
	for _, c := range clauses {
		if !c.allows(v) {
			return false
		}
	}
	return true
}

// AllowsMinor reports whether the spec admits r's line: whether some
// X.Y.z satisfies it. So ">=3.11.4" and "==3.12.3" admit their lines,
// "<3.12" and "!=3.12.*" do not. Checking patches rather than just X.Y.0 is
// what makes lower bounds and exact pins inside a line work. A line that
// had ended when the tag table was read stops at its last patch, so
// "==3.9.26" claims nothing; a line still getting releases admits patches
// past the table too, since they may well have been released since.
func (s Spec) AllowsMinor(r Release) bool {
	if s.IsAny() {
		return true
	}
	for _, z := range s.candidateMicros(r) {
		if s.Allows(patch(r.Minor.Major, r.Minor.Minor, z)) {
			return true
		}
	}
	return false
}

// candidateMicros are the patches of r's line that decide AllowsMinor:
// every patch up to the newest known and, on a line still getting
// releases, the patches around each bound the spec sets on the line (the
// spec's answer only changes at those).
func (s Spec) candidateMicros(r Release) []int {
	var out []int
	for z := 0; z <= r.Patch.Micro; z++ {
		out = append(out, z)
	}
	if r.finished() {
		return out
	}
	out = append(out, r.Patch.Micro+1)
	for _, alt := range s.alts {
		for _, c := range alt {
			if c.v.Major == r.Minor.Major && c.v.Minor == r.Minor.Minor && c.v.Micro > r.Patch.Micro {
				out = append(out, c.v.Micro, c.v.Micro+1)
			}
		}
	}
	return out
}

// String prints the spec in PEP 440 syntax (alternatives joined by " || ",
// which only Poetry reads). It parses back, with the parser that produced
// the spec, to a spec allowing the same versions. "*" stands for any.
func (s Spec) String() string {
	if s.IsAny() {
		return "*"
	}
	alts := make([]string, len(s.alts))
	for i, alt := range s.alts {
		parts := make([]string, len(alt))
		for j, c := range alt {
			parts[j] = c.String()
		}
		alts[i] = strings.Join(parts, ",")
	}
	return strings.Join(alts, " || ")
}

// Select returns the newest release whose line every spec admits (see
// AllowsMinor), so a project gets the most recent interpreter that all of
// its declarations accept. With no specs at all it returns Default(), the
// choice for a project that declares nothing. It reports false when the
// specs conflict or admit only lines missing from the table.
func Select(specs []Spec) (Release, bool) {
	if len(specs) == 0 {
		return Default(), true
	}
	for _, r := range releases {
		if allowsMinorAll(specs, r) {
			return r, true
		}
	}
	return Release{}, false
}

// Allowed returns every release whose line all specs admit, newest first.
func Allowed(specs []Spec) []Release {
	var out []Release
	for _, r := range releases {
		if allowsMinorAll(specs, r) {
			out = append(out, r)
		}
	}
	return out
}

// allowsMinorAll reports whether one release of r's line satisfies every
// spec at once: ==3.12.4 and >=3.12.5 each admit 3.12, but not together.
func allowsMinorAll(specs []Spec, r Release) bool {
	var micros []int
	for _, s := range specs {
		if !s.AllowsMinor(r) {
			return false
		}
		micros = append(micros, s.candidateMicros(r)...)
	}
	if len(specs) < 2 {
		return true
	}
	for _, z := range micros {
		v := patch(r.Minor.Major, r.Minor.Minor, z)
		if allSpecsAllow(specs, v) {
			return true
		}
	}
	return false
}

func allSpecsAllow(specs []Spec, v Version) bool {
	for _, s := range specs {
		if !s.Allows(v) {
			return false
		}
	}
	return true
}

// ParsePEP440 parses a PEP 440 version specifier set such as
// requires-python's ">=3.11,<3.13". Whitespace is ignored anywhere, and
// empty clauses are skipped, as the packaging library does. "" and "*"
// mean any version ("*" is not PEP 440, but people write it and its
// meaning is unambiguous).
//
// "==3.12" follows PEP 440 and matches only 3.12.0 (zero padding); write
// "==3.12.*" for the whole line. Select still picks 3.12 for it, since
// 3.12.0 is on that line.
func ParsePEP440(s string) (Spec, error) {
	var and []clause
	for _, item := range strings.Split(stripSpace(s), ",") {
		if item == "" || item == "*" {
			continue
		}
		c, msg := parsePEP440Clause(item)
		if msg != "" {
			return Spec{}, specError(s, msg)
		}
		and = append(and, c)
	}
	return newSpec([][]clause{and}), nil
}

func specError(s, msg string) error {
	return fmt.Errorf("invalid version specifier %q: %s", s, msg)
}

// parsePEP440Clause parses one comparison without whitespace. On failure
// it returns a message saying what was expected.
func parsePEP440Clause(item string) (clause, string) {
	for _, p := range pep440Ops {
		rest, found := strings.CutPrefix(item, p.text)
		if !found {
			continue
		}
		if p.op == opArbitrary {
			if rest == "" {
				return clause{}, fmt.Sprintf("expected a version after %q", p.text)
			}
			return clause{op: opArbitrary, raw: rest}, ""
		}
		v, wildcard, detail, ok := parseVersion(rest)
		if !ok {
			msg := fmt.Sprintf("expected a version after %q", p.text)
			switch {
			case detail != "":
				msg += ": " + detail
			case strings.ContainsAny(rest, "<>=!~^"):
				msg += " and a comma before the next comparison"
			}
			return clause{}, msg
		}
		if wildcard && p.op != opEqual && p.op != opNotEqual {
			return clause{}, fmt.Sprintf("expected no wildcard after %q: .* only goes with == and !=", p.text)
		}
		if p.op == opCompatible && v.numParts() < 2 {
			return clause{}, fmt.Sprintf("expected at least two components after \"~=\", such as ~=%d.0", v.Major)
		}
		return clause{op: p.op, v: v, wildcard: wildcard}, ""
	}
	return clause{}, fmt.Sprintf("expected a comparison operator such as >= or == before %q", item)
}

// stripSpace removes all Unicode whitespace.
func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// ParsePoetry parses a Poetry constraint, as in
// [tool.poetry.dependencies].python: "^3.11", "~3.11", "3.11.*", "*",
// ">=3.10 <3.13" or ">=3.9,<3.12" (both ANDs), "^3.10 || ^3.12" (OR), and
// the PEP 440 comparisons, which Poetry also accepts. A bare version
// ("3.11") means ==3.11, which PEP 440 zero-pads to 3.11.0, as Poetry does.
// Hyphen ranges ("3.9 - 3.12") are not supported.
func ParsePoetry(s string) (Spec, error) {
	ors := splitOr(s)
	var alts [][]clause
	for _, alt := range ors {
		tokens := poetryTokens(alt)
		if len(tokens) == 0 {
			if len(ors) > 1 {
				return Spec{}, specError(s, `expected a constraint on both sides of "||"`)
			}
			return Spec{}, nil
		}
		and := []clause{}
		for _, tok := range tokens {
			cs, msg := parsePoetryClause(tok)
			if msg != "" {
				return Spec{}, specError(s, msg)
			}
			and = append(and, cs...)
		}
		alts = append(alts, and)
	}
	return newSpec(alts), nil
}

// splitOr splits on "||", and on a single "|", which Poetry also accepts.
func splitOr(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '|')
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
		if s != "" && s[0] == '|' {
			s = s[1:]
		}
	}
}

// poetryTokens splits an AND-group on commas and whitespace, gluing a lone
// operator to the version after it so ">= 3.10" stays one comparison. Only
// a token starting like a version is glued: "=== <3" must not become the
// single arbitrary-equality clause "===<3".
func poetryTokens(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	var out []string
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if isOperator(f) && i+1 < len(fields) && isDigit(fields[i+1][0]) {
			f += fields[i+1]
			i++
		}
		out = append(out, f)
	}
	return out
}

func isOperator(s string) bool {
	return strings.Trim(s, "<>=!~^") == ""
}

// parsePoetryClause turns one Poetry comparison into PEP 440 clauses.
func parsePoetryClause(tok string) ([]clause, string) {
	switch {
	case tok == "*":
		return nil, ""
	case strings.HasPrefix(tok, "^"):
		v, msg := poetryBound("^", tok[1:])
		if msg != "" {
			return nil, msg
		}
		return []clause{{op: opGreaterEq, v: v}, {op: opLess, v: nextBreaking(v)}}, ""
	case strings.HasPrefix(tok, "~") && !strings.HasPrefix(tok, "~="):
		v, msg := poetryBound("~", tok[1:])
		if msg != "" {
			return nil, msg
		}
		return []clause{{op: opGreaterEq, v: v}, {op: opLess, v: nextTilde(v)}}, ""
	case strings.HasPrefix(tok, "=") && !strings.HasPrefix(tok, "=="):
		// Poetry reads a single "=" as "==".
		tok = "=" + tok
	case tok != "" && isDigit(tok[0]):
		tok = "==" + tok
	}
	c, msg := parsePEP440Clause(tok)
	if msg != "" {
		return nil, msg
	}
	return []clause{c}, ""
}

// poetryBound parses the version after ^ or ~, which takes no wildcard.
func poetryBound(opText, rest string) (Version, string) {
	v, wildcard, detail, ok := parseVersion(rest)
	if !ok || wildcard {
		msg := fmt.Sprintf("expected a version after %q", opText)
		if detail != "" {
			msg += ": " + detail
		}
		return Version{}, msg
	}
	return v, ""
}

// nextBreaking is Poetry's exclusive upper bound for ^v: the next version
// that changes the leftmost non-zero component the user wrote (^3.11 is
// <4.0, ^0.2 is <0.3, ^0.0.3 is <0.0.4, ^0 is <1). The bound keeps v's
// number of components, so ^3.11 prints as <4.0 the way Poetry shows it.
func nextBreaking(v Version) Version {
	switch {
	case v.Major != 0 || v.numParts() == 1:
		return bump(v, 0)
	case v.Minor != 0 || v.numParts() == 2:
		return bump(v, 1)
	}
	return bump(v, 2)
}

// nextTilde is Poetry's exclusive upper bound for ~v: the next minor when
// a minor was given (~3.11 and ~3.11.2 are <3.12), else the next major.
func nextTilde(v Version) Version {
	if v.numParts() == 1 {
		return bump(v, 0)
	}
	return bump(v, 1)
}

// bump increments component i, zeroes those after it and drops any
// pre-release tag, keeping the number of components written.
func bump(v Version, i int) Version {
	out := Version{parts: v.numParts()}
	switch i {
	case 0:
		out.Major = v.Major + 1
	case 1:
		out.Major, out.Minor = v.Major, v.Minor+1
	default:
		out.Major, out.Minor, out.Micro = v.Major, v.Minor, v.Micro+1
	}
	return out
}

// ParsePin parses a version pinned in .python-version or runtime.txt.
// Only the first line that is neither blank nor a "#" comment counts (pyenv
// lists fallbacks on later lines). Accepted forms: "3.12" (any 3.12.x),
// "3.12.3" (exactly that patch), "3.12.*", "3.14.0rc1", with the prefixes
// "python-" (runtime.txt), "cpython-", "cpython@" or "python"; uv's full
// keys such as "cpython-3.12.3-linux-x86_64-gnu"; and, as uv allows in
// .python-version, a PEP 440 specifier such as ">=3.11".
//
// "latest" (pyenv, mise) allows any version, and "3.10.x" (buildpacks,
// mise) is the line 3.10.
//
// Other implementations and free-threaded builds ("3.13t") are errors: no
// official python image provides them. A line that is no version at all
// ("system", a path) is an ErrNotVersion, which callers may skip when
// something else declares the version.
func ParsePin(s string) (Spec, error) {
	line := firstLine(s)
	if line == "" {
		return Spec{}, fmt.Errorf("invalid Python version %q: expected a version such as 3.12", s)
	}
	pinError := func(msg string) (Spec, error) {
		return Spec{}, fmt.Errorf("invalid Python version %q: %s", line, msg)
	}
	if strings.ContainsRune("<>=!~", rune(line[0])) {
		return ParsePEP440(line)
	}

	lower := strings.ToLower(line)
	if strings.HasPrefix(lower, "pypy") || strings.HasPrefix(lower, "graalpy") {
		return pinError("only CPython is supported")
	}
	if lower == "latest" {
		return Spec{}, nil
	}
	if lower == "system" {
		return Spec{}, &NotVersionError{Text: line, Why: `"system" names no version to build on`}
	}
	if x, ok := strings.CutSuffix(lower, ".x"); ok {
		lower = x + ".*"
	}
	uvKey := strings.HasPrefix(lower, "cpython-")
	for _, prefix := range []string{"cpython-", "cpython@", "cpython", "python-", "python@", "python"} {
		if rest, found := strings.CutPrefix(lower, prefix); found {
			lower = rest
			break
		}
	}
	v, wildcard, detail, ok := parseVersion(lower)
	if !ok && uvKey {
		// uv's keys append -<os>-<arch>-<libc> to the version.
		head, _, _ := strings.Cut(lower, "-")
		v, wildcard, detail, ok = parseVersion(head)
	}
	if !ok {
		if _, _, _, ft := parseVersion(strings.TrimSuffix(lower, "t")); ft && strings.HasSuffix(lower, "t") {
			return pinError("free-threaded builds are not published as official images")
		}
		if lower == "" || !isDigit(lower[0]) {
			return Spec{}, &NotVersionError{Text: line}
		}
		if detail == "" {
			detail = "expected a version such as 3.12 or 3.12.3"
		}
		return pinError(detail)
	}
	// A pin names a line or a release: "3.12" means the newest 3.12 there
	// is, not 3.12.0, so fewer than three components act as a prefix.
	if v.numParts() < 3 && !v.IsPreRelease() {
		wildcard = true
	}
	return newSpec([][]clause{{{op: opEqual, v: v, wildcard: wildcard}}}), nil
}

// NotVersionError is a pin that is no version at all: a path where a
// symbolic link was committed as text, "system", a word.
type NotVersionError struct {
	Text string
	Why  string
}

func (e *NotVersionError) Error() string {
	msg := fmt.Sprintf("%q is not a Python version", e.Text)
	if e.Why != "" {
		msg += ": " + e.Why
	}
	return msg
}

// firstLine returns the first line that is neither blank nor a comment,
// trimmed, without a byte-order mark.
func firstLine(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	return ""
}
