package detect

// Health routes already declared in the source: the HEALTHCHECK reuses one
// when it is a liveness route, and the wired pydock snippet is found here.

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// healthPriority ranks the health paths pydock reuses: liveness first.
var healthPriority = map[string]int{
	"healthz": 0, "health": 1, "livez": 2, "liveness": 2, "healthcheck": 3, "health-check": 3, "health_check": 3,
	"ping": 4, "readyz": 5, "readiness": 5,
}

var (
	// @app.get("/health"), @router.get(path="/healthz"), @bp.route('/ping'), @get("/health")
	routeDecoratorRe = regexp.MustCompile(`^@\s*(?:([\w.]+)\.)?(?:get|route|api_route)\s*\(\s*(?:(?:path|rule)\s*=\s*)?[rRuU]?["']([^"']*)["']`)
	// Route("/healthz", ...) (Starlette), app.add_url_rule / add_api_route /
	// aiohttp add_get / add_route("GET", ...), web.get / web.route("GET", ...).
	routeCallRes = []*regexp.Regexp{
		regexp.MustCompile(`(?:^|[^\w.])Route\s*\(\s*(?:path\s*=\s*)?[rRuU]?["']([^"']*)["']`),
		regexp.MustCompile(`\.(?:add_get|add_api_route|add_url_rule|add_route)\s*\(\s*(?:["'](?:GET|get|\*)["']\s*,\s*)?[rRuU]?["']([^"']*)["']`),
		regexp.MustCompile(`\bweb\.(?:get|view)\s*\(\s*[rRuU]?["']([^"']*)["']`),
		regexp.MustCompile(`\bweb\.route\s*\(\s*["'](?:GET|\*)["']\s*,\s*[rRuU]?["']([^"']*)["']`),
	}
	// methods=["POST"] on a route: a probe's GET gets 405 unless GET is
	// among them (Flask, FastAPI's api_route, add_url_rule).
	routeMethodsRe = regexp.MustCompile(`\bmethods\s*=\s*[\[({]([^\]})]*)[\]})]`)
	routeGetRe     = regexp.MustCompile(`(?i)["']GET["']`)
	// Django: path("healthz/", ...), re_path(r"^healthz/?$", ...), url(r"^ping$", ...).
	djangoRouteRe = regexp.MustCompile(`(?:^|[^\w.])(re_path|path|url)\s*\(\s*(?:route\s*=\s*)?[rR]?["']([^"']*)["']`)
	// router = APIRouter(prefix="/api"), bp = Blueprint(..., url_prefix="/v1"), Router(path="/api").
	routerAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*[\w.]*(APIRouter|Blueprint|Router)\s*\((.*)$`)
	prefixArgRe    = regexp.MustCompile(`\b(?:url_prefix|prefix)\s*=\s*[rRuU]?["']([^"']*)["']`)
	pathArgRe      = regexp.MustCompile(`\bpath\s*=\s*[rRuU]?["']([^"']*)["']`)
	// Tornado's URL table: (r"/healthcheck", Handler) and url(r"/", Handler).
	tornadoRouteRes = []*regexp.Regexp{
		regexp.MustCompile(`\(\s*[rRuU]?["'](\^?/[^"']*)["']\s*,\s*[A-Za-z_][\w.]*\s*[,)]`),
		regexp.MustCompile(`(?:^|[^\w.])url\s*\(\s*[rRuU]?["'](\^?/[^"']*)["']`),
	}
	// application = health_check(application, "/health/"): a helper that
	// wraps the app object and answers the path itself, before the app.
	healthWrapperRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*=\s*[\w.]*(?i:health)\w*\s*\(\s*.+?\s*,\s*(?:\w+\s*=\s*)?[rRuU]?["'](/[^"']*)["']\s*\)\s*$`)
	// HEALTH_ENDPOINT = "/health", also in a class of defaults.
	healthConstRe = regexp.MustCompile(`^([A-Z0-9_]*HEALTH[A-Z0-9_]*(?:ENDPOINT|PATH|URL|ROUTE))\s*(?::[^=]*)?=\s*[rRuU]?["'](/[^"']*)["']`)
	// A route registered under a name, not a literal:
	// app.route(config.health_endpoint, "GET", ...), @app.get(HEALTH_PATH).
	routeByNameRe = regexp.MustCompile(`(?:\.(?:route|get|add_url_rule|add_api_route|add_route|api_route)|^@[\w.]*\.(?:get|route))\s*\(\s*(?:(?:path|rule)\s*=\s*)?([A-Za-z_][\w.]*)\s*[,)]`)
)

// findHealthRoute finds an existing health endpoint declared in the source,
// preferring liveness-style paths (/healthz, /health, /livez, /ping, /readyz).
func findHealthRoute(fsys fs.FS, roots []string) *HealthRoute {
	h, _ := findHealthRouteWhy(fsys, roots, "")
	return h
}

// findHealthRouteWhy is findHealthRoute, with the reason a better-ranked
// route was passed over: mounted under a prefix the source does not spell
// out, its URL is unknown, and probing a guess would fail on every image.
// urlconf is Django's ROOT_URLCONF: its include() chain gives the Django
// routes and their prefixes ("" reads every urls file as served at /).
func findHealthRouteWhy(fsys fs.FS, roots []string, urlconf string) (*HealthRoute, string) {
	mounts := findMounts(fsys, roots)
	var djangoRoutes []djangoRoute
	chained := false
	if urlconf != "" {
		djangoRoutes, chained = djangoURLRoutes(fsys, roots, urlconf)
	}
	for _, r := range djangoRoutes {
		if r.mount != nil {
			mounts.calls = append(mounts.calls, *r.mount)
		}
	}
	var best *HealthRoute
	bestPrio := len(healthPriority)
	skipped, skippedPrio := "", len(healthPriority)
	type constant struct {
		name, path string
		src        Source
	}
	var consts []constant
	usedNames := map[string]bool{}
	_ = walkPython(fsys, roots, func(file, mod string, data []byte) {
		if !containsHealthWord(data) {
			return
		}
		for _, l := range pyLines(data) {
			if m := healthConstRe.FindStringSubmatch(l.text); m != nil {
				consts = append(consts, constant{m[1], m[2], Source{File: file, Line: l.line}})
			}
			if m := routeByNameRe.FindStringSubmatch(l.text); m != nil {
				usedNames[strings.ToLower(m[1][strings.LastIndex(m[1], ".")+1:])] = true
			}
		}
		var lines []pyLine
		scanRoutesOf(file, data, !chained, func(r ownedRoute) {
			// Any prefix: /api/v1/health is as good a liveness route as /health.
			key := strings.Trim(r.path, "/")
			key = key[strings.LastIndex(key, "/")+1:]
			prio, ok := healthPriority[key]
			if !ok || prio >= bestPrio {
				return
			}
			if lines == nil {
				lines = pyLines(data)
			}
			if why := notLiveness(handlerChecks(fsys, roots, file, mod, lines, handlerDef(lines, r.src.Line))); why != "" {
				if prio < skippedPrio {
					skipped, skippedPrio = fmt.Sprintf("the route %s at %s %s", r.path, r.src, why), prio
				}
				return
			}
			prefix, why := mounts.prefix(mod, r, 0)
			if why != "" {
				if prio < skippedPrio {
					skipped, skippedPrio = fmt.Sprintf("the route %s at %s is mounted under %s, so the HEALTHCHECK checks the port", r.path, r.src, why), prio
				}
				return
			}
			best, bestPrio = &HealthRoute{Path: joinRoute(prefix, r.path), Source: r.src}, prio
			if r.wraps != "" {
				best.Wraps = mod + ":" + r.wraps
			}
		})
	})
	for _, r := range djangoRoutes {
		if r.mount != nil {
			continue
		}
		key := strings.Trim(r.full, "/")
		prio, ok := healthPriority[key[strings.LastIndex(key, "/")+1:]]
		if !ok || prio > bestPrio || prio == bestPrio && routeDepth(r.full) >= routeDepth(best.Path) {
			continue // of two alike, the shallower is the one meant for probes
		}
		if r.why != "" {
			if prio < skippedPrio {
				skipped, skippedPrio = fmt.Sprintf("the route %s at %s is included under %s, so the HEALTHCHECK checks the port", r.full, r.src, r.why), prio
			}
			continue
		}
		if why := notLiveness(djangoViewChecks(fsys, roots, r)); why != "" {
			if prio < skippedPrio {
				skipped, skippedPrio = fmt.Sprintf("the route %s at %s %s", r.full, r.src, why), prio
			}
			continue
		}
		best, bestPrio = &HealthRoute{Path: r.full, Source: r.src}, prio
	}
	// A path constant counts once a route is registered under its name.
	for _, c := range consts {
		key := strings.Trim(c.path, "/")
		prio, ok := healthPriority[key[strings.LastIndex(key, "/")+1:]]
		if ok && prio < bestPrio && usedNames[strings.ToLower(c.name)] {
			best, bestPrio = &HealthRoute{Path: c.path, Source: c.src}, prio
		}
	}
	if skippedPrio < bestPrio {
		return best, skipped
	}
	return best, ""
}

// scanRoutes calls consider for every GET route the file declares, with
// the prefix of the router it is declared on.
func scanRoutes(file string, data []byte, consider func(string, Source)) {
	scanOwnedRoutes(file, data, func(r ownedRoute) { consider(joinRoute(r.ownerPrefix, r.path), r.src) })
}

// ownedRoute is a route and the router, blueprint or app object it is
// declared on ("" for a route table or a Django urls file).
type ownedRoute struct {
	path, owner, ownerPrefix, ownerKind string
	// wraps is the module-level object a wrapper route answers in front of.
	wraps string
	src   Source
}

func scanOwnedRoutes(file string, data []byte, consider func(ownedRoute)) {
	scanRoutesOf(file, data, true, consider)
}

// scanRoutesOf is scanOwnedRoutes; withDjango false leaves out Django's
// path() routes, which the include() chain from ROOT_URLCONF gives instead.
func scanRoutesOf(file string, data []byte, withDjango bool, consider func(ownedRoute)) {
	lines := pyLines(data)
	django, tornado := false, false
	for _, im := range pyImports(lines) {
		if m := im.from + im.module; m == "django" || strings.HasPrefix(m, "django.") {
			django = true
		}
		if m := im.from + im.module; m == "tornado" || strings.HasPrefix(m, "tornado.") {
			tornado = true
		}
	}
	prefixes, kinds := map[string]string{}, map[string]string{}
	for _, l := range lines {
		src := Source{File: file, Line: l.line}
		if m := routerAssignRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			kinds[m[1]] = m[2]
			if p := prefixArgRe.FindStringSubmatch(m[3]); p != nil {
				prefixes[m[1]] = p[1]
			} else if p := pathArgRe.FindStringSubmatch(m[3]); p != nil && m[2] == "Router" {
				prefixes[m[1]] = p[1]
			}
			continue
		}
		if m := routeMethodsRe.FindStringSubmatch(l.text); m != nil && !routeGetRe.MatchString(m[1]) {
			continue // POST-only: not a route the probe can ask
		}
		if m := routeDecoratorRe.FindStringSubmatch(l.text); m != nil {
			// A router mounted under a prefix serves /api/health, not /health.
			consider(ownedRoute{path: m[2], owner: m[1], ownerPrefix: prefixes[m[1]], ownerKind: kinds[m[1]], src: src})
			continue
		}
		for _, re := range routeCallRes {
			if m := re.FindStringSubmatch(l.text); m != nil {
				consider(ownedRoute{path: m[1], src: src})
			}
		}
		if m := healthWrapperRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			consider(ownedRoute{path: m[2], wraps: m[1], src: src})
		}
		if tornado {
			for _, re := range tornadoRouteRes {
				for _, m := range re.FindAllStringSubmatch(l.text, -1) {
					if p, ok := plainRegexRoute(m[1]); ok {
						consider(ownedRoute{path: p, src: src})
					}
				}
			}
		}
		if django && withDjango {
			for _, m := range djangoRouteRe.FindAllStringSubmatch(l.text, -1) {
				p := m[2]
				if m[1] != "path" {
					var ok bool
					if p, ok = plainRegexRoute(p); !ok {
						continue
					}
				}
				consider(ownedRoute{path: p, src: src})
			}
		}
	}
}

// wiredSnippet finds pydock's own health snippet in dir once the project's
// code uses it (imports it, or includes it in Django's urls): its liveness
// route then exists, and the probe can ask it. nil while it is unwired.
func wiredSnippet(fsys fs.FS, roots []string, dir string) *HealthRoute {
	file := path.Join(dir, "health.py")
	data, err := readPySource(fsys, file)
	if err != nil || !generatedByPydock(data) {
		return nil
	}
	var module string
	for _, r := range append(slices.Clone(roots), "") {
		if module = moduleName(r, file); module != "" {
			break
		}
	}
	if module == "" {
		return nil
	}
	wired := false
	_ = walkPython(fsys, roots, func(f, mod string, src []byte) {
		if wired || !bytes.Contains(src, []byte("health")) {
			return
		}
		for _, q := range []string{`"`, `'`} {
			// include("mysite.health"), or "mysite.health.LivenessMiddleware"
			// in MIDDLEWARE.
			if bytes.Contains(src, []byte(q+module+q)) || bytes.Contains(src, []byte(q+module+".")) {
				wired = true
			}
		}
		if wired {
			return
		}
		isPkg := strings.HasSuffix(f, "__init__.py")
		for _, im := range pyImports(pyLines(src)) {
			from := absImport(mod, isPkg, im.from)
			if im.module == module || (im.from != "" && (from == module || (from == parentModule(module) && im.name == "health"))) {
				wired = true
				return
			}
		}
	})
	if !wired {
		return nil
	}
	var best *HealthRoute
	bestPrio := len(healthPriority)
	scanRoutes(file, data, func(p string, src Source) {
		key := strings.Trim(p, "/")
		key = key[strings.LastIndex(key, "/")+1:]
		if prio, ok := healthPriority[key]; ok && prio < bestPrio && key != "readyz" {
			best, bestPrio = &HealthRoute{Path: p, Snippet: true, Source: src}, prio
		}
	})
	return best
}

// containsHealthWord is a cheap filter before tokenizing a file.
func containsHealthWord(data []byte) bool {
	for k := range healthPriority {
		if bytes.Contains(data, []byte(k)) {
			return true
		}
	}
	return false
}

// joinRoute puts a router prefix before a route and makes it absolute.
func joinRoute(prefix, route string) string {
	p := strings.TrimSuffix(prefix, "/") + "/" + strings.TrimPrefix(route, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// plainRegexRoute turns a Django regex route with no real pattern in it
// (^healthz/?$) into the path a probe requests (healthz/).
func plainRegexRoute(re string) (string, bool) {
	re = strings.TrimPrefix(re, "^")
	re = strings.TrimSuffix(re, "$")
	if s, ok := strings.CutSuffix(re, "/?"); ok {
		re = s + "/"
	}
	if strings.ContainsAny(re, `^$()[]{}*+?|\.`) {
		return "", false
	}
	return re, true
}

// entryCandidates are the conventional names of a plain script's entry point.
var entryCandidates = []string{"main.py", "app.py", "bot.py", "run.py", "server.py", "worker.py", "__main__.py"}

// entryExcluded are root files with a __main__ guard that are never the
// program: Django's manage.py, packaging/test tooling, and the installer a
// project runs once before it (facefusion's install.py).
var entryExcluded = map[string]bool{"manage.py": true, "setup.py": true, "conftest.py": true, "noxfile.py": true,
	"install.py": true, "installer.py": true}

// routeDepth is the number of segments of a path.
func routeDepth(p string) int {
	return len(strings.FieldsFunc(p, func(r rune) bool { return r == '/' }))
}
