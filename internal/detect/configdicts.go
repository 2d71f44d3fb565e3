package detect

// The host and port a serving file reads from a configuration object whose
// defaults are a dict literal in the module it imports the object from:
// `config["api"]["http"]["port"]` with `from pkg.config import config`,
// and in pkg/config.py `"http": {"host": …, "port": "47334"}`. Only
// literal values count (a host held in a variable is not read).

import (
	"io/fs"
	"regexp"
	"strings"
)

var (
	// config["api"]["http"]["port"]: the object, then the section and key.
	configDictReadRe = regexp.MustCompile(`\b([A-Za-z_]\w*)(?:\s*\[\s*["']\w+["']\s*\])*?\s*\[\s*["'](\w+)["']\s*\]\s*\[\s*["'](host|port)["']\s*\]`)
	// "http": { — a section of a dict literal.
	dictSectionRe = regexp.MustCompile(`["'](\w+)["']\s*:\s*\{`)
	// "port": "47334" or "port": 47334, "host": "0.0.0.0"
	dictKeyValueRe = regexp.MustCompile(`["'](host|port)["']\s*:\s*(?:["']([\w.:-]+)["']|(\d{2,5})\b)`)
)

// configDictDefaults finds those defaults for the serving file's reads.
func configDictDefaults(fsys fs.FS, roots []string, file string, data []byte) map[string]configValue {
	module, isPkg := "", strings.HasSuffix(file, "__init__.py")
	for _, root := range roots {
		if m := moduleName(root, file); m != "" && moduleFile(fsys, root, m) == file {
			module = m
			break
		}
	}
	imports := pyImports(pyLines(data))
	out := map[string]configValue{}
	for _, m := range configDictReadRe.FindAllSubmatch(data, -1) {
		name, section, key := string(m[1]), string(m[2]), string(m[3])
		if _, ok := out[key]; ok {
			continue
		}
		mod, _ := resolveCallee(module, isPkg, imports, name)
		if mod == module {
			continue // not imported: a dict of this file is not defaults
		}
		src := ""
		src = moduleFileIn(fsys, roots, mod)
		if src == "" {
			continue
		}
		text, err := readPySource(fsys, src)
		if err != nil {
			continue
		}
		if v, line, ok := dictSectionValue(string(text), section, key); ok {
			out[key] = configValue{value: v, src: Source{File: src, Line: line}}
		}
	}
	return out
}

// dictSectionValue is key's literal value directly inside the first dict
// literal named section in text, with its line.
func dictSectionValue(text, section, key string) (string, int, bool) {
	for _, loc := range dictSectionRe.FindAllStringSubmatchIndex(text, -1) {
		if text[loc[2]:loc[3]] != section {
			continue
		}
		// The section's body up to its closing brace, keys of nested
		// dicts left out.
		start, depth := loc[1], 1
		var own strings.Builder
		end := start
		for ; end < len(text) && depth > 0; end++ {
			switch text[end] {
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth == 1 || text[end] == '\n' {
				own.WriteByte(text[end])
			} else {
				own.WriteByte(' ')
			}
		}
		body := own.String()
		for _, kv := range dictKeyValueRe.FindAllStringSubmatchIndex(body, -1) {
			if body[kv[2]:kv[3]] != key {
				continue
			}
			v := ""
			if kv[4] >= 0 {
				v = body[kv[4]:kv[5]]
			} else {
				v = body[kv[6]:kv[7]]
			}
			line := 1 + strings.Count(text[:start+kv[0]], "\n")
			return v, line, true
		}
		return "", 0, false
	}
	return "", 0, false
}
