package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// configValue is one default from a program's configuration file.
type configValue struct {
	value string
	src   Source
	key   string // section/key, when it is read from a section by key
}

var (
	// config.get("webui", "host"): a setting read by section and key.
	// config.data['api']['port']: the same by subscripts;
	// config["server"].get("port"): the section's dict read by .get.
	// config["server.port"], config.get("server.port"): by one dotted key.
	configGetRe = regexp.MustCompile(`\.get\s*\(\s*["'](\w+)["']\s*,\s*["'](host|port)["']|\[\s*["'](\w+)["']\s*\]\s*(?:\[|\.get\s*\()\s*["'](host|port)["']|(?:\[|\.get\s*\()\s*["'](\w+)\.(host|port)["']\s*[\]),]`)
	// A YAML comment after a value: `port: 8080  # where it listens`
	// (https://yaml.org/spec/1.2.2/#66-comments: # after white space).
	yamlCommentRe = regexp.MustCompile(`\s+#.*$`)
	// A section header: [webui], webui:, or webui - "Web Interface":.
	sectionHeadRe = regexp.MustCompile(`^(?:\[\s*([\w.-]+)\s*\]|([A-Za-z_][\w.-]*)\b[^=]*:)\s*$`)
	// host = localhost, host: 0.0.0.0, ip host : "IP address" = localhost.
	configKeyRe = regexp.MustCompile(`^\s*(?:\w+\s+)?(host|port)\b.*?[=:]\s*["']?([\w.:-]+)["']?\s*$`)
)

// configFileExts are the files a program keeps its default settings in.
var configFileExts = map[string]bool{".cfg": true, ".ini": true, ".conf": true, ".toml": true, ".yaml": true, ".yml": true}

const maxConfigFile = 256 << 10

// configDefaults finds the host and port a serving file reads from its
// program's configuration (config.get("webui", "host")), as the defaults
// file under the import roots sets them in that section.
func configDefaults(fsys fs.FS, roots []string, file string) map[string]configValue {
	data, err := readPySource(fsys, file)
	if err != nil {
		return nil
	}
	want := map[string]string{} // key -> section
	for _, m := range configGetRe.FindAllSubmatch(data, -1) {
		want[string(m[2])+string(m[4])+string(m[6])] = string(m[1]) + string(m[3]) + string(m[5])
	}
	if len(want) == 0 {
		return packageDefaults(fsys, file)
	}
	// A dict literal of defaults in the module the object comes from.
	out := configDictDefaults(fsys, roots, file, data)
	for _, root := range roots {
		dir := path.Clean("./" + root)
		_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if p != dir && (pySkipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
					return fs.SkipDir
				}
				return nil
			}
			if !configFileExts[path.Ext(p)] || len(out) == len(want) {
				return nil
			}
			text, err := readBounded(fsys, p, maxConfigFile, "config files")
			if err != nil {
				return nil
			}
			section := ""
			yaml := path.Ext(p) == ".yaml" || path.Ext(p) == ".yml"
			for i, line := range strings.Split(string(text), "\n") {
				line = strings.TrimRight(line, "\r")
				if yaml {
					line = yamlCommentRe.ReplaceAllString(line, "")
				}
				if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
					continue
				}
				if line[0] != ' ' && line[0] != '\t' {
					if m := sectionHeadRe.FindStringSubmatch(line); m != nil {
						section = m[1] + m[2]
						continue
					}
				}
				m := configKeyRe.FindStringSubmatch(line)
				if m == nil || want[m[1]] != section {
					continue
				}
				if _, seen := out[m[1]]; !seen {
					out[m[1]] = configValue{value: m[2], src: Source{File: p, Line: i + 1}}
				}
			}
			return nil
		})
	}
	return out
}
