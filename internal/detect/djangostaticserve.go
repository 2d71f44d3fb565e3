package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Who serves the files collectstatic gathers: Django itself serves
// STATIC_URL only under DEBUG (static() and staticfiles_urlpatterns()
// return no route otherwise), and the WSGI/ASGI servers pydock runs serve
// no files. Something in the project must: a static-files middleware or
// application wrapper, or a serve view on STATIC_ROOT. Without one, the
// pages load without their CSS and JavaScript in production.

// StaticGap is a site whose collected static files nothing serves.
type StaticGap struct {
	// URL is STATIC_URL as a literal ("" when computed), Root STATIC_ROOT
	// relative to the site's folder ("" when pydock cannot resolve it).
	URL    string `json:"url,omitempty"`
	Root   string `json:"root,omitempty"`
	RootAt Source `json:"root_source"`
	// DebugOnly is the urls line adding static routes, which Django
	// serves only under DEBUG.
	DebugOnly *Source `json:"debug_only,omitempty"`
}

// staticServerRow is one way a project serves its static files in
// production; adding one is a row here.
type staticServerRow struct {
	Pattern *regexp.Regexp
	Source  string
}

var staticServerRows = []staticServerRow{
	{regexp.MustCompile(`\bWhiteNoiseMiddleware\b|\bWhiteNoise\s*\(|\bDjangoWhiteNoise\s*\(`), "https://whitenoise.readthedocs.io/en/stable/django.html"},
	{regexp.MustCompile(`\bServeStaticMiddleware\b|\bServeStatic(?:ASGI)?\s*\(`), "https://archmonger.github.io/ServeStatic/latest/django/"},
	{regexp.MustCompile(`\bCling\s*\(|\bMediaCling\s*\(`), "https://github.com/heroku-python/dj-static#usage"},
	{regexp.MustCompile(`\b(?:ASGI)?StaticFilesHandler\s*\(`), "https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/ (the handler runserver wraps the app in)"},
	// django.views.static.serve on STATIC_ROOT serves whatever DEBUG is.
	// (static() takes a document_root too, but routes only under DEBUG.)
	{regexp.MustCompile(`\bserve\b[^\n]*["']?document_root["']?\s*[:=]\s*settings\.STATIC_ROOT`), "https://docs.djangoproject.com/en/stable/ref/views/#serving-files-in-development"},
}

var (
	staticURLRe = regexp.MustCompile(`^STATIC_URL\s*(?::[^=]*)?=\s*(.*)$`)
	// static(settings.STATIC_URL, …) and staticfiles_urlpatterns(): routes
	// only under DEBUG (https://docs.djangoproject.com/en/stable/ref/urls/#static).
	debugStaticRe = regexp.MustCompile(`\bstaticfiles_urlpatterns\s*\(|\bstatic\s*\(\s*settings\.STATIC_URL`)
)

// readStaticGap records, for a site that collects static files at build,
// that nothing of the project serves them (nil when something does, or
// STATIC_URL is a full URL: another host serves them). The settings are
// read in fsys, the code searched in outer, the whole project, whose
// path to fsys is prefix.
func readStaticGap(fsys fs.FS, dj *Django, root, file string, outer fs.FS, prefix string) *StaticGap {
	if !dj.StaticRoot {
		return nil
	}
	gap := &StaticGap{}
	bases := map[string]string{}
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		if l.indent != 0 {
			return
		}
		trackBases(bases, file, l)
		if m := staticURLRe.FindStringSubmatch(l.text); m != nil {
			gap.URL = ""
			if s := pyStringRe.FindStringSubmatch(strings.TrimSpace(m[1])); s != nil && s[0] == strings.TrimSpace(m[1]) {
				gap.URL = s[1] + s[2]
			}
		}
		if m := staticRootRe.FindStringSubmatch(l.text); m != nil {
			gap.Root, gap.RootAt = "", Source{File: path.Join(prefix, file), Line: l.line}
			if p, ok := resolvePath(m[1], bases); ok && fs.ValidPath(path.Clean(p)) {
				gap.Root = path.Clean(p) // './static/' is the working directory's
			}
		}
	})
	if strings.Contains(gap.URL, "://") || strings.HasPrefix(gap.URL, "//") {
		return nil
	}
	if gap.URL != "" && !strings.HasPrefix(gap.URL, "/") {
		gap.URL = "/" + gap.URL // Django prefixes SCRIPT_NAME, "/" at the root
	}
	dj.StaticURL = gap.URL
	served := false
	_ = walkPython(outer, nil, func(file, _ string, data []byte) {
		if served {
			return
		}
		for _, r := range staticServerRows {
			if r.Pattern.Match(data) {
				served = true
				return
			}
		}
		if gap.DebugOnly == nil && debugStaticRe.Match(data) {
			for _, l := range pyLines(data) {
				if debugStaticRe.MatchString(l.text) {
					gap.DebugOnly = &Source{File: file, Line: l.line}
					break
				}
			}
		}
	})
	if served {
		return nil
	}
	return gap
}
