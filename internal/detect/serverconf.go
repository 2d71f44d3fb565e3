package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ServerConfig is a server's configuration file the project ships: the
// image passes it to the server instead of pydock's own flags.
type ServerConfig struct {
	Server string `json:"server"` // gunicorn, hypercorn, uwsgi
	File   string `json:"file"`
	Port   int    `json:"port,omitempty"` // the port its bind names, 0 when none
	// BindHost is the bind's host as written ("" for all interfaces);
	// Loopback marks one only the container itself reaches.
	BindHost string `json:"bind_host,omitempty"`
	Loopback bool   `json:"loopback,omitempty"`
	// Default: the server reads this file by itself, with no flag naming it
	// (gunicorn.conf.py in the working directory).
	Default bool   `json:"default,omitempty"`
	Source  Source `json:"source"`
	// Settings are the tunables the file sets at its top level (workers,
	// graceful_timeout…): they win over the server's environment defaults.
	Settings []ConfigSetting `json:"settings,omitempty"`
}

// ConfigSetting is one top-level assignment in a server's config file.
type ConfigSetting struct {
	Key   string `json:"key"`
	Value string `json:"value"` // as written
	// Env is the variable the file reads the value from
	// (int(os.environ.get("GUNICORN_NUM_WORKERS", 4))), Default its
	// fallback there; Number is the literal value, or that fallback.
	Env     string  `json:"env,omitempty"`
	Default string  `json:"default,omitempty"`
	Number  float64 `json:"number,omitempty"`
	IsNum   bool    `json:"-"`
	Line    int     `json:"line"`
}

// Setting returns what the file sets for key, nil when it is silent.
func (c *ServerConfig) Setting(key string) *ConfigSetting {
	for i := range c.Settings {
		if c.Settings[i].Key == key {
			return &c.Settings[i]
		}
	}
	return nil
}

// Strings reads the value as a list of string literals (TOML's and
// Python's agree on plain ones); false when it is anything else.
func (s ConfigSetting) Strings() ([]string, bool) {
	return literalStrings(s.Value)
}

// configKeys are the settings pydock tunes otherwise (and so must not
// claim to when the file sets them): gunicorn and hypercorn share the names.
var configKeys = map[string]bool{"workers": true, "graceful_timeout": true, "threads": true, "worker_class": true, "worker_tmp_dir": true,
	// uwsgi.ini (https://uwsgi-docs.readthedocs.io/en/latest/Options.html)
	"processes": true, "die-on-term": true, "worker-reload-mercy": true,
	// hypercorn answers 404 to a Host not in server_names: the probe sends one
	// (https://hypercorn.readthedocs.io/en/latest/how_to_guides/server_names.html).
	"server_names": true}

var (
	configAssignRe = regexp.MustCompile(`^([a-z_-]+)\s*=\s*(.+?)\s*(?:#.*)?$`)
	// int(os.environ.get("X", 4)), os.getenv('X', "4"), environ.get("X")
	configEnvRe = regexp.MustCompile(`(?:environ\.get|getenv)\(\s*["'](\w+)["']\s*(?:,\s*["']?([\d.]+)["']?\s*)?\)`)
)

// configSettings reads the top-level assignments of configKeys, in a
// gunicorn .py file, a hypercorn TOML file or a uwsgi.ini alike (each is
// key = value at column 0).
func configSettings(data []byte) []ConfigSetting {
	var out []ConfigSetting
	for i, line := range strings.Split(string(data), "\n") {
		m := configAssignRe.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil || !configKeys[m[1]] {
			continue
		}
		st := ConfigSetting{Key: m[1], Value: m[2], Line: i + 1}
		num := strings.Trim(m[2], `"'`)
		if e := configEnvRe.FindStringSubmatch(m[2]); e != nil {
			st.Env, st.Default, num = e[1], e[2], e[2]
		}
		if n, err := strconv.ParseFloat(num, 64); err == nil && n >= 0 {
			st.Number, st.IsNum = n, true
		}
		out = append(out, st)
	}
	return out
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
// Indented at most by blanks: the match starts on the bind's own line.
var bindPortRe = regexp.MustCompile(`(?m)^[ \t]*(?:bind|insecure_bind|http|http-socket|http11-socket)[ \t]*=[ \t]*\[?[ \t]*["']?([\w.\[\]-]*):(\d{2,5})\b`)

// findServerConfigs lists the server configuration files at the root.
func findServerConfigs(fsys fs.FS) []ServerConfig {
	return serverConfigsIn(fsys, "", nil)
}

// appDirServerConfigs lists the configuration files of servers the root
// has none for, in the folder the app runs from when that is not the root
// (Django's manage.py one down, src/gunicorn.conf.py beside it): the
// authors start the server there, where it reads its default file by
// itself; the image starts it from the root, so CMD names the file.
func appDirServerConfigs(fsys fs.FS, dir string, root []ServerConfig) []ServerConfig {
	if dir == "" || dir == "." {
		return nil
	}
	out := serverConfigsIn(fsys, dir, root)
	for i := range out {
		out[i].Default = false
	}
	return out
}

// serverConfigsIn lists the server configuration files in dir ("" for the
// root), one per server, leaving out the servers have names.
func serverConfigsIn(fsys fs.FS, dir string, have []ServerConfig) []ServerConfig {
	var out []ServerConfig
	for _, row := range serverConfigFiles {
		if slices.ContainsFunc(have, func(c ServerConfig) bool { return c.Server == row.server }) {
			continue
		}
		for i, name := range row.files {
			if dir != "" {
				name = path.Join(dir, name)
			}
			if !isRegularFile(fsys, name) {
				continue
			}
			data, err := readBounded(fsys, name, maxPyFileSize, "server configuration files")
			if err != nil || (i > 0 && !row.proof.Match(data)) {
				continue
			}
			c := ServerConfig{Server: row.server, File: name, Default: i == 0 && row.server == "gunicorn", Source: Source{File: name}, Settings: configSettings(data)}
			if m := bindPortRe.FindSubmatchIndex(data); m != nil {
				// A loopback bind is unreachable from outside the container:
				// plan moves it to all interfaces where the server lets it.
				host := string(data[m[2]:m[3]])
				if n, err := strconv.Atoi(string(data[m[4]:m[5]])); err == nil && n > 0 && n < 65536 {
					c.Port, c.BindHost = n, host
					c.Loopback = host == "127.0.0.1" || host == "localhost" || host == "[::1]"
					c.Source.Line = 1 + strings.Count(string(data[:m[0]]), "\n")
				}
			}
			out = append(out, c)
			break // one file per server
		}
	}
	return out
}
