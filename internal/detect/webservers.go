package detect

import (
	"regexp"
	"strings"
)

// The authors' web server in front of the app: a Caddyfile or an nginx
// configuration of the repository that serves files itself (a front end's
// build, static files) and passes the app's routes to it. The image
// pydock writes runs the app only: the files that server serves are not
// in it, and nothing of the app serves them.

// AuthorsWebServer is one such configuration.
type AuthorsWebServer struct {
	File string `json:"file"`
	Line int    `json:"line"` // the directive serving files
	Root string `json:"root"` // the folder it serves them from
	// Proxy is what it passes to the app ("/spa/api/* to backend-api:8000"),
	// ProxyLine its line.
	Proxy     string `json:"proxy"`
	ProxyLine int    `json:"proxy_line"`
	// Proxies counts its proxy directives: one is a plain front of one
	// app, several a site of several services.
	Proxies int `json:"proxies"`
	// Folders are every folder it serves files from (Root is the first),
	// each with the URL prefix it serves it at when that is known.
	Folders []ServedFolder `json:"folders,omitempty"`
}

// ServedFolder is a folder a web server serves files from: Location is
// the nginx location's plain prefix it sits in ("/static/"), "" when
// unknown; the app may serve the same URLs itself (Django's collected
// static files under WhiteNoise).
type ServedFolder struct {
	Location string `json:"location,omitempty"`
	Root     string `json:"root"`
	Line     int    `json:"line"`
}

var (
	caddyRootRe  = regexp.MustCompile(`^root\s+(?:(?:\*|/\S*)\s+)?(/\S+)$`)
	caddyFilesRe = regexp.MustCompile(`^file_server\b`)
	caddyProxyRe = regexp.MustCompile(`^reverse_proxy\s+(?:(/\S*|@\S+)\s+)?(\S+)`)
	nginxRootRe  = regexp.MustCompile(`^(?:root|alias)\s+(/[^;\s]+)\s*;`)
	nginxProxyRe = regexp.MustCompile(`^proxy_pass\s+(?:https?://)?([^;\s]+)\s*;`)
	// location /static/ {, location ^~ /media/ {: a plain prefix.
	nginxLocationRe = regexp.MustCompile(`^location\s+(?:\^~\s*|=\s*)?(/[^\s{]*)\s*\{`)
)

// ReadAuthorsWebServer reads a Caddyfile or an nginx configuration (rel
// is its path for messages): nil unless it both serves files from a
// folder and proxies to an upstream.
func ReadAuthorsWebServer(rel string, data []byte) *AuthorsWebServer {
	w := &AuthorsWebServer{File: rel}
	files := false
	// The nginx location blocks open at this line: prefix and the depth
	// of braces they opened at.
	type block struct {
		prefix string
		depth  int
	}
	var open []block
	depth := 0
	for i, raw := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(raw)
		if c := strings.Index(l, "#"); c == 0 {
			continue
		}
		if m := nginxLocationRe.FindStringSubmatch(l); m != nil {
			open = append(open, block{m[1], depth})
		}
		depth += strings.Count(l, "{") - strings.Count(l, "}")
		for len(open) > 0 && depth <= open[len(open)-1].depth {
			open = open[:len(open)-1]
		}
		switch {
		case nginxRootRe.MatchString(l):
			loc := ""
			if len(open) > 0 {
				loc = open[len(open)-1].prefix
			}
			root := nginxRootRe.FindStringSubmatch(l)[1]
			w.Folders = append(w.Folders, ServedFolder{Location: loc, Root: root, Line: i + 1})
			if w.Root == "" {
				w.Root, w.Line = root, i+1
				files = true
			}
		case caddyRootRe.MatchString(l):
			root := caddyRootRe.FindStringSubmatch(l)[1]
			w.Folders = append(w.Folders, ServedFolder{Root: root, Line: i + 1})
			if w.Root == "" {
				w.Root, w.Line = root, i+1
			}
		case caddyFilesRe.MatchString(l):
			files = true
		case caddyProxyRe.MatchString(l):
			w.Proxies++
			if w.Proxy == "" {
				m := caddyProxyRe.FindStringSubmatch(l)
				w.Proxy, w.ProxyLine = m[2], i+1
				if m[1] != "" {
					w.Proxy = m[1] + " to " + m[2]
				}
			}
		case nginxProxyRe.MatchString(l):
			w.Proxies++
			if w.Proxy == "" {
				w.Proxy, w.ProxyLine = nginxProxyRe.FindStringSubmatch(l)[1], i+1
			}
		}
	}
	if !files || w.Root == "" || w.Proxy == "" {
		return nil
	}
	return w
}
