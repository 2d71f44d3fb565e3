package detect

import (
	"regexp"
	"slices"
	"strings"
)

// A settings object may keep its defaults in a dict literal and read each
// key from the environment in a loop:
//
//	_DEFAULTS = {"STATE_DIR": ".", "PORT": "8081"}
//	for k, v in self._DEFAULTS.items():
//	    setattr(self, k, os.environ.get(k, v))
//
// Each key is then a variable the app reads, the value its default, and
// the attribute the loop sets has the key's name.

var (
	// for k, v in self._DEFAULTS.items(): the loop's names and the dict's.
	itemsLoopRe = regexp.MustCompile(`^for\s+(\w+)\s*,\s*(\w+)\s+in\s+(?:[\w.]*\.)?(\w+)\s*\.\s*items\s*\(\s*\)\s*:`)
	// _DEFAULTS = { or _DEFAULTS: dict[str, str] = {
	dictAssignRe = regexp.MustCompile(`^(\w+)\s*(?::[^=]*)?=\s*\{`)
	// "KEY": "value" directly inside the dict, a plain string value.
	dictStrItemRe = regexp.MustCompile(`["']([A-Za-z_][A-Za-z0-9_]*)["']\s*:\s*[rRuU]?(?:"([^"\\]*)"|'([^'\\]*)')\s*(?:,|$)`)
)

// dictEnvRead is a key of such a dict: the variable, its default as a
// Python literal, and the key's line.
type dictEnvRead struct {
	name, def string
	src       Source
}

// defaultsDictReads finds, in one file, the keys of the dicts whose items
// a loop reads from the environment with the item's value as default.
func defaultsDictReads(file string, data []byte, lines []pyLine) []dictEnvRead {
	if !strings.Contains(string(data), ".items(") {
		return nil
	}
	var dicts []string
	for i, l := range lines {
		m := itemsLoopRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		readRe := regexp.MustCompile(`(?:\benviron\s*\.\s*get|\bgetenv)\s*\(\s*` + m[1] + `\s*,\s*` + m[2] + `\s*\)`)
		for _, b := range lines[i+1:] {
			if b.indent <= l.indent {
				break
			}
			if readRe.MatchString(b.text) {
				dicts = append(dicts, m[3])
				break
			}
		}
	}
	if len(dicts) == 0 {
		return nil
	}
	raw := strings.Split(string(data), "\n")
	var out []dictEnvRead
	for _, l := range lines {
		m := dictAssignRe.FindStringSubmatch(l.text)
		if m == nil || !slices.Contains(dicts, m[1]) {
			continue
		}
		body := topLevelBody(l.text[strings.Index(l.text, "{")+1:])
		for _, it := range dictStrItemRe.FindAllStringSubmatch(body, -1) {
			def := it[2] + it[3]
			out = append(out, dictEnvRead{name: it[1], def: `"` + def + `"`, src: Source{File: file, Line: keyLine(raw, l.line, it[1])}})
		}
	}
	return out
}

// topLevelBody is the text of a bracketed literal up to its closing
// bracket, what nested brackets hold blanked out, one item per line.
func topLevelBody(s string) string {
	var b strings.Builder
	depth := 1
	var quote byte // the quote of the string being read, 0 outside
	for i := 0; i < len(s) && depth > 0; i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && i+1 < len(s) {
				b.WriteByte(c)
				i++
				c = s[i]
			} else if c == quote {
				quote = 0
			}
			if depth == 1 {
				b.WriteByte(c)
			} else {
				b.WriteByte(' ')
			}
			continue
		case c == '"' || c == '\'':
			quote = c
		case c == '{' || c == '[' || c == '(':
			depth++
		case c == '}' || c == ']' || c == ')':
			depth--
		}
		switch {
		case depth == 0:
		case depth == 1 && c != '}' && c != ']' && c != ')':
			b.WriteByte(c)
		default:
			b.WriteByte(' ')
		}
		if c == ',' && depth == 1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// keyLine is the physical line, from start on, where a dict key is
// written; start when it is not found.
func keyLine(raw []string, start int, key string) int {
	re := regexp.MustCompile(`["']` + regexp.QuoteMeta(key) + `["']\s*:`)
	for i := start - 1; i >= 0 && i < len(raw); i++ {
		if re.MatchString(raw[i]) {
			return i + 1
		}
	}
	return start
}
