package detect

import "slices"

// Lock is what a lock file says about the packages an image installs, in
// a form every lock format fills (uv.lock as a graph, poetry.lock and
// pdm.lock as a flat list with a marker per package), so the wheel check
// in plan is written once.
type Lock struct {
	File string // uv.lock, poetry.lock, pdm.lock
	// Packages are the production packages (dev groups left out). In graph
	// mode (Roots set) the closure follows edges from Roots; in flat mode
	// every package whose Marker holds is installed.
	Packages []LockedPackage
	Roots    []LockEdge
	// Pins is set when the packages are a requirements file's exact pins
	// and their wheels come from pydock's table, not a lock's file list.
	Pins bool
}

// LockedPackage is one locked release and the files it ships.
type LockedPackage struct {
	Name    string // PEP 503 normalised
	Version string
	Wheels  []string // wheel tags: "cp312-cp312-manylinux_2_17_x86_64"
	Sdist   bool
	// Marker, in flat mode, is when the package is installed ("" always).
	Marker string
	// ExtraOnly, in flat mode: installed only for an extra of the project
	// (Poetry's optional = true), so only when the image installs extras.
	ExtraOnly bool
	// Groups, in flat mode: installed only with one of these dependency
	// groups (a Poetry package outside main), so only when one is selected.
	Groups []string
	// Deps and Optional are the edges of graph mode.
	Deps     []LockEdge
	Optional map[string][]LockEdge
}

// LockEdge is a dependency: a name (and a version, when the lock forks on
// a marker), the extras it enables, and the marker it holds under.
type LockEdge struct {
	Name    string
	Version string
	Marker  string
	Extras  []string
}

// Closure returns the packages installed in env, in lock order.
func (l *Lock) Closure(env MarkerEnv) []*LockedPackage {
	if l == nil {
		return nil
	}
	var out []*LockedPackage
	if l.Roots == nil {
		for i := range l.Packages {
			if l.Packages[i].ExtraOnly && len(env.Extras) == 0 {
				continue
			}
			if g := l.Packages[i].Groups; len(g) > 0 && !slices.ContainsFunc(g, env.selects) {
				continue
			}
			if EvalMarker(l.Packages[i].Marker, env) {
				out = append(out, &l.Packages[i])
			}
		}
		return out
	}
	byName := map[string][]int{}
	for i, p := range l.Packages {
		byName[p.Name] = append(byName[p.Name], i)
	}
	reached := make([]bool, len(l.Packages))
	extras := map[string]bool{}
	// The roots (the project, its members) install the extras and groups
	// the image selects.
	stack := make([]LockEdge, 0, len(l.Roots))
	for _, r := range l.Roots {
		r.Extras = slices.Clone(r.Extras)
		for _, x := range slices.Concat(env.Extras, env.Groups) {
			r.Extras = append(r.Extras, NormalizeName(x))
		}
		stack = append(stack, r)
	}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !EvalMarker(e.Marker, env) {
			continue
		}
		for _, i := range byName[e.Name] {
			p := &l.Packages[i]
			if e.Version != "" && p.Version != e.Version {
				continue
			}
			if !reached[i] {
				reached[i] = true
				stack = append(stack, p.Deps...)
			}
			for _, x := range e.Extras {
				if k := p.Name + "\x00" + p.Version + "\x00" + x; !extras[k] {
					extras[k] = true
					stack = append(stack, p.Optional[x]...)
				}
			}
		}
	}
	for i := range l.Packages {
		if reached[i] {
			out = append(out, &l.Packages[i])
		}
	}
	return out
}

// lock is pdm.lock's production set as a flat list, each package under
// the marker pdm recorded for it, for the wheel check.
func (l *pdmLock) lock(file string, direct []Dependency) *Lock {
	rt := l.runtime(direct, nil)
	out := &Lock{File: file}
	for _, p := range l.Packages {
		if rt != nil && !rt[p.Name] {
			continue
		}
		out.Packages = append(out.Packages, LockedPackage{Name: p.Name, Version: p.Version, Wheels: p.Wheels, Sdist: p.Sdist, Marker: p.Marker})
	}
	return out
}

// selects reports whether the image installs the dependency group g (a
// normalised name).
func (e MarkerEnv) selects(g string) bool {
	return slices.ContainsFunc(e.Groups, func(x string) bool { return NormalizeName(x) == g })
}
