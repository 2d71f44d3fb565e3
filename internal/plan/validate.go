package plan

import (
	"fmt"
	"strings"
)

// Values that reach the generated files come from the project, pydock.toml
// and flags. Each is checked against the grammar of the place it lands, so
// a value can only ever be data there; the render package quotes them for
// that place as well.

// maxHealthPath bounds a health path: a probe URL, not a document.
const maxHealthPath = 256

// CheckHealthPath accepts a URL path as RFC 3986 defines it (section 3.3):
// "/" then unreserved characters, sub-delims, ":", "@", "/" and %XX
// escapes. No query, fragment, space or quote: a probe path needs none.
func CheckHealthPath(s string) error {
	if !strings.HasPrefix(s, "/") {
		return fmt.Errorf("not a URL path: want a path starting with /")
	}
	if len(s) > maxHealthPath {
		return fmt.Errorf("not a URL path: %d bytes, at most %d", len(s), maxHealthPath)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return fmt.Errorf("not a URL path: %% at byte %d is not followed by two hex digits", i+1)
			}
			i += 2
		case isPathChar(c):
		default:
			return fmt.Errorf("not a URL path: %q at byte %d; allowed are letters, digits, -._~!$&'()*+,;=:@/ and %%XX escapes", rune(c), i+1)
		}
	}
	return nil
}

// isPathChar is RFC 3986's pchar without pct-encoded, plus "/".
func isPathChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
