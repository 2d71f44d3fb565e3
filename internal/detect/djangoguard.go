package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

var (
	// if not os.path.isfile(LOCAL): / if not exists(join(BASE_DIR,
	// "local_settings.py")): raise ...: the settings stop unless a file
	// is there.
	fileGuardRe = regexp.MustCompile(`^if\s+not\s+(?:os\.path\.|path\.)?(?:isfile|exists)\(\s*(.+?)\s*\)\s*:\s*(.*)$`)
	// A module-level name given an expression (the guarded path's name).
	nameAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(.+)$`)
)

// guardedModule is a Python file the settings refuse to load without (a
// module-level `if not os.path.isfile(f): raise`), which the checkout
// lacks: the settings import it by name once it is there.
type guardedModule struct {
	module, file string // local_settings, local_settings.py (fsys path)
	source       Source
}

// guardedModules reads the settings file for the files it raises without,
// when the file is a Python module under root that the checkout does not
// have: the deployment makes it (from a template beside it, when the
// repository commits one).
func guardedModules(fsys fs.FS, root, file string) []guardedModule {
	data, err := readPySource(fsys, file)
	if err != nil {
		return nil
	}
	lines := pyLines(data)
	bases := map[string]string{}
	names := map[string]string{}
	var out []guardedModule
	for i, l := range lines {
		if l.indent != 0 {
			continue
		}
		trackBases(bases, file, l)
		m := fileGuardRe.FindStringSubmatch(l.text)
		if m == nil {
			if a := nameAssignRe.FindStringSubmatch(l.text); a != nil {
				if _, seen := names[a[1]]; !seen {
					names[a[1]] = a[2] // the default; a branch may change it, the guard reads this
				}
			}
			continue
		}
		raises := strings.HasPrefix(m[2], "raise")
		if m[2] == "" && i+1 < len(lines) && lines[i+1].indent > 0 {
			raises = strings.HasPrefix(lines[i+1].text, "raise")
		}
		if !raises {
			continue
		}
		expr := m[1]
		if e, ok := names[expr]; ok {
			expr = e
		}
		p, ok := resolvePath(bareJoinRe.ReplaceAllString(expr, "${1}os.path.join("), bases)
		if !ok || path.IsAbs(p) || !strings.HasSuffix(p, ".py") || strings.HasPrefix(path.Clean(p), "..") {
			continue
		}
		p = path.Clean(p)
		if isRegularFile(fsys, p) {
			continue
		}
		rel := p
		if root != "" && root != "." {
			if !strings.HasPrefix(p, root+"/") {
				continue // not importable from the settings' root
			}
			rel = strings.TrimPrefix(p, root+"/")
		}
		out = append(out, guardedModule{
			module: strings.ReplaceAll(strings.TrimSuffix(rel, ".py"), "/", "."),
			file:   p,
			source: Source{File: file, Line: l.line},
		})
	}
	return out
}

// addGuardedModules makes each guarded module from its template the way an
// unconditional import's is (localModule), and blocks collectstatic on one
// nothing can make.
func (dj *Django) addGuardedModules(fsys fs.FS, root, file string) {
	for _, g := range guardedModules(fsys, root, file) {
		dir := path.Dir(g.file)
		name := strings.TrimSuffix(path.Base(g.file), ".py")
		var files []string
		if entries, err := fs.ReadDir(fsys, dir); err == nil {
			for _, e := range entries {
				if !e.IsDir() {
					files = append(files, path.Join(dir, e.Name()))
				}
			}
		}
		b := StaticBlocker{Kind: "missing-module", What: "the file check", Module: g.module, Source: g.source, Ignored: gitIgnores(fsys, g.file)}
		if t := pickTemplate(files, name); t != "" {
			b.Variants = []string{t}
			if runsAsCommitted(fsys, t) {
				dj.addLocalModule(LocalModule{Module: g.module, File: g.file, Template: t, Source: g.source, Dev: devTemplate(fsys, t), Guarded: true})
				continue
			}
		}
		dj.addBlocker(b)
	}
}
