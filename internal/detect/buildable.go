package detect

import (
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// buildConfig is what decides whether a clean checkout can build the
// project's wheel: the package the backend ships, files it force-includes,
// and where its version comes from.
type buildConfig struct {
	Project *struct {
		Name    string   `toml:"name"`
		Dynamic []string `toml:"dynamic"`
	} `toml:"project"`
	BuildSystem *struct {
		Requires     []string `toml:"requires"`
		BuildBackend string   `toml:"build-backend"`
	} `toml:"build-system"`
	Tool struct {
		Poetry *struct {
			Name     string `toml:"name"`
			Packages []struct {
				Include string `toml:"include"`
				From    string `toml:"from"`
			} `toml:"packages"`
		} `toml:"poetry"`
		Hatch *struct {
			Version *struct {
				Source string `toml:"source"`
			} `toml:"version"`
			Build *struct {
				hatchSelection
				Targets *struct {
					Wheel *hatchSelection `toml:"wheel"`
				} `toml:"targets"`
			} `toml:"build"`
		} `toml:"hatch"`
		PDM *struct {
			Version *struct {
				Source string `toml:"source"`
			} `toml:"version"`
		} `toml:"pdm"`
	} `toml:"tool"`
}

// vcsVersionVars are the variables each VCS-version plugin reads instead of
// asking git (the build context has no .git): set from a build argument.
var vcsVersionVars = []struct {
	plugin string // a build requirement naming the plugin
	vars   []string
}{
	{"setuptools-scm", []string{"SETUPTOOLS_SCM_PRETEND_VERSION"}},
	{"setuptools_scm", []string{"SETUPTOOLS_SCM_PRETEND_VERSION"}},
	{"hatch-vcs", []string{"SETUPTOOLS_SCM_PRETEND_VERSION"}},
	{"pdm-backend", []string{"PDM_BUILD_SCM_VERSION"}},
	{"poetry-dynamic-versioning", []string{"POETRY_DYNAMIC_VERSIONING_BYPASS"}},
	{"uv-dynamic-versioning", []string{"UV_DYNAMIC_VERSIONING_BYPASS"}},
}

// checkBuildable decides whether the wheel the backend would build exists
// in a clean checkout. It returns why not ("" when it can), and the
// variables a VCS version needs.
func checkBuildable(fsys fs.FS, l *layout) (why string, vcsVars []string) {
	data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "pyproject.toml")
	if err != nil {
		return "", nil
	}
	var c buildConfig
	if toml.Unmarshal(data, &c) != nil || c.BuildSystem == nil {
		return "", nil
	}
	backend := c.BuildSystem.BuildBackend
	name := ""
	if c.Project != nil {
		name = c.Project.Name
	}
	if name == "" && c.Tool.Poetry != nil {
		name = c.Tool.Poetry.Name
	}
	mod := strings.ReplaceAll(NormalizeName(name), "-", "_")
	existsAny := func(p string) bool {
		for _, c := range []string{p, p + ".py"} {
			if _, err := fs.Stat(fsys, c); err == nil {
				return true
			}
		}
		return false
	}
	switch backendFamily(backend) {
	case "poetry":
		if c.Tool.Poetry != nil && len(c.Tool.Poetry.Packages) > 0 {
			for _, p := range c.Tool.Poetry.Packages {
				full := path.Join(p.From, p.Include)
				if !strings.ContainsAny(full, "*?[") && !existsAny(full) {
					return "pyproject.toml's [tool.poetry] packages name " + full + ", which is not in the project", nil
				}
			}
		} else if mod != "" && !existsAny(mod) && !existsAny("src/"+mod) {
			return "Poetry would build package " + mod + " (from the name " + name + "), but there is no " + mod + "/ or src/" + mod + "/", nil
		}
	case "setuptools":
		if why := checkSetuptools(fsys, l); why != "" {
			return why, nil
		}
		if c.Project != nil && l.From.File == "" && !isRegularFile(fsys, "setup.py") && !isRegularFile(fsys, "setup.cfg") {
			if why := flatDiscovery(fsys); why != "" {
				return why, nil
			}
		}
	case "hatch":
		// The wheel target's own option wins; one it does not set comes
		// from [tool.hatch.build], which every target inherits.
		var sel hatchSelection
		force := map[string]string{}
		if h := c.Tool.Hatch; h != nil && h.Build != nil {
			sel = h.Build.hatchSelection
			maps.Copy(force, h.Build.ForceInclude)
			if t := h.Build.Targets; t != nil && t.Wheel != nil {
				w := t.Wheel
				for _, o := range []struct{ own, inherited *[]string }{
					{&w.Packages, &sel.Packages}, {&w.OnlyInclude, &sel.OnlyInclude},
					{&w.Include, &sel.Include}, {&w.Artifacts, &sel.Artifacts},
				} {
					if *o.own != nil {
						*o.inherited = *o.own
					}
				}
				maps.Copy(force, w.ForceInclude)
			}
		}
		for src := range force {
			if !existsAny(strings.TrimPrefix(src, "/")) {
				return "hatch force-includes " + src + ", which a clean checkout does not have (generated at build time?)", nil
			}
		}
		for _, p := range sel.Packages {
			if !existsAny(p) {
				return "[tool.hatch.build.targets.wheel] packages names " + p + ", which is not in the project", nil
			}
		}
		for _, p := range sel.OnlyInclude {
			if !existsAny(strings.Trim(p, "/")) {
				return "hatch only-include names " + p + ", which is not in the project", nil
			}
		}
		if len(sel.Include) > 0 && !slices.ContainsFunc(sel.Include, func(g string) bool { return globFolderExists(fsys, g) }) {
			return "hatch include selects " + strings.Join(sel.Include, ", ") + ", and the project has none of the folders those patterns start in", nil
		}
		// Any file selection replaces hatchling's lookup by the project's
		// name (https://hatch.pypa.io/latest/plugins/builder/wheel/#default-file-selection;
		// force-include and artifacts count since hatchling 1.19.1).
		selected := len(sel.Packages)+len(sel.OnlyInclude)+len(sel.Include)+len(sel.Artifacts)+len(force) > 0
		if !selected && mod != "" && !existsAny(mod) && !existsAny("src/"+mod) {
			return "hatchling would look for " + mod + "/ or src/" + mod + "/ (from the name " + name + "), and there is neither", nil
		}
	}
	dynamicVersion := c.Project != nil && contains(c.Project.Dynamic, "version")
	if !dynamicVersion {
		return "", nil
	}
	vcs := (c.Tool.Hatch != nil && c.Tool.Hatch.Version != nil && c.Tool.Hatch.Version.Source == "vcs") ||
		(c.Tool.PDM != nil && c.Tool.PDM.Version != nil && c.Tool.PDM.Version.Source == "scm")
	for _, req := range c.BuildSystem.Requires {
		n := NormalizeName(strings.FieldsFunc(req, func(r rune) bool { return strings.ContainsRune("<>=!~;[ @", r) })[0])
		for _, row := range vcsVersionVars {
			if NormalizeName(row.plugin) != n {
				continue
			}
			if n == "pdm-backend" && !vcs {
				continue // pdm-backend reads git only with source = "scm"
			}
			for _, v := range row.vars {
				if !contains(vcsVars, v) {
					vcsVars = append(vcsVars, v)
				}
			}
		}
	}
	return "", vcsVars
}

// setupOpenRe finds a file setup.py opens by a literal name at build time
// (long_description=open("README.rst").read()); a literal that is only
// part of the name ('requirements/' + name) is not the whole path.
var setupOpenRe = regexp.MustCompile(`\bopen\s*\(\s*[rRuU]?["']([^"'\n]+)["']\s*[,)]`)

// setuptoolsSCM reports whether a setuptools project takes its version from
// git through setuptools-scm without [project] dynamic metadata: setup.py's
// use_scm_version, or pyproject.toml's [tool.setuptools_scm] table.
func setuptoolsSCM(fsys fs.FS) bool {
	if data, err := readBounded(fsys, "setup.py", maxManifestSize, "manifests"); err == nil {
		if regexp.MustCompile(`\buse_scm_version\s*=`).Match(stripPyComments(data)) {
			return true
		}
	}
	if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests"); err == nil {
		var raw map[string]any
		if toml.Unmarshal(data, &raw) == nil {
			_, ok := table(raw, "tool")["setuptools_scm"]
			return ok
		}
	}
	return false
}

// checkSetuptools decides whether setuptools can build the wheel from a
// clean checkout: the packages, modules and folders its configuration
// names exist, and so do the files it reads (setup.py's open("…"),
// setup.cfg's file:, [tool.setuptools.dynamic]). It returns why not, "".
func checkSetuptools(fsys fs.FS, l *layout) string {
	if l == nil || l.Backend != "setuptools" {
		return ""
	}
	from := l.From.String()
	missing := func(p string) bool { return p != "" && !isDir(fsys, p) }
	if l.Find {
		for _, w := range l.Where {
			if missing(w) {
				return from + ": packages.find where = " + w + ", which is not in the project"
			}
		}
	} else if missing(l.Base) {
		return from + ": package_dir puts the packages in " + l.Base + "/, which is not in the project"
	}
	for _, p := range l.Packages {
		if missing(p) {
			return from + ": packages names " + p + ", which is not in the project"
		}
	}
	key := "py_modules"
	if l.From.File == "pyproject.toml" {
		key = "[tool.setuptools] py-modules"
	}
	for _, m := range l.Modules {
		if !isRegularFile(fsys, m) {
			return from + ": " + key + " names " + strings.TrimSuffix(path.Base(m), ".py") + ", which is not in the project"
		}
	}
	if data, err := readBounded(fsys, "setup.py", maxManifestSize, "manifests"); err == nil {
		ls := pyLines(data)
		for i, l := range ls {
			for _, m := range setupOpenRe.FindAllStringSubmatch(l.text, -1) {
				if f := cleanRel(m[1]); f != "" && !strings.HasPrefix(f, "../") && !isRegularFile(fsys, f) && !openGuarded(ls, i) {
					return "setup.py opens " + f + ", which is not in the project"
				}
			}
		}
	}
	for _, f := range declaredReads(fsys) {
		if f = cleanRel(f); f != "" && !strings.HasPrefix(f, "../") && !isRegularFile(fsys, f) {
			return "the build reads " + f + " (setup.cfg file:, [tool.setuptools.dynamic]), which is not in the project"
		}
	}
	return ""
}

// flatExcluded are the top-level folder names setuptools' automatic
// discovery leaves out of a flat layout, and flatModulesExcluded the module
// names. Source: setuptools/discovery.py, FlatLayoutPackageFinder._EXCLUDE
// and FlatLayoutModuleFinder.DEFAULT_EXCLUDE (setuptools 80). node_modules
// is not setuptools' but the generated .dockerignore's: the build never
// sees it.
var (
	flatExcluded = []string{
		"ci", "bin", "debian", "doc", "docs", "documentation", "manpages", "news", "newsfragments",
		"changelog", "test", "tests", "unit_test", "unit_tests", "example", "examples", "scripts",
		"tools", "util", "utils", "python", "build", "dist", "venv", "env", "requirements",
		"tasks", "fabfile", "site_scons", "benchmark", "benchmarks", "exercise", "exercises", "htmlcov",
		"node_modules",
	}
	flatModulesExcluded = []string{
		"setup", "conftest", "test", "tests", "example", "examples", "build", "toxfile", "noxfile",
		"pavement", "dodo", "tasks", "fabfile", "conanfile", "manage", "benchmark",
		"benchmarks", "exercise", "exercises",
	}
)

// flatDiscovery says why setuptools' automatic discovery (no packages or
// py-modules configured, no src/ folder) would refuse to build: more than
// one top-level package, or with none, more than one top-level module, in
// a flat layout. Any folder named like an identifier counts as a package
// (PEP 420), with or without __init__.py.
func flatDiscovery(fsys fs.FS) string {
	if isDir(fsys, "src") {
		return ""
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return ""
	}
	var pkgs, mods []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") {
			continue
		}
		switch {
		case e.IsDir():
			if isIdentifier(n) && !contains(flatExcluded, n) && !isRegularFile(fsys, n+"/pyvenv.cfg") {
				pkgs = append(pkgs, n)
			}
		case strings.HasSuffix(n, ".py"):
			m := strings.TrimSuffix(n, ".py")
			// [Ss][Cc]onstruct is setuptools' one pattern with a case choice.
			if isIdentifier(m) && !contains(flatModulesExcluded, m) && !strings.EqualFold(m, "sconstruct") {
				mods = append(mods, m)
			}
		}
	}
	switch {
	case len(pkgs) > 1:
		return "setuptools' automatic discovery finds several top-level packages in a flat layout (" + strings.Join(pkgs, ", ") + ") and refuses to build; pyproject.toml names none in [tool.setuptools] packages"
	case len(pkgs) == 0 && len(mods) > 1:
		return "setuptools' automatic discovery finds several top-level modules in a flat layout (" + strings.Join(mods, ", ") + ") and refuses to build; pyproject.toml names none in [tool.setuptools] py-modules"
	}
	return ""
}

// hatchSelection is hatch's file selection for a wheel, in [tool.hatch.build]
// or [tool.hatch.build.targets.wheel]
// (https://hatch.pypa.io/latest/config/build/#file-selection).
type hatchSelection struct {
	Packages     []string          `toml:"packages"`
	OnlyInclude  []string          `toml:"only-include"`
	Include      []string          `toml:"include"`
	Artifacts    []string          `toml:"artifacts"`
	ForceInclude map[string]string `toml:"force-include"`
}

// globFolderExists reports whether the folder a gitignore-style include
// pattern starts in (the path before its first wildcard) is in the
// project; a pattern that starts with a wildcard could match anywhere.
func globFolderExists(fsys fs.FS, pattern string) bool {
	p := strings.TrimPrefix(pattern, "/")
	if i := strings.IndexAny(p, "*?["); i >= 0 {
		p = p[:i]
	}
	if p = strings.TrimSuffix(p, "/"); p == "" {
		return true
	}
	_, err := fs.Stat(fsys, p)
	return err == nil
}
