package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// LocalModule is a module the settings import unconditionally that the
// repository commits only as a template beside it (settings_local.py.example,
// local_settings.sample.py): the authors make it per deployment from the
// template. The image makes it the same way, so the settings import at
// build (collectstatic) and at start; the deployment mounts its own.
type LocalModule struct {
	Module   string `json:"module"`   // site.settings_local
	File     string `json:"file"`     // site/settings_local.py, project-relative
	Template string `json:"template"` // site/settings_local.sample.py
	Source   Source `json:"source"`   // the import
	// Via is where the authors' own image makes the module from Template
	// (a COPY, a cp in their start script); nil for a template found by
	// its name beside the module.
	Via *Source `json:"via,omitempty"`
	// Dev is the line that shows Template is for development (DEBUG =
	// True as written), nil for one a deployment can run: the image does
	// not make the module from a development template; it stands in for
	// collectstatic only, and compose mounts the deployment's own file.
	Dev *Source `json:"development,omitempty"`
	// Guarded: Source is a file check the settings raise on (if not
	// os.path.isfile(...): raise), not an import.
	Guarded bool `json:"guarded,omitempty"`
}

// Verb says what Source does with the module, for messages.
func (m LocalModule) Verb() string {
	if m.Guarded {
		return "stops without"
	}
	return "imports"
}

// templateWords mark a file as a template to copy, in the order one is
// preferred when several are committed; a per-environment variant
// (local.dev.py, local.prod.py) is a configuration, not a template.
var templateWords = []string{"example", "sample", "template", "dist"}

// templateNames are the spellings of a template of module file name.py,
// in order of preference.
func templateNames(name string) []string {
	var out []string
	for _, w := range templateWords {
		out = append(out, name+".py."+w, name+"."+w+".py", name+"_"+w+".py", w+"_"+name+".py")
	}
	return out
}

// pickTemplate is the first of files (paths in one folder) that is a
// template of module file name.py, "" when none is.
func pickTemplate(files []string, name string) string {
	for _, t := range templateNames(name) {
		if i := slices.IndexFunc(files, func(f string) bool { return path.Base(f) == t }); i >= 0 {
			return files[i]
		}
	}
	return ""
}

// emptySecretRe is a template's SECRET_KEY left empty to be filled in:
// Django refuses an empty one, so the template does not run as it is.
var emptySecretRe = regexp.MustCompile(`^SECRET_KEY\s*(?::[^=]*)?=\s*(?:""|'')\s*$`)

// localModule is the module a missing-module blocker can be made from:
// nil when no variant of it is a template that runs as committed.
func localModule(fsys fs.FS, b StaticBlocker) *LocalModule {
	name := b.Module[strings.LastIndex(b.Module, ".")+1:]
	t := pickTemplate(b.Variants, name)
	if t == "" {
		return nil
	}
	if !runsAsCommitted(fsys, t) {
		return nil
	}
	return &LocalModule{Module: b.Module, File: path.Join(path.Dir(t), name+".py"), Template: t, Source: b.Source, Dev: devTemplate(fsys, t)}
}

// devDebugRe is DEBUG turned on as written, at module level: a template
// that does so is a developer's starting point, not a deployment's
// (https://docs.djangoproject.com/en/stable/ref/settings/#debug: "Never
// deploy a site into production with DEBUG turned on").
var devDebugRe = regexp.MustCompile(`^DEBUG\s*(?::\s*bool\s*)?=\s*True\s*$`)

// devTemplate is the line of a template that shows it is for development,
// nil when none does.
func devTemplate(fsys fs.FS, file string) *Source {
	data, err := readPySource(fsys, file)
	if err != nil {
		return nil
	}
	for _, l := range pyLines(data) {
		if l.indent == 0 && devDebugRe.MatchString(l.text) {
			return &Source{File: file, Line: l.line}
		}
	}
	return nil
}

// moduleTemplate is the template the image makes module from when the
// checkout lacks it (see localModule): the file walkSettings reads in its
// place, "" when there is none.
func moduleTemplate(fsys fs.FS, root, module string) string {
	if module == "" || moduleExists(fsys, module) {
		return ""
	}
	dir := path.Clean(path.Join(root, strings.ReplaceAll(parentModule(module), ".", "/")))
	name := module[strings.LastIndex(module, ".")+1:]
	for _, t := range templateNames(name) {
		if f := path.Join(dir, t); isRegularFile(fsys, f) && runsAsCommitted(fsys, f) {
			return f
		}
	}
	return ""
}

// madeTemplate is the file an unconditional star import of the settings
// is read from when the checkout lacks the module: the template the image
// makes it from (localModule), so detect reads what the image runs; else
// the file the authors copy there.
func madeTemplate(fsys fs.FS, root, module string) string {
	if t := moduleTemplate(fsys, root, module); t != "" {
		return t
	}
	t, _ := madeModule(fsys, root, module)
	return t
}

// addLocalModule records m once per module.
func (dj *Django) addLocalModule(m LocalModule) {
	if !slices.ContainsFunc(dj.LocalModules, func(o LocalModule) bool { return o.Module == m.Module }) {
		dj.LocalModules = append(dj.LocalModules, m)
	}
}

// runsAsCommitted reports whether the template file can be imported as it
// is: readable, and no SECRET_KEY left empty for the deployment to fill.
func runsAsCommitted(fsys fs.FS, file string) bool {
	data, err := readPySource(fsys, file)
	if err != nil {
		return false
	}
	for _, l := range pyLines(data) {
		if l.indent == 0 && emptySecretRe.MatchString(l.text) {
			return false
		}
	}
	return true
}

// madeModule is how the image makes module, which the checkout lacks
// under root: from the file the authors' Dockerfile or start script copies
// to its path (via says where), else from a template named after it
// beside that path. "" when nothing makes it.
func madeModule(fsys fs.FS, root, module string) (template string, via *Source) {
	if module == "" || moduleExists(fsys, module) {
		return "", nil
	}
	file := path.Join(root, strings.ReplaceAll(module, ".", "/")+".py")
	for _, m := range authorsMadeFiles(fsys) {
		if m.File == file {
			return m.From, &m.At
		}
	}
	return moduleTemplate(fsys, root, module), nil
}

// entryMadeSettings is the settings module the production server's entry
// module (wsgi.py, asgi.py) defaults to when the checkout lacks it: lm
// says how the image makes it, nil when nothing does; at is the default,
// empty when the entry module names an existing module or none.
func entryMadeSettings(fsys fs.FS, module string) (mod string, lm *LocalModule, at Source) {
	mod, at = entrySettingsDefault(fsys, module)
	if mod == "" || mod == module || moduleExists(fsys, mod) {
		return "", nil, Source{}
	}
	for _, root := range djangoRoots {
		if t, via := madeModule(fsys, root, mod); t != "" {
			file := path.Join(root, strings.ReplaceAll(mod, ".", "/")+".py")
			lm := &LocalModule{Module: mod, File: file, Template: t, Source: at, Via: via}
			if via == nil {
				// Only found by its name: a development template is not
				// what the server should run (the caller says so).
				lm.Dev = devTemplate(fsys, t)
			}
			return mod, lm, at
		}
	}
	return mod, nil, at
}

// localModuleRoot is the import root m's file is under.
func localModuleRoot(m LocalModule) string {
	return strings.TrimSuffix(strings.TrimSuffix(m.File, strings.ReplaceAll(m.Module, ".", "/")+".py"), "/")
}

// madeOverride is the module an indented star import of the settings
// (try: from .local_settings import *) names when the checkout lacks it
// and the authors' image makes it from a committed file: the image makes
// it too, so the settings run as theirs do. nil otherwise.
func madeOverride(fsys fs.FS, root, file string, l pyLine) *LocalModule {
	m := starImportRe.FindStringSubmatch(l.text)
	if m == nil {
		return nil
	}
	target := absImport(moduleName(root, file), strings.HasSuffix(file, "/__init__.py"), m[1])
	if target == "" || moduleExists(fsys, target) {
		return nil
	}
	t, via := madeModule(fsys, root, target)
	if t == "" || via == nil {
		return nil
	}
	return &LocalModule{Module: target, File: path.Join(root, strings.ReplaceAll(target, ".", "/")+".py"), Template: t, Source: Source{File: file, Line: l.line}, Via: via}
}

// settingsLocation is where the settings module the image runs is read
// from: its file, or the template of a module the image makes (a made
// server settings module has no file in the checkout). "" when neither.
func settingsLocation(fsys fs.FS, dj *Django) (root, file string) {
	if root, file = locateModule(fsys, dj.SettingsModule); file != "" {
		return root, file
	}
	for _, m := range dj.LocalModules {
		if m.Module != dj.SettingsModule {
			continue
		}
		t, r := m.Template, localModuleRoot(m)
		if !isRegularFile(fsys, t) && dj.Dir != "" {
			// Paths already joined with the site's folder (djangosite.go).
			t, r = strings.TrimPrefix(t, dj.Dir+"/"), strings.TrimPrefix(strings.TrimPrefix(r, dj.Dir), "/")
		}
		if isRegularFile(fsys, t) {
			return r, t
		}
	}
	return "", ""
}

// dropStandInFindings forgets a DEBUG or SECRET_KEY read from a development
// template the image does not run (it stands in for collectstatic only;
// the deployment's own file is mounted): the warning would name a line no
// container runs.
func (dj *Django) dropStandInFindings() {
	standIn := func(s Source) bool {
		return slices.ContainsFunc(dj.LocalModules, func(m LocalModule) bool { return m.Dev != nil && m.Template == s.File })
	}
	if dj.Debug != nil && standIn(dj.Debug.Source) {
		dj.Debug = nil
	}
	if dj.CommittedSecret != nil && standIn(*dj.CommittedSecret) {
		dj.CommittedSecret = nil
	}
}
