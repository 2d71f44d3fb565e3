package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// layout is where the build configuration puts the project's import
// packages, read without running anything: the folders the packages are
// imported from (Roots, "" for the project root) and the package folders
// and module files the backend ships (Packages, Modules), all relative to
// the project. A name the configuration maps to another folder name
// (package_dir = {"app" = "lib/core"}) is not an import root.
type layout struct {
	Backend  string // setuptools, hatch, poetry, pdm
	Roots    []string
	Packages []string // folders, as declared (they may be missing)
	Modules  []string // py_modules files, as declared
	// Find is true when the backend discovers packages under Roots
	// (packages = find:, find_packages, packages.find); Where are the
	// folders it looks in, as declared, and Base is setuptools' folder
	// for the root package (package_dir {"": …}).
	Find  bool
	Where []string
	Base  string
	From  Source
}

func (l *layout) addRoot(r string) {
	r = cleanRel(r)
	if r != ".." && !strings.HasPrefix(r, "../") && !contains(l.Roots, r) {
		l.Roots = append(l.Roots, r)
	}
}

// addPackage records a shipped package folder and its import root (the
// folder above it).
func (l *layout) addPackage(dir string) {
	dir = cleanRel(dir)
	if dir == "" || strings.HasPrefix(dir, "../") || strings.ContainsAny(dir, "*?[") {
		return
	}
	if !contains(l.Packages, dir) {
		l.Packages = append(l.Packages, dir)
	}
	l.addRoot(cleanRel(path.Dir(dir)))
}

func cleanRel(p string) string {
	p = path.Clean(strings.TrimPrefix(strings.TrimSpace(p), "./"))
	if p == "." || p == "/" {
		return ""
	}
	return strings.TrimPrefix(p, "/")
}

// readLayout reads the layout the project's build backend declares.
func readLayout(fsys fs.FS) *layout {
	var raw map[string]any
	backend := ""
	if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "pyproject.toml"); err == nil && toml.Unmarshal(data, &raw) == nil {
		backend, _ = table(raw, "build-system")["build-backend"].(string)
	}
	tool := table(raw, "tool")
	l := &layout{}
	switch family := backendFamily(backend); {
	case family == "hatch":
		l.Backend = "hatch"
		hatchLayout(l, tool)
	case family == "poetry":
		l.Backend = "poetry"
		poetryLayout(l, tool)
	case family == "pdm":
		l.Backend = "pdm"
		if dir, ok := table(table(tool, "pdm"), "build")["package-dir"].(string); ok {
			l.addRoot(dir)
			l.Find = true
			l.From = Source{File: "pyproject.toml"}
		}
	case family == "setuptools" || backend == "" && (isRegularFile(fsys, "setup.py") || isRegularFile(fsys, "setup.cfg")):
		l.Backend = "setuptools"
		setuptoolsLayout(fsys, l, table(tool, "setuptools"))
	}
	return l
}

// hatchLayout reads [tool.hatch.build] and its wheel target: packages
// (folders shipped under their last name) and sources (prefixes removed).
func hatchLayout(l *layout, tool map[string]any) {
	build := table(table(tool, "hatch"), "build")
	for _, t := range []map[string]any{build, table(table(build, "targets"), "wheel")} {
		for _, p := range stringList(t["packages"]) {
			l.addPackage(p)
			l.From = Source{File: "pyproject.toml"}
		}
		switch src := t["sources"].(type) {
		case []any:
			for _, s := range stringList(src) {
				l.addRoot(s)
				l.From = Source{File: "pyproject.toml"}
			}
		case map[string]any:
			for _, k := range sortedKeys(src) {
				if v, _ := src[k].(string); v == "" {
					l.addRoot(k)
					l.From = Source{File: "pyproject.toml"}
				}
			}
		}
	}
}

// poetryLayout reads [tool.poetry] packages = [{include, from}].
func poetryLayout(l *layout, tool map[string]any) {
	pkgs, _ := table(tool, "poetry")["packages"].([]any)
	for _, e := range pkgs {
		t, _ := e.(map[string]any)
		inc, _ := t["include"].(string)
		from, _ := t["from"].(string)
		if inc == "" {
			continue
		}
		l.From = Source{File: "pyproject.toml"}
		if strings.HasSuffix(inc, ".py") {
			l.Modules = append(l.Modules, cleanRel(path.Join(from, inc)))
			l.addRoot(from)
			continue
		}
		l.addPackage(path.Join(from, inc))
	}
}

var (
	setupPyPackageDir = regexp.MustCompile(`\bpackage_dir\s*=\s*\{([^}]*)\}`)
	setupPyDictPair   = regexp.MustCompile(`["']([^"'\n]*)["']\s*:\s*["']([^"'\n]*)["']`)
	setupPyFind       = regexp.MustCompile(`\bpackages\s*=\s*(?:setuptools\.)?find_(?:namespace_)?packages\s*\(\s*(?:where\s*=\s*)?(?:["']([^"'\n]*)["'])?`)
	setupPyPackages   = regexp.MustCompile(`\bpackages\s*=\s*`)
	setupPyModules    = regexp.MustCompile(`\bpy_modules\s*=\s*`)
)

// setuptoolsLayout reads package_dir, packages and py_modules from
// [tool.setuptools], setup.cfg's [options] and setup.py's literal
// arguments, in that order of precedence.
func setuptoolsLayout(fsys fs.FS, l *layout, st map[string]any) {
	dirs := map[string]string{} // package name ("" for the root) → folder
	var names []string          // packages = [...], dotted
	var from Source
	var where []string
	find := false
	if len(st) > 0 {
		from = Source{File: "pyproject.toml"}
		if pd, ok := st["package-dir"].(map[string]any); ok {
			for k, v := range pd {
				if s, ok := v.(string); ok {
					dirs[k] = s
				}
			}
		}
		switch p := st["packages"].(type) {
		case []any:
			names = stringList(p)
		case map[string]any:
			find = true
			where = stringList(table(p, "find")["where"])
		}
		for _, m := range stringList(st["py-modules"]) {
			l.Modules = append(l.Modules, m)
		}
		if len(dirs) == 0 && names == nil && !find && len(l.Modules) == 0 {
			from = Source{}
		}
	}
	if from.File == "" && isRegularFile(fsys, "setup.cfg") {
		if data, err := readBounded(fsys, "setup.cfg", maxManifestSize, "manifests"); err == nil {
			ini := parseINI(data)
			opts := ini["options"]
			if pd, ok := opts["package_dir"]; ok {
				from = Source{File: "setup.cfg", Line: pd.Line}
				for _, line := range iniLines(pd.Value) {
					if k, v, ok := strings.Cut(line, "="); ok {
						dirs[strings.TrimSpace(k)] = strings.TrimSpace(v)
					}
				}
			}
			if p, ok := opts["packages"]; ok {
				from = Source{File: "setup.cfg", Line: p.Line}
				if v := strings.TrimSpace(p.Value); strings.HasPrefix(v, "find:") || strings.HasPrefix(v, "find_namespace:") {
					find = true
					if w, ok := ini["options.packages.find"]["where"]; ok {
						where = iniLines(w.Value)
					}
				} else {
					names = iniLines(strings.ReplaceAll(p.Value, ",", "\n"))
				}
			}
			if m, ok := opts["py_modules"]; ok {
				from = Source{File: "setup.cfg", Line: m.Line}
				l.Modules = append(l.Modules, iniLines(strings.ReplaceAll(m.Value, ",", "\n"))...)
			}
		}
	}
	if from.File == "" && isRegularFile(fsys, "setup.py") {
		if data, err := readBounded(fsys, "setup.py", maxManifestSize, "manifests"); err == nil {
			src := string(stripPyComments(data))
			if m := setupPyPackageDir.FindStringSubmatch(src); m != nil {
				from = Source{File: "setup.py"}
				for _, kv := range setupPyDictPair.FindAllStringSubmatch(m[1], -1) {
					dirs[kv[1]] = kv[2]
				}
			}
			if m := setupPyFind.FindStringSubmatch(src); m != nil {
				from, find = Source{File: "setup.py"}, true
				if m[1] != "" {
					where = []string{m[1]}
				}
			} else if loc := setupPyPackages.FindStringIndex(src); loc != nil {
				if items, ok := pyStringList([]byte(src[loc[1]:])); ok {
					from = Source{File: "setup.py"}
					for _, it := range items {
						names = append(names, it.s)
					}
				}
			}
			if loc := setupPyModules.FindStringIndex(src); loc != nil {
				if items, ok := pyStringList([]byte(src[loc[1]:])); ok {
					from = Source{File: "setup.py"}
					for _, it := range items {
						l.Modules = append(l.Modules, it.s)
					}
				}
			}
		}
	}
	if from.File == "" {
		return
	}
	l.From, l.Find = from, find
	base := cleanRel(dirs[""])
	l.Base = base
	if find {
		if len(where) == 0 {
			where = []string{base}
		}
		for _, w := range where {
			l.addRoot(w)
			l.Where = append(l.Where, cleanRel(w))
		}
	} else if _, ok := dirs[""]; ok {
		l.addRoot(base)
	}
	for _, n := range names {
		top, _, _ := strings.Cut(n, ".")
		if top != n {
			continue // a subpackage ships with its top-level package
		}
		if d, ok := dirs[n]; ok {
			if path.Base(cleanRel(d)) == n {
				l.addPackage(d)
			} else if !contains(l.Packages, cleanRel(d)) {
				l.Packages = append(l.Packages, cleanRel(d))
			}
			continue
		}
		l.addPackage(path.Join(base, n))
	}
	for _, n := range sortedKeys(dirs) {
		if n != "" && !strings.Contains(n, ".") && !contains(names, n) && path.Base(cleanRel(dirs[n])) == n {
			l.addPackage(dirs[n]) // package_dir alone names the folder
		}
	}
	for i, m := range l.Modules {
		l.Modules[i] = cleanRel(path.Join(base, strings.ReplaceAll(m, ".", "/")+".py"))
	}
}

// stripPyComments blanks # comments outside string literals, keeping
// offsets, so a commented-out argument is no evidence.
func stripPyComments(src []byte) []byte {
	out := []byte(string(src))
	var quote byte
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote || c == '\n' {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			for i < len(out) && out[i] != '\n' {
				out[i] = ' '
				i++
			}
		}
	}
	return out
}

func stringList(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// sourceRoots are the folders detection looks for code in, most specific
// first: the declared import roots, src/, then the project root.
func (l *layout) sourceRoots(fsys fs.FS) []string {
	var out []string
	for _, r := range l.Roots {
		if r != "" && isDir(fsys, r) && !contains(out, r) {
			out = append(out, r)
		}
	}
	if isDir(fsys, "src") && !contains(out, "src") {
		out = append(out, "src")
	}
	return append(out, "")
}

// rootOf returns the import root a module's file was found under: file
// minus the module's own path ("src/web/main.py", "web.main" → "src").
func rootOf(file, module string) string {
	rel := strings.ReplaceAll(module, ".", "/")
	for _, suffix := range []string{rel + ".py", rel + "/__init__.py", rel + "/__main__.py", rel} {
		if r, ok := strings.CutSuffix(file, suffix); ok && (r == "" || strings.HasSuffix(r, "/")) {
			return strings.TrimSuffix(r, "/")
		}
	}
	return ""
}
