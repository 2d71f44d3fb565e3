package detect

import (
	"regexp"
	"strings"
)

// WorkerQueues is a Celery worker the authors' own compose file runs on
// named queues only: `celery -A App worker -Q Queues`.
type WorkerQueues struct {
	App    string `json:"app"`
	Queues string `json:"queues"` // as written: a,b
	Source Source `json:"source"`
}

var (
	// A service's key in a compose file: two spaces, a name, a colon.
	composeServiceRe = regexp.MustCompile(`^  [A-Za-z0-9_.-]+:\s*$`)
	// entrypoint: or command: with its value on the same line.
	composeCmdRe = regexp.MustCompile(`^\s+(entrypoint|command):\s*(\S.*?)\s*$`)
	// A queue list Celery takes: names, commas.
	queueListRe = regexp.MustCompile(`^[A-Za-z0-9_.:-]+(?:,[A-Za-z0-9_.:-]+)*$`)
)

// ReadWorkerQueues reads a compose file of the authors' for Celery workers
// started with -Q/--queues, from each service's entrypoint and command
// written on one line (a string or a [list]). A file pydock generated is
// not the authors'.
func ReadWorkerQueues(file string, data []byte) []WorkerQueues {
	if generatedByPydock(data) {
		return nil
	}
	var out []WorkerQueues
	var entry []string
	for i, l := range strings.Split(string(data), "\n") {
		if composeServiceRe.MatchString(l) {
			entry = nil
			continue
		}
		m := composeCmdRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		words := composeWords(m[2])
		if m[1] == "entrypoint" {
			entry = words
			continue
		}
		app, queues := celeryQueues(append(append([]string{}, entry...), words...))
		if app != "" && queueListRe.MatchString(queues) {
			out = append(out, WorkerQueues{App: app, Queues: queues, Source: Source{File: file, Line: i + 1}})
		}
	}
	return out
}

// composeWords splits a one-line compose command: a flow list of quoted
// words, or a string compose splits on blanks.
func composeWords(v string) []string {
	if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
		// Commas inside a quoted word ("--queues=a,b") are the word's.
		var out []string
		var w strings.Builder
		quote := rune(0)
		for _, r := range v[1 : len(v)-1] {
			switch {
			case quote != 0 && r == quote:
				quote = 0
			case quote != 0:
				w.WriteRune(r)
			case r == '"' || r == '\'':
				quote = r
			case r == ',':
				out = append(out, strings.TrimSpace(w.String()))
				w.Reset()
			default:
				w.WriteRune(r)
			}
		}
		return append(out, strings.TrimSpace(w.String()))
	}
	return strings.Fields(strings.Trim(v, `"'`))
}

// celeryQueues finds `-A app worker ... -Q list` in a command's words.
func celeryQueues(words []string) (app, queues string) {
	worker := false
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case w == "-A" || w == "--app":
			app = next
		case strings.HasPrefix(w, "--app="):
			app = strings.TrimPrefix(w, "--app=")
		case w == "worker":
			worker = true
		case w == "-Q" || w == "--queues":
			queues = next
		case strings.HasPrefix(w, "--queues="):
			queues = strings.TrimPrefix(w, "--queues=")
		}
	}
	if !worker {
		return "", ""
	}
	return app, queues
}
