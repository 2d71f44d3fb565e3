package detect

// A WSGI application built at import from the configuration an environment
// variable names (isso's run.py: `application = make_app(config.load(
// default_file(), os.environ.get("ISSO_SETTINGS")))`): a server imports it
// as it is, the variable pointing at the user's configuration. It is what
// the image serves when the console script would need a configuration
// file outside the project (isso's -c default /etc/isso.cfg), which the
// image does not have.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

var (
	// application = make_app(… os.environ.get("ISSO_SETTINGS") …), one
	// logical line: `application` is the WSGI servers' default name
	// (https://docs.gunicorn.org/en/stable/run.html: module:variable,
	// "application" by default; mod_wsgi's WSGICallableObject).
	envAppRe = regexp.MustCompile(`^(application)\s*=\s*[A-Za-z_][\w.]*\s*\(.*\b(?:environ\.get|getenv)\s*\(\s*["']([A-Z][A-Z0-9_]*)["']`)
	// A configuration option whose default is a file under /etc:
	// add_argument("-c", dest="conf", default="/etc/isso.cfg").
	etcConfigOptionRe = regexp.MustCompile(`\b(?:add_argument|option)\s*\(\s*["'](?:-c|--conf\w*|-C)["'].*?\bdefault\s*=\s*["'](/etc/[^"']+)["']`)
)

// EnvApp is a WSGI application built at import from the configuration a
// variable names.
type EnvApp struct {
	Target AppTarget `json:"target"`
	Env    string    `json:"env"` // the variable naming the configuration
}

// findEnvApp finds the first module-level WSGI application built from a
// variable's configuration under the roots.
func findEnvApp(fsys fs.FS, roots []string) *EnvApp {
	var found *EnvApp
	_ = walkPython(fsys, roots, func(file, module string, data []byte) {
		if found != nil || module == "" || !strings.Contains(string(data), "application") {
			return
		}
		for _, l := range pyLines(data) {
			if m := envAppRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
				found = &EnvApp{Target: AppTarget{Module: module, Attr: m[1], Interface: InterfaceWSGI, Source: Source{File: file, Line: l.line}}, Env: m[2]}
				return
			}
		}
	})
	return found
}

// scriptNeedsEtcConfig is the first console script whose module declares a
// configuration option defaulting to a file under /etc, and where.
func scriptNeedsEtcConfig(fsys fs.FS, scripts []Script, roots []string) (Script, string, Source, bool) {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	for _, sc := range scripts {
		mod, _, _ := strings.Cut(sc.Target, ":")
		file := r.moduleFile(strings.TrimSpace(mod))
		if file == "" {
			continue
		}
		for _, l := range r.lines(file) {
			if m := etcConfigOptionRe.FindStringSubmatch(l.text); m != nil {
				return sc, m[1], Source{File: file, Line: l.line}, true
			}
		}
	}
	return Script{}, "", Source{}, false
}

// envAppNote says why the application is served rather than the script.
func envAppNote(a *EnvApp, sc Script, cfg string, at Source) string {
	return fmt.Sprintf("serving %s, built at import from the configuration %s names (%s), rather than the console script %s: its configuration option defaults to %s (%s), a file the image does not have; set %s to your configuration file", a.Target, a.Env, a.Target.Source, sc.Name, cfg, at, a.Env)
}
