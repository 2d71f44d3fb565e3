package plan

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// uwsgiFilePort follows the authors' uWSGI file where the image does not
// load it (it is not the root's uwsgi.ini): the port it serves HTTP on is
// the one their proxy and compose point at, so the image listens, exposes
// and probes there unless told otherwise. The file that names the served
// app counts, else the project's only one. A socket that speaks uwsgi's
// binary protocol is not a port an HTTP client or probe can use: said, so
// the file's port is not taken for the service's.
func (p *Plan) uwsgiFilePort(f *detect.Facts, t detect.AppTarget, srv choice, cfg *detect.ServerConfig) {
	if cfg != nil {
		if u := uwsgiFileNamed(f, cfg.File); u != nil && srv.Name == "uwsgi" && cfg.Port == 0 && u.HTTPPort == 0 && u.Socket != "" {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: socket = %s speaks uwsgi's binary protocol (a proxy's uwsgi_pass), not HTTP: CMD adds an HTTP socket on %d, which EXPOSE, compose and the probe use; the file's socket stays open for such a proxy", u.SocketAt, u.Socket, p.Port))
		}
		return
	}
	u := uwsgiFileFor(f, t)
	if u == nil {
		return
	}
	switch {
	case u.HTTPPort > 0 && !p.portGiven && p.portWhy == "default":
		p.Port, p.portWhy = u.HTTPPort, "the port the authors' uWSGI file serves HTTP on ("+u.HTTPAt.String()+")"
	case u.HTTPPort == 0 && u.Socket != "" && srv.Name == "uwsgi":
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: socket = %s speaks uwsgi's binary protocol (a proxy's uwsgi_pass), not HTTP: the image serves HTTP on %d instead (--http-socket), which EXPOSE, compose and the probe use; a proxy in front reaches it with proxy_pass, not uwsgi_pass", u.SocketAt, u.Socket, p.Port))
	}
}

// uwsgiDevFileRe is a file name of a development variant
// (uwsgi.dev.ini, uwsgi-local.yaml): the production one wins over it.
var uwsgiDevFileRe = regexp.MustCompile(`(?i)(?:^|[._-])(?:dev|develop|development|debug|local|test)(?:[._-]|$)`)

// uwsgiFileFor is the authors' uWSGI file for the app the image serves:
// the one naming its module (not a development variant when another
// names it too), else the project's only one.
func uwsgiFileFor(f *detect.Facts, t detect.AppTarget) *detect.UWSGIFile {
	var found *detect.UWSGIFile
	for i := range f.UWSGIFiles {
		u := &f.UWSGIFiles[i]
		mod, attr, _ := strings.Cut(u.Module, ":")
		if mod == t.Module && (attr == "" || attr == t.Attr) && (found == nil || uwsgiDevFileRe.MatchString(path.Base(found.File)) && !uwsgiDevFileRe.MatchString(path.Base(u.File))) {
			found = u
		}
	}
	if found != nil {
		return found
	}
	if len(f.UWSGIFiles) == 1 {
		return &f.UWSGIFiles[0]
	}
	return nil
}

// uwsgiFileNamed is the uWSGI file at a path, nil when none.
func uwsgiFileNamed(f *detect.Facts, file string) *detect.UWSGIFile {
	for i := range f.UWSGIFiles {
		if f.UWSGIFiles[i].File == file {
			return &f.UWSGIFiles[i]
		}
	}
	return nil
}
