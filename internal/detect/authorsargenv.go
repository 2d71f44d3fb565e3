package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// argRefRe is a value that is one variable: $X or ${X}.
var argRefRe = regexp.MustCompile(`^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$`)

// readAuthorsArgEnv reads the ENV instructions of the authors' Dockerfiles
// that pass an ARG on (ENV X=$X) whose declaration gives a plain default
// (ARG X=v): v is the value the authors build with. A global ARG that the
// stage does not declare again would reach the ENV empty in Docker; its
// default is still what the authors mean, and what is taken.
func readAuthorsArgEnv(fsys fs.FS) []AuthorsEnv {
	var out []AuthorsEnv
	for _, af := range readAuthorsFiles(fsys, authorsContainerFiles(fsys)) {
		args := map[string]string{}
		for _, in := range dockerInstructions(af.text) {
			fields := dockerWords(strings.TrimSpace(joinDockerLines(in)))
			if len(fields) < 2 {
				continue
			}
			switch strings.ToUpper(fields[0]) {
			case "ARG":
				for _, kv := range fields[1:] {
					if k, v, ok := strings.Cut(kv, "="); ok && envNameRe.MatchString(k) && v != "" && !strings.Contains(v, "$") {
						args[k] = v
					}
				}
			case "ENV":
				for _, kv := range fields[1:] {
					k, v, ok := strings.Cut(kv, "=")
					if a := argRefRe.FindStringSubmatch(v); ok && a != nil && envNameRe.MatchString(k) && args[a[1]] != "" {
						out = append(out, AuthorsEnv{k, args[a[1]], Source{File: af.name, Line: in[0].line}})
					}
				}
			}
		}
	}
	return out
}
