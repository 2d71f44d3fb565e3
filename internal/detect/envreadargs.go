package detect

import (
	"regexp"
	"strings"
)

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

var (
	castKwRe = regexp.MustCompile(`\bcast\s*=\s*([A-Za-z_][\w.]*)`)
	// A keyword argument: name=…
	readerKwArgRe = regexp.MustCompile(`^\s*[A-Za-z_]\w*\s*=`)
)

// readerKinds are how readers parse a value, by a method's name (env.int)
// or a cast (cast=int); the rest are strings.
var readerKinds = map[string]string{
	"int": "int", "float": "float", "bool": "bool", "json": "json", "list": "str", "str": "str",
	"url": "url", "db": "db", "db_url": "db", "cache": "cache", "cache_url": "cache",
}

// readerRequired reads a reader call's arguments after the name: required
// when none is a default, which only keyword arguments without default=
// say for sure (a second positional argument is a default in environs and
// decouple, a cast in starlette and django-environ).
func readerRequired(method, rest string) (bool, string) {
	kind := "str"
	if k, ok := readerKinds[method]; ok {
		kind = k
	}
	if c := castKwRe.FindStringSubmatch(rest); c != nil {
		if k, ok := readerKinds[c[1]]; ok {
			kind = k
		}
	}
	if c := csvCastRe.FindStringSubmatch(rest); c != nil {
		kind = c[1] // one value is a list of one
	}
	rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ","))
	if rest == "" {
		return true, kind
	}
	for _, a := range splitArgs(rest) {
		if strings.TrimSpace(a) == "" {
			continue
		}
		if !readerKwArgRe.MatchString(a) || defaultKwRe.MatchString(a) {
			return false, kind
		}
	}
	return true, kind
}

// literalDefault is the string literal of a call's default, from the text
// after the variable's name: ", 'x'", ", default='x'", ", cast=int, default=1".
func literalDefault(rest string) string {
	rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ","))
	if m := defaultKwRe.FindStringSubmatch(rest); m != nil {
		rest = m[1]
	} else if strings.Contains(strings.SplitN(rest, "(", 2)[0], "=") {
		return "" // a keyword other than default (cast=…)
	}
	return stringLiteral(rest)
}

// stringLiteral is the plain string literal s starts with, or "".
func stringLiteral(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || s[0] != '"' && s[0] != '\'' {
		return ""
	}
	lit, _, _ := pyStringLiteral(s)
	return lit
}
