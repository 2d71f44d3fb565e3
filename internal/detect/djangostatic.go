package detect

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// StaticBlocker is why the build cannot run collectstatic: the settings
// send static files to remote storage, run a tool the image lacks, or
// import a module the checkout does not have.
type StaticBlocker struct {
	Kind   string `json:"kind"` // remote, node, node-output, missing-module
	What   string `json:"what"` // what the settings use, as they spell it
	Source Source `json:"source"`
	// Module and Variants: the missing module and the files beside it
	// that stand for it (settings_local.dev.py, local.py.example).
	Module   string   `json:"module,omitempty"`
	Variants []string `json:"variants,omitempty"`
	Ignored  bool     `json:"git_ignored,omitempty"` // .gitignore lists it
	// Why (node-output): why the image cannot build the folder What that
	// Module (a package.json) would make.
	Why string `json:"why,omitempty"`
}

// staticBlockerRow is one setting that stops a build-time collectstatic.
// Adding a storage backend or an asset tool is a row here.
type staticBlockerRow struct {
	Kind    string
	Pattern *regexp.Regexp // on a module-level logical line of the settings
	Source  string
}

var staticBlockerRows = []staticBlockerRow{
	// collectstatic would upload with no credentials.
	{"remote", regexp.MustCompile(`^STATICFILES_STORAGE\s*=\s*["']((?:storages\.|django_s3_storage|gcloud|cloudinary)[\w.]*)`),
		"https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html"},
	{"remote", regexp.MustCompile(`^STORAGES\s*=.*["']staticfiles["']\s*:\s*\{\s*["']BACKEND["']\s*:\s*["']((?:storages\.|django_s3_storage|cloudinary)[\w.]*)`),
		"https://docs.djangoproject.com/en/stable/ref/settings/#storages"},
	// django-pipeline runs these npm tools in collectstatic's post-process
	// when PIPELINE_ENABLED (not DEBUG).
	{"node", regexp.MustCompile(`["'](pipeline\.(?:compressors\.(?:terser|uglifyjs|yuglify|csso|cleancss)|compilers\.(?:es6|less|stylus|livescript|coffee|typescript))\.\w+)["']`),
		"https://django-pipeline.readthedocs.io/en/latest/compressors.html"},
	// django-npm's finder copies from node_modules in collectstatic.
	{"node", regexp.MustCompile(`["'](npm\.finders\.NpmFinder)["']`),
		"https://github.com/kevin1024/django-npm#configuration"},
	// A binary or folder under node_modules: npm installs it, the image has none.
	{"node", regexp.MustCompile(`["']((?:[^"']*/)?node_modules/[^"']+)["']`),
		"https://docs.npmjs.com/cli/v10/configuring-npm/folders#executables"},
}

// compressPrecompilersRe is django-compressor's COMPRESS_PRECOMPILERS:
// (mimetype, command) pairs, the command run on each file
// (https://django-compressor.readthedocs.io/en/stable/settings.html#django.conf.settings.COMPRESS_PRECOMPILERS).
var compressPrecompilersRe = regexp.MustCompile(`^COMPRESS_PRECOMPILERS\s*(?::[^=]*)?\+?=\s*(.+)$`)

// compressNodePrograms are the precompiler commands of a settings line
// whose program is an npm program (nodebuild.toml's npm_programs), as
// node blockers: manage.py compress runs them.
func compressNodePrograms(file string, l pyLine) []StaticBlocker {
	m := compressPrecompilersRe.FindStringSubmatch(l.text)
	if m == nil {
		return nil
	}
	var out []StaticBlocker
	for _, lit := range pyLiterals(m[1]) {
		words := strings.Fields(lit)
		if len(words) < 2 || !strings.Contains(lit, "{infile}") {
			continue // a mimetype, or a filter class
		}
		if slices.Contains(nodeTable.NPMPrograms, path.Base(words[0])) {
			out = append(out, StaticBlocker{Kind: "node", What: "django-compressor's precompiler " + lit, Source: Source{File: file, Line: l.line}})
		}
	}
	return out
}

// manifestSettingRe finds a static storage that needs collectstatic's
// manifest to serve anything (docs.djangoproject.com/en/stable/ref/contrib/
// staticfiles/#manifeststaticfilesstorage; whitenoise's and django-pipeline's
// subclasses keep "Manifest" in the name), set by STATICFILES_STORAGE or
// STORAGES["staticfiles"].
var manifestSettingRe = regexp.MustCompile(`^(?:STATICFILES_STORAGE\s*=|STORAGES\s*=.*["']staticfiles["']\s*:\s*\{\s*["']BACKEND["']\s*:)\s*["']([\w.]*Manifest\w*Storage)["']`)

// staticBlockers matches a module-level settings line against the rows.
func staticBlockers(file string, l pyLine) []StaticBlocker {
	var out []StaticBlocker
	for _, r := range staticBlockerRows {
		for _, m := range r.Pattern.FindAllStringSubmatch(l.text, -1) {
			out = append(out, StaticBlocker{Kind: r.Kind, What: m[1], Source: Source{File: file, Line: l.line}})
		}
	}
	return out
}

var (
	// from .settings_local import (...), from site.local import x.
	fromModuleRe = regexp.MustCompile(`^from\s+(\.*[\w.]*)\s+import\s+`)
	// import site.settings_local
	importModuleRe = regexp.MustCompile(`^import\s+([\w.]+)`)
	// Spellings of a module kept out of git beside it: name.dev.py,
	// name.py.example, name_example.py, example_name.py.
	variantSuffixes = []string{"_example.py", "_sample.py", "_template.py", "_dist.py"}
)

// missingModule checks a module-level import in a settings file: a module
// of the project's own package that is not in the checkout, when the
// checkout shows it is meant to be made per deployment (a variant beside
// it, or .gitignore naming it). Imports guarded by try/if are indented and
// never reach here.
func missingModule(fsys fs.FS, root, file string, l pyLine) *StaticBlocker {
	var target string
	if m := fromModuleRe.FindStringSubmatch(l.text); m != nil {
		if strings.Trim(m[1], ".") == "" {
			return nil // from . import x: x may be a name, not a module
		}
		target = absImport(moduleName(root, file), strings.HasSuffix(file, "/__init__.py"), m[1])
	} else if m := importModuleRe.FindStringSubmatch(l.text); m != nil {
		target = m[1]
	}
	return missingTarget(fsys, root, file, l, target)
}

// importModuleCallRe is a module imported by its dotted name as a string:
// importlib.import_module("site.configuration"), or a project helper
// wrapping it (_import_module("site.configuration")).
var importModuleCallRe = regexp.MustCompile(`\b\w*import_module\s*\(\s*["']([A-Za-z_][\w.]*)["']\s*\)`)

// missingDynamic checks the modules the settings import from the project
// (one level: from site.confload import load_configuration) for a module
// they import by name with import_module, at any depth of their code: a
// loader the settings call on import. Only a module meant to be made per
// deployment counts (missingTarget's variants or .gitignore).
func missingDynamic(fsys fs.FS, root, file string, l pyLine) *StaticBlocker {
	files := []string{file}
	if m := fromModuleRe.FindStringSubmatch(l.text); m != nil && strings.Trim(m[1], ".") != "" {
		mod := absImport(moduleName(root, file), strings.HasSuffix(file, "/__init__.py"), m[1])
		if _, f := locateModule(fsys, mod); f != "" {
			files = append(files, f)
		}
	}
	for i, f := range files {
		var lines []pyLine
		if i == 0 {
			lines = []pyLine{l}
		} else if data, err := readPySource(fsys, f); err == nil {
			lines = pyLines(data)
		}
		for _, fl := range lines {
			for _, m := range importModuleCallRe.FindAllStringSubmatch(fl.text, -1) {
				if b := missingTarget(fsys, root, f, fl, m[1]); b != nil {
					return b
				}
			}
		}
	}
	return nil
}

// missingTarget is the blocker for target, imported at line l of file,
// when it is a module of file's own top package that the checkout lacks
// and shows it is meant to be made per deployment.
func missingTarget(fsys fs.FS, root, file string, l pyLine, target string) *StaticBlocker {
	own := parentModule(moduleName(root, file))
	if own == "" {
		return nil
	}
	top, _, _ := strings.Cut(own, ".")
	if target == "" || (target != top && !strings.HasPrefix(target, top+".")) || moduleExists(fsys, target) {
		return nil
	}
	// The folder the module would be in must exist: otherwise it is not
	// the project's (or the checkout is partial) and nothing is known.
	dir := path.Join(root, strings.ReplaceAll(parentModule(target), ".", "/"))
	entries, err := fs.ReadDir(fsys, path.Clean(dir))
	if err != nil {
		return nil
	}
	name := target[strings.LastIndex(target, ".")+1:]
	b := &StaticBlocker{Kind: "missing-module", What: l.text, Module: target, Source: Source{File: file, Line: l.line}}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || n == name+".py" {
			continue
		}
		if strings.HasPrefix(n, name+".") || n == "example_"+name+".py" || slices.ContainsFunc(variantSuffixes, func(s string) bool { return n == name+s }) {
			b.Variants = append(b.Variants, path.Join(dir, n))
		}
	}
	b.Ignored = gitIgnores(fsys, path.Join(dir, name+".py"))
	if len(b.Variants) == 0 && !b.Ignored {
		return nil
	}
	return b
}

// gitIgnores reports whether the .gitignore at the root or beside the file
// names the file (by name, by path, or by a glob of its name).
func gitIgnores(fsys fs.FS, file string) bool {
	for _, dir := range []string{".", path.Dir(file)} {
		data, err := readBounded(fsys, path.Join(dir, ".gitignore"), maxPyFileSize, ".gitignore files")
		if err != nil {
			continue
		}
		rel := strings.TrimPrefix(file, dir+"/")
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			p := strings.TrimSpace(sc.Text())
			if p == "" || strings.HasPrefix(p, "#") || strings.HasPrefix(p, "!") {
				continue
			}
			p = strings.TrimPrefix(strings.TrimPrefix(p, "**/"), "/")
			target := rel
			if !strings.Contains(p, "/") {
				target = path.Base(rel)
			}
			if ok, _ := path.Match(p, target); ok {
				return true
			}
		}
	}
	return false
}

// StaticNote says why collectstatic does not run at build time and what to
// do instead.
func (b StaticBlocker) StaticNote(managePy string) string {
	run := "`python " + managePy + " collectstatic --noinput`"
	switch b.Kind {
	case "remote":
		return "static files go to remote storage (" + b.What + ", " + b.Source.String() + "): collectstatic needs its credentials, so the image does not run it; run " + run + " as a release step"
	case "node-output":
		return "STATICFILES_DIRS names " + b.What + " (" + b.Source.String() + "), which is not in the project and which " + b.Module + " would build, but " + b.Why + ": the image has no " + b.What + ", so it does not run collectstatic (it would collect a site without it); build it with node and run " + run + " where it exists, or as a release step"
	case "committed":
		return "the authors commit the collected static files with their manifest (" + b.What + "): it lists files no finder knows (their own asset build made them), so collectstatic at build would rewrite it without them; the image serves the collection as committed. Run " + run + " after your asset build and commit the result, as before"
	case "node":
		return "static files need what npm installs or builds (" + b.What + ", " + b.Source.String() + "): the image has no node build, so it does not run collectstatic; build the assets with node (npm ci, then the build script) and run " + run + " where they exist, or as a release step"
	default:
		why := ""
		if len(b.Variants) > 0 {
			why = " (" + strings.Join(b.Variants, ", ") + " stand for it"
			if b.Ignored {
				why += "; .gitignore lists it"
			}
			why += ")"
		} else if b.Ignored {
			why = " (.gitignore lists it)"
		}
		return b.Source.String() + " imports " + b.Module + ", which is not in the project" + why + ": the settings cannot be imported at build time, so the image does not run collectstatic, and the app cannot start without it; create the module in the image (or mount it) and run " + run + " as a release step, or make the import optional"
	}
}

// committedManifest finds the manifest ManifestStaticFilesStorage writes
// (staticfiles.json, with its paths and version) committed in the project,
// a few folders deep: the authors ship their collected static files.
// https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#manifeststaticfilesstorage
func committedManifest(fsys fs.FS) *StaticBlocker {
	var found *StaticBlocker
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if found != nil {
			return fs.SkipAll
		}
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != "." && (strings.Count(p, "/") >= 3 || pySkipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() != "staticfiles.json" {
			return nil
		}
		data, err := readBounded(fsys, p, maxManifestSize, "static manifests")
		if err != nil {
			return nil
		}
		var m struct {
			Paths   map[string]string `json:"paths"`
			Version string            `json:"version"`
		}
		if json.Unmarshal(data, &m) == nil && len(m.Paths) > 0 && m.Version != "" {
			found = &StaticBlocker{Kind: "committed", What: p, Source: Source{File: p}}
		}
		return nil
	})
	return found
}

var staticDirsRe = regexp.MustCompile(`^STATICFILES_DIRS\s*(?::[^=]*)?\+?=\s*(.+)$`)

// staticDirsMissing finds the STATICFILES_DIRS folders that are not in the
// checkout: something builds them (nodebuild.go decides what, and whether
// the image can). Paths are resolved as the data paths are (BASE_DIR /
// "frontend" / "dist"), relative to outer, the whole project, in which
// the settings' folder fsys is prefix: a base may climb above a Django
// project one folder down (ROOT_DIR / "frontend" / "build").
func staticDirsMissing(fsys fs.FS, root, file string, outer fs.FS, prefix string) []servedDir {
	type entry struct {
		expr string
		src  Source
	}
	var entries []entry
	bases := map[string]string{}
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		if l.indent != 0 {
			return
		}
		file = path.Join(prefix, file)
		trackBases(bases, file, l)
		if m := staticDirsRe.FindStringSubmatch(l.text); m != nil {
			for _, e := range listElements(m[1]) {
				if strings.HasPrefix(e, "(") { // ("prefix", path)
					if parts := listElements(e); len(parts) == 2 {
						e = parts[1]
					}
				}
				entries = append(entries, entry{e, Source{File: file, Line: l.line}})
			}
		}
	})
	var out []servedDir
	for _, e := range entries {
		p, ok := resolvePath(e.expr, bases)
		if !ok || path.IsAbs(p) || !fs.ValidPath(p) {
			continue
		}
		if _, err := fs.Stat(outer, p); err == nil {
			continue // committed: collected as it is
		}
		out = append(out, servedDir{Dir: p, What: "STATICFILES_DIRS", Source: e.src, django: true})
	}
	return out
}

// trackBases records the folder a module-level settings line names as a
// base: BASE_DIR = Path(__file__)…, or a folder built on a base
// (UI_DIR = os.path.join(ROOT, "ui")).
func trackBases(bases map[string]string, file string, l pyLine) {
	if m := baseDirRe.FindStringSubmatch(l.text); m != nil {
		if dir, ok := baseDir(file, m[2]); ok {
			bases[m[1]] = dir
		}
	} else if m := moduleAssignRe.FindStringSubmatch(l.text); m != nil && anyBase(m[2], bases) {
		if dir, ok := resolvePath(m[2], bases); ok {
			bases[m[1]] = dir
		}
	}
}

// manifestDirsMissing finds the folders of the manifest or stats files the
// settings' bundler integration reads (nodebuild.toml's manifest_setting
// rows) when the file is not in the checkout: a node build makes them.
// Paths are outer's, as for staticDirsMissing.
func manifestDirsMissing(fsys fs.FS, root, file string, outer fs.FS, prefix string) []servedDir {
	var out []servedDir
	bases := map[string]string{}
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		if l.indent != 0 {
			return
		}
		file = path.Join(prefix, file)
		trackBases(bases, file, l)
		m := moduleAssignRe.FindStringSubmatch(l.text)
		if m == nil {
			return
		}
		for _, r := range nodeTable.ManifestSetting {
			if m[1] != r.Setting {
				continue
			}
			expr := m[2]
			if r.Key != "" {
				loc := regexp.MustCompile(`["']` + regexp.QuoteMeta(r.Key) + `["']\s*:\s*`).FindStringIndex(expr)
				if loc == nil {
					continue
				}
				expr = pyExpr(expr[loc[1]:])
			}
			p, ok := resolvePath(expr, bases)
			if !ok || path.IsAbs(p) || !fs.ValidPath(p) || isRegularFile(outer, p) {
				continue
			}
			if dir := path.Dir(p); dir != "." {
				out = append(out, servedDir{Dir: dir, What: r.What, Source: Source{File: file, Line: l.line}})
			}
		}
	})
	return out
}

// listElements splits a list or tuple display into its top-level elements.
func listElements(expr string) []string {
	expr = strings.TrimSpace(expr)
	if len(expr) < 2 || !strings.ContainsRune("[(", rune(expr[0])) {
		return nil
	}
	rest := expr[1:]
	var out []string
	for rest != "" {
		e := pyExpr(rest)
		if e != "" {
			out = append(out, e)
		}
		i := strings.Index(rest, e) + len(e)
		rest = strings.TrimSpace(rest[i:])
		if !strings.HasPrefix(rest, ",") {
			break
		}
		rest = rest[1:]
	}
	return out
}
