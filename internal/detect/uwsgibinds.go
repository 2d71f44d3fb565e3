package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// UWSGIFile is one of the authors' uWSGI configuration files (an ini's
// [uwsgi] section or a YAML file's uwsgi: mapping, anywhere in the
// project) and where it listens: HTTP on a port (http, http-socket,
// http11-socket; a socket under protocol = http), or only uwsgi's own
// binary protocol (socket, uwsgi-socket), which a proxy in front speaks
// with uwsgi_pass and no HTTP client can.
// https://uwsgi-docs.readthedocs.io/en/latest/Options.html
type UWSGIFile struct {
	File string `json:"file"`
	// Module is the app the file names (module = …, its callable
	// joined: shop.app:app), "" when it names it otherwise.
	Module   string `json:"module,omitempty"`
	HTTPPort int    `json:"http_port,omitempty"`
	HTTPAt   Source `json:"http_source,omitzero"`
	// Socket is the first uwsgi-protocol socket as written (:3031,
	// /tmp/app.sock), "" when the file has none or it speaks HTTP.
	Socket   string `json:"socket,omitempty"`
	SocketAt Source `json:"socket_source,omitzero"`
}

var (
	// http = :8080, http-socket = 0.0.0.0:9090, http11-socket = :8080.
	uwsgiHTTPRe = regexp.MustCompile(`^(?:http|http-socket|http11-socket)\s*=\s*["']?[\w.\[\]:-]*:(\d{2,5})["']?$`)
	// socket = :3031, uwsgi-socket = /tmp/app.sock.
	uwsgiSocketRe = regexp.MustCompile(`^(?:socket|uwsgi-socket)\s*=\s*(\S+)$`)
	// protocol = http turns every plain socket into an HTTP one.
	uwsgiProtocolHTTPRe = regexp.MustCompile(`^protocol\s*=\s*http$`)
)

// uwsgiLine is one key = value line of a uWSGI file's own section.
type uwsgiLine struct {
	text string
	line int
}

// uwsgiSectionLines reads the lines of a file's [uwsgi] section (a YAML
// file's uwsgi: mapping, spelled key = value as the ini does).
func uwsgiSectionLines(data []byte, yaml bool) []uwsgiLine {
	var out []uwsgiLine
	section := ""
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(strings.TrimRight(raw, "\r"))
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";") {
			continue
		}
		switch {
		case !yaml && strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.TrimSpace(line[1 : len(line)-1])
			continue
		case yaml && raw[0] != ' ' && raw[0] != '\t':
			section = strings.TrimSuffix(line, ":") // a top-level key
			continue
		case yaml:
			// key: value → key = value, as the ini spells it.
			line = strings.Replace(yamlCommentRe.ReplaceAllString(line, ""), ":", " =", 1)
		}
		if section == "uwsgi" {
			out = append(out, uwsgiLine{line, i + 1})
		}
	}
	return out
}

// uwsgiConfigFiles lists the files that may hold the authors' uWSGI
// configuration: ini and YAML files down to two folders below the root,
// tests, virtualenvs and hidden folders aside.
func uwsgiConfigFiles(fsys fs.FS) []string {
	var out []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != "." && (pySkipDirs[d.Name()] || testsDir(d.Name()) || strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || strings.Count(p, "/") >= 3) {
				return fs.SkipDir
			}
			return nil
		}
		if ext := path.Ext(p); ext == ".ini" || ext == ".yaml" || ext == ".yml" {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// findUWSGIFiles reads where each of the authors' uWSGI files listens.
func findUWSGIFiles(fsys fs.FS) []UWSGIFile {
	var out []UWSGIFile
	for _, file := range uwsgiConfigFiles(fsys) {
		data, err := readBounded(fsys, file, maxConfigFile, "config files")
		if err != nil {
			continue
		}
		lines := uwsgiSectionLines(data, path.Ext(file) != ".ini")
		if len(lines) == 0 {
			continue
		}
		u := UWSGIFile{File: file}
		protoHTTP := false
		callable := ""
		for _, l := range lines {
			protoHTTP = protoHTTP || uwsgiProtocolHTTPRe.MatchString(l.text)
			if m := uwsgiCallableRe.FindStringSubmatch(l.text); m != nil {
				callable = m[1]
			}
		}
		for _, l := range lines {
			at := Source{File: file, Line: l.line}
			if m := uwsgiModuleRe.FindStringSubmatch(l.text); m != nil && u.Module == "" {
				u.Module = m[1]
				if attr := m[2]; attr != "" {
					u.Module += ":" + attr
				} else if callable != "" {
					u.Module += ":" + callable
				}
			}
			if m := uwsgiHTTPRe.FindStringSubmatch(l.text); m != nil && u.HTTPPort == 0 {
				if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n < 65536 {
					u.HTTPPort, u.HTTPAt = n, at
				}
			}
			if m := uwsgiSocketRe.FindStringSubmatch(l.text); m != nil && u.Socket == "" {
				if _, port, ok := strings.Cut(m[1], ":"); protoHTTP && ok {
					if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 65536 && u.HTTPPort == 0 {
						u.HTTPPort, u.HTTPAt = n, at
					}
					continue
				}
				u.Socket, u.SocketAt = m[1], at
			}
		}
		out = append(out, u)
	}
	return out
}
