package detect

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

// A program that declares its settings in a schema table (Radicale's
// DEFAULT_CONFIG_SCHEMA) gives each one a default and the command-line
// options that set it:
//
//	("hosts", {"value": "localhost:5232", "aliases": ("-H", "--hosts"), …})
//
// When the serving file reads that setting and its default is the loopback,
// the option is what makes the server reachable.
var (
	// config.get("server", "hosts"): the serving file reads a listen setting.
	listenGetRe = regexp.MustCompile(`\.get\s*\(\s*["']\w+["']\s*,\s*["'](hosts?|bind|listen|address)["']`)
	// ("hosts", { or "hosts": {: a schema entry opens.
	schemaEntryRe = regexp.MustCompile(`^\(?\s*["'](hosts?|bind|listen|address)["']\s*[,:]\s*\{`)
	// "value": "localhost:5232" or "default": "127.0.0.1".
	schemaDefaultRe = regexp.MustCompile(`["'](?:value|default)["']\s*:\s*["'](localhost|127\.0\.0\.1|\[::1\]|::1)(?::(\d{2,5}))?["']`)
	// "aliases": ("-H", "--hosts"): the options that set it.
	schemaOptionsRe = regexp.MustCompile(`["'](?:aliases|flags|options|args|opts)["']\s*:\s*[\(\[]([^\)\]]*)`)
	schemaLongOptRe = regexp.MustCompile(`["'](--[a-z][\w-]*)["']`)
)

// maxSchemaEntryLines bounds how far an entry's fields are looked for.
const maxSchemaEntryLines = 12

type schemaHost struct {
	flag string
	port int // the default's port, 0 when it names none
	src  Source
}

// schemaHostOption is the long option of the listen setting the serving
// file reads, as a schema table under the roots declares it with a
// loopback default; nil when there is none.
func schemaHostOption(fsys fs.FS, roots []string, serving string) *schemaHost {
	data, err := readPySource(fsys, serving)
	if err != nil {
		return nil
	}
	read := map[string]bool{}
	for _, m := range listenGetRe.FindAllSubmatch(data, -1) {
		read[string(m[1])] = true
	}
	if len(read) == 0 {
		return nil
	}
	var found *schemaHost
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if found != nil || !schemaOptionsRe.Match(data) {
			return
		}
		lines := strings.Split(string(data), "\n")
		for i, l := range lines {
			m := schemaEntryRe.FindStringSubmatch(strings.TrimSpace(l))
			if m == nil || !read[m[1]] {
				continue
			}
			var def []string
			var defAt int
			var opt string
			for j := i; j < len(lines) && j < i+maxSchemaEntryLines; j++ {
				t := lines[j]
				if j > i && schemaEntryRe.MatchString(strings.TrimSpace(t)) {
					break // the next entry
				}
				if d := schemaDefaultRe.FindStringSubmatch(t); d != nil && def == nil {
					def, defAt = d, j+1
				}
				if o := schemaOptionsRe.FindStringSubmatch(t); o != nil && opt == "" {
					if lo := schemaLongOptRe.FindStringSubmatch(o[1]); lo != nil {
						opt = lo[1]
					}
				}
				if strings.Contains(t, "}") {
					break
				}
			}
			if def == nil || opt == "" {
				continue
			}
			h := &schemaHost{flag: opt, src: Source{File: file, Line: defAt}}
			if n, err := strconv.Atoi(def[2]); err == nil && n > 0 && n < 65536 {
				h.port = n
			}
			found = h
			return
		}
	})
	return found
}
