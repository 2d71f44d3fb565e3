package detect

import (
	_ "embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed catalogues.toml
var cataloguesTOML []byte

// catalogueLoader is one row of catalogues.toml: what loads compiled
// catalogues, by a call in the code or by being installed.
type catalogueLoader struct {
	Name          string   `toml:"name"`
	Calls         []string `toml:"calls"`
	DomainArg     int      `toml:"domain_arg"`
	DomainKeyword string   `toml:"domain_keyword"`
	DefaultDomain string   `toml:"default_domain"`
	DomainSetting string   `toml:"domain_setting"`
	Dist          string   `toml:"dist"`
	Domains       []string `toml:"domains"`
	OffSetting    string   `toml:"off_setting"`
	Compiler      string   `toml:"compiler"`
	Source        string   `toml:"source"`
}

// domainOf is the domain a call of the row loads, from its arguments: ""
// when it could be any (an expression pydock cannot read, *args, a row
// that loads every domain of its folders).
func (l *catalogueLoader) domainOf(pos []string, kw map[string]string, star bool) string {
	if l.DomainKeyword == "" {
		return ""
	}
	arg, given := kw[l.DomainKeyword]
	if !given && l.DomainArg >= 0 && l.DomainArg < len(pos) {
		arg, given = pos[l.DomainArg], true
	}
	if !given {
		if star {
			return ""
		}
		return l.DefaultDomain
	}
	if v, ok := pyLiteral(arg); ok {
		return v
	}
	return ""
}

// catalogueCompiler is a [[compiler]] row: the program that turns .po
// into .mo and the Debian package that has it.
type catalogueCompiler struct {
	Name    string `toml:"name"`
	Package string `toml:"package"`
	// Dist: the compiler is this Python distribution's console script, run
	// from the builder's venv instead of a Debian package.
	Dist   string `toml:"dist"`
	Source string `toml:"source"`
}

var catalogueLoaders, catalogueCompilers = func() ([]catalogueLoader, map[string]catalogueCompiler) {
	var t struct {
		Loader   []catalogueLoader
		Compiler []catalogueCompiler
	}
	if err := toml.Unmarshal(cataloguesTOML, &t); err != nil {
		panic("catalogues.toml: " + err.Error())
	}
	compilers := map[string]catalogueCompiler{}
	for _, c := range t.Compiler {
		if c.Name == "" || (c.Package == "") == (c.Dist == "") || c.Source == "" {
			panic("catalogues.toml: bad compiler " + c.Name)
		}
		compilers[c.Name] = c
	}
	for _, l := range t.Loader {
		byCall, byDist := len(l.Calls) > 0, l.Dist != "" && len(l.Domains) > 0
		if l.Name == "" || l.Source == "" || byCall == byDist || compilers[l.Compiler].Name == "" {
			panic("catalogues.toml: bad loader " + l.Name)
		}
		for _, c := range l.Calls {
			if !strings.Contains(c, ".") {
				panic("catalogues.toml: call without its module: " + c)
			}
		}
	}
	return t.Loader, compilers
}()

// Catalogues are the gettext catalogues the code loads compiled and the
// project ships as sources only (catalogues.go).
type Catalogues struct {
	// Dirs are the folders holding <language>/LC_MESSAGES/<domain>.po with
	// no .mo beside them, sorted; Files counts those .po files.
	Dirs  []string `json:"dirs,omitempty"`
	Files int      `json:"files,omitempty"`
	// Committed are the folders whose .mo files the authors commit:
	// nothing to compile there.
	Committed []string `json:"committed,omitempty"`
	// Loader is what loads them (a call of catalogues.toml, or the
	// framework that finds them by itself), From where.
	Loader string `json:"loader"`
	From   Source `json:"source"`
	// Off says why a loader that would load some loads none (its setting
	// turned off), when that is all pydock found.
	Off string `json:"off,omitempty"`
	// Compiler and Package: the program that compiles them and the
	// Debian package that has it.
	Compiler string `json:"compiler"`
	Package  string `json:"package,omitempty"`
	// Dist is set instead of Package when the compiler comes with a Python
	// distribution the venv has (pybabel with babel).
	Dist string `json:"dist,omitempty"`
	// Commands are the project's own CLI commands that compile them
	// (cataloguesteps.go).
	Commands []CatalogueCommand `json:"commands,omitempty"`
}

// Bounds on the walk for catalogues: a vendored tree must not make it slow.
const maxCatalogueWalk = 20000

// catalogueDir is one folder of catalogues as the walk found it.
type catalogueDir struct {
	files   int  // .po files in <language>/LC_MESSAGES/
	mo      bool // a .mo is committed beside one of them
	domains map[string]bool
	first   string // its first .po, for evidence
}

// findCatalogues finds the catalogue folders and whether the code loads
// them: by a call of the table, or by a framework that is installed and
// loads the domain their files are named for.
func findCatalogues(fsys fs.FS, f *Facts) {
	dirs := catalogueDirs(fsys)
	if len(dirs) == 0 {
		return
	}
	calls := catalogueCalls(fsys, f)
	c := &Catalogues{}
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names)
	for _, d := range names {
		cd := dirs[d]
		var loader *catalogueLoader
		var name string
		var from Source
		for _, m := range calls {
			if m.domain == "" || cd.domains[m.domain] {
				loader, name, from = m.loader, m.call, m.from
				break
			}
		}
		if loader == nil {
			for i, l := range catalogueLoaders {
				if l.Dist == "" || !f.IsInstalled(l.Dist) || !anyDomain(cd.domains, l.Domains) {
					continue
				}
				if off, ok := settingOff(f, l.OffSetting); ok {
					if c.Off == "" {
						c.Off = fmt.Sprintf("%s = False (%s): %s loads no catalogue", l.OffSetting, off, l.Name)
					}
					continue
				}
				loader, name, from = &catalogueLoaders[i], l.Name, Source{File: cd.first}
				break
			}
		}
		if loader == nil {
			continue // no code pydock reads loads them
		}
		if c.Loader == "" {
			compiler := loader.Compiler
			if catalogueCompilers[compiler].Dist != "" && f.Manager == ManagerNone {
				compiler = "msgfmt" // no venv to run the distribution's script from
			}
			c.Loader, c.From, c.Compiler = name, from, compiler
			c.Package, c.Dist = catalogueCompilers[compiler].Package, catalogueCompilers[compiler].Dist
		}
		if cd.mo {
			c.Committed = append(c.Committed, d)
			continue
		}
		c.Dirs = append(c.Dirs, d)
		c.Files += cd.files
	}
	if c.Loader != "" {
		findCatalogueCommands(fsys, f, c)
	}
	if c.Loader != "" || c.Off != "" {
		f.Catalogues = c
	}
}

// settingOff is where the Django settings set name to False, if they do.
func settingOff(f *Facts, name string) (Source, bool) {
	if name == "" || f.Django == nil {
		return Source{}, false
	}
	src, ok := f.Django.Off[name]
	return src, ok
}

func anyDomain(have map[string]bool, want []string) bool {
	for _, w := range want {
		if have[w] {
			return true
		}
	}
	return false
}

// catalogueDirs walks the project for <folder>/<language>/LC_MESSAGES/
// <domain>.po, skipping what never ships (tests, virtualenvs, caches,
// docs); a catalogue at the project's root level is not looked for.
func catalogueDirs(fsys fs.FS) map[string]*catalogueDir {
	out := map[string]*catalogueDir{}
	seen := 0
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil
		}
		if seen++; seen > maxCatalogueWalk {
			return fs.SkipAll
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (pySkipDirs[name] || name == "docs" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".egg-info")) {
				return fs.SkipDir
			}
			if _, err := fs.Stat(fsys, path.Join(p, "pyvenv.cfg")); err == nil {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(p, ".po") {
			return nil
		}
		msgs := path.Dir(p)
		lang := path.Dir(msgs)
		root := path.Dir(lang)
		if path.Base(msgs) != "LC_MESSAGES" || root == "." || lang == "." {
			return nil
		}
		cd := out[root]
		if cd == nil {
			cd = &catalogueDir{domains: map[string]bool{}, first: p}
			out[root] = cd
		}
		cd.files++
		cd.domains[strings.TrimSuffix(path.Base(p), ".po")] = true
		if isRegularFile(fsys, strings.TrimSuffix(p, ".po")+".mo") {
			cd.mo = true
		}
		return nil
	})
	return out
}

// catalogueOffSettings are the settings that turn a loader off, for the
// Django settings reader.
var catalogueOffSettings = func() map[string]bool {
	out := map[string]bool{}
	for _, l := range catalogueLoaders {
		if l.OffSetting != "" {
			out[l.OffSetting] = true
		}
	}
	return out
}()

// catalogueCallRoots are the first names of the table's calls, for a
// cheap look at a file before it is parsed.
var catalogueCallRoots = func() []string {
	var out []string
	for _, l := range catalogueLoaders {
		for _, c := range l.Calls {
			root, _, _ := strings.Cut(c, ".")
			out = append(out, root)
		}
	}
	return out
}()

// catalogueCallMatch is one call of a loader in the code.
type catalogueCallMatch struct {
	loader *catalogueLoader
	call   string // the dotted name of the table
	from   Source
	domain string // "" when it could load any
}

// catalogueCalls finds the calls of the table's loaders in the code under
// the source roots, in file order, each with the domain it loads.
func catalogueCalls(fsys fs.FS, f *Facts) []catalogueCallMatch {
	var calls []string
	byCall := map[string]*catalogueLoader{}
	for i, l := range catalogueLoaders {
		for _, c := range l.Calls {
			calls = append(calls, c)
			byCall[c] = &catalogueLoaders[i]
		}
	}
	var out []catalogueCallMatch
	settings := map[string]bool{} // a domain setting the code names somewhere
	_ = walkPython(fsys, f.layout.sourceRoots(fsys), func(file, _ string, data []byte) {
		text := string(data)
		for _, l := range catalogueLoaders {
			if l.DomainSetting != "" && strings.Contains(text, l.DomainSetting) {
				settings[l.DomainSetting] = true
			}
		}
		if !containsAny(text, catalogueCallRoots) {
			return
		}
		lines := pyLines(data)
		names := ctorNames(pyImports(lines), calls)
		if len(names) == 0 {
			return
		}
		alts := make([]string, 0, len(names))
		for n := range names {
			alts = append(alts, regexp.QuoteMeta(n))
		}
		sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
		re := regexp.MustCompile(`(?:^|[^\w.])(` + strings.Join(alts, "|") + `)\s*\(`)
		for _, l := range lines {
			for _, m := range re.FindAllStringSubmatchIndex(l.text, -1) {
				call := names[l.text[m[2]:m[3]]]
				loader := byCall[call]
				pos, kw, star := callArgs(l.text[m[1]:])
				out = append(out, catalogueCallMatch{loader: loader, call: call, from: Source{File: file, Line: l.line}, domain: loader.domainOf(pos, kw, star)})
			}
		}
	})
	for i, m := range out {
		if settings[m.loader.DomainSetting] {
			out[i].domain = "" // the settings may name another domain
		}
	}
	return out
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// Why says, for detect, what loads the catalogues and what is compiled.
func (c *Catalogues) Why() string {
	if c.Loader == "" {
		return c.Off
	}
	what := fmt.Sprintf("%s at %s loads compiled .mo files", c.Loader, c.From)
	if !strings.Contains(c.Loader, ".") {
		what = fmt.Sprintf("%s loads the compiled .mo files of its domain (%s)", c.Loader, c.From)
	}
	if len(c.Dirs) == 0 {
		return what + "; they are committed beside their .po files (" + strings.Join(c.Committed, ", ") + "): nothing to compile"
	}
	files := "1 .po file"
	if c.Files != 1 {
		files = fmt.Sprintf("%d .po files", c.Files)
	}
	hold := "holds"
	if len(c.Dirs) > 1 {
		hold = "hold"
	}
	s := fmt.Sprintf("%s; %s %s %s and no .mo", what, strings.Join(c.Dirs, ", "), hold, files)
	if len(c.Committed) > 0 {
		s += "; " + strings.Join(c.Committed, ", ") + " have theirs committed"
	}
	return s
}
