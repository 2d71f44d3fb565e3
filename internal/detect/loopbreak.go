package detect

import (
	"regexp"
	"strings"
)

// loopHeadRe is the header of a for or while loop.
var loopHeadRe = regexp.MustCompile(`^(?:async\s+)?(?:for|while)\b.*:$`)

// loopBreaks reports whether the loop whose header is body[i] is a retry:
// a break of its own (not one of a loop nested inside it) right in a
// try: block, once the attempt succeeds (while True: try: connect();
// break). It ends, so it shows no program that runs until stopped; a
// service loop's break under an if (a stop flag) does not count.
func loopBreaks(body []pyLine, i int) bool {
	head := body[i]
	for j := i + 1; j < len(body) && body[j].indent > head.indent; j++ {
		t := body[j].text
		if t != "break" && !strings.HasPrefix(t, "break ") && !strings.HasPrefix(t, "break;") {
			continue
		}
		// The innermost loop around the break: walk back through the
		// lines that enclose it.
		ours, cur, parent := true, body[j].indent, ""
		for k := j - 1; k > i; k-- {
			if body[k].indent >= cur {
				continue
			}
			cur = body[k].indent
			if parent == "" {
				parent = body[k].text
			}
			if loopHeadRe.MatchString(body[k].text) {
				ours = false
				break
			}
		}
		if ours && parent == "try:" {
			return true
		}
	}
	return false
}
