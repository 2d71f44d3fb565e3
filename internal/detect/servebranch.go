package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// A program's own server (an http.server in a thread, say) that lives in a
// class or function the program builds or calls only in one branch of an
// if/elif/else chain past its first branch, or in a match case: one of the
// alternatives the program's configuration picks between, so the port may
// never open as configured by default. The first branch of an if is not
// enough: `if webui_enabled:` is on by default as often as not. Such a
// program is not shown to serve: a probe of its port would fail while it
// works.

// branchHeadRe opens a branch: if, elif, else, and match's case.
var branchHeadRe = regexp.MustCompile(`^(?:if\b|elif\b|else\s*:|case\b)`)

// servesOnlyInBranch returns the branch (its if line, as written) that
// every call of the class or top-level function holding the serve line
// sits in, or nil when one call is not in such a branch, when nothing in
// the code calls it (it may be reached another way), or when a subclass
// extends it. `if __name__ == "__main__":` is the program's start, not a
// branch of its configuration.
func servesOnlyInBranch(fsys fs.FS, roots []string, at Source) (*Source, string) {
	data, err := readPySource(fsys, at.File)
	if err != nil {
		return nil, ""
	}
	lines := pyLines(data)
	unit := ""
	for _, l := range lines {
		if l.line > at.Line {
			break
		}
		if l.indent == 0 {
			unit = ""
			if n := classOrDefRe.FindStringSubmatch(l.text); n != nil {
				unit = n[1]
			}
		}
	}
	if unit == "" {
		return nil, "" // at module level: it serves when imported
	}
	call := regexp.MustCompile(`(?:^|[^\w])` + regexp.QuoteMeta(unit) + `\s*\(`)
	var first *Source
	var firstText string
	ok, calls := true, 0
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !ok || notAppCode(file) || !strings.Contains(string(data), unit) {
			return
		}
		ls := pyLines(data)
		for i, l := range ls {
			if !call.MatchString(l.text) {
				continue
			}
			if n := classOrDefRe.FindStringSubmatch(l.text); n != nil {
				if n[1] != unit && strings.HasPrefix(l.text, "class ") {
					ok = false // a subclass: its uses are not followed
					return
				}
				continue // its own definition, or a def's default
			}
			calls++
			head := enclosingBranch(ls, i)
			if head < 0 {
				ok = false
				return
			}
			if first == nil {
				first, firstText = &Source{File: file, Line: ls[head].line}, ls[head].text
			}
		}
	})
	if !ok || calls == 0 {
		return nil, ""
	}
	return first, firstText
}

var ifRe = regexp.MustCompile(`^if\b`)

var classOrDefRe = regexp.MustCompile(`^(?:class|(?:async\s+)?def)\s+([A-Za-z_]\w*)`)

// enclosingBranch is the index of the if (or match) whose elif, else or
// case branch holds line i inside its function; -1 when the nearest
// branch holding it is the first branch of an if, the `if __name__`
// block, or none.
func enclosingBranch(ls []pyLine, i int) int {
	cur := ls[i].indent
	for j := i - 1; j >= 0 && cur > 0; j-- {
		l := ls[j]
		if l.indent >= cur {
			continue
		}
		cur = l.indent
		if classOrDefRe.MatchString(l.text) {
			return -1
		}
		if !branchHeadRe.MatchString(l.text) {
			continue
		}
		if ifRe.MatchString(l.text) {
			return -1 // the first branch: `if webui_enabled:`
		}
		if strings.HasPrefix(l.text, "else") && !elseOfIf(ls, j) {
			continue // a try's or a loop's else runs on success: no alternative
		}
		head := j
		for k := j - 1; k >= 0 && ls[k].indent >= l.indent; k-- {
			if ls[k].indent == l.indent && ifRe.MatchString(ls[k].text) {
				head = k // the if an elif or else continues
				break
			}
		}
		if strings.HasPrefix(l.text, "case") {
			for k := j - 1; k >= 0; k-- {
				if ls[k].indent < l.indent {
					head = k // the match statement, one level out
					break
				}
			}
		}
		if strings.Contains(ls[head].text, "__name__") {
			return -1
		}
		return head
	}
	return -1
}

// clauseHeadRe opens a clause whose else is not an if's: try's except,
// and the loops.
var clauseHeadRe = regexp.MustCompile(`^(?:try\s*:|except\b|(?:async\s+)?for\b|while\b)`)

// elseOfIf reports whether the else at ls[j] closes an if/elif chain: the
// clause before it at its indent is an if or elif, not a try's except or
// a for/while loop, whose else runs when the block completes.
func elseOfIf(ls []pyLine, j int) bool {
	for k := j - 1; k >= 0 && ls[k].indent >= ls[j].indent; k-- {
		if ls[k].indent != ls[j].indent {
			continue
		}
		return !clauseHeadRe.MatchString(ls[k].text)
	}
	return true
}
