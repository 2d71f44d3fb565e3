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
	// port=NAME, port=int(NAME), port=int(os.environ["VAR"]),
	// port=os.getenv("VAR"): a port read from a variable.
	portExprArgRe = regexp.MustCompile(`\bport\s*=\s*(?:int\s*\(\s*)?([A-Za-z_][\w.]*(?:\s*\(\s*["'][A-Z][A-Z0-9_]*["']\s*\)|\s*\[\s*["'][A-Z][A-Z0-9_]*["']\s*\])?)`)
	// os.environ.get("VAR"), getenv("VAR"), environ["VAR"], without a
	// default (a default is the code's own port, a literal's case).
	envReadExprRe = regexp.MustCompile(`^(?:int\s*\(\s*)?(?:os\.)?(?:environ\.get|getenv)\s*\(\s*["']([A-Z][A-Z0-9_]*)["']\s*\)\s*\)?$|^(?:int\s*\(\s*)?(?:os\.)?environ\s*\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]\s*\)?$`)
	// NAME = getenv("VAR") at module level.
	portVarAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(.+)$`)
)

// PortEvidence is a port the project's code names, and where.
type PortEvidence struct {
	Port   int    `json:"port,omitempty"`
	Source Source `json:"source"`
	// Env is the variable the run reads the port from (Port 0 until the
	// authors' image is found to set it, EnvFrom that ENV).
	Env     string `json:"env,omitempty"`
	EnvFrom Source `json:"env_from,omitempty"`
}

// SetFromAuthors takes the port from the authors' ENV of the variable the
// run reads, when one sets it to a port; false when none does.
func (e *PortEvidence) SetFromAuthors(envs []AuthorsEnv) bool {
	if e == nil || e.Env == "" || e.Port != 0 {
		return false
	}
	for _, a := range envs {
		if a.Name != e.Env {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(a.Value)); err == nil && n > 0 && n < 65536 {
			e.Port, e.EnvFrom = n, a.Source
			return true
		}
	}
	return false
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
	lines := pyLines(data)
	envOf := map[string]string{} // module-level NAME → the variable it reads
	for _, l := range lines {
		if m := portVarAssignRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			if e := envReadExprRe.FindStringSubmatch(strings.TrimSpace(m[2])); e != nil {
				envOf[m[1]] = e[1] + e[2]
			}
		}
	}
	top := ""
	for _, l := range lines {
		if l.indent == 0 {
			top = l.text
			continue
		}
		if !mainGuardRe.MatchString(top) || !starts.MatchString(l.text) || strings.Contains(l.text, "**") {
			continue
		}
		src := Source{File: file, Line: l.line}
		if m := portArgRe.FindStringSubmatch(l.text); m != nil && allHostsArgRe.MatchString(l.text) {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n < 65536 {
				return &PortEvidence{Port: n, Source: src}
			}
		}
		// A port from a variable: its value is the deployment's, so
		// the host the developer's run names does not matter; the
		// authors' image says what it is (SetFromAuthors).
		if m := portExprArgRe.FindStringSubmatch(l.text); m != nil {
			expr := strings.TrimSpace(m[1])
			if v := envOf[expr]; v != "" {
				return &PortEvidence{Source: src, Env: v}
			}
			if e := envReadExprRe.FindStringSubmatch(expr); e != nil {
				return &PortEvidence{Source: src, Env: e[1] + e[2]}
			}
		}
	}
	return nil
}
