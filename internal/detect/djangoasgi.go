package detect

// A Django site whose ASGI application is a Channels protocol router
// serves websockets (or other non-HTTP protocols) beside its pages: only
// an ASGI server on the ASGI module serves them; the WSGI module drops
// every websocket.

import (
	"io/fs"
	"regexp"
)

// channelsAppRe is `application = ProtocolTypeRouter(` at module level,
// wrapped or not (application = SentryAsgiMiddleware(ProtocolTypeRouter(…))).
// https://channels.readthedocs.io/en/stable/topics/routing.html
// (ProtocolTypeRouter "lets you dispatch to one of a number of other ASGI
// applications based on the type value present in the scope").
var channelsAppRe = regexp.MustCompile(`^application\s*(?::[^=]*)?=.*\bProtocolTypeRouter\s*\(`)

// channelsRouter is where the ASGI module builds its application with
// Channels' ProtocolTypeRouter; nil when it does not.
func channelsRouter(fsys fs.FS, asgiModule string) *Source {
	_, file := locateModule(fsys, asgiModule)
	if file == "" {
		return nil
	}
	data, err := readPySource(fsys, file)
	if err != nil {
		return nil
	}
	for _, l := range pyLines(data) {
		if l.indent == 0 && channelsAppRe.MatchString(l.text) {
			return &Source{File: file, Line: l.line}
		}
	}
	return nil
}
