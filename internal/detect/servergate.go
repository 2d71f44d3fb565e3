package detect

import (
	"bytes"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// ServerGate is module-level code that runs only under one server: the
// authors wire their app (routes, mounts, middleware) in a branch such as
// `if "gunicorn" in sys.modules: run(should_start_server=False)`. Served by
// another server, the app object exists but that wiring never happens.
type ServerGate struct {
	Server string `json:"server"`
	Source Source `json:"source"`
}

// serverGateRe is a test for a server being the importer: "gunicorn" in sys.modules.
var serverGateRe = regexp.MustCompile(`["']([\w.-]+)["']\s+in\s+sys\.modules\b`)

// findServerGates lists the module-level branches taken only under a
// server pydock knows, one per file.
func findServerGates(fsys fs.FS, roots []string) []ServerGate {
	var out []ServerGate
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !bytes.Contains(data, []byte("sys.modules")) {
			return
		}
		top := "" // the statement at column 0 the line is inside
		for _, l := range pyLines(data) {
			if l.indent == 0 {
				top = l.text
			}
			inFunc := strings.HasPrefix(top, "def ") || strings.HasPrefix(top, "async def ") || strings.HasPrefix(top, "class ")
			m := serverGateRe.FindStringSubmatch(l.text)
			if m == nil || inFunc || !slices.Contains(serverNames, m[1]) {
				continue
			}
			out = append(out, ServerGate{Server: m[1], Source: Source{File: file, Line: l.line}})
			return
		}
	})
	return out
}

// gateFor is the gate in the file that builds the app object, nil when
// there is none.
func gateFor(gates []ServerGate, file string) *ServerGate {
	for i := range gates {
		if gates[i].Source.File == file {
			return &gates[i]
		}
	}
	return nil
}

// mainRunRe is the server start in a __main__ block (not wiring).
var mainRunRe = regexp.MustCompile(`(?:^|[^\w.])(?:[\w.]*\.)?(?:run|run_app|serve|serve_forever|listen)\s*\(`)

// mainWiring finds the first line of the module's `if __name__ ==
// "__main__":` block that wires the app object named attr: a method that
// attaches routes, mounts or middleware, or a call handed the app. A
// server importing the module never runs it, so the app it serves lacks
// that wiring. nil when the block only starts a server.
func mainWiring(fsys fs.FS, file, attr string) *Source {
	data, err := readPySource(fsys, file)
	if err != nil || !bytes.Contains(data, []byte("__main__")) {
		return nil
	}
	q := regexp.QuoteMeta(attr)
	method := regexp.MustCompile(`(?:^|[^\w.])` + q + `\.(?:include_router|register_blueprint|add_url_rule|add_api_route|add_api_websocket_route|add_route|add_routes|mount|add_middleware|router\.)`)
	// A call named for wiring (setup, configure_routes, register_views…),
	// not any call that takes the app (init_db(app) prepares data).
	handed := regexp.MustCompile(`(?i)\w*(?:route|blueprint|url|view|endpoint|handler|api|register|setup|configure|mount|middleware|plugin)\w*\s*\((?:[^()]*,\s*)?` + q + `\s*[,)]`)
	top := ""
	for _, l := range pyLines(data) {
		if l.indent == 0 {
			top = l.text
			continue
		}
		if !mainGuardRe.MatchString(top) {
			continue
		}
		if method.MatchString(l.text) || (handed.MatchString(l.text) && !mainRunRe.MatchString(l.text)) {
			return &Source{File: file, Line: l.line}
		}
	}
	return nil
}
