package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// celeryAppRe is a module-level assignment of a Celery application:
// `app = Celery("proj")`, `celery: Celery = celery.Celery(...)`.
var celeryAppRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:celery\s*\.\s*)?Celery\s*\(`)

// djangoSettingsRe is a Celery app configured from Django's settings:
// app.config_from_object("django.conf:settings", namespace="CELERY").
// Source: docs.celeryq.dev/en/stable/django/first-steps-with-django.html
var djangoSettingsRe = regexp.MustCompile(`\.config_from_object\(\s*["']django\.conf:settings["']`)

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// celeryNotAppDirs hold code that is not the service's: a Celery app there
// is a test's or an example's, and the image's working directory may not
// even import it.
var celeryNotAppDirs = []string{"tests", "test", "testing", "docs", "doc", "examples", "example", "scripts", "benchmarks"}

// findCeleryApps finds the Celery applications the project's modules build
// at import, in file order: what `celery -A module:attr worker` loads. An
// app is `x = Celery(...)` at module level, or `x = make_celery()` calling
// a function of the project that builds a Celery and returns it (Flask's
// documented pattern), or `x = ProjectCelery(...)` instantiating the
// project's own subclass of Celery; a factory nobody calls at import
// builds nothing.
func findCeleryApps(fsys fs.FS, roots []string) []AppTarget {
	// found is an app in walk order; a factory call (fn set) is an app only
	// once the walk has seen that the function builds a Celery.
	type found struct {
		target    AppTarget
		fnMod, fn string
	}
	var (
		all              []found
		factories        = map[string]bool{} // module + ":" + function
		djangoConfigured = map[string]bool{} // files that configure an app from Django's settings
	)
	_ = walkPython(fsys, roots, func(file, module string, data []byte) {
		if isTestFile(file) || slices.ContainsFunc(strings.Split(path.Dir(file), "/"), func(d string) bool { return slices.Contains(celeryNotAppDirs, d) }) {
			return
		}
		if djangoSettingsRe.Match(data) {
			djangoConfigured[file] = true
		}
		lines := pyLines(data)
		imports := pyImports(lines)
		var names map[string]string
		if strings.Contains(string(data), "Celery") {
			names = ctorNames(imports, []string{"celery.Celery"})
		}
		inBody := -1
		for i, l := range lines {
			if inBody >= 0 && l.indent > inBody {
				continue
			}
			inBody = -1
			if m := defRe.FindStringSubmatch(l.text); m != nil {
				if _, ok := factoryOf(lines[i+1:], l.indent, names); ok {
					factories[module+":"+m[1]] = true
				}
				inBody = l.indent
				continue
			}
			if m := classDefRe.FindStringSubmatch(l.text); m != nil {
				// A subclass of Celery: an instance of it is an app,
				// as a factory's result is.
				if _, ok := names[m[2]]; ok && l.indent == 0 {
					factories[module+":"+m[1]] = true
				}
				inBody = l.indent
				continue
			}
			if l.indent != 0 {
				continue
			}
			if m := celeryAppRe.FindStringSubmatch(l.text); m != nil {
				all = append(all, found{target: AppTarget{Module: module, Attr: m[1], Source: Source{File: file, Line: l.line}}})
				return
			}
			if m := assignCallRe.FindStringSubmatch(l.text); m != nil {
				fnMod, fn := resolveCallee(module, strings.HasSuffix(file, "__init__.py"), imports, m[2])
				all = append(all, found{AppTarget{Module: module, Attr: m[1], Source: Source{File: file, Line: l.line}}, fnMod, fn})
			}
		}
	})
	// The app configured from Django's settings is the one the Celery-Django
	// docs build and a worker runs: it comes first.
	slices.SortStableFunc(all, func(a, b found) int {
		return boolRank(djangoConfigured[b.target.Source.File]) - boolRank(djangoConfigured[a.target.Source.File])
	})
	var out []AppTarget
	for _, f := range all {
		if f.fn != "" && !factories[f.fnMod+":"+f.fn] {
			continue
		}
		// One app per module: the first it builds.
		if slices.ContainsFunc(out, func(t AppTarget) bool { return t.Module == f.target.Module }) {
			continue
		}
		out = append(out, f.target)
	}
	return out
}
