package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// DevImport is a package the start imports unconditionally (at module
// level, from the app, the settings or the modules they import) that only a
// set the image does not install by default provides: a dev group, an
// extra, a dev requirements file.
type DevImport struct {
	Module  string `json:"module"`  // as the code names it: debug_toolbar
	Package string `json:"package"` // django-debug-toolbar
	Set     string `json:"set"`     // where it is declared: requirements-dev.txt, group dev
	Source  Source `json:"source"`
	// Via is how the start reaches the importing file.
	Via string `json:"via,omitempty"`
	// Installs is the set the image installs for it ("group test"), ""
	// when pydock cannot install that set (a requirements file).
	Installs string `json:"installs,omitempty"`
}

var (
	// INSTALLED_APPS = [...], MIDDLEWARE += [...]: the strings name modules.
	appListRe = regexp.MustCompile(`^(?:INSTALLED_APPS|MIDDLEWARE|[A-Z_]*_APPS)\s*(?::[^=]*)?\+?=\s*(.*)$`)
)

// devOnlySets maps each package a development set declares to that set,
// for packages the image does not install.
func devOnlySets(fsys fs.FS, f *Facts) map[string]string {
	out := map[string]string{}
	add := func(name, set string) {
		name = NormalizeName(name)
		if _, ok := out[name]; !ok && !f.IsInstalled(name) {
			out[name] = set
		}
	}
	for _, s := range f.Optional {
		if slices.Contains(f.Extras, s.Name) || slices.Contains(f.Groups, s.Name) {
			continue
		}
		for _, d := range s.Deps {
			add(d, s.Kind+" "+s.Name+" ("+s.Source.File+")")
		}
	}
	for _, file := range devRequirementFiles(fsys, f.RequirementsFile) {
		if req, err := readRequirements(fsys, file); err == nil {
			for _, d := range req.Deps {
				add(d.Name, file)
			}
		}
	}
	return out
}

// devRequirementFiles are requirements files for development beside the
// one the image installs, or in a requirements/ folder: named dev, test,
// local… (requirements-dev.txt, requirements/dev.txt, dev-requirements.txt).
func devRequirementFiles(fsys fs.FS, main string) []string {
	var out []string
	for _, dir := range []string{".", "requirements", path.Dir(main)} {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".txt") {
				continue
			}
			file := path.Join(dir, n)
			if devRequirementName(n) && file != main && !slices.Contains(out, file) {
				out = append(out, file)
			}
		}
	}
	return out
}

// devRequirementName reports whether a requirements file's name says it
// is for development: dev, test, local… with or without "requirements".
func devRequirementName(n string) bool {
	stem := strings.TrimSuffix(n, ".txt")
	stem = strings.Trim(strings.ReplaceAll(stem, "requirements", ""), "-_.")
	return devSetNames[stem] || stem == "local"
}

// findDevImports checks what the start imports against the sets the image
// does not install: an import only such a set provides fails at start.
// The smallest extra or group that provides it is installed, with a
// warning naming the import; a set pydock cannot install (a dev
// requirements file) is a warning only.
func findDevImports(fsys fs.FS, f *Facts) {
	g := startGraphOf(fsys, f)
	f.start = g
	if len(g.foreign) == 0 {
		return
	}
	other := devOnlySets(fsys, f)
	// Without a lock the packages the main ones pull in are unknown: an
	// import deep in the code may well be one of them (requests), so only
	// the settings' own imports are judged there.
	resolved := f.InstalledKnown || f.Manager == ManagerPDM || (f.Manager == ManagerPipenv && !f.Pipenv.LockAtBuild) || f.Manager == ManagerPylock
	var chosen []*OptionalSet // sets installed for an import
	for _, im := range g.foreign {
		if !resolved && !im.settings {
			continue
		}
		// A self-referencing extra names the project itself.
		if NormalizeName(im.top) == NormalizeName(f.Name) {
			continue
		}
		dist := importDist(im.top)
		d := DevImport{Module: im.shown, Package: dist, Source: im.src, Via: im.chain}
		if f.IsInstalled(dist) {
			// Installed because an earlier import chose its set: the move
			// to the main dependencies is due for this one too.
			for _, s := range chosen {
				if slices.Contains(f.setPackages(s), dist) {
					d.Set, d.Installs = s.Kind+" "+s.Name, s.Kind+" "+s.Name
				}
			}
			if d.Installs == "" {
				continue
			}
		} else if s := f.smallestSetWith(dist); s != nil {
			d.Set, d.Installs = s.Kind+" "+s.Name, s.Kind+" "+s.Name
			chosen = append(chosen, s)
			f.chooseSet(s, im.src.String()+" imports "+im.shown+" at module level, which only "+d.Set+" provides (the smallest set that does); the start reaches it as "+im.chain)
		} else if set, ok := other[dist]; ok {
			d.Set = set
		} else {
			continue
		}
		f.DevImports = append(f.DevImports, d)
		f.Warnings = append(f.Warnings, d.String())
	}
}

// setPackages are the packages a set installs: the lock's, when it
// records them, else the names the manifest lists.
func (f *Facts) setPackages(s *OptionalSet) []string {
	if f.groupDeps != nil {
		if deps, ok := f.groupDeps(s.Kind, s.Name); ok {
			names := make([]string, len(deps))
			for i, d := range deps {
				names[i] = d.Name
			}
			return names
		}
	}
	return s.Deps
}

// smallestSetWith is the extra or group not installed yet that provides
// dist with the fewest packages (the first declared on a tie), or nil.
func (f *Facts) smallestSetWith(dist string) *OptionalSet {
	var best *OptionalSet
	size := 0
	for i := range f.Optional {
		s := &f.Optional[i]
		if s.Kind == "extra" && slices.Contains(f.Extras, s.Name) || s.Kind == "group" && slices.Contains(f.Groups, s.Name) {
			continue
		}
		pkgs := f.setPackages(s)
		if slices.Contains(pkgs, dist) && (best == nil || len(pkgs) < size) {
			best, size = s, len(pkgs)
		}
	}
	return best
}

// String is detect's report of a dev-only import.
func (d DevImport) String() string {
	via := ""
	if d.Via != "" {
		via = " (" + d.Via + ")"
	}
	if d.Installs != "" {
		return d.Source.String() + ": the start imports " + d.Module + " (" + d.Package + ") at module level" + via + ", which only " + d.Set + " provides: the image installs " + d.Installs + " for it, with the rest of that set; move " + d.Package + " to the main dependencies, or import it only where it is used (inside a function, or under try/except ImportError)"
	}
	return d.Source.String() + ": the start imports " + d.Module + " (" + d.Package + ") at module level" + via + ", which only " + d.Set + " installs: the image does not have it, so the start fails; move it to the main dependencies, or import it only where it is used (inside a function, under if DEBUG or try/except ImportError)"
}
