package detect

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

// ServerConfig is a server's configuration file the project ships: the
// image passes it to the server instead of pydock's own flags.
type ServerConfig struct {
	Server string `json:"server"` // gunicorn, hypercorn, uwsgi
	File   string `json:"file"`
	Port   int    `json:"port,omitempty"` // the port its bind names, 0 when none (or loopback only)
	Source Source `json:"source"`
}

// serverConfigFiles lists, per server, the file names projects use for its
// configuration, the default one first, and a setting that proves the file
// configures that server (a gunicorn.py that is a module of the app does not
// set bind or workers at module level). The server's default file needs no
// proof: the server reads it by itself, whatever it holds (hooks only).
var serverConfigFiles = []struct {
	server string
	files  []string
	proof  *regexp.Regexp
	source string
}{
	{"gunicorn", []string{"gunicorn.conf.py", "gunicorn_config.py", "gunicorn-config.py", "gunicorn_conf.py", "gunicorn.py", "config/gunicorn.conf.py", "config/gunicorn.py"},
		regexp.MustCompile(`(?m)^(?:bind|workers|worker_class|timeout|wsgi_app)\s*=`),
		"https://docs.gunicorn.org/en/stable/configure.html#configuration-file"},
	{"hypercorn", []string{"hypercorn.toml"},
		regexp.MustCompile(`(?m)^\s*(?:bind|workers|worker_class|insecure_bind)\s*=`),
		"https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html"},
	{"uwsgi", []string{"uwsgi.ini"},
		regexp.MustCompile(`(?m)^\s*\[uwsgi\]`),
		"https://uwsgi-docs.readthedocs.io/en/latest/Configuration.html"},
}

// bindPortRe finds the port of a bind setting: bind = ":5500",
// bind = ["0.0.0.0:8000"], http = :8080 (uwsgi), http-socket = 0.0.0.0:9000.
var bindPortRe = regexp.MustCompile(`(?m)^\s*(?:bind|insecure_bind|http|http-socket)\s*=\s*\[?\s*["']?([\w.\[\]-]*):(\d{2,5})\b`)

// findServerConfigs lists the server configuration files at the root.
func findServerConfigs(fsys fs.FS) []ServerConfig {
	var out []ServerConfig
	for _, row := range serverConfigFiles {
		for i, name := range row.files {
			if !isRegularFile(fsys, name) {
				continue
			}
			data, err := readBounded(fsys, name, maxPyFileSize, "server configuration files")
			if err != nil || (i > 0 && !row.proof.Match(data)) {
				continue
			}
			c := ServerConfig{Server: row.server, File: name, Source: Source{File: name}}
			if m := bindPortRe.FindSubmatchIndex(data); m != nil {
				// A loopback bind is unreachable from outside the container:
				// the image binds all interfaces itself.
				host := string(data[m[2]:m[3]])
				loopback := host == "127.0.0.1" || host == "localhost" || host == "[::1]"
				if n, err := strconv.Atoi(string(data[m[4]:m[5]])); err == nil && n > 0 && n < 65536 && !loopback {
					c.Port = n
					c.Source.Line = 1 + strings.Count(string(data[:m[0]]), "\n")
				}
			}
			out = append(out, c)
			break // one file per server
		}
	}
	return out
}
