package e2e

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// hostUnresolved are the lines a download tool prints when a name does not
// resolve (curl and git, wget, urllib3 2): this machine reaches no internet
// but the package mirror and the distributions' archives.
var hostUnresolved = regexp.MustCompile(`Could not resolve host: ([A-Za-z0-9.-]+)|unable to resolve host address '([^']+)'|Failed to resolve '([^']+)'`)

// internetHost is the first host a build log could not resolve, or "": an
// authors' file that downloads an installer or a tool at build is not
// comparable here, and the step it breaks may be a later one (curl piped
// into python3 succeeds on empty input; the next step finds no poetry).
func internetHost(log string) string {
	m := hostUnresolved.FindStringSubmatch(log)
	for _, h := range m[min(1, len(m)):] {
		if h != "" {
			return h
		}
	}
	return ""
}

// fullPythonTag says a python:* reference names the full image (FROM
// buildpack-deps: compilers, headers, VCS) rather than -slim: its stand-in
// is the slim one with those packages (provision.sh full).
func fullPythonTag(ref string) bool {
	ref, _, _ = strings.Cut(ref, "@")
	i := strings.LastIndex(ref, ":")
	if i < 0 || !strings.HasSuffix(ref[:i], "python") {
		return false
	}
	tag := ref[i+1:]
	return !strings.Contains(tag, "slim") && !strings.Contains(tag, "alpine") && !strings.Contains(tag, "windows")
}

// sideBySide is a project whose authors' image was built beside pydock's.
type sideBySide struct {
	Project       string
	MB, AuthorsMB float64
}

// sideBySideLine says how many projects are side by side and on how many
// pydock's image is no larger, compared as the table shows sizes (to the
// MB), each with its sizes to a tenth.
func sideBySideLine(rows []sideBySide) string {
	const head = "Side by side (the authors' file built beside pydock's): "
	if len(rows) == 0 {
		return head + "no project.\n"
	}
	var le, gt []string
	for _, r := range rows {
		s := fmt.Sprintf("%s %.1f vs %.1f MB", r.Project, r.MB, r.AuthorsMB)
		if math.Round(r.MB) <= math.Round(r.AuthorsMB) {
			le = append(le, s)
		} else {
			gt = append(gt, s)
		}
	}
	n := fmt.Sprintf("%d projects", len(rows))
	if len(rows) == 1 {
		n = "1 project"
	}
	out := fmt.Sprintf("%s%s; pydock's image no larger on %d", head, n, len(le))
	if len(le) > 0 {
		out += " (" + strings.Join(le, ", ") + ")"
	}
	out += fmt.Sprintf(", larger on %d", len(gt))
	if len(gt) > 0 {
		out += " (" + strings.Join(gt, ", ") + ")"
	}
	return out + ".\n"
}
