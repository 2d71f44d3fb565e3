package detect

// A health route whose handler checks backing services is a readiness
// check: it is red whenever a database, a search engine or another API is
// down or absent from compose, while the process itself is fine. The probe
// is liveness only, so such a route is passed over.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

var (
	// What a handler does when it checks a backing service: a query, a
	// ping, a connection, an outbound request, a health-check library's
	// registered checks, a database session injected into the route.
	readinessMarkRe = regexp.MustCompile(`\.(?:execute|ping|server_info|add_check|cursor|connect)\s*\(|\brequests\.(?:get|post|head)\s*\(|\bhttpx\.|\burlopen\s*\(|\bClientSession\s*\(|\bDepends\s*\(\s*get_(?:db|session)\b|\bHealthCheck\s*\(`)
	// The handler named after a route's path: add_route("/health", HealthResource()).
	handlerArgRe = regexp.MustCompile(`["']\s*,\s*(?:view\s*=\s*)?([A-Za-z_][\w.]*)`)
	defOrClassRe = regexp.MustCompile(`^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)`)
)

// readinessCheck says what service check the handler of the route declared
// at line makes ("" when none is seen): in its own body, or in a module the
// body imports (from shop.health import health; health.run()).
func readinessCheck(fsys fs.FS, roots []string, file, mod string, lines []pyLine, line int) string {
	body := handlerBody(lines, line)
	for _, l := range body {
		if m := readinessMarkRe.FindString(l.text); m != "" {
			return fmt.Sprintf("%s at %s:%d", strings.TrimSpace(m), file, l.line)
		}
	}
	isPkg := strings.HasSuffix(file, "__init__.py")
	for _, im := range pyImports(body) {
		if im.from == "" {
			continue
		}
		target := absImport(mod, isPkg, im.from)
		for _, root := range roots {
			f := moduleFile(fsys, root, target)
			if f == "" {
				continue
			}
			data, err := readPySource(fsys, f)
			if err != nil {
				continue
			}
			for _, l := range pyLines(data) {
				if m := readinessMarkRe.FindString(l.text); m != "" {
					return fmt.Sprintf("%s at %s:%d", strings.TrimSpace(m), f, l.line)
				}
			}
		}
	}
	return ""
}

// handlerBody is the def under a route decorator at line, or the def or
// class a route call at line names as its handler; nil when unknown.
func handlerBody(lines []pyLine, line int) []pyLine {
	at := -1
	for i, l := range lines {
		if l.line == line {
			at = i
			break
		}
	}
	if at < 0 {
		return nil
	}
	def := -1
	if strings.HasPrefix(lines[at].text, "@") {
		for j := at + 1; j < len(lines) && j <= at+8; j++ {
			if defOrClassRe.MatchString(lines[j].text) {
				def = j
				break
			}
			if !strings.HasPrefix(lines[j].text, "@") {
				break
			}
		}
	} else if m := handlerArgRe.FindStringSubmatch(lines[at].text); m != nil {
		name := m[1][strings.LastIndex(m[1], ".")+1:]
		for j, l := range lines {
			if d := defOrClassRe.FindStringSubmatch(l.text); d != nil && d[1] == name {
				def = j
				break
			}
		}
	}
	if def < 0 {
		return nil
	}
	end := def + 1
	for end < len(lines) && lines[end].indent > lines[def].indent {
		end++
	}
	return lines[def:end] // the def line too: Depends(get_session) is in its signature
}
