package detect

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// A manifest of another tool (pyproject.toml, Pipfile, pdm.lock) is valid
// for its owner even where pydock's reading of it is narrower: a field
// whose shape pydock does not expect is left out with a warning naming the
// file and line, and the run goes on. pydock.toml stays strict (config).

// maxShapeRetries bounds the decode-drop-retry loop of decodeTolerant.
const maxShapeRetries = 32

// decodeTolerant decodes TOML data into v. A syntax error is an error; a
// value of a type v's struct does not expect is dropped with a warning.
func decodeTolerant(file string, data []byte, v any) (warnings []string, err error) {
	if err := checkTOMLCost(file, data); err != nil {
		return nil, err
	}
	err = toml.Unmarshal(data, v)
	if err == nil {
		return nil, nil
	}
	var raw map[string]any
	if rerr := toml.Unmarshal(data, &raw); rerr != nil {
		return nil, tomlError(file, data, rerr)
	}
	lines := keyLines(data)
	for range maxShapeRetries {
		var de *toml.DecodeError
		if !errors.As(err, &de) || len(de.Key()) == 0 {
			return warnings, tomlError(file, data, err)
		}
		key := []string(de.Key())
		warnings = append(warnings, shapeWarning(file, lines, key, mismatch(de.Error())))
		if !dropKey(raw, key) {
			return warnings, tomlError(file, data, err)
		}
		again, merr := toml.Marshal(raw)
		if merr != nil {
			return warnings, tomlError(file, data, err)
		}
		zero(v)
		if err = toml.Unmarshal(again, v); err == nil {
			return warnings, nil
		}
	}
	return warnings, tomlError(file, data, err)
}

// mismatch rewrites go-toml's "cannot decode TOML integer into struct
// field ….Name of type string" (or "into string") as "expected a string,
// found a TOML integer", without pydock's Go types.
func mismatch(msg string) string {
	rest, ok := strings.CutPrefix(strings.TrimPrefix(msg, "toml: "), "cannot decode TOML ")
	if !ok {
		return lowerFirst(strings.TrimPrefix(msg, "toml: "))
	}
	found, into, _ := strings.Cut(rest, " into ")
	if i := strings.LastIndex(into, " of type "); i >= 0 {
		into = into[i+len(" of type "):]
	}
	want := "table"
	switch {
	case into == "string":
		want = "string"
	case strings.HasPrefix(into, "int"), strings.HasPrefix(into, "uint"):
		want = "integer"
	case into == "bool", into == "*bool":
		want = "boolean"
	case strings.HasPrefix(into, "[]"):
		want = "array"
	}
	return fmt.Sprintf("expected %s %s, found a TOML %s", article(want), want, found)
}

// shapeWarning is "file:line: [table] key: what; ignored".
func shapeWarning(file string, lines map[string]int, key []string, what string) string {
	loc := file
	if l := lineOfKey(lines, key); l > 0 {
		loc = fmt.Sprintf("%s:%d", file, l)
	}
	name := strings.Join(key, ".")
	if len(key) > 1 {
		name = "[" + strings.Join(key[:len(key)-1], ".") + "] " + key[len(key)-1]
	}
	return fmt.Sprintf("%s: %s: %s; pydock ignores this field", loc, name, what)
}

// lineOfKey finds the line of key, or of its nearest enclosing table.
func lineOfKey(lines map[string]int, key []string) int {
	for n := len(key); n > 0; n-- {
		if l, ok := lines[strings.Join(key[:n], ".")]; ok {
			return l
		}
	}
	return 0
}

// dropKey deletes the dotted key from a decoded TOML document, inside
// every element of the arrays of tables it crosses.
func dropKey(m map[string]any, key []string) bool {
	if len(key) == 1 {
		_, ok := m[key[0]]
		delete(m, key[0])
		return ok
	}
	switch child := m[key[0]].(type) {
	case map[string]any:
		return dropKey(child, key[1:])
	case []any:
		found := false
		for _, e := range child {
			if t, ok := e.(map[string]any); ok && dropKey(t, key[1:]) {
				found = true
			}
		}
		return found
	}
	return false
}

func zero(v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv.Elem().Set(reflect.Zero(rv.Elem().Type()))
	}
}

// keyLines maps every dotted key of a TOML document (tables, keys, keys of
// inline tables; array indexes left out) to the line it is first written
// on. The document is known to parse.
func keyLines(data []byte) map[string]int {
	nl := newlineOffsets(data)
	line := func(off uint32) int { return sort.SearchInts(nl, int(off)) + 1 }
	out := map[string]int{}
	record := func(path []string, off uint32) {
		k := strings.Join(path, ".")
		if _, ok := out[k]; !ok {
			out[k] = line(off)
		}
	}
	var walkValue func(path []string, n *unstable.Node)
	walkValue = func(path []string, n *unstable.Node) {
		switch n.Kind {
		case unstable.InlineTable:
			it := n.Children()
			for it.Next() {
				kv := it.Node()
				if kv.Kind != unstable.KeyValue {
					continue
				}
				p, off := keyPath(path, kv)
				record(p, off)
				walkValue(p, kv.Value())
			}
		case unstable.Array:
			it := n.Children()
			for it.Next() {
				walkValue(path, it.Node())
			}
		}
	}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			var off uint32
			table, off = keyPath(nil, e)
			record(table, off)
		case unstable.KeyValue:
			path, off := keyPath(table, e)
			record(path, off)
			walkValue(path, e.Value())
		}
	}
	return out
}

// keyPath appends the parts of n's key to prefix, with the offset of the
// key's first part.
func keyPath(prefix []string, n *unstable.Node) ([]string, uint32) {
	path := append([]string(nil), prefix...)
	var off uint32
	it := n.Key()
	first := true
	for it.Next() {
		k := it.Node()
		if first {
			off, first = k.Raw.Offset, false
		}
		path = append(path, string(k.Data))
	}
	return path, off
}

func newlineOffsets(data []byte) []int {
	var nl []int
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return nl
		}
		nl = append(nl, i+j)
		i += j + 1
	}
}

// uvSource is what pydock uses of a [tool.uv.sources] entry.
type uvSource struct {
	Path      string
	Workspace bool
	Git       string
}

// normalize turns the fields that may validly take several shapes into
// the one pydock uses, warning (file:line) about values of no valid shape.
func (p *pyproject) normalize(file string, data []byte) {
	var lines map[string]int
	warn := func(key []string, what string) {
		if lines == nil {
			lines = keyLines(data)
		}
		p.warnings = append(p.warnings, shapeWarning(file, lines, key, what))
	}
	p.sources = map[string]uvSource{}
	if uv := p.Tool.UV; uv != nil {
		for _, k := range sortedKeys(uv.Sources) {
			src, ok := uvSourceOf(uv.Sources[k])
			if !ok {
				warn([]string{"tool", "uv", "sources", k}, "expected a table or a list of tables")
				continue
			}
			p.sources[NormalizeName(k)] = src
		}
	}
	if po := p.Tool.Poetry; po != nil {
		for _, k := range sortedKeys(po.Scripts) {
			switch v := po.Scripts[k].(type) {
			case string:
				continue
			case map[string]any:
				if _, ok := v["reference"].(string); ok {
					continue
				}
				if _, ok := v["callable"].(string); ok {
					continue
				}
			}
			warn([]string{"tool", "poetry", "scripts", k}, `expected "module:function" or a table with reference or callable`)
		}
		for _, k := range sortedKeys(po.Dependencies) {
			switch po.Dependencies[k].(type) {
			case string, map[string]any, []any:
				continue
			}
			warn([]string{"tool", "poetry", "dependencies", k}, "expected a version string, a table or a list of tables")
		}
	}
	for _, g := range sortedKeys(p.DependencyGroups) {
		for _, e := range p.DependencyGroups[g] {
			switch v := e.(type) {
			case string:
				continue
			case map[string]any:
				if _, ok := v["include-group"].(string); ok {
					continue
				}
			}
			warn([]string{"dependency-groups", g}, `expected requirement strings and { include-group = "name" } tables`)
			break
		}
	}
}

// uvSourceOf reads a source written as a table or as a list of tables
// with markers (one per platform or index): a path or git in any of them
// counts.
func uvSourceOf(v any) (uvSource, bool) {
	var s uvSource
	one := func(t map[string]any) {
		if x, ok := t["path"].(string); ok && s.Path == "" {
			s.Path = x
		}
		if x, ok := t["git"].(string); ok && s.Git == "" {
			s.Git = x
		}
		if x, ok := t["workspace"].(bool); ok && x {
			s.Workspace = true
		}
	}
	switch t := v.(type) {
	case map[string]any:
		one(t)
		return s, true
	case []any:
		for _, e := range t {
			m, ok := e.(map[string]any)
			if !ok {
				return s, false
			}
			one(m)
		}
		return s, true
	}
	return s, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// tableOrTables reads a TOML value that is one table or a list of tables
// (a Poetry dependency's multiple constraints, a [tool.uv.sources] entry's
// alternatives); ok is false for anything else.
func tableOrTables(v any) ([]map[string]any, bool) {
	switch t := v.(type) {
	case map[string]any:
		return []map[string]any{t}, true
	case []any:
		var tables []map[string]any
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				tables = append(tables, m)
			}
		}
		return tables, true
	}
	return nil, false
}

// poetryDep reads one [tool.poetry.dependencies] entry in any of Poetry's
// forms: "^1.2", { version, extras, path, git, optional }, or a list of
// such tables with markers (multiple constraints). A dependency that is
// optional in every form is only installed through an extra.
func poetryDep(name string, v any, file string) (Dependency, bool) {
	d := Dependency{Name: NormalizeName(name), Source: Source{File: file}}
	if _, ok := v.(string); ok {
		return d, true
	}
	tables, ok := tableOrTables(v)
	if !ok {
		return d, false // warned about in normalize
	}
	optional := len(tables) > 0
	for _, t := range tables {
		if opt, _ := t["optional"].(bool); !opt {
			optional = false
		}
		if _, ok := t["git"]; ok {
			d.VCS = true
		}
		if s, ok := t["path"].(string); ok && d.Path == "" {
			d.Path = s
		}
		if ex, ok := t["extras"].([]any); ok {
			for _, e := range ex {
				if s, ok := e.(string); ok && !containsString(d.Extras, NormalizeName(s)) {
					d.Extras = append(d.Extras, NormalizeName(s))
				}
			}
		}
	}
	return d, !optional
}
