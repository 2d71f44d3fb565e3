package detect

// The project's WSGI module: a root wsgi.py, or a module of a root wsgi/
// package, that binds `application` at module level, PEP 3333's name for
// what a WSGI server imports (https://peps.python.org/pep-3333/); what
// serves a project whose console script is an admin CLI.
//
// The authors' WSGI file: a file named *.wsgi (mod_wsgi's and uWSGI's
// wsgi-file convention, https://modwsgi.readthedocs.io/en/master/user-guides/quick-configuration-guide.html)
// that binds `application`. Its name does not end in .py, so no server
// imports it; the image serves what it binds instead: the project's
// factory it calls bare (application = make_app()), or the object it
// imports (from pkg.web import app as application). It is the authors'
// word for what production serves, over an app object found by scanning.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// wsgiBindRe is the file's `application = name` or `application = name()`.
var wsgiBindRe = regexp.MustCompile(`^application\s*=\s*([A-Za-z_][\w.]*)\s*(\(\s*\))?\s*$`)

// authorsWSGIFile is the app the project's *.wsgi file serves, as a target
// a server imports, nil when there is none or it binds something pydock
// cannot name that way (a call with arguments, code of its own).
func authorsWSGIFile(fsys fs.FS, roots []string) *AppTarget {
	var files []string
	for _, r := range roots {
		dir := path.Clean("./" + r)
		_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				// An example's WSGI file deploys a demo, not the project.
				if p != dir && (pySkipDirs[d.Name()] || testsDir(d.Name()) || strings.HasPrefix(d.Name(), ".") || d.Name() == "docs" || exampleFolder(d.Name()) || strings.Count(p, "/") >= 5) {
					return fs.SkipDir
				}
				return nil
			}
			if path.Ext(p) == ".wsgi" && !contains(files, p) {
				files = append(files, p)
			}
			return nil
		})
	}
	sort.Strings(files)
	for _, file := range files {
		if t := wsgiFileTarget(fsys, roots, file); t != nil {
			return t
		}
	}
	return nil
}

// wsgiFileTarget reads one *.wsgi file's `application` binding.
func wsgiFileTarget(fsys fs.FS, roots []string, file string) *AppTarget {
	data, err := readBounded(fsys, file, maxPyFileSize, "WSGI files")
	if err != nil {
		return nil
	}
	lines := pyLines(data)
	imports := pyImports(lines)
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		m := wsgiBindRe.FindStringSubmatch(l.text)
		if l.indent != 0 || m == nil {
			continue
		}
		name, call := m[1], m[2] != ""
		for _, im := range imports {
			if im.from == "" || strings.HasPrefix(im.from, ".") || (im.alias != name && (im.alias != "" || im.name != name)) {
				continue
			}
			mf := moduleFileIn(fsys, roots, im.from)
			if mf == "" || !definesName(fsys, mf, im.name) {
				return nil
			}
			return &AppTarget{Module: im.from, Attr: im.name, Factory: call, Interface: InterfaceWSGI, Source: Source{File: file, Line: l.line}}
		}
		return nil
	}
	// from pkg.web import app as application
	for _, im := range imports {
		if im.from != "" && !strings.HasPrefix(im.from, ".") && im.alias == "application" {
			if mf := moduleFileIn(fsys, roots, im.from); mf != "" && definesName(fsys, mf, im.name) {
				return &AppTarget{Module: im.from, Attr: im.name, Interface: InterfaceWSGI, Source: Source{File: file}}
			}
		}
	}
	return nil
}

// useWSGIFile serves t, the target of the authors' WSGI file, in place of
// what scanning found, and says so.
func (f *Facts) useWSGIFile(fsys fs.FS, roots []string, t *AppTarget) {
	target := t.String()
	if t.Factory {
		target += "()"
	}
	note := fmt.Sprintf("serving %s, which the authors' WSGI file %s builds", target, t.Source)
	if a := f.App; a != nil {
		note += fmt.Sprintf(" (scanning found the %s app %s at %s: not what production serves)", f.Framework, a, a.Source)
	}
	f.Notes = append(f.Notes, note)
	f.App, f.AppDir = t, ""
	if mf := moduleFileIn(fsys, roots, t.Module); mf != "" && path.Dir(mf) != "." {
		f.AppDir = path.Dir(mf)
	}
	if f.Framework != FrameworkNone {
		f.FrameworkFrom = t.Source
	}
}

// wsgiModule is the application a root wsgi.py, or a module of a root
// wsgi/ package, binds, with a doubt naming the others when the package
// has several (a site, WebDAV, CalDAV each of its own).
func wsgiModule(fsys fs.FS, roots []string) (*AppTarget, []OtherApp) {
	var found []*AppTarget
	for _, r := range roots {
		dir := path.Clean("./" + r)
		files := []string{path.Join(dir, "wsgi.py")}
		if isRegularFile(fsys, path.Join(dir, "wsgi", "__init__.py")) {
			entries, _ := fs.ReadDir(fsys, path.Join(dir, "wsgi"))
			for _, e := range entries {
				if n := e.Name(); !e.IsDir() && path.Ext(n) == ".py" && n != "__init__.py" && isIdentifier(strings.TrimSuffix(n, ".py")) {
					files = append(files, path.Join(dir, "wsgi", n))
				}
			}
		}
		for _, file := range files {
			if !isRegularFile(fsys, file) || slices.ContainsFunc(found, func(t *AppTarget) bool { return t.Source.File == file }) {
				continue
			}
			if line := bindsApplication(fsys, file); line > 0 {
				module := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(file, dir+"/"), "./"), ".py")
				found = append(found, &AppTarget{Module: strings.ReplaceAll(module, "/", "."), Attr: "application", Interface: InterfaceWSGI, Source: Source{File: file, Line: line}})
			}
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	rank := func(t *AppTarget) int {
		if i := slices.Index(uwsgiPreferred, path.Base(strings.TrimSuffix(t.Source.File, ".py"))); i >= 0 {
			return i
		}
		return len(uwsgiPreferred)
	}
	sort.SliceStable(found, func(i, j int) bool { return rank(found[i]) < rank(found[j]) })
	// Each other module is a service of its own (a site's WebDAV, CalDAV).
	var others []OtherApp
	for _, t := range found[1:] {
		others = append(others, OtherApp{Target: *t, Run: t.Source, Bound: true})
	}
	return found[0], others
}

// applicationBindRe binds application at module level: an assignment, or
// an import under that name.
var applicationBindRe = regexp.MustCompile(`^(?:application\s*(?::[^=]*)?=[^=]|from\s+[\w.]+\s+import\s+(?:.*,\s*)?(?:application\b|\w+\s+as\s+application\b))`)

// bindsApplication is the line of file binding application at module
// level, 0 when there is none.
func bindsApplication(fsys fs.FS, file string) int {
	data, err := readPySource(fsys, file)
	if err != nil {
		return 0
	}
	for _, l := range pyLines(data) {
		if l.indent == 0 && applicationBindRe.MatchString(l.text) {
			return l.line
		}
	}
	return 0
}

// scriptsShowService says whether any console script's code shows a
// service (a command that serves or loops, or one chosen by its name).
func scriptsShowService(fsys fs.FS, roots []string, scripts []Script) bool {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	return slices.ContainsFunc(scripts, func(sc Script) bool { return r.readScript(sc) != nil })
}

// exampleFolder is a folder of examples: examples/, example/, example_*.
func exampleFolder(name string) bool {
	return name == "examples" || name == "example" || strings.HasPrefix(name, "example_") || strings.HasPrefix(name, "examples_")
}
