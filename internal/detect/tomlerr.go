package detect

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
)

// tomlError turns a go-toml/v2 error into "file:line:col: message" followed
// by the offending source line and a caret under the column, so a broken
// pyproject.toml or lock file can be fixed without opening a TOML validator.
// Errors without a position are wrapped with the file name.
func tomlError(file string, data []byte, err error) error {
	if err == nil {
		return nil
	}
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return fmt.Errorf("%s: %w", file, err)
	}
	row, col := de.Position()
	msg := lowerFirst(strings.TrimPrefix(de.Error(), "toml: "))
	msg = typeMismatch(msg, de.Key())
	hint := sourceHint(data, row, col)
	if hint != "" {
		msg += "\n" + hint
	}
	return &tomlPosError{File: file, Line: row, Col: col, Msg: msg, err: de}
}

// tomlPosError keeps the position for callers that want it (lint output)
// and the go-toml error for errors.As.
type tomlPosError struct {
	File      string
	Line, Col int
	Msg       string
	err       error
}

func (e *tomlPosError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

func (e *tomlPosError) Unwrap() error { return e.err }

// typeMismatch rewrites go-toml's "cannot decode TOML integer into struct
// field struct { … }.Name of type string", which names pydock's Go types,
// into "name: expected a string, found a TOML integer", which names the key.
func typeMismatch(msg string, key toml.Key) string {
	const pre = "cannot decode TOML "
	rest, ok := strings.CutPrefix(msg, pre)
	if !ok || len(key) == 0 {
		return msg
	}
	found, _, ok := strings.Cut(rest, " into ")
	if !ok {
		return msg
	}
	i := strings.LastIndex(msg, " of type ")
	if i < 0 {
		return msg
	}
	want := msg[i+len(" of type "):]
	switch {
	case want == "string":
	case strings.HasPrefix(want, "int"), strings.HasPrefix(want, "uint"):
		want = "integer"
	case want == "bool":
		want = "boolean"
	case strings.HasPrefix(want, "[]"):
		want = "array"
	default:
		want = "table"
	}
	return fmt.Sprintf("%s: expected %s %s, found a TOML %s", strings.Join(key, "."), article(want), want, found)
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an"
	}
	return "a"
}

// lowerFirst lower-cases the first letter, as Go error strings are.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// sourceHint renders line row of data and a caret under column col:
//
//	12 | name "x"
//	   |      ^
//
// It returns "" when the position is outside the data.
func sourceHint(data []byte, row, col int) string {
	if row < 1 {
		return ""
	}
	line := data
	for i := 1; i < row; i++ {
		j := bytes.IndexByte(line, '\n')
		if j < 0 {
			return ""
		}
		line = line[j+1:]
	}
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	text := strings.TrimRight(string(line), "\r")
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	const maxWidth = 120 // keep a minified line from flooding the terminal
	if len(text) > maxWidth {
		if col > maxWidth {
			return ""
		}
		text = text[:maxWidth] + "…"
	}
	num := fmt.Sprint(row)
	pad := strings.Repeat(" ", len(num))
	// Copy tabs before the column so the caret lines up under them.
	var caret strings.Builder
	for i, r := range text {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			caret.WriteByte('\t')
		} else {
			caret.WriteByte(' ')
		}
	}
	caret.WriteByte('^')
	return fmt.Sprintf("  %s | %s\n  %s | %s", num, text, pad, caret.String())
}
