package detect

import "regexp"

// How a read's arguments and what surrounds it say it is parsed.

// callRest is the text of a call's arguments from s, which starts after
// the first one, up to the call's closing parenthesis (or the line's end):
// ", cast=Csv(), default=”".
func callRest(s string) string {
	return s[:scanCode(s, 0, func(i, depth int) bool { return depth != 0 || s[i] != ')' })]
}

var (
	// castAroundRe is a cast applied to what a read returns, written right
	// before it: int(config("X")), each item of it in a comprehension
	// ([int(v) for v in config("X", cast=Csv())]) or a map (map(int, …)).
	castAroundRe = regexp.MustCompile(`(?:\b(int|float)\s*\(\s*(?:os\s*\.\s*)?|\b(int|float)\s*\(\s*\w+\s*\)\s+for\s+\w+\s+in\s+|\bmap\s*\(\s*(int|float)\s*,\s*)$`)
	// csvCastRe is decouple's Csv with a cast of each item: cast=Csv(int),
	// cast=Csv(cast=int).
	csvCastRe = regexp.MustCompile(`\bcast\s*=\s*Csv\s*\(\s*(?:cast\s*=\s*)?(int|float|bool)\b`)
)

// castAround is the number kind a cast right before a read gives its value
// (before is the line's text up to the read), "" when there is none: a
// development value must parse as it (one number is a list of one, too).
func castAround(before string) string {
	m := castAroundRe.FindStringSubmatch(before)
	if m == nil {
		return ""
	}
	return m[1] + m[2] + m[3]
}
