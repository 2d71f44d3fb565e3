package detect

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
)

// A quickRe is a regexp that first asks whether the text holds one of the
// literals every match must contain (read from the pattern's syntax tree):
// most lines of a large project hold none, and strings.Contains rejects
// them far faster than the regexp engine does (Go's regexp only skips ahead
// on a literal prefix). Detection runs dozens of patterns over every line of
// every module; this is where its time went on a 3,000-module repository.
type quickRe struct {
	*regexp.Regexp
	// lits: every match contains at least one; nil when no literal is
	// required, and the regexp always runs.
	lits []string
}

// quickRes are every quickRe the package compiles at init, for the test that
// the literals never reject a text the regexp matches.
var quickRes []quickRe

// quick compiles pattern like regexp.MustCompile, with its literals.
func quick(pattern string) quickRe {
	q := quickRe{Regexp: regexp.MustCompile(pattern), lits: requiredLits(pattern)}
	quickRes = append(quickRes, q)
	return q
}

// may reports whether s can match: false only when s holds none of the
// required literals.
func (q quickRe) may(s string) bool {
	if q.lits == nil {
		return true
	}
	for _, l := range q.lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

func (q quickRe) MatchString(s string) bool {
	return q.may(s) && q.Regexp.MatchString(s)
}

func (q quickRe) FindStringSubmatch(s string) []string {
	if !q.may(s) {
		return nil
	}
	return q.Regexp.FindStringSubmatch(s)
}

func (q quickRe) FindStringSubmatchIndex(s string) []int {
	if !q.may(s) {
		return nil
	}
	return q.Regexp.FindStringSubmatchIndex(s)
}

func (q quickRe) FindAllStringSubmatch(s string, n int) [][]string {
	if !q.may(s) {
		return nil
	}
	return q.Regexp.FindAllStringSubmatch(s, n)
}

func (q quickRe) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !q.may(s) {
		return nil
	}
	return q.Regexp.FindAllStringSubmatchIndex(s, n)
}

// maxLits bounds an alternation's set: past it, checking them costs more
// than it saves.
const maxLits = 12

// requiredLits is a set of literals one of which every match of pattern
// contains, preferring the set whose shortest literal is longest; nil when
// the pattern requires none (or only case-folded ones).
func requiredLits(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	lits := required(re.Simplify())
	// A literal holding another of the set adds nothing to the check.
	slices.Sort(lits)
	lits = slices.Compact(lits)
	return slices.DeleteFunc(slices.Clone(lits), func(l string) bool {
		return slices.ContainsFunc(lits, func(o string) bool { return o != l && strings.Contains(l, o) })
	})
}

func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if r := required(sub); r != nil && shortest(r) > shortest(best) {
				best = r
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			r := required(sub)
			if r == nil {
				return nil
			}
			all = append(all, r...)
		}
		if len(all) > maxLits {
			return nil
		}
		return all
	}
	return nil
}

// shortest is the length of the shortest literal of a set, 0 for none.
func shortest(lits []string) int {
	n := 0
	for i, l := range lits {
		if i == 0 || len(l) < n {
			n = len(l)
		}
	}
	return n
}
