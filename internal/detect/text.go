package detect

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// bom is the UTF-8 byte order mark some Windows editors put first.
var bom = []byte("\xef\xbb\xbf")

// controlNames are the C0 control characters by their ASCII names, so a
// message says what the byte is (ESC from a pasted colour code, NUL from
// a UTF-16 file) rather than that the file is somehow invalid.
var controlNames = [...]string{
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
	"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
}

// CheckText refuses what a text input (pyproject.toml, pydock.toml,
// requirements, Procfile) must not hold, naming it with file, line and
// column: a UTF-8 byte order mark, unless bomOK (pip and Procfile readers
// skip one; TOML readers, pip's and uv's included, refuse it), UTF-16,
// binary data (NUL, bytes that are not UTF-8), or a control character
// other than tab and line ends.
func CheckText(name string, data []byte, bomOK bool) error {
	if bytes.HasPrefix(data, bom) {
		if !bomOK {
			return fmt.Errorf("%s:1: starts with a UTF-8 byte order mark (U+FEFF), which TOML readers (pip, uv, Python's tomllib) refuse; save it as UTF-8 without BOM", name)
		}
		data = data[len(bom):]
	}
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return fmt.Errorf("%s:1: starts with a UTF-16 byte order mark: the file is UTF-16; save it as UTF-8", name)
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		for i, l := range bytes.Split(data, []byte("\n")) {
			if !utf8.Valid(l) || bytes.IndexByte(l, 0) >= 0 {
				return fmt.Errorf("%s:%d: not a text file (binary data)", name, i+1)
			}
		}
	}
	line, col := 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r':
		case r < 0x20:
			return fmt.Errorf("%s:%d:%d: control character U+%04X (%s); remove it", name, line, col, r, controlNames[r])
		case r == 0x7f:
			return fmt.Errorf("%s:%d:%d: control character U+007F (DEL); remove it", name, line, col)
		}
		data = data[size:]
		col++
	}
	return nil
}
