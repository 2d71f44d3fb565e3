package detect

import (
	"io/fs"
	"strings"
)

// AuthorsEnv is a variable the authors' own Dockerfile sets with ENV.
type AuthorsEnv struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source Source `json:"source"`
}

// readAuthorsEnv reads the ENV instructions of the authors' Dockerfiles
// (ENV K=V …, and the legacy ENV K V), continuation lines joined. A value
// that names another variable ($X) is left out: it is not a literal the
// image runs with.
func readAuthorsEnv(fsys fs.FS) []AuthorsEnv {
	var out []AuthorsEnv
	for _, af := range readAuthorsFiles(fsys, authorsContainerFiles(fsys)) {
		out = append(out, authorsEnvOf(af.name, af.text)...)
	}
	return out
}

// ReadAuthorsEnvFile reads the ENV instructions of one of the authors'
// Dockerfiles outside the project (file is its path from the project,
// ../Dockerfile), as readAuthorsEnv does those inside.
func ReadAuthorsEnvFile(file string, data []byte) []AuthorsEnv {
	if strings.Contains(string(data), generatedMarker) {
		return nil // pydock's own, not the authors'
	}
	return authorsEnvOf(file, string(data))
}

// authorsEnvOf reads the ENV instructions of one Dockerfile's text.
func authorsEnvOf(file, text string) []AuthorsEnv {
	var out []AuthorsEnv
	for _, in := range dockerInstructions(text) {
		fields := dockerWords(strings.TrimSpace(joinDockerLines(in)))
		if len(fields) < 2 || !strings.EqualFold(fields[0], "ENV") {
			continue
		}
		src := Source{File: file, Line: in[0].line}
		if !strings.Contains(fields[1], "=") {
			if len(fields) >= 3 && envNameRe.MatchString(fields[1]) && !strings.Contains(fields[2], "$") {
				out = append(out, AuthorsEnv{fields[1], strings.Join(fields[2:], " "), src})
			}
			continue
		}
		for _, kv := range fields[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if ok && envNameRe.MatchString(k) && !strings.Contains(v, "$") {
				out = append(out, AuthorsEnv{k, v, src})
			}
		}
	}
	return out
}

// dockerWords splits an instruction's line at blanks outside quotes,
// dropping the quotes.
func dockerWords(s string) []string {
	var out []string
	var cur strings.Builder
	var quote rune
	in := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '"' || r == '\''):
			quote, in = r, true
		case quote == 0 && (r == ' ' || r == '\t'):
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}
