package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// setuptools metadata, read without running anything: setup.cfg is an INI
// file; setup.py is Python, of which pydock reads only literal arguments
// (install_requires=[...], entry_points console_scripts). A computed value
// is not evidence: the builder builds the project's wheel instead.

// setupMeta is what setup.cfg or setup.py says about the project.
type setupMeta struct {
	File     string // setup.cfg or setup.py
	Name     string
	Requires []Dependency // install_requires
	// RequiresFile is install_requires = file: requirements.txt (setup.cfg).
	RequiresFile string
	// Literal is true when install_requires was read (or is absent):
	// false means setup.py computes it and only a build knows.
	Literal bool
	Extras  map[string][]string
	Scripts []Script
	// PackageRoot is package_dir's root ("src"), "" for the project root.
	PackageRoot string
}

// iniValue is one key of a setup.cfg section, continuation lines joined
// by newlines, with the line of the key.
type iniValue struct {
	Value string
	Line  int
	Lines []int // the line of each line of Value
}

// parseINI reads setup.cfg the way configparser does for the keys pydock
// needs: [section] headers, key = value or key: value, indented
// continuation lines, # and ; comment lines (also inside a value).
func parseINI(data []byte) map[string]map[string]iniValue {
	out := map[string]map[string]iniValue{}
	section, key := "", ""
	n := 0
	for line := range strings.Lines(string(data)) {
		n++
		line = strings.TrimRight(line, "\r\n")
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if key != "" {
				v := out[section][key]
				v.Value += "\n" + t
				v.Lines = append(v.Lines, n)
				out[section][key] = v
			}
			continue
		}
		if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			section, key = strings.TrimSpace(t[1:len(t)-1]), ""
			if out[section] == nil {
				out[section] = map[string]iniValue{}
			}
			continue
		}
		i := strings.IndexAny(t, "=:")
		if i < 0 || section == "" {
			key = ""
			continue
		}
		key = strings.ToLower(strings.TrimSpace(t[:i]))
		out[section][key] = iniValue{Value: strings.TrimSpace(t[i+1:]), Line: n, Lines: []int{n}}
	}
	return out
}

// iniLines splits a multi-line value into its non-empty lines.
func iniLines(v string) []string {
	var out []string
	for l := range strings.Lines(v) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// readSetupCfg reads setup.cfg's metadata and options.
func readSetupCfg(fsys fs.FS) (*setupMeta, error) {
	data, err := readBounded(fsys, "setup.cfg", maxManifestSize, "manifests")
	if err != nil {
		return nil, err
	}
	ini := parseINI(data)
	m := &setupMeta{File: "setup.cfg", Name: ini["metadata"]["name"].Value, Literal: true}
	opts := ini["options"]
	if ir, ok := opts["install_requires"]; ok {
		if f, ok := strings.CutPrefix(ir.Value, "file:"); ok {
			if files := strings.Fields(strings.ReplaceAll(f, ",", " ")); len(files) > 0 {
				m.RequiresFile = path.Clean(files[0])
			}
		} else {
			for i, l := range strings.Split(ir.Value, "\n") {
				if l = strings.TrimSpace(l); l == "" {
					continue
				}
				if d, ok := parsePEP508(l, Source{File: "setup.cfg", Line: ir.Lines[i]}); ok {
					m.Requires = append(m.Requires, d)
				}
			}
		}
	}
	if pd, ok := opts["package_dir"]; ok {
		for _, l := range iniLines(pd.Value) {
			if k, v, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == "" {
				m.PackageRoot = path.Clean(strings.TrimSpace(v))
			}
		}
	}
	m.Extras = map[string][]string{}
	for k, v := range ini["options.extras_require"] {
		m.Extras[NormalizeName(k)] = iniLines(v.Value)
	}
	if cs, ok := ini["options.entry_points"]["console_scripts"]; ok {
		for _, l := range iniLines(cs.Value) {
			if name, target, ok := strings.Cut(l, "="); ok {
				m.Scripts = append(m.Scripts, Script{Name: strings.TrimSpace(name), Target: strings.TrimSpace(target), Source: Source{File: "setup.cfg", Line: cs.Line}})
			}
		}
	}
	return m, nil
}

var (
	setupPyName            = regexp.MustCompile(`\bname\s*=\s*(?:'([^'\n]*)'|"([^"\n]*)")`)
	setupPyInstallRequires = regexp.MustCompile(`\binstall_requires\s*=\s*`)
	setupPyScripts         = regexp.MustCompile(`['"]console_scripts['"]\s*:\s*`)
	pyLiteralRe            = regexp.MustCompile(`'([^'\\\n]*)'|"([^"\\\n]*)"`)
)

// readSetupPy reads the literal arguments of setup.py's setup() call.
func readSetupPy(fsys fs.FS) (*setupMeta, error) {
	data, err := readBounded(fsys, "setup.py", maxManifestSize, "manifests")
	if err != nil {
		return nil, err
	}
	m := &setupMeta{File: "setup.py", Literal: true}
	if s := setupPyName.FindSubmatch(data); s != nil {
		m.Name = string(s[1]) + string(s[2])
	}
	lineAt := func(off int) int { return bytes.Count(data[:off], []byte{'\n'}) + 1 }
	if loc := setupPyInstallRequires.FindIndex(data); loc != nil {
		items, ok := pyStringList(data[loc[1]:])
		m.Literal = ok
		for _, it := range items {
			if d, ok := parsePEP508(it.s, Source{File: "setup.py", Line: lineAt(loc[1] + it.off)}); ok {
				m.Requires = append(m.Requires, d)
			}
		}
	}
	if loc := setupPyScripts.FindIndex(data); loc != nil {
		items, _ := pyStringList(data[loc[1]:])
		for _, it := range items {
			if name, target, ok := strings.Cut(it.s, "="); ok {
				m.Scripts = append(m.Scripts, Script{Name: strings.TrimSpace(name), Target: strings.TrimSpace(target), Source: Source{File: "setup.py", Line: lineAt(loc[1] + it.off)}})
			}
		}
	}
	return m, nil
}

type pyString struct {
	s   string
	off int
}

// pyStringList reads a Python list or tuple literal of plain strings at
// the start of b (comments and trailing commas allowed). ok is false for
// anything else: a call, a name, a comprehension, string concatenation.
func pyStringList(b []byte) (items []pyString, ok bool) {
	if len(b) == 0 || (b[0] != '[' && b[0] != '(') {
		return nil, false
	}
	closer := byte(']')
	if b[0] == '(' {
		closer = ')'
	}
	i := 1
	for i < len(b) {
		switch c := b[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			i++
		case c == '#':
			j := bytes.IndexByte(b[i:], '\n')
			if j < 0 {
				return items, false
			}
			i += j
		case c == closer:
			return items, true
		case c == '\'' || c == '"':
			loc := pyLiteralRe.FindSubmatchIndex(b[i:])
			if loc == nil || loc[0] != 0 {
				return items, false
			}
			start, end := loc[2], loc[3]
			if start < 0 {
				start, end = loc[4], loc[5]
			}
			items = append(items, pyString{s: string(b[i+start : i+end]), off: i})
			i += loc[1]
			// "a" "b" (implicit concatenation) or "a" + x: not a plain list.
			k := i
			for k < len(b) && (b[k] == ' ' || b[k] == '\t') {
				k++
			}
			if k < len(b) && b[k] != ',' && b[k] != closer && b[k] != '\n' && b[k] != '#' && b[k] != '\r' {
				return items, false
			}
		default:
			return items, false
		}
	}
	return items, false
}

// readSetuptools reads setup.cfg, then setup.py for what setup.cfg did not
// say; nil when the project has neither.
func readSetuptools(fsys fs.FS, exists func(string) bool) (*setupMeta, error) {
	var cfg, py *setupMeta
	var err error
	if exists("setup.cfg") {
		if cfg, err = readSetupCfg(fsys); err != nil {
			return nil, err
		}
	}
	if exists("setup.py") {
		if py, err = readSetupPy(fsys); err != nil {
			return nil, err
		}
	}
	switch {
	case cfg == nil:
		return py, nil
	case py == nil:
		return cfg, nil
	}
	// setup.cfg holds the declarative metadata when it has it.
	if cfg.Name == "" {
		cfg.Name = py.Name
	}
	if len(cfg.Requires) == 0 && cfg.RequiresFile == "" {
		cfg.Requires, cfg.Literal, cfg.File = py.Requires, py.Literal, "setup.py"
	}
	if len(cfg.Scripts) == 0 {
		cfg.Scripts = py.Scripts
	}
	return cfg, nil
}

// hasSetupCfgOptions reports whether setup.cfg declares a package (not
// only tool settings like [flake8] that many projects keep there).
func (m *setupMeta) declaresPackage() bool {
	return m != nil && (m.Name != "" || len(m.Requires) > 0 || m.RequiresFile != "" || !m.Literal || len(m.Scripts) > 0)
}

func sortScripts(s []Script) []Script {
	sort.Slice(s, func(i, j int) bool { return s[i].Name < s[j].Name })
	return s
}

// applySetup records what a setuptools project's metadata decides: the
// project is built (setuptools builds any setup.py or setup.cfg project),
// its name and console scripts, and where its dependencies come from.
func (f *Facts) applySetup() {
	m := f.setup
	f.Packaged = true
	if f.BuildBackend == "" {
		f.BuildBackend = "setuptools.build_meta"
	}
	if f.Name == "" {
		f.Name = m.Name
	}
	if len(f.Scripts) == 0 {
		f.Scripts = sortScripts(m.Scripts)
	}
	switch {
	case f.RequirementsFile != "" && m.File == "setup.py" && !m.Literal && !f.Hashes && len(f.SelfLines) == 0 && f.RequirementsFile != m.RequiresFile:
		// The requirements file is installed first, but setup.py may add
		// to it in code (a platform's extra package): the wheel is built
		// with its dependencies too, resolved together with the file so
		// its pins hold (pip refuses pins with extras as constraints).
		f.SetupDeps = "setup.py"
		f.Notes = append(f.Notes, "setup.py computes install_requires: pydock does not run it, so the builder builds the project's wheel with its dependencies after the source is copied, resolved together with "+f.RequirementsFile+" so its pins hold")
	case f.RequirementsFile != "":
		// install_requires = file: …, or a requirements folder beside setup.py.
	case m.File == "setup.cfg":
		if len(m.Requires) > 0 {
			f.SetupDeps = "setup.cfg"
		}
	case !m.Literal:
		f.SetupDeps = "setup.py"
		f.Notes = append(f.Notes, "setup.py computes install_requires: pydock does not run it, so the builder builds the project's wheel with its dependencies after the source is copied (no separate dependency layer)")
	case len(m.Requires) > 0:
		// A literal list is installed before the source (read again in
		// the builder with Python's ast, never run), so a source-only
		// change re-uses that layer; the wheel is then built alone.
		f.SetupDeps = "setup.py-literal"
	}
}

// setupUnbuildable takes back the build of a setuptools project a clean
// checkout cannot build: its dependencies are installed from the metadata
// (a requirements file, setup.cfg, or setup.py's literal list read with
// Python's ast, never run) and the app runs from the source tree. When
// setup.py computes them, only the build knows them: it stays, warned.
func (f *Facts) setupUnbuildable(why string) {
	if f.SetupDeps == "setup.py" && !f.setup.Literal && f.RequirementsFile == "" {
		f.Warnings = append(f.Warnings, why+": the build of the project's wheel will fail, and pydock cannot read the dependencies setup.py computes without running it; fix the build configuration")
		return
	}
	f.runFromSource(why, "a clean checkout cannot build the project's wheel, so the image installs the dependencies only and runs from the source tree")
}

// runFromSource takes back the build of the project's wheel: the image
// installs the dependencies only (setup.py's literal list for a setuptools
// project) and runs from the source tree; the warning says why, then what.
// A setup.py that computes its dependencies keeps the build, warned.
func (f *Facts) runFromSource(why, then string) {
	if f.setup != nil && f.Manager == ManagerPip && f.SetupDeps == "setup.py" {
		if !f.setup.Literal && f.RequirementsFile == "" {
			f.Warnings = append(f.Warnings, why+": pydock cannot read the dependencies setup.py computes without running it, so the wheel is still built; ship the file in the package or run from the source tree by hand")
			return
		}
		f.SetupDeps = "setup.py-literal"
	}
	f.Packaged, f.NotBuilt = false, why
	f.Warnings = append(f.Warnings, why+": "+then)
}

// dynamicDeps reports whether [project] leaves its dependencies to the
// build backend (dynamic = ["dependencies"]).
func (p *pyproject) dynamicDeps() bool {
	return p.Project != nil && slices.Contains(p.Project.Dynamic, "dependencies")
}

// dynamicDepsFile is the requirements file the backend reads dynamic
// dependencies from: setuptools' [tool.setuptools.dynamic] dependencies
// file, or hatch-requirements-txt's files (the first one).
func (p *pyproject) dynamicDepsFile() string {
	switch v := p.Tool.Setuptools.Dynamic.Dependencies.File.(type) {
	case string:
		return path.Clean(v)
	case []any:
		if len(v) > 0 {
			if s, ok := v[0].(string); ok {
				return path.Clean(s)
			}
		}
	}
	if files := p.Tool.Hatch.Metadata.Hooks.RequirementsTxt.Files; len(files) > 0 {
		return path.Clean(files[0])
	}
	return ""
}
