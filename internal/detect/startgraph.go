package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// The start's import graph: the modules of the project that what the image
// runs imports when it starts (at module level, from the app module, the
// Django settings and the modules they name), and the packages from outside
// the project those modules import. An import inside a function, a try
// block or an if (TYPE_CHECKING, DEBUG) is guarded: not followed. Unlike
// importClosure (start writes), which runs module-level if and try bodies,
// this walk keeps each file's importer, so a finding names its chain.

// foreignImport is the first module-level import of a top-level module
// that is not the project's.
type foreignImport struct {
	top   string // faker
	shown string // as written: faker.providers, "debug_toolbar"
	src   Source
	chain string // how the start reaches the importing file
	// settings: the importing file is a settings module.
	settings bool
}

// startNode is a project file the start imports.
type startNode struct {
	module string
	isPkg  bool
	parent string // the file that imports it ("" for a start point)
	listed Source // the settings line naming it, when a string does
	origin string // for a start point: what makes it one
	// settings: a settings module (or one it star-imports), whose
	// dotted-path strings Django and its apps import.
	settings bool
}

type startGraph struct {
	fsys    fs.FS
	roots   []string // import roots, most specific first
	nodes   map[string]*startNode
	queue   []string
	foreign []foreignImport
	seenTop map[string]bool
	project map[string]bool // isProject's answers
}

var (
	// NAME = or NAME: T = or NAME += at module level in settings.
	settingNameRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?\+?=[^=]`)
	// A Django settings string naming a module or an object in one.
	dottedPathRe = regexp.MustCompile(`^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$`)
)

// resolve finds the file of a dotted module under the import roots: the
// first root holding its top-level package decides, as on sys.path. ok is
// true for a namespace folder too (file "").
func (g *startGraph) resolve(module string) (file string, isPkg, ok bool) {
	parts := strings.Split(module, ".")
	for _, r := range g.roots {
		base := path.Join(r, parts[0])
		if !isRegularFile(g.fsys, base+".py") && !isDir(g.fsys, base) {
			continue
		}
		rel := path.Join(r, strings.Join(parts, "/"))
		switch {
		case isRegularFile(g.fsys, rel+".py"):
			return rel + ".py", false, true
		case isRegularFile(g.fsys, rel+"/__init__.py"):
			return rel + "/__init__.py", true, true
		case isDir(g.fsys, rel):
			return "", true, true
		}
		return "", false, false
	}
	return "", false, false
}

// isProject reports whether the top-level name is one of the project's
// modules or packages (a namespace folder included).
func (g *startGraph) isProject(top string) bool {
	if is, ok := g.project[top]; ok {
		return is
	}
	is := false
	for _, r := range g.roots {
		base := path.Join(r, top)
		if isRegularFile(g.fsys, base+".py") || isDir(g.fsys, base) {
			is = true
			break
		}
	}
	g.project[top] = is
	return is
}

// add queues the file of module (and its parent packages', which Python
// runs first) as imported by parent.
func (g *startGraph) add(module, parent, origin string, settings bool) bool {
	return g.addListed(module, parent, origin, settings, Source{})
}

// addListed is add for a module a settings line names at listed.
func (g *startGraph) addListed(module, parent, origin string, settings bool, listed Source) bool {
	parts := strings.Split(module, ".")
	found := false
	for i := 1; i <= len(parts); i++ {
		m := strings.Join(parts[:i], ".")
		file, isPkg, ok := g.resolve(m)
		if !ok {
			return found
		}
		if file == "" {
			continue
		}
		found = true
		if n := g.nodes[file]; n != nil {
			n.settings = n.settings || settings && i == len(parts)
			continue
		}
		if len(g.nodes) >= maxStartFiles {
			return found
		}
		o := ""
		if parent == "" {
			o = origin
		}
		g.nodes[file] = &startNode{module: m, isPkg: isPkg, parent: parent, origin: o, settings: settings && i == len(parts), listed: listed}
		g.queue = append(g.queue, file)
	}
	return found
}

// addPath follows a dotted path a settings string names (a module, or an
// object in one): the longest prefix that is a module of the project.
func (g *startGraph) addPath(dotted, parent string, listed Source) {
	parts := strings.Split(dotted, ".")
	for i := len(parts); i > 0; i-- {
		if file, _, ok := g.resolve(strings.Join(parts[:i], ".")); ok && file != "" {
			g.addListed(strings.Join(parts[:i], "."), parent, "", false, listed)
			return
		}
	}
}

// chain is how the start reaches file: "svc.main → svc.helpers".
func (g *startGraph) chain(file string) string {
	var mods []string
	origin := ""
	for f, n := file, 0; f != "" && n < 64; n++ {
		node := g.nodes[f]
		m := node.module
		if node.listed.File != "" {
			m += " (named at " + node.listed.String() + ")"
		}
		mods = append(mods, m)
		origin = node.origin
		f = node.parent
	}
	for i, j := 0, len(mods)-1; i < j; i, j = i+1, j-1 {
		mods[i], mods[j] = mods[j], mods[i]
	}
	out := strings.Join(mods, " → ")
	if origin != "" {
		out = origin + ": " + out
	}
	return out
}

func (g *startGraph) foreignTop(top, shown string, src Source, chain string, settings bool) {
	if g.seenTop[top] {
		return
	}
	g.seenTop[top] = true
	g.foreign = append(g.foreign, foreignImport{top: top, shown: shown, src: src, chain: chain, settings: settings})
}

// walk reads the queued files breadth first (so each chain is a shortest
// one), following the project's own modules they import at module level.
func (g *startGraph) walk() {
	for len(g.queue) > 0 {
		file := g.queue[0]
		g.queue = g.queue[1:]
		node := g.nodes[file]
		data, err := readPySource(g.fsys, file)
		if err != nil || generatedByPydock(data) {
			continue
		}
		for _, l := range pyLines(data) {
			if l.indent != 0 {
				continue // in a function, a try, an if: guarded
			}
			src := Source{File: file, Line: l.line}
			for _, im := range pyImports([]pyLine{l}) {
				target := im.module
				if im.from != "" {
					if strings.HasPrefix(im.from, ".") && node.module == "" {
						continue
					}
					target = absImport(node.module, node.isPkg, im.from)
				}
				top, _, _ := strings.Cut(target, ".")
				if top == "" {
					continue
				}
				if !g.isProject(top) {
					g.foreignTop(top, target, src, g.chain(file), node.settings)
					continue
				}
				g.add(target, file, "", node.settings && im.name == "*")
				if im.from != "" && im.name != "*" {
					// from pkg import mod: a submodule, when there is one.
					if f, _, ok := g.resolve(target + "." + im.name); ok && f != "" {
						g.add(target+"."+im.name, file, "", false)
					}
				}
			}
			if node.settings {
				g.settingsLine(file, l, src)
			}
		}
	}
}

// settingsLine follows what a module-level settings line names: the apps
// and middleware Django imports (a package from outside the project
// there counts as imported), and any dotted path into the project (URL
// conf, backends, plugins), except the test runner's.
func (g *startGraph) settingsLine(file string, l pyLine, src Source) {
	name := ""
	if m := settingNameRe.FindStringSubmatch(l.text); m != nil {
		name = m[1]
	}
	if strings.Contains(strings.ToUpper(name), "TEST") {
		return
	}
	apps := appListRe.MatchString(l.text)
	for _, lit := range pyLiterals(l.text) {
		if !moduleRe.MatchString(lit) {
			continue
		}
		top, _, _ := strings.Cut(lit, ".")
		if !g.isProject(top) {
			if apps {
				g.foreignTop(top, `"`+lit+`"`, src, g.chain(file), true)
			}
			continue
		}
		if !apps && !dottedPathRe.MatchString(lit) {
			continue
		}
		g.addPath(lit, file, src)
		if apps {
			// Django imports each app's models (and admin, apps) at start;
			// "shop.apps.ShopConfig" names the app shop.
			pkg := lit
			if i := strings.Index(pkg, ".apps."); i > 0 {
				pkg = pkg[:i]
			}
			for _, sub := range []string{"models", "admin", "apps"} {
				if f, _, ok := g.resolve(pkg + "." + sub); ok && f != "" {
					g.addListed(pkg+"."+sub, file, "", false, src)
				}
			}
		}
	}
}

// startGraphOf walks the start's imports: the app module, the package run
// with -m, the script or UI file, the console script's module, and for a
// Django site its settings and what they name.
func startGraphOf(fsys fs.FS, f *Facts) *startGraph {
	g := &startGraph{fsys: fsys, nodes: map[string]*startNode{}, seenTop: map[string]bool{}, project: map[string]bool{}}
	if f.Django != nil && f.Django.Dir != "" {
		g.roots = append(g.roots, f.Django.Dir, path.Join(f.Django.Dir, "src"))
	}
	g.roots = append(g.roots, f.layout.sourceRoots(fsys)...)
	g.roots = append(g.roots, f.ImportRoots...)
	file := func(name, origin string) {
		if name == "" || g.nodes[name] != nil || !isRegularFile(fsys, name) {
			return
		}
		g.nodes[name] = &startNode{module: moduleName("", name), origin: origin}
		g.queue = append(g.queue, name)
	}
	if f.App != nil {
		g.add(f.App.Module, "", "the app "+f.App.String(), false)
	}
	if f.Django != nil {
		g.add(f.Django.SettingsModule, "", "the settings", true)
	}
	if f.MainModule != "" {
		g.add(f.mainModuleFile(), "", "python -m "+f.MainModule, false)
	}
	file(f.EntryFile, "python "+f.EntryFile)
	if f.UIApp != nil {
		file(f.UIApp.File, f.UIApp.Runner+" "+f.UIApp.File)
	}
	if r := f.ScriptRun; r != nil && len(r.Argv) > 0 {
		for _, s := range f.Scripts {
			if s.Name == r.Argv[0] {
				mod, _, _ := strings.Cut(s.Target, ":")
				g.add(strings.TrimSpace(mod), "", "the console script "+s.Name, false)
			}
		}
	}
	g.walk()
	return g
}
