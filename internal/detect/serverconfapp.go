package detect

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// The app the authors' uWSGI configuration serves, when the code builds
// none pydock can find: an ini file anywhere in the project (deploy/,
// docker/uwsgi/) whose [uwsgi] section names a module
// (https://uwsgi-docs.readthedocs.io/en/latest/Options.html#module),
// its own or an installed distribution's (a framework whose app factory
// assembles the project from entry points, as Invenio's invenio_app.wsgi_ui
// does). The image serves that module with its own HTTP bind, not the
// file: a socket = line there speaks uwsgi's protocol to a proxy in front.

var (
	uwsgiModuleRe   = regexp.MustCompile(`^module\s*=\s*([A-Za-z_][\w.]*)(?::([A-Za-z_]\w*))?\s*$`)
	uwsgiCallableRe = regexp.MustCompile(`^callable\s*=\s*([A-Za-z_]\w*)\s*$`)
	uwsgiWSGIFileRe = regexp.MustCompile(`^wsgi-file\s*=\s*["']?([^"'\s]+)["']?\s*$`)
)

// uwsgiPreferred orders several configured apps: a file named for the
// site before one named for an API (the UI is what a browser opens).
var uwsgiPreferred = []string{"ui", "web", "site", "app", "wsgi"}

// configuredApp is the app the project's uWSGI ini files name whose module
// the image has (under the roots, or an installed dependency's), with a
// doubt when several do.
func configuredApp(fsys fs.FS, f *Facts, roots []string) (*AppTarget, string) {
	var found []*AppTarget
	for _, p := range uwsgiConfigFiles(fsys) {
		if t := uwsgiIniApp(fsys, f, roots, p); t != nil {
			found = append(found, t)
		}
	}
	if len(found) == 0 {
		return nil, ""
	}
	rank := func(t *AppTarget) int {
		base := strings.TrimSuffix(path.Base(t.Source.File), ".ini")
		for i, w := range uwsgiPreferred {
			for _, part := range strings.FieldsFunc(base, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
				if part == w {
					return i
				}
			}
		}
		return len(uwsgiPreferred)
	}
	sort.SliceStable(found, func(i, j int) bool { return rank(found[i]) < rank(found[j]) })
	unsure := ""
	if len(found) > 1 {
		var others []string
		for _, t := range found[1:] {
			others = append(others, fmt.Sprintf("%s (%s)", t, t.Source))
		}
		unsure = fmt.Sprintf("the project's uWSGI files name several apps: serving %s (%s), not %s; pass --app to choose, and run the others as services of their own", found[0], found[0].Source, strings.Join(others, ", "))
	}
	return found[0], unsure
}

// uwsgiIniApp reads one ini file's [uwsgi] section (or a YAML file's
// uwsgi: mapping): its module, else its wsgi-file
// (https://uwsgi-docs.readthedocs.io/en/latest/Options.html#wsgi-file), nil
// when it names none the image has.
func uwsgiIniApp(fsys fs.FS, f *Facts, roots []string, file string) *AppTarget {
	data, err := readBounded(fsys, file, maxConfigFile, "config files")
	if err != nil {
		return nil
	}
	var t *AppTarget
	callable, wsgiFile, wsgiLine := "", "", 0
	for _, l := range uwsgiSectionLines(data, path.Ext(file) != ".ini") {
		line := l.text
		if m := uwsgiModuleRe.FindStringSubmatch(line); m != nil && t == nil {
			t = &AppTarget{Module: m[1], Attr: m[2], Interface: InterfaceWSGI, Source: Source{File: file, Line: l.line}}
		}
		if m := uwsgiCallableRe.FindStringSubmatch(line); m != nil {
			callable = m[1]
		}
		if m := uwsgiWSGIFileRe.FindStringSubmatch(line); m != nil && wsgiFile == "" {
			wsgiFile, wsgiLine = m[1], l.line
		}
	}
	if t == nil && wsgiFile != "" {
		return uwsgiFileApp(fsys, roots, wsgiFile, callable, Source{File: file, Line: wsgiLine})
	}
	if t == nil {
		return nil
	}
	if t.Attr == "" {
		t.Attr = "application" // uWSGI's default callable
		if callable != "" {
			t.Attr = callable
		}
	}
	top, _, _ := strings.Cut(t.Module, ".")
	for _, r := range roots {
		if file := moduleFile(fsys, r, t.Module); file != "" {
			if definesName(fsys, file, t.Attr) {
				return t
			}
			return nil
		}
	}
	if f.IsInstalled(importDist(top)) {
		return t
	}
	return nil
}

// uwsgiFileApp is the app of the file a wsgi-file option names: the
// project's file at the end of that path (the deployment's checkout is
// elsewhere: /srv/board/board/serve.py is board/serve.py), its callable
// (application by default), or what a *.wsgi file binds.
func uwsgiFileApp(fsys fs.FS, roots []string, named, callable string, at Source) *AppTarget {
	parts := strings.Split(strings.Trim(path.Clean("/"+named), "/"), "/")
	for i := range parts {
		file := strings.Join(parts[i:], "/")
		if !isRegularFile(fsys, file) {
			continue
		}
		if path.Ext(file) == ".wsgi" {
			t := wsgiFileTarget(fsys, roots, file)
			if t != nil {
				t.Source = at
			}
			return t
		}
		attr := "application"
		if callable != "" {
			attr = callable
		}
		for _, r := range roots {
			if m := moduleName(r, file); m != "" && moduleFile(fsys, r, m) == file && definesName(fsys, file, attr) {
				return &AppTarget{Module: m, Attr: attr, Interface: InterfaceWSGI, Source: at}
			}
		}
		return nil
	}
	return nil
}
