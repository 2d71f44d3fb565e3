package detect

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// pyproject is the part of pyproject.toml pydock reads. Decoding into typed
// structs lets go-toml skip everything else without allocating it.
type pyproject struct {
	Project *struct {
		Name                 string              `toml:"name"`
		RequiresPython       string              `toml:"requires-python"`
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
		Readme               any                 `toml:"readme"`  // "README.md" or {file = "README.md"}
		License              any                 `toml:"license"` // "MIT" (SPDX) or {file = "LICENSE"}
		LicenseFiles         []string            `toml:"license-files"`
		Scripts              map[string]string   `toml:"scripts"`
		// Entry points by group: a host tool's subcommands (celery.commands).
		EntryPoints map[string]map[string]string `toml:"entry-points"`
		Dynamic     []string                     `toml:"dynamic"`
	} `toml:"project"`
	BuildSystem *struct {
		Requires     []string `toml:"requires"`
		BuildBackend string   `toml:"build-backend"`
	} `toml:"build-system"`
	Tool struct {
		// Where a backend reads dynamic dependencies from.
		Setuptools struct {
			ScriptFiles []string `toml:"script-files"`
			Dynamic     struct {
				Dependencies struct {
					File any `toml:"file"` // "a.txt" or ["a.txt", …]
				} `toml:"dependencies"`
			} `toml:"dynamic"`
		} `toml:"setuptools"`
		Hatch struct {
			Metadata struct {
				Hooks struct {
					RequirementsTxt struct {
						Files []string `toml:"files"`
					} `toml:"requirements_txt"`
				} `toml:"hooks"`
			} `toml:"metadata"`
			// What makes hatchling's wheel hook ask for more than
			// [build-system].requires, or run the project's code (buildhook.go).
			Build struct {
				hatchBuildHooks
				Targets struct {
					Wheel hatchBuildHooks `toml:"wheel"`
				} `toml:"targets"`
			} `toml:"build"`
		} `toml:"hatch"`
		Poetry *struct {
			Name         string         `toml:"name"`
			PackageMode  *bool          `toml:"package-mode"`
			Dependencies map[string]any `toml:"dependencies"` // "^1.2" | {version, path, git, extras} | [...]
			// Groups: [tool.poetry.group.NAME] with optional and dependencies;
			// Extras: [tool.poetry.extras] NAME = [package names].
			Group map[string]struct {
				Optional     bool           `toml:"optional"`
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"group"`
			DevDependencies map[string]any               `toml:"dev-dependencies"`
			Extras          map[string][]string          `toml:"extras"`
			Readme          any                          `toml:"readme"` // string or list
			License         string                       `toml:"license"`
			Scripts         map[string]any               `toml:"scripts"` // "mod:func" | {reference|callable = …}
			Plugins         map[string]map[string]string `toml:"plugins"` // entry points by group
			Packages        []struct {
				Include string `toml:"include"`
				From    string `toml:"from"`
			} `toml:"packages"`
			Source []struct {
				Name string `toml:"name"`
				URL  string `toml:"url"`
			} `toml:"source"`
			// [tool.poetry.build] (or the older build = "build.py"): a
			// script poetry-core runs while it builds the wheel.
			Build any `toml:"build"`
		} `toml:"poetry"`
		PDM *pdmTool `toml:"pdm"`
		UV  *struct {
			Package       *bool    `toml:"package"`
			DefaultGroups any      `toml:"default-groups"`
			DevDeps       []string `toml:"dev-dependencies"`
			Workspace     *struct {
				Members []string `toml:"members"`
				Exclude []string `toml:"exclude"`
			} `toml:"workspace"`
			// Sources: { path = … } or a list of them with markers.
			Sources map[string]any `toml:"sources"`
		} `toml:"uv"`
	} `toml:"tool"`
	// DependencyGroups is PEP 735: lists of requirements and
	// { include-group = "name" } tables.
	DependencyGroups map[string][]any `toml:"dependency-groups"`

	// What normalize made of the fields with several valid shapes.
	sources  map[string]uvSource
	warnings []string // fields pydock could not interpret, file:line first
	// notDistName says, file:line first, that [tool.poetry].name is no
	// distribution name; the name itself is dropped.
	notDistName string
}

// readPyproject decodes pyproject.toml at name; a syntax error names the
// file, line and column.
func readPyproject(fsys fs.FS, name string) (*pyproject, error) {
	data, err := readBounded(fsys, name, maxManifestSize, "manifests")
	if err != nil {
		return nil, err
	}
	if err := CheckText(name, data, false); err != nil {
		return nil, err
	}
	var p pyproject
	warnings, err := decodeTolerant(name, data, &p)
	if err != nil {
		return nil, err
	}
	p.warnings = warnings
	p.normalize(name, data)
	if err := p.checkName(name, data); err != nil {
		return nil, err
	}
	return &p, nil
}

// projectNameRe is a distribution name as PEP 508 defines it.
var projectNameRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$`)

// checkName refuses a project name that is not a distribution name: it
// reaches the image's labels and compose, where it must stay a name.
// Poetry's own name is dropped instead (notDistName): Poetry accepts any.
func (p *pyproject) checkName(file string, data []byte) error {
	for _, n := range []struct {
		key  []string
		name *string
	}{
		{[]string{"project", "name"}, func() *string {
			if p.Project != nil {
				return &p.Project.Name
			}
			return nil
		}()},
		{[]string{"tool", "poetry", "name"}, func() *string {
			if p.Tool.Poetry != nil {
				return &p.Tool.Poetry.Name
			}
			return nil
		}()},
	} {
		if n.name == nil || *n.name == "" || (len(*n.name) <= 200 && projectNameRe.MatchString(*n.name)) {
			continue
		}
		if n.key[1] == "poetry" && (p.Project == nil || p.Project.Name == "") {
			// Poetry takes any string as a name and installs the locked
			// dependencies with --no-root all the same (a title such as
			// "OWASP Nest"); no wheel can carry it, so the name goes and
			// the project is run from its source.
			p.notDistName = fmt.Sprintf("%s:%d: [tool.poetry].name %q is not a distribution name (PEP 508: letters, digits and . _ - between them)", file, lineOfKey(keyLines(data), n.key), clip(*n.name, 80))
			*n.name = ""
			continue
		}
		return fmt.Errorf("%s:%d: [%s].name %q is not a distribution name (PEP 508: letters, digits and . _ - between them)", file, lineOfKey(keyLines(data), n.key), strings.Join(n.key[:len(n.key)-1], "."), clip(*n.name, 80))
	}
	return nil
}

// pep508 splits a PEP 508 requirement string into name, extras and whether
// it points at a VCS URL or a local path. Markers and versions are kept out:
// pydock needs to know what is used, not resolve it.
var pep508Re = regexp.MustCompile(`^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$`)

func parsePEP508(s string, src Source) (Dependency, bool) {
	m := pep508Re.FindStringSubmatch(s)
	if m == nil {
		return Dependency{}, false
	}
	d := Dependency{Name: NormalizeName(m[1]), Source: src}
	for _, e := range strings.Split(m[2], ",") {
		if e = strings.TrimSpace(e); e != "" {
			d.Extras = append(d.Extras, NormalizeName(e))
		}
	}
	rest := m[3]
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		rest = rest[:i]
	}
	if at := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "@")); strings.HasPrefix(strings.TrimSpace(rest), "@") {
		switch {
		case strings.HasPrefix(at, "git+"), strings.HasPrefix(at, "hg+"), strings.HasPrefix(at, "svn+"), strings.HasPrefix(at, "bzr+"):
			d.VCS = true
		case strings.HasPrefix(at, "file:"):
			d.Path = filePath(at)
		}
	}
	return d, true
}

var nameSepRe = regexp.MustCompile(`[-_.]+`)

// NormalizeName is PEP 503's name normalisation.
func NormalizeName(s string) string {
	return nameSepRe.ReplaceAllString(strings.ToLower(strings.TrimSpace(s)), "-")
}

// projectDeps lists the runtime dependencies pyproject declares, from
// [project] and from [tool.poetry.dependencies] alike (Poetry 2 projects may
// use either or both).
func (p *pyproject) projectDeps(file string) []Dependency {
	var deps []Dependency
	if p.Project != nil {
		for _, s := range p.Project.Dependencies {
			if d, ok := parsePEP508(s, Source{File: file}); ok {
				deps = append(deps, d)
			}
		}
	}
	if p.Tool.Poetry != nil {
		names := make([]string, 0, len(p.Tool.Poetry.Dependencies))
		for n := range p.Tool.Poetry.Dependencies {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if strings.EqualFold(n, "python") {
				continue
			}
			if d, ok := poetryDep(n, p.Tool.Poetry.Dependencies[n], file); ok {
				deps = append(deps, d)
			}
		}
	}
	for k, src := range p.uvSources() {
		for i := range deps {
			if deps[i].Name == k {
				if src.Git != "" {
					deps[i].VCS = true
				}
				if src.Path != "" {
					deps[i].Path = src.Path
				}
			}
		}
	}
	return dedupeDeps(deps)
}

func (p *pyproject) uvSources() map[string]uvSource { return p.sources }

func dedupeDeps(deps []Dependency) []Dependency {
	seen := map[string]int{}
	var out []Dependency
	for _, d := range deps {
		if i, ok := seen[d.Name]; ok {
			out[i].Extras = append(out[i].Extras, d.Extras...)
			out[i].VCS = out[i].VCS || d.VCS
			if out[i].Path == "" {
				out[i].Path = d.Path
			}
			continue
		}
		seen[d.Name] = len(out)
		out = append(out, d)
	}
	return out
}

// name is the project's distribution name.
func (p *pyproject) name() string {
	if p.Project != nil && p.Project.Name != "" {
		return p.Project.Name
	}
	if p.Tool.Poetry != nil {
		return p.Tool.Poetry.Name
	}
	return ""
}

// buildFiles are the files a build backend reads besides pyproject.toml:
// the readme and license files pyproject names. docker init's template
// ignores README.md and hatchling then fails (DI004); pydock copies them.
func (p *pyproject) buildFiles(fsys fs.FS) []string {
	var files []string
	add := func(v any) {
		switch t := v.(type) {
		case string:
			files = append(files, t)
		case map[string]any:
			if f, ok := t["file"].(string); ok {
				files = append(files, f)
			}
		case []any:
			for _, e := range t {
				if s, ok := e.(string); ok {
					files = append(files, s)
				}
			}
		}
	}
	if p.Project != nil {
		add(p.Project.Readme)
		if m, ok := p.Project.License.(map[string]any); ok {
			add(m)
		}
		for _, g := range p.Project.LicenseFiles {
			if matches, err := fs.Glob(fsys, g); err == nil {
				files = append(files, matches...)
			}
		}
	}
	if p.Tool.Poetry != nil {
		add(p.Tool.Poetry.Readme)
	}
	return cleanPaths(fsys, files)
}

// cleanPaths keeps the relative, existing, regular files, sorted and unique.
func cleanPaths(fsys fs.FS, files []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		f = path.Clean(strings.TrimPrefix(f, "./"))
		if f == "." || strings.HasPrefix(f, "../") || path.IsAbs(f) || seen[f] {
			continue
		}
		if st, err := fs.Stat(fsys, f); err != nil || !st.Mode().IsRegular() {
			continue
		}
		seen[f] = true
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// packaged reports whether building the project installs the project itself.
func (p *pyproject) packaged() bool {
	if p.Tool.Poetry != nil && p.Tool.Poetry.PackageMode != nil && !*p.Tool.Poetry.PackageMode {
		return false
	}
	if p.Tool.UV != nil && p.Tool.UV.Package != nil {
		return *p.Tool.UV.Package
	}
	return p.BuildSystem != nil && p.BuildSystem.BuildBackend != ""
}

// scripts lists [project.scripts] and [tool.poetry.scripts], sorted by name.
func (p *pyproject) scripts(file string) []Script {
	var out []Script
	if p.Project != nil {
		for n, t := range p.Project.Scripts {
			out = append(out, Script{Name: n, Target: strings.TrimSpace(t), Source: Source{File: file}})
		}
	}
	if p.Tool.Poetry != nil {
		for n, v := range p.Tool.Poetry.Scripts {
			t := ""
			switch s := v.(type) {
			case string:
				t = s
			case map[string]any:
				if r, ok := s["reference"].(string); ok {
					t = r
				} else if c, ok := s["callable"].(string); ok {
					t = c
				}
			}
			if t != "" {
				out = append(out, Script{Name: n, Target: t, Source: Source{File: file}})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// poetryPythonSpec is [tool.poetry.dependencies].python, if any.
func (p *pyproject) poetryPythonSpec() string {
	if p.Tool.Poetry == nil {
		return ""
	}
	for k, v := range p.Tool.Poetry.Dependencies {
		if strings.EqualFold(k, "python") {
			if s, ok := v.(string); ok {
				return s
			}
		}
	}
	return ""
}

const maxManifestSize = 16 << 20
