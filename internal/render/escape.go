package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escaping for the exact place a value lands. plan validates values first;
// these make sure that even a value that slipped through stays data.

// pyString is s as a Python string literal in double quotes.
func pyString(s string) string { return pyQuote(s, '"') }

// pyQuote writes s as a Python string literal between quote characters:
// backslash, the quote and every control character escaped, so the literal
// ends where it should whatever s holds.
func pyQuote(s string, quote byte) string {
	var b strings.Builder
	b.WriteByte(quote)
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\ufffd`) // invalid UTF-8: never raw bytes in source
		case r == '\\' || r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// composeLiteral keeps compose from interpolating a value: "$" is written
// "$$", which compose reads back as one "$".
func composeLiteral(s string) string { return strings.ReplaceAll(s, "$", "$$") }
