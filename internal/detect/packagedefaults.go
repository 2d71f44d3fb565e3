package detect

// The defaults file a package ships beside the code that serves: a plugin
// or extension keeps its settings' defaults in an INI file of its own
// folder (ext.conf: [web] hostname = 127.0.0.1, port = 6690) that its code
// reads by name, and the serving file reads those settings by key from
// the section's dict (web_config["port"]) rather than by section and key
// (configDefaults). The section holding the port says where it listens.

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
)

var (
	// web_config["port"], conf.get("hostname"): a setting read by key.
	keyReadRe = regexp.MustCompile(`(?:\[\s*|\.get\s*\(\s*)["'](port|host|hostname|bind|address)["']\s*[\]),]`)
	// port = 6690, hostname = 127.0.0.1 (INI: = or :).
	defaultsKeyRe = regexp.MustCompile(`^(port|host|hostname|bind|address)\s*[=:]\s*["']?([\w.:-]+)["']?\s*$`)
)

// packageDefaults is the host and port of the one section of a defaults
// file in the serving file's folder that sets a port, when the file reads
// the port by key and the folder's code names that defaults file.
func packageDefaults(fsys fs.FS, file string) map[string]configValue {
	data, err := readPySource(fsys, file)
	if err != nil {
		return nil
	}
	reads := map[string]bool{}
	for _, m := range keyReadRe.FindAllSubmatch(data, -1) {
		reads[string(m[1])] = true
	}
	if !reads["port"] {
		return nil
	}
	dir := path.Dir(file)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var code [][]byte
	for _, e := range entries {
		if !e.IsDir() && path.Ext(e.Name()) == ".py" {
			if b, err := readPySource(fsys, path.Join(dir, e.Name())); err == nil {
				code = append(code, b)
			}
		}
	}
	var out map[string]configValue
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || (ext != ".conf" && ext != ".ini" && ext != ".cfg") || !namedIn(code, e.Name()) {
			continue
		}
		p := path.Join(dir, e.Name())
		text, err := readBounded(fsys, p, maxConfigFile, "config files")
		if err != nil {
			continue
		}
		sections := map[string]map[string]configValue{}
		section := ""
		for i, line := range strings.Split(string(text), "\n") {
			line = strings.TrimSpace(strings.TrimRight(line, "\r"))
			if m := sectionHeadRe.FindStringSubmatch(line); m != nil && strings.HasPrefix(line, "[") {
				section = m[1]
				continue
			}
			if m := defaultsKeyRe.FindStringSubmatch(line); m != nil && section != "" && reads[m[1]] {
				if sections[section] == nil {
					sections[section] = map[string]configValue{}
				}
				key := m[1]
				if key != "port" {
					key = "host"
				}
				if _, seen := sections[section][key]; !seen {
					sections[section][key] = configValue{value: m[2], src: Source{File: p, Line: i + 1}, key: section + "/" + m[1]}
				}
			}
		}
		for _, kv := range sections {
			if n, err := strconv.Atoi(kv["port"].value); err != nil || n < 1 || n > 65535 {
				continue
			}
			if out != nil {
				return nil // several sections set a port: which one is unknown
			}
			out = kv
		}
	}
	return out
}

// namedIn says whether any of the sources names the file by a literal.
func namedIn(code [][]byte, name string) bool {
	for _, c := range code {
		if bytes.Contains(c, []byte(`"`+name+`"`)) || bytes.Contains(c, []byte(`'`+name+`'`)) {
			return true
		}
	}
	return false
}
