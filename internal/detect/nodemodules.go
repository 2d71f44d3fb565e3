package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Front-end packages that are installed, not built: a package.json in a
// folder the app serves, whose node_modules the templates load files from
// (url_for('static', filename='node_modules/…'), {% static
// 'node_modules/…' %}). The image installs its lock in a node stage and
// copies node_modules there, as a build's output would be.

const (
	maxTemplateFiles = 3000
	maxTemplateSize  = 1 << 20
)

var (
	// templateExts are the files that reference static URLs: HTML and
	// the template engines' own extensions.
	templateExts = []string{".html", ".htm", ".jinja", ".jinja2", ".j2", ".njk", ".tpl"}
	// nodeModulesRefRe is a path into node_modules and the package it
	// names (@scope/name or name).
	nodeModulesRefRe = regexp.MustCompile(`\bnode_modules/((?:@[\w.-]+/)?[\w.-]+)/`)
)

// moduleRef is the first reference of the templates to a package's files
// in node_modules.
type moduleRef struct {
	name string
	at   Source
}

// templateModuleRefs lists the packages the project's templates load from
// a node_modules folder, each with its first reference.
func templateModuleRefs(fsys fs.FS) []moduleRef {
	var refs []moduleRef
	n := 0
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != "." && (pySkipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if !slices.Contains(templateExts, path.Ext(p)) || !d.Type().IsRegular() {
			return nil
		}
		if n++; n > maxTemplateFiles {
			return fs.SkipAll
		}
		data, err := readBounded(fsys, p, maxTemplateSize, "templates")
		if err != nil {
			return nil
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range nodeModulesRefRe.FindAllStringSubmatch(line, -1) {
				if !slices.ContainsFunc(refs, func(r moduleRef) bool { return r.name == m[1] }) {
					refs = append(refs, moduleRef{name: m[1], at: Source{File: p, Line: i + 1}})
				}
			}
		}
		return nil
	})
	return refs
}

// flaskStaticDirs are the static folders of the project's Flask apps
// (committed or not): static_folder when given, else "static" beside the
// module that creates the app (Flask's default).
func flaskStaticDirs(fsys fs.FS) []servedDir {
	var out []servedDir
	roots := readLayout(fsys).sourceRoots(fsys)
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !flaskStaticRe.Match(data) {
			return
		}
		vars := map[string]startPath{}
		for _, l := range pyLines(data) {
			if l.indent == 0 {
				if m := moduleAssignRe.FindStringSubmatch(l.text); m != nil {
					if sp, ok := resolveStartPath(strings.TrimSpace(m[2]), file, vars); ok {
						vars[m[1]] = sp
					}
				}
			}
			if !flaskStaticRe.MatchString(l.text) {
				continue
			}
			dir := path.Join(path.Dir(file), "static")
			if loc := staticFolderRe.FindStringIndex(l.text); loc != nil {
				sp, ok := resolveStartPath(pyExpr(l.text[loc[1]:]), file, vars)
				if !ok {
					continue
				}
				dir = sp.path
				if !sp.beside && !path.IsAbs(dir) {
					dir = path.Join(path.Dir(file), dir)
				}
			}
			dir = path.Clean(dir)
			if fs.ValidPath(dir) && dir != "." {
				out = append(out, servedDir{Dir: dir, What: "the Flask app's static folder", Source: Source{File: file, Line: l.line}})
			}
		}
	})
	return out
}

// readServedModules records, as node builds with no build script, the
// package.json files in a folder the app serves whose node_modules (not
// in the checkout) the templates load files from; one without a lock is a
// NodeMissing.
func readServedModules(fsys fs.FS, f *Facts) {
	done := map[string]bool{}
	for _, b := range f.NodeBuilds {
		done[b.Manifest] = true
	}
	var served []servedDir
	var refs []moduleRef
	for _, m := range findPackageJSONs(fsys) {
		if done[m] || isDir(fsys, path.Join(path.Dir(m), "node_modules")) {
			continue
		}
		if served == nil {
			served = flaskStaticDirs(fsys)
			if f.Django != nil {
				served = append(served, f.Django.appStatics...)
			}
			if len(served) == 0 {
				return
			}
			if refs = templateModuleRefs(fsys); len(refs) == 0 {
				return
			}
		}
		dir := path.Dir(m)
		i := slices.IndexFunc(served, func(s servedDir) bool { return s.Dir == dir })
		if i < 0 {
			continue
		}
		np := readNodeProject(fsys, m)
		if np.data == nil {
			continue
		}
		var names []string
		var at Source
		for _, r := range refs {
			_, dep := np.pkg.Dependencies[r.name]
			_, dev := np.pkg.DevDependencies[r.name]
			if dep || dev {
				if len(names) == 0 {
					at = r.at
				}
				names = append(names, r.name)
			}
		}
		if len(names) == 0 {
			continue
		}
		out := path.Join(dir, "node_modules")
		what := dir + ", " + served[i].What + " (" + served[i].Source.String() + ")"
		b := &NodeBuild{Dir: dir, Manifest: m, Out: out, Target: out, OutFrom: Source{File: m},
			OutWhy: "the install puts the packages of its dependencies there (https://docs.npmjs.com/cli/v10/configuring-npm/folders#node-modules)",
			Served: "the templates (" + at.String() + ") load " + strings.Join(names, ", ") + " from node_modules in " + what, ServedFrom: at}
		for _, s := range []string{"preinstall", "install", "postinstall", "prepare"} {
			if _, ok := np.pkg.Scripts[s]; ok {
				b.Lifecycle = append(b.Lifecycle, s)
			}
		}
		if blocked := np.setInstall(fsys, b); blocked != "" {
			f.NodeMissing = append(f.NodeMissing, NodeMissing{Dir: out, What: "node_modules the templates load", Source: at, Manifest: m, Why: blocked})
			continue
		}
		f.NodeBuilds = append(f.NodeBuilds, *b)
	}
}
