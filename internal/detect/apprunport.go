package detect

// The port the app's own module starts it on when run as a script:
// `if __name__ == "__main__": app.run(host="0.0.0.0", port=8465)`. A server
// importing the module never runs that line, but it is where the authors
// listen (their compose publishes it, their docs name it), so the image's
// server listens there rather than on pydock's default. Only a start on
// all interfaces counts: Flask's and uvicorn's run default to the
// loopback, a developer's run that says nothing about the service.

import (
	"bytes"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

var (
	// host="0.0.0.0", host='::'
	allHostsArgRe = regexp.MustCompile(`\bhost\s*=\s*["'](?:0\.0\.0\.0|::)["']`)
)

// PortEvidence is a port the project's code names, and where.
type PortEvidence struct {
	Port   int    `json:"port"`
	Source Source `json:"source"`
}

// appRunPort is the literal port the __main__ block of the app's module
// starts attr on all interfaces, nil when there is none.
func appRunPort(fsys fs.FS, file, attr string) *PortEvidence {
	data, err := readPySource(fsys, file)
	if err != nil || !bytes.Contains(data, []byte("__main__")) {
		return nil
	}
	q := regexp.QuoteMeta(attr)
	// app.run(…), socketio.run(app, …), uvicorn.run(app, …): the call
	// starts this object.
	starts := regexp.MustCompile(`(?:^|[^\w.])(?:` + q + `\.run\s*\(|[\w.]*\.run\s*\(\s*` + q + `\s*[,)])`)
	top := ""
	for _, l := range pyLines(data) {
		if l.indent == 0 {
			top = l.text
			continue
		}
		if !mainGuardRe.MatchString(top) || !starts.MatchString(l.text) || !allHostsArgRe.MatchString(l.text) {
			continue
		}
		m := portArgRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n < 65536 && !strings.Contains(l.text, "**") {
			return &PortEvidence{Port: n, Source: Source{File: file, Line: l.line}}
		}
	}
	return nil
}
