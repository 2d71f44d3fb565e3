package config

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/pydock/pydock/internal/plan"
)

// ToolTable is the header of pydock's table in pyproject.toml.
const ToolTable = "tool.pydock"

// HasToolTable reports whether pyproject.toml data has a [tool.pydock]
// table header of its own (the form Edit can change in place).
func HasToolTable(data []byte) bool {
	_, _, ok := tableRegion(splitKeep(data), ToolTable)
	return ok
}

// ParseTool decodes [tool.pydock] from pyproject.toml data.
func ParseTool(data []byte) (*Config, error) { return parseTool(data) }

// Edit returns data with the keys of table ("" for the top of pydock.toml,
// ToolTable for pyproject.toml) changed from what from records to what to
// records, line by line: keys whose value is the same keep their line,
// comments and formatting; a changed key's line is replaced, a new key is
// added after the table's last key, a cleared key's line removed. Nothing
// outside the table changes, byte for byte.
func Edit(data []byte, table string, from, to plan.Settings) ([]byte, error) {
	lines := splitKeep(data)
	start, end, ok := tableRegion(lines, table)
	if !ok {
		return nil, fmt.Errorf("no [%s] table to edit", table)
	}
	old, err := keyLines(FromSettings(from))
	if err != nil {
		return nil, err
	}
	want, err := keyLines(FromSettings(to))
	if err != nil {
		return nil, err
	}
	eol := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		eol = "\r\n"
	}
	region := slices(lines[start:end])
	for _, k := range orderedKeys(old, want) {
		if k == "schema" || old[k] == want[k] {
			continue
		}
		i, j := findKey(region, k)
		switch {
		case want[k] == "" && i >= 0:
			region = append(region[:i], region[j:]...)
		case want[k] == "":
		case i >= 0:
			region = append(region[:i], append([]string{want[k] + eol}, region[j:]...)...)
		default:
			at := lastKey(region)
			if at > 0 && !strings.HasSuffix(region[at-1], "\n") {
				region[at-1] += eol
			}
			region = append(region[:at], append([]string{want[k] + eol}, region[at:]...)...)
		}
	}
	var b strings.Builder
	for _, l := range lines[:start] {
		b.WriteString(l)
	}
	for _, l := range region {
		b.WriteString(l)
	}
	for _, l := range lines[end:] {
		b.WriteString(l)
	}
	return []byte(b.String()), nil
}

func slices(ls []string) []string { return append([]string(nil), ls...) }

// keyLines encodes c and returns its "key = value" line per set key.
func keyLines(c *Config) (map[string]string, error) {
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(c); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, l := range strings.Split(b.String(), "\n") {
		if k, _, ok := strings.Cut(l, " = "); ok {
			out[k] = l
		}
	}
	return out, nil
}

// orderedKeys lists the keys of both maps in the order of knownKeys.
func orderedKeys(a, b map[string]string) []string {
	var out []string
	for _, k := range strings.Split(knownKeys, ", ") {
		if a[k] != "" || b[k] != "" {
			out = append(out, k)
		}
	}
	return out
}

// splitKeep cuts data into lines that keep their terminators.
func splitKeep(data []byte) []string {
	var out []string
	for l := range strings.Lines(string(data)) {
		out = append(out, l)
	}
	return out
}

// tableRegion finds the lines of a table: after its header up to the next
// header; for table "" from the top of the file.
func tableRegion(lines []string, table string) (start, end int, ok bool) {
	start = -1
	if table == "" {
		start = 0
	}
	for i, l := range lines {
		h, isHeader := header(l)
		if !isHeader {
			continue
		}
		if start >= 0 {
			return start, i, true
		}
		if h == table {
			start = i + 1
		}
	}
	if start < 0 {
		return 0, 0, false
	}
	return start, len(lines), true
}

// header returns the table name of a "[name]" line (not "[[array]]").
func header(l string) (string, bool) {
	t := strings.TrimSpace(l)
	if !strings.HasPrefix(t, "[") || strings.HasPrefix(t, "[[") {
		return "", false
	}
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	if !strings.HasSuffix(t, "]") {
		return "", false
	}
	name := strings.TrimSpace(t[1 : len(t)-1])
	parts := strings.Split(name, ".")
	for i := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(parts[i]), `"'`)
	}
	return strings.Join(parts, "."), true
}

// findKey returns the lines [i, j) holding key's assignment (a value
// spanning lines, like a multi-line array, ends where its brackets close),
// or -1.
func findKey(region []string, key string) (int, int) {
	for i, l := range region {
		k, v, ok := strings.Cut(l, "=")
		if !ok || strings.Trim(strings.TrimSpace(k), `"'`) != key {
			continue
		}
		j, depth := i+1, strings.Count(v, "[")-strings.Count(v, "]")
		for depth > 0 && j < len(region) {
			depth += strings.Count(region[j], "[") - strings.Count(region[j], "]")
			j++
		}
		return i, j
	}
	return -1, -1
}

// lastKey returns the index just past the region's last non-blank,
// non-comment line (the top of the region when it has none).
func lastKey(region []string) int {
	for i := len(region) - 1; i >= 0; i-- {
		t := strings.TrimSpace(region[i])
		if t != "" && !strings.HasPrefix(t, "#") {
			_, j := i, i+1
			if k, _, ok := strings.Cut(t, "="); ok {
				_, j = findKey(region, strings.Trim(strings.TrimSpace(k), `"'`))
			}
			return max(j, i+1)
		}
	}
	// Only comments or blanks: after the leading comment block.
	n := 0
	for n < len(region) && strings.HasPrefix(strings.TrimSpace(region[n]), "#") {
		n++
	}
	return n
}
