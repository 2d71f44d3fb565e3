package detect

import (
	"bytes"
	"regexp"
	"strconv"
)

// A bind call that reads its port by key from a mapping of the program's
// settings: port=int(settings["APP_PORT"]), port=conf.get("APP_PORT").
// The mapping's default is a row of a dict literal in the same file
// ("APP_PORT": 8080); a mapping layered under the environment
// (envLayered) takes the variable of that name first, so the image moves
// the port through it.
var (
	bindPortKeyRe  = regexp.MustCompile(`\bport\s*=\s*(?:int\(\s*)?([A-Za-z_][\w.]*)(?:\[\s*|\.get\(\s*)["']([A-Za-z_]\w*)["']`)
	upperEnvNameRe = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// bindKeyPort reads such a bind (bind, a logical line of file) against the
// file's own rows: the key, its default port and where, and whether the
// environment overrides the mapping. 0 when the file holds no default.
func bindKeyPort(data []byte, bind, file string) (key string, port int, at Source, env bool) {
	m := bindPortKeyRe.FindStringSubmatch(bind)
	if m == nil || otherServicePort.MatchString(m[2]) {
		return "", 0, Source{}, false
	}
	key = m[2]
	row := regexp.MustCompile(`(?m)^[ \t]*["']` + regexp.QuoteMeta(key) + `["'][ \t]*:[ \t]*["']?(\d{2,5})["']?[ \t]*,?[ \t]*(?:#.*)?$`)
	loc := row.FindSubmatchIndex(data)
	if loc == nil {
		return "", 0, Source{}, false
	}
	n, err := strconv.Atoi(string(data[loc[2]:loc[3]]))
	if err != nil || n < 1 || n > 65535 {
		return "", 0, Source{}, false
	}
	at = Source{File: file, Line: 1 + bytes.Count(data[:loc[0]], []byte("\n"))}
	return key, n, at, upperEnvNameRe.MatchString(key) && envLayered(data, m[1])
}

// envLayered reports whether the file builds the mapping named mapping
// with the environment over it: mapping = ChainMap(os.environ, …),
// mapping = {**defaults, **os.environ}, mapping.update(os.environ). The
// defaults dict read directly is not.
func envLayered(data []byte, mapping string) bool {
	v := regexp.QuoteMeta(mapping)
	re := regexp.MustCompile(`(?m)^[ \t]*` + v + `[ \t]*=[ \t]*(?:collections\.)?ChainMap\([ \t]*(?:os\.)?environ\b|^[ \t]*` + v + `[ \t]*=[ \t]*\{[^}]*\*\*[ \t]*(?:os\.)?environ\b|\b` + v + `\.update\([ \t]*(?:os\.)?environ[ \t]*\)`)
	return re.Match(data)
}
