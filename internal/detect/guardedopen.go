package detect

import (
	"regexp"
	"strings"
)

var (
	// An except clause that catches a missing file: bare, or naming one
	// of the classes FileNotFoundError is (IOError and EnvironmentError
	// are OSError's old names).
	missingFileExceptRe = regexp.MustCompile(`^except\s*(?::|\(?.*\b(?:FileNotFoundError|OSError|IOError|EnvironmentError|Exception|BaseException)\b)`)
	// An if that checks a path is there: os.path.exists/isfile,
	// Path(...).exists()/is_file().
	existsCheckRe = regexp.MustCompile(`^(?:el)?if\b.*\b(?:exists|isfile|is_file)\s*\(`)
)

// openGuarded reports whether the open() on ls[i] has its fallback when the
// file is missing: it sits in a try: block whose handlers catch the
// missing file, or under an if that checks a path exists.
func openGuarded(ls []pyLine, i int) bool {
	cur := ls[i].indent
	for k := i - 1; k >= 0 && cur > 0; k-- {
		if ls[k].indent >= cur {
			continue
		}
		cur = ls[k].indent
		switch t := ls[k].text; {
		case t == "try:":
			for j := i + 1; j < len(ls) && ls[j].indent >= cur; j++ {
				if ls[j].indent != cur {
					continue
				}
				h := ls[j].text
				if missingFileExceptRe.MatchString(h) {
					return true
				}
				if !strings.HasPrefix(h, "except") && !strings.HasPrefix(h, "else") && !strings.HasPrefix(h, "finally") {
					break // the statement after the try
				}
			}
		case existsCheckRe.MatchString(t):
			return true
		}
	}
	return false
}
