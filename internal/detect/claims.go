package detect

import (
	"io/fs"
	"path"
	"strings"
)

// A monorepo's umbrella pyproject.toml may name its services by path, one
// dependency group each (Poetry's { path = "services/api", develop = true },
// pdm's "-e file:///${PROJECT_ROOT}/apps/web"), with the one lock beside
// it. Run in such a service without a lock of its own, pydock builds from
// the umbrella's lock: the main dependencies and the group that names the
// service.

// Claim is a path dependency of an umbrella project that names the
// folder pydock runs in.
type Claim struct {
	Kind string // "group", "extra", or "" for the main dependencies
	Name string // the group or extra
	Dep  string // the dependency's name
}

// claimLocks are the locks an umbrella may hold; a uv workspace claims its
// members by globs instead (FindWorkspace).
var claimLocks = []string{"poetry.lock", "pdm.lock", "uv.lock"}

// FindClaim reports whether the project in dir (a folder of fsys, with a
// pyproject.toml and a lock) names target by a path dependency.
func FindClaim(fsys fs.FS, dir, target string) (*Claim, error) {
	name := path.Join(dir, "pyproject.toml")
	if !isRegularFile(fsys, name) {
		return nil, nil
	}
	locked := false
	for _, l := range claimLocks {
		locked = locked || isRegularFile(fsys, path.Join(dir, l))
	}
	if !locked {
		return nil, nil
	}
	py, err := readPyproject(fsys, name)
	if err != nil {
		return nil, err
	}
	names := func(p string) bool { return p != "" && path.Join(dir, p) == path.Clean(target) }
	for _, c := range py.pathDeps() {
		if names(c.path) {
			return &c.Claim, nil
		}
	}
	return nil, nil
}

type pathDep struct {
	Claim
	path string
}

// pathDeps lists the manifest's dependencies that name a folder, with the
// group or extra they sit in, in every layout pydock reads.
func (p *pyproject) pathDeps() []pathDep {
	var out []pathDep
	req := func(kind, group, s string) {
		if n, at, ok := requirementPath(s); ok {
			out = append(out, pathDep{Claim{kind, group, n}, at})
			return
		}
		if d, ok := parsePEP508(s, Source{}); ok {
			if src, ok := p.sources[d.Name]; ok && src.Path != "" {
				out = append(out, pathDep{Claim{kind, group, d.Name}, src.Path})
			}
		}
	}
	if pr := p.Project; pr != nil {
		for _, s := range pr.Dependencies {
			req("", "", s)
		}
		for _, g := range sortedKeys(pr.OptionalDependencies) {
			for _, s := range pr.OptionalDependencies[g] {
				req("extra", g, s)
			}
		}
	}
	for _, g := range sortedKeys(p.DependencyGroups) {
		for _, e := range p.DependencyGroups[g] {
			if s, ok := e.(string); ok {
				req("group", g, s)
			}
		}
	}
	if pdm := p.Tool.PDM; pdm != nil {
		for _, g := range sortedKeys(pdm.DevDependencies) {
			for _, s := range pdm.DevDependencies[g] {
				req("group", g, s)
			}
		}
	}
	if po := p.Tool.Poetry; po != nil {
		table := func(kind, group string, deps map[string]any) {
			for _, n := range sortedKeys(deps) {
				if t, ok := deps[n].(map[string]any); ok {
					if at, ok := t["path"].(string); ok {
						out = append(out, pathDep{Claim{kind, group, NormalizeName(n)}, at})
					}
				}
			}
		}
		table("", "", po.Dependencies)
		for _, g := range sortedKeys(po.Group) {
			kind := "group"
			if g == "main" {
				kind, g = "", ""
			}
			table(kind, g, po.Group[g].Dependencies)
		}
		table("group", "dev", po.DevDependencies)
	}
	return out
}

// requirementPath reads pdm's editable form, "-e file:///${PROJECT_ROOT}/x#egg=name",
// and a PEP 508 "name @ file:..." requirement: the name and the path.
func requirementPath(s string) (string, string, bool) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "-e"); ok {
		u := strings.TrimSpace(rest)
		if !strings.HasPrefix(u, "file:") {
			return "", "", false
		}
		name := ""
		if i := strings.Index(u, "#egg="); i >= 0 {
			name, u = NormalizeName(u[i+len("#egg="):]), u[:i]
		}
		return name, filePath(u), true
	}
	d, ok := parsePEP508(s, Source{})
	if !ok || d.Path == "" {
		return "", "", false
	}
	return d.Name, d.Path, true
}

// filePath is the path of a file: URL; pdm writes the project's folder as
// ${PROJECT_ROOT}.
func filePath(u string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(u, "file://"), "file:")
	if rel, ok := strings.CutPrefix(p, "/${PROJECT_ROOT}"); ok {
		return "." + rel
	}
	return p
}
