package detect

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// OptionalSet is an extra or a dependency group the project declares.
type OptionalSet struct {
	Name   string   `json:"name"`
	Kind   string   `json:"kind"` // "extra" or "group"
	Deps   []string `json:"dependencies,omitempty"`
	Source Source   `json:"source"`
	// extras are the extras a dependency of the set asks for
	// (psycopg[c]): a chosen set installs them too.
	extras map[string][]string
}

// devSetNames are groups for development, never chosen by themselves.
var devSetNames = map[string]bool{
	"dev": true, "devel": true, "develop": true, "development": true, "test": true, "tests": true, "testing": true,
	"lint": true, "linting": true, "docs": true, "doc": true, "typing": true, "types": true, "mypy": true,
	"style": true, "format": true, "ci": true, "bench": true, "benchmark": true, "dev-packages": true,
}

// forDevelopment reports whether a set's name starts with a word of a
// development set (test-db, docs-build, dev-tools): what it holds serves
// the authors' tests or tooling, never a need of the image.
func forDevelopment(name string) bool {
	first, _, found := strings.Cut(NormalizeName(name), "-")
	return found && devSetNames[first]
}

// optionalSets lists the extras and groups the chosen manager can install.
func optionalSets(f *Facts, py *pyproject) []OptionalSet {
	var out []OptionalSet
	add := func(name, kind string, deps []string, file string) {
		out = append(out, OptionalSet{Name: name, Kind: kind, Deps: deps, Source: Source{File: path.Join(f.MemberDir, file)}})
	}
	setExtras := map[string]map[string][]string{} // kind+name -> dependency -> extras
	pep508Names := func(set string, reqs []string) []string {
		var names []string
		for _, r := range reqs {
			if d, ok := parsePEP508(r, Source{}); ok {
				names = append(names, d.Name)
				if len(d.Extras) > 0 {
					if setExtras[set] == nil {
						setExtras[set] = map[string][]string{}
					}
					setExtras[set][d.Name] = append(setExtras[set][d.Name], d.Extras...)
				}
			}
		}
		return names
	}
	if f.Manager == ManagerPipenv && f.Pipenv != nil {
		for _, c := range f.Pipenv.Categories {
			add(c, "group", f.Pipenv.catPkgs[c], "Pipfile")
		}
		if dev, ok := f.Pipenv.catPkgs[devCategory]; ok {
			add(devCategory, "group", dev, "Pipfile")
		}
		return out
	}
	if py == nil {
		return nil
	}
	if py.Project != nil {
		for _, k := range sortedKeys(py.Project.OptionalDependencies) {
			add(k, "extra", pep508Names("extra "+k, py.Project.OptionalDependencies[k]), "pyproject.toml")
		}
	}
	if po := py.Tool.Poetry; po != nil && f.Manager == ManagerPoetry {
		for _, k := range sortedKeys(po.Extras) {
			var names []string
			for _, n := range po.Extras[k] {
				names = append(names, NormalizeName(n))
			}
			add(k, "extra", names, "pyproject.toml")
		}
		for _, k := range sortedKeys(po.Group) {
			add(k, "group", normalizedKeys(po.Group[k].Dependencies), "pyproject.toml")
		}
		if len(po.DevDependencies) > 0 {
			add("dev", "group", normalizedKeys(po.DevDependencies), "pyproject.toml")
		}
	}
	if f.Manager == ManagerPoetry {
		return dedupeSets(out)
	}
	groups := map[string][]string{}
	for _, k := range sortedKeys(py.DependencyGroups) {
		groups[k] = pep508Names("group "+k, dependencyGroup(py.DependencyGroups, k, 0))
	}
	if uv := py.Tool.UV; uv != nil && len(uv.DevDeps) > 0 && f.Manager == ManagerUV {
		groups["dev"] = append(groups["dev"], pep508Names("group dev", uv.DevDeps)...)
	}
	if pdm := py.Tool.PDM; pdm != nil && f.Manager == ManagerPDM {
		for k, v := range pdm.DevDependencies {
			groups[k] = append(groups[k], pep508Names("group "+k, v)...)
		}
	}
	for _, k := range sortedKeys(groups) {
		add(k, "group", groups[k], "pyproject.toml")
	}
	for i := range out {
		out[i].extras = setExtras[out[i].Kind+" "+out[i].Name]
	}
	return dedupeSets(out)
}

// appGroups are the PEP 735 groups an application with no [project] table
// installs: those not for development that no other such group includes
// (pip resolves the includes), in name order.
func appGroups(all map[string][]any) []string {
	included := map[string]bool{}
	for _, k := range sortedKeys(all) {
		if devSetNames[NormalizeName(k)] {
			continue
		}
		for _, e := range all[k] {
			if v, ok := e.(map[string]any); ok {
				if inc, ok := v["include-group"].(string); ok && NormalizeName(inc) != NormalizeName(k) {
					included[NormalizeName(inc)] = true
				}
			}
		}
	}
	var out []string
	for _, k := range sortedKeys(all) {
		if !devSetNames[NormalizeName(k)] && !included[NormalizeName(k)] {
			out = append(out, k)
		}
	}
	return out
}

// groupsOnlyDeps is what the app's groups of a pyproject.toml with no
// [project] table hold, include-groups resolved; selectOptional selects
// the groups themselves.
func groupsOnlyDeps(py *pyproject) []Dependency {
	var deps []Dependency
	for _, g := range appGroups(py.DependencyGroups) {
		for _, r := range dependencyGroup(py.DependencyGroups, g, 0) {
			if d, ok := parsePEP508(r, Source{File: "pyproject.toml"}); ok && !slices.ContainsFunc(deps, func(x Dependency) bool { return x.Name == d.Name }) {
				deps = append(deps, d)
			}
		}
	}
	return deps
}

// dependencyGroup resolves a PEP 735 group, following include-group.
func dependencyGroup(all map[string][]any, name string, depth int) []string {
	if depth > 16 {
		return nil // an include cycle: PEP 735 forbids it
	}
	var out []string
	for _, e := range all[name] {
		switch v := e.(type) {
		case string:
			out = append(out, v)
		case map[string]any:
			if inc, ok := v["include-group"].(string); ok {
				for k := range all {
					if NormalizeName(k) == NormalizeName(inc) {
						out = append(out, dependencyGroup(all, k, depth+1)...)
					}
				}
			}
		}
	}
	return out
}

func normalizedKeys(m map[string]any) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		if !strings.EqualFold(k, "python") {
			out = append(out, NormalizeName(k))
		}
	}
	return out
}

func dedupeSets(sets []OptionalSet) []OptionalSet {
	seen := map[string]bool{}
	var out []OptionalSet
	for _, s := range sets {
		if k := s.Kind + ":" + NormalizeName(s.Name); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// selectOptional records the sets the manager can install, checks the
// user's choice against them, and adds the set that holds what CMD needs
// when the main dependencies lack it: a server, a web framework, a
// database driver. Selected sets' packages count as dependencies.
func selectOptional(fsys fs.FS, f *Facts, py *pyproject, opt Options) error {
	f.Optional = optionalSets(f, py)
	f.OptionalWhy = map[string]string{}
	find := func(kind, name string) *OptionalSet {
		for i := range f.Optional {
			if f.Optional[i].Kind == kind && NormalizeName(f.Optional[i].Name) == NormalizeName(name) {
				return &f.Optional[i]
			}
		}
		return nil
	}
	choose := f.chooseSet
	if f.GroupsOnly && py != nil {
		for _, g := range appGroups(py.DependencyGroups) {
			if s := find("group", g); s != nil {
				choose(s, "pyproject.toml has no [project] table: the app's dependencies are this PEP 735 group (not one for development), installed with pip --group")
			}
		}
	}
	for _, want := range []struct {
		kind  string
		names []string
	}{{"extra", opt.Extras}, {"group", opt.Groups}} {
		for _, n := range want.names {
			s := find(want.kind, n)
			if s == nil {
				return fmt.Errorf("--%s %s: %s has no such %s; %s", want.kind, n, manifestOf(f), want.kind, f.describeOptional())
			}
			choose(s, "--"+want.kind+" (or pydock.toml)")
		}
	}
	chooseAuthorsExtras(fsys, f, opt, find)
	// An umbrella's lock that names this folder in a group installs it.
	if ws := f.workspace; ws != nil && ws.claim != nil && ws.claim.Kind != "" {
		if s := find(ws.claim.Kind, ws.claim.Name); s != nil {
			choose(s, fmt.Sprintf("names this folder (%s) as a path dependency (%s)", ws.member, ws.claim.Dep))
		}
	}
	needs := []struct {
		what  string
		names []string
	}{
		{"web framework", frameworkPackages()},
		{"database driver", dbDrivers},
	}
	if len(f.serverGates) > 0 {
		// The code runs its wiring only under this server: no other will do.
		g := f.serverGates[0]
		needs = slices.Insert(needs, 0, struct {
			what  string
			names []string
		}{"server the app is wired under (" + g.Source.String() + "), which", []string{g.Server}})
	} else {
		needs = slices.Insert(needs, 0, struct {
			what  string
			names []string
		}{"server", serverNames})
	}
	for _, n := range needs {
		if slices.ContainsFunc(n.names, f.IsInstalled) {
			continue
		}
		if s, dep := setHolding(f.Optional, n.names, n.what == "database driver"); s != nil {
			choose(s, fmt.Sprintf("holds %s, the %s the main dependencies lack (%s)", dep, n.what, s.Source))
		}
	}
	return nil
}

// setHolding is the first non-development set holding one of names, and
// which. ranked: names are in order of preference (dbDrivers: one database
// per stack, PostgreSQL's drivers first), so the set holding the earliest
// name wins over the order the sets are declared in.
func setHolding(sets []OptionalSet, names []string, ranked bool) (*OptionalSet, string) {
	best, bestRank, dep := -1, len(names), ""
	for i := range sets {
		if devSetNames[NormalizeName(sets[i].Name)] || forDevelopment(sets[i].Name) {
			continue
		}
		for _, d := range sets[i].Deps {
			if r := slices.Index(names, d); r >= 0 && (best < 0 || (ranked && r < bestRank)) {
				best, bestRank, dep = i, r, d
			}
		}
		if best >= 0 && !ranked {
			break
		}
	}
	if best < 0 {
		return nil, ""
	}
	return &sets[best], dep
}

// chooseSet installs the set s besides the main dependencies, for why;
// its packages count as dependencies from then on.
func (f *Facts) chooseSet(s *OptionalSet, why string) {
	list := &f.Groups
	if s.Kind == "extra" {
		list = &f.Extras
	}
	if slices.Contains(*list, s.Name) {
		return
	}
	*list = append(*list, s.Name)
	f.OptionalWhy[s.Kind+" "+s.Name] = why
	if f.Installed != nil {
		// Chosen after the resolved set was taken: it grows with the set.
		defer func() {
			for _, d := range f.Dependencies {
				f.Installed[d.Name] = true
			}
		}()
	}
	if f.Manager == ManagerPipenv && f.Pipenv != nil && f.Pipenv.lock != nil {
		f.Pipenv.addCategory(f, s.Name) // the lock knows versions and paths
		return
	}
	if f.groupDeps != nil {
		if deps, ok := f.groupDeps(s.Kind, s.Name); ok {
			for _, d := range deps {
				if !f.IsInstalled(d.Name) {
					f.Dependencies = append(f.Dependencies, d)
				}
			}
			return
		}
	}
	for _, d := range s.Deps {
		if !f.IsInstalled(d) {
			f.Dependencies = append(f.Dependencies, Dependency{Name: d, Extras: s.extras[d], Source: s.Source})
		}
	}
}

func frameworkPackages() []string {
	var out []string
	for _, fw := range frameworks {
		out = append(out, fw.Packages...)
	}
	return out
}

func manifestOf(f *Facts) string {
	if f.Manager == ManagerPipenv {
		return "Pipfile"
	}
	return "pyproject.toml"
}

// describeOptional lists what can be chosen: "groups: dev, prod; extras: postgres".
func (f *Facts) describeOptional() string {
	var groups, extras []string
	for _, s := range f.Optional {
		if s.Kind == "extra" {
			extras = append(extras, s.Name)
		} else {
			groups = append(groups, s.Name)
		}
	}
	sort.Strings(groups)
	sort.Strings(extras)
	or := func(l []string) string {
		if len(l) == 0 {
			return "none"
		}
		return strings.Join(l, ", ")
	}
	return "groups: " + or(groups) + "; extras: " + or(extras)
}
