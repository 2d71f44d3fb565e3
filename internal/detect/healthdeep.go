package detect

// A health route whose handler checks backing services is a readiness
// check: it is red whenever a database, a search engine or another API is
// down or absent from compose, while the process itself is fine. The probe
// is liveness only, so such a route is passed over.

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

var (
	// What a handler does when it checks a backing service: a query, a
	// ping, a connection, an outbound request, a health-check library's
	// registered checks, a database session injected into the route.
	// A connection to a mail, file or shell server through the standard
	// library's clients (https://docs.python.org/3/library/smtplib.html,
	// imaplib, poplib, ftplib) or a raw socket is one too.
	readinessMarkRe = regexp.MustCompile(`\.(?:execute|ping|server_info|add_check|cursor|connect|ensure_connection)\s*\(|\.objects\.|\brequests\.(?:get|post|head)\s*\(|\bhttpx\.|\burlopen\s*\(|\bClientSession\s*\(|\bDepends\s*\(\s*get_(?:db|session)\b|\bHealthCheck\s*\(|\b(?:aio)?smtplib\.SMTP(?:_SSL)?\s*\(|\bimaplib\.IMAP4(?:_SSL)?\s*\(|\bpoplib\.POP3(?:_SSL)?\s*\(|\bftplib\.FTP(?:_TLS)?\s*\(|\bsocket\.create_connection\s*\(`)
	// A call's function or method name: postman.smtp_ok( is smtp_ok.
	calledNameRe = regexp.MustCompile(`([A-Za-z_]\w*)\s*\(`)
	// The handler named after a route's path: add_route("/health", HealthResource()).
	handlerArgRe = regexp.MustCompile(`["']\s*,\s*(?:view\s*=\s*)?([A-Za-z_][\w.]*)`)
	defOrClassRe = regexp.MustCompile(`^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)`)
)

// readinessCheck says what service check the handler of the route declared
// at line makes ("" when none is seen): in its own body, or in a module the
// body imports (from shop.health import health; health.run()).
func readinessCheck(fsys fs.FS, roots []string, file, mod string, lines []pyLine, line int) string {
	ready, _ := handlerChecks(fsys, roots, file, mod, lines, handlerDef(lines, line))
	return ready
}

// handlerChecks reads the handler defined at lines[def] (its decorators,
// signature and body): the service check it makes (ready) and the
// credential it demands (cred), each as "what at file:line", "" when none.
func handlerChecks(fsys fs.FS, roots []string, file, mod string, lines []pyLine, def int) (ready, cred string) {
	if def < 0 {
		return "", ""
	}
	first := def
	for first > 0 && strings.HasPrefix(lines[first-1].text, "@") {
		first--
	}
	end := def + 1
	for end < len(lines) && lines[end].indent > lines[def].indent {
		end++
	}
	for _, l := range lines[first:end] {
		if m := readinessMarkRe.FindString(l.text); m != "" && ready == "" {
			ready = fmt.Sprintf("%s at %s:%d", strings.TrimSpace(m), file, l.line)
		}
		if m := credentialMark(l); m != "" && cred == "" {
			cred = fmt.Sprintf("%s at %s:%d", m, file, l.line)
		}
	}
	if ready != "" {
		return ready, cred
	}
	body := lines[def:end]
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
					return fmt.Sprintf("%s at %s:%d", strings.TrimSpace(m), f, l.line), cred
				}
			}
		}
	}
	return calledCheck(fsys, roots, file, mod, lines, body, 2, map[string]bool{}), cred
}

// calledCheck follows the calls in body to the functions and methods they
// name, defined in file or in a module of the project file imports at its
// top, depth calls deep: the service check one of them makes ("" when
// none). A handler that builds a client from an imported class and calls
// its check (postman.smtp_ok()) makes the connection in another module.
func calledCheck(fsys fs.FS, roots []string, file, mod string, lines, body []pyLine, depth int, seen map[string]bool) string {
	if depth == 0 {
		return ""
	}
	called := map[string]bool{}
	for _, l := range body[1:] {
		for _, m := range calledNameRe.FindAllStringSubmatch(l.text, -1) {
			called[m[1]] = true
		}
	}
	if len(called) == 0 {
		return ""
	}
	type source struct {
		file, mod string
		lines     []pyLine
	}
	sources := []source{{file, mod, lines}}
	var add func(t, name string, reexport bool)
	add = func(t, name string, reexport bool) {
		f := moduleFileIn(fsys, roots, t)
		if f == "" || f == file || slices.ContainsFunc(sources, func(s source) bool { return s.file == f }) {
			return
		}
		data, err := readPySource(fsys, f)
		if err != nil {
			return
		}
		src := source{f, t, pyLines(data)}
		sources = append(sources, src)
		if !reexport || !strings.HasSuffix(f, "__init__.py") {
			return
		}
		// from services import check_db, which services/__init__.py
		// imports from the module that defines it.
		for _, im := range pyImports(src.lines) {
			if im.from != "" && im.name == name {
				add(absImport(t, true, im.from), "", false)
			}
		}
	}
	isPkg := strings.HasSuffix(file, "__init__.py")
	for _, im := range pyImports(lines) {
		if im.from == "" {
			add(im.module, "", false)
			continue
		}
		from := absImport(mod, isPkg, im.from)
		add(from, im.name, called[im.name] || called[im.alias])
		add(from+"."+im.name, "", false)
	}
	for _, src := range sources {
		for i, l := range src.lines {
			d := defNameRe.FindStringSubmatch(l.text)
			if d == nil || !called[d[1]] || seen[src.file+":"+d[1]] {
				continue
			}
			seen[src.file+":"+d[1]] = true
			end := i + 1
			for end < len(src.lines) && src.lines[end].indent > l.indent {
				end++
			}
			for _, b := range src.lines[i:end] {
				if m := readinessMarkRe.FindString(b.text); m != "" {
					return fmt.Sprintf("%s at %s:%d", strings.TrimSpace(m), src.file, b.line)
				}
			}
			if r := calledCheck(fsys, roots, src.file, src.mod, src.lines, src.lines[i:end], depth-1, seen); r != "" {
				return r
			}
		}
	}
	return ""
}

// notLiveness says why a handler with these checks is no liveness probe
// ("" when it is one).
func notLiveness(ready, cred string) string {
	switch {
	case cred != "":
		return "demands a credential (" + cred + "), so it answers the probe 401 or 403"
	case ready != "":
		return "checks backing services (" + ready + "), a readiness check that fails while the process is fine, so the HEALTHCHECK does not use it for liveness"
	}
	return ""
}

// credentialMark is what on a handler's line demands a credential: a
// decorator that requires a login, a permission or a key, DRF
// permission_classes other than AllowAny, a key or Authorization header
// compared, a FastAPI dependency that verifies one. "" when none.
func credentialMark(l pyLine) string {
	t := l.text
	if strings.HasPrefix(t, "@") {
		if m := credentialDecoratorRe.FindString(t); m != "" && !openAccessRe.MatchString(t) {
			return m
		}
	}
	if m := permissionClassesRe.FindStringSubmatch(t); m != nil && !openAccessRe.MatchString(m[1]) {
		return "permission_classes = " + m[1]
	}
	return strings.TrimSpace(credentialMarkRe.FindString(t))
}

var (
	// @login_required, @permission_classes([IsAuthenticated]),
	// @require_api_key, @jwt_required(), @staff_member_required
	credentialDecoratorRe = regexp.MustCompile(`(?i)^@[\w.]*(?:login_required|permission_required|permission_classes|user_passes_test|staff_member_required|superuser_required|auth\w*_required|requires?_auth\w*|\w*api_?key\w*|\w*token_required|jwt_required|authenticated)\b`)
	// permission_classes = [IsAuthenticated] on a DRF view.
	permissionClassesRe = regexp.MustCompile(`^permission_classes\s*(?::[^=]*)?=\s*(.+)$`)
	// ([]), (AllowAny,), [permissions.AllowAny]: nothing demanded.
	openAccessRe = regexp.MustCompile(`AllowAny|\(\s*\[\s*\]\s*\)|\(\s*\(\s*\)\s*\)|^[\[(]\s*[\])]$`)
	// A key or Authorization header checked in the body, a FastAPI
	// Security() or a dependency named for verifying one.
	credentialMarkRe = regexp.MustCompile(`(?i)\bHTTP_AUTHORIZATION\b|\brequest\.headers(?:\.get\s*\(|\[)\s*["'][^"']*(?:auth|key|token)|\bcompare_digest\s*\(|\.is_authenticated\b|\bHTTP_X_\w*(?:KEY|TOKEN)\b|\bSecurity\s*\(|\bDepends\s*\(\s*[\w.]*(?:auth|key|token|user|login|verify)`)
)

// handlerDef is the index of the def under a route decorator at line, or
// of the def or class a route call at line names as its handler; -1 when
// unknown.
func handlerDef(lines []pyLine, line int) int {
	at := -1
	for i, l := range lines {
		if l.line == line {
			at = i
			break
		}
	}
	if at < 0 {
		return -1
	}
	if strings.HasPrefix(lines[at].text, "@") {
		for j := at + 1; j < len(lines) && j <= at+8; j++ {
			if defOrClassRe.MatchString(lines[j].text) {
				return j
			}
			if !strings.HasPrefix(lines[j].text, "@") {
				break
			}
		}
	} else if m := handlerArgRe.FindStringSubmatch(lines[at].text); m != nil {
		return defNamed(lines, m[1][strings.LastIndex(m[1], ".")+1:])
	}
	return -1
}

// defNamed is the index of the module-level def or class name; -1 if none.
func defNamed(lines []pyLine, name string) int {
	for j, l := range lines {
		if d := defOrClassRe.FindStringSubmatch(l.text); d != nil && d[1] == name && l.indent == 0 {
			return j
		}
	}
	return -1
}
