package detect

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// pyJSON serialises v the way Python's json.dumps(v, sort_keys=True,
// separators=(item, key)) does with its default ensure_ascii: Pipenv and
// pdm hash such a dump of the manifest, so the bytes must match exactly.
// v holds what go-toml decodes into any; a TOML date or time has no JSON
// form in Python either, so it is an error.
func pyJSON(v any, item, key string) ([]byte, error) {
	var b strings.Builder
	if err := pyJSONValue(&b, v, item, key); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

var errNoPyJSON = errors.New("value has no JSON form")

func pyJSONValue(b *strings.Builder, v any, item, key string) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		pyJSONString(b, x)
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case int:
		b.WriteString(strconv.Itoa(x))
	case float64:
		b.WriteString(pyFloat(x))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(item)
			}
			if err := pyJSONValue(b, e, item, key); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // UTF-8 byte order is code point order, as Python sorts
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(item)
			}
			pyJSONString(b, k)
			b.WriteString(key)
			if err := pyJSONValue(b, x[k], item, key); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return fmt.Errorf("%w: %T", errNoPyJSON, v)
	}
	return nil
}

// pyJSONString writes s as Python's ensure_ascii encoder does: printable
// ASCII as is, the short escapes, everything else \uxxxx in lower-case hex
// (surrogate pairs beyond the BMP).
func pyJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r >= ' ' && r <= '~':
			b.WriteRune(r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
		default:
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
}

// pyFloat is Python's repr of a float: the shortest digits that round-trip,
// positional from 1e-4 up to 1e16 (always with a fraction), else
// scientific with a signed exponent of at least two digits.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±xx
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}
