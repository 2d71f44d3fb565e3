package detect

import (
	_ "embed"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

var (
	// os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
	settingsDefaultRe = regexp.MustCompile(`\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*[rRuU]?["']([A-Za-z_][\w.]*)["']`)
	// os.environ.setdefault("DJANGO_CONFIGURATION", "Local"): django-configurations.
	configurationDefaultRe = regexp.MustCompile(`\(\s*["']DJANGO_CONFIGURATION["']\s*,\s*[rRuU]?["']([A-Za-z_]\w*)["']`)
	// class Production(Base): a configuration class at module level.
	configClassRe = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)\s*\(`)
	// os.environ["DJANGO_SETTINGS_MODULE"] = "mysite.settings"
	settingsAssignRe = regexp.MustCompile(`\[\s*["']DJANGO_SETTINGS_MODULE["']\s*\]\s*=\s*[rRuU]?["']([A-Za-z_][\w.]*)["']`)

	staticRootRe = regexp.MustCompile(`^STATIC_ROOT\s*(?::[^=]*)?=\s*(.*)$`)
	secretKeyRe  = regexp.MustCompile(`^SECRET_KEY\s*(?::[^=]*)?=\s*(.*)$`)
	// os.environ["X"], os.environ.get("X"), os.getenv("X"), env("X"),
	// env.str("X"), config("X") (python-decouple).
	secretEnvRe  = regexp.MustCompile(`(?:\benviron\s*\[\s*|\benviron\.(?:get|setdefault)\s*\(\s*|\bgetenv\s*\(\s*|\benv(?:\.str)?\s*\(\s*|\bconfig\s*\(\s*)[rRuU]?["']([A-Za-z_]\w*)["']`)
	appSettingRe = regexp.MustCompile(`^(WSGI|ASGI)_APPLICATION\s*(?::[^=]*)?=\s*[rRuU]?["']([A-Za-z_][\w.]*)["']`)
	starImportRe = regexp.MustCompile(`^from\s+([\w.]+)\s+import\s+\*`)
)

// djangoRoots are where a Django project's packages may live.
var djangoRoots = []string{"", "src"}

// maxSettingsFiles bounds how many settings modules star imports pull in
// (settings/production.py → base.py → ...).
const maxSettingsFiles = 8

// readDjango reads manage.py and the settings module it names. Without a
// root manage.py there is no Django site, whatever else mentions Django.
func readDjango(fsys fs.FS) (*Django, error) {
	data, err := readPySource(fsys, "manage.py")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	dj := &Django{Source: Source{File: "manage.py"}}
	for _, l := range pyLines(data) {
		m := settingsDefaultRe.FindStringSubmatch(l.text)
		if m == nil {
			m = settingsAssignRe.FindStringSubmatch(l.text)
		}
		if m != nil {
			dj.SettingsModule, dj.Source.Line = m[1], l.line
			break
		}
	}
	if dj.SettingsModule == "" {
		// manage.py may take it from elsewhere; a lone settings package is
		// still a good guess, and the image must then name it.
		if mod, file := guessSettings(fsys); mod != "" {
			dj.SettingsModule, dj.Source, dj.SettingsEnv = mod, Source{File: file}, true
			dj.SettingsWhy = "the one settings module of the project (manage.py names none)"
		}
	}
	if dj.SettingsModule == "" {
		return dj, nil
	}
	if base, why := emptyPackageBase(fsys, dj.SettingsModule); base != "" {
		dj.SettingsModule, dj.SettingsEnv, dj.SettingsWhy = base, true, why
	}
	if prod := productionSettings(fsys, dj.SettingsModule); prod != "" {
		dj.DefaultSettings, dj.SettingsModule, dj.SettingsEnv = dj.SettingsModule, prod, true
		dj.SettingsWhy = "a production module beside " + dj.DefaultSettings + ", the default of " + dj.Source.String()
	} else if mod, at := serverSettings(fsys, dj.SettingsModule); mod != "" {
		dj.DefaultSettings, dj.SettingsModule, dj.SettingsEnv = dj.SettingsModule, mod, true
		dj.SettingsWhy = "the default of " + at.String() + ", the module the production server imports (" + dj.DefaultSettings + ", the default of " + dj.Source.String() + ", is for manage.py)"
	} else if mod, lm, at := entryMadeSettings(fsys, dj.SettingsModule); lm != nil && lm.Dev == nil {
		// The authors make the server's settings module in their image
		// (from a committed template): the image does too, and runs it.
		dj.DefaultSettings, dj.SettingsModule, dj.SettingsEnv = dj.SettingsModule, mod, true
		dj.addLocalModule(*lm)
		how := "the image makes it from " + lm.Template
		if lm.Via != nil {
			how += ", as " + lm.Via.String() + " does"
		}
		dj.SettingsWhy = "the default of " + at.String() + ", the module the production server imports: " + how + " (" + dj.DefaultSettings + ", the default of " + dj.Source.String() + ", is for manage.py)"
	} else if mod != "" {
		// Nothing makes it: the server would fail on import, so the image
		// names the settings manage.py uses.
		dj.SettingsEnv = true
		dj.EntrySettingsMissing = &MissingSettings{Module: mod, Source: at}
		if lm != nil {
			dj.EntrySettingsMissing.Template, dj.EntrySettingsMissing.Dev = lm.Template, lm.Dev
		}
		dj.SettingsWhy = "the default of " + dj.Source.String() + "; the production server's default, " + mod + " (" + at.String() + "), is no file of the repository"
	}
	if def := configurationDefault(data); def != "" && dj.DefaultSettings != "" {
		if cls := configurationClass(fsys, dj.SettingsModule); cls != "" && cls != def {
			dj.Configuration = cls
			dj.SettingsWhy += "; django-configurations loads a class of it, " + cls + ", not manage.py's default " + def + " (DJANGO_CONFIGURATION)"
		}
	}

	// A module the image makes is read from its template.
	root, file := settingsLocation(fsys, dj)
	dj.SettingsFile = file
	if file != "" {
		readSettings(fsys, dj, root, file)
		dj.addGuardedModules(fsys, root, file)
		readDebugAndSecret(fsys, dj, root, file)
		productionSwitch(fsys, dj, root, file)
		dj.dropStandInFindings()
		requiredByCheck(fsys, dj, root, file)
		shapeSettingReads(fsys, dj, root, file)
		readInstalledApps(fsys, dj, root, file)
		dj.CollectCommand = readCollectCommand(fsys, root, file)
		readDatabaseAliases(fsys, dj, root, file)
		dj.queues = readWorkerQueues(fsys, root, file)
		readGIS(fsys, dj, root, file)
		dj.DBHostFixed = fixedDBHost(fsys, dj, root, file)
		dj.staticDirs = staticDirsMissing(fsys, root, file, fsys, "")
		dj.StaticGap = readStaticGap(fsys, dj, root, file, fsys, "")
		dj.manifestDirs = manifestDirsMissing(fsys, root, file, fsys, "")
		if b := committedManifest(fsys); b != nil && dj.StaticRoot {
			dj.addBlocker(*b)
		}
		pc := readProbeHosts(fsys, root, file)
		dj.ProbeRefused, dj.ProbeMiddleware = pc.refused, pc.middleware
		dj.ProbeHost, dj.ProbeHostFrom = pc.host, pc.hostAt
		dj.PortRefused, dj.LocalUnder = pc.portRefused, pc.localUnder
	}
	// The project package holds wsgi.py and asgi.py: mysite for
	// mysite.settings, and still mysite for mysite.settings.production.
	for pkg := parentModule(dj.SettingsModule); pkg != ""; pkg = parentModule(pkg) {
		if dj.WSGIModule == "" && moduleExists(fsys, pkg+".wsgi") {
			dj.WSGIModule = pkg + ".wsgi"
		}
		if dj.ASGIModule == "" && moduleExists(fsys, pkg+".asgi") {
			dj.ASGIModule = pkg + ".asgi"
		}
	}
	if dj.WSGIModule == "" && dj.ASGIModule == "" {
		dj.WSGIModule, dj.ASGIModule = findHandlerModules(fsys)
	}
	dj.Channels = channelsRouter(fsys, dj.ASGIModule)
	return dj, nil
}

// handlerAssignRe is the module-level `application = get_wsgi_application()`
// (or get_asgi_application) a Django entry module makes, whatever it was
// imported from (django.core.wsgi, configurations.wsgi).
var handlerAssignRe = regexp.MustCompile(`^application\s*(?::[^=]*)?=\s*(?:[A-Za-z_][\w.]*\.)?get_(wsgi|asgi)_application\s*\(`)

// findHandlerModules finds the modules that build Django's WSGI and ASGI
// handlers when they are not beside the settings: a wsgi/ package at the
// root (wsgi/app.py), a top-level wsgi.py under src/. Tests and examples
// are left out; the first in path order wins.
func findHandlerModules(fsys fs.FS) (wsgi, asgi string) {
	_ = walkPython(fsys, djangoRoots, func(file, module string, data []byte) {
		if module == "" || isTestFile(file) || slices.ContainsFunc(strings.Split(path.Dir(file), "/"), func(d string) bool { return slices.Contains(celeryNotAppDirs, d) }) {
			return
		}
		if !strings.Contains(string(data), "_application") {
			return
		}
		for _, l := range pyLines(data) {
			m := handlerAssignRe.FindStringSubmatch(l.text)
			if l.indent != 0 || m == nil {
				continue
			}
			if m[1] == "wsgi" && wsgi == "" {
				wsgi = module
			} else if m[1] == "asgi" && asgi == "" {
				asgi = module
			}
		}
	})
	return wsgi, asgi
}

var (
	// COMPRESS_OFFLINE = True: django-compressor compresses at deploy time.
	compressOfflineRe = regexp.MustCompile(`^COMPRESS_OFFLINE\s*=\s*True\b`)
	// settingAssignRe is a setting assigned at module level; False as written
	// turns it off.
	settingAssignRe = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)\s*=\s*(False\b)?`)
)

var (
	// if os.environ.get("X"): / if os.getenv("X"): / if env("X"):
	envTruthyIfRe = regexp.MustCompile(`^if\s+(?:os\s*\.\s*)?(?:environ\s*\.\s*get|getenv|env(?:\.\w+)?)\s*\(\s*["'][A-Za-z_]\w*["']\s*\)\s*:`)
	elseRe        = regexp.MustCompile(`^else\s*:`)
)

//go:embed djangoprod.toml
var djangoProdTOML []byte

// productionInPackage and productionBeside are djangoprod.toml: the
// modules projects keep production settings in, inside a settings package
// or beside a settings module.
var productionInPackage, productionBeside = func() (in, beside []string) {
	var t struct {
		Module []struct{ Name, In, Source string }
	}
	if err := toml.Unmarshal(djangoProdTOML, &t); err != nil {
		panic("djangoprod.toml: " + err.Error())
	}
	for _, r := range t.Module {
		switch {
		case !isIdentifier(r.Name) || r.Source == "":
			panic("djangoprod.toml: bad row " + r.Name)
		case r.In == "package":
			in = append(in, r.Name)
		case r.In == "beside":
			beside = append(beside, r.Name)
		default:
			panic("djangoprod.toml: row " + r.Name + ": in is package or beside")
		}
	}
	return in, beside
}()

// productionSettings finds a production settings module next to the
// default one: mysite.settings.production beside mysite.settings.dev (or
// inside the mysite.settings package), mysite.settings_production beside
// mysite.settings. "" when there is none or the default is already it.
func productionSettings(fsys fs.FS, module string) string {
	var cands []string
	_, file := locateModule(fsys, module)
	pkg := parentModule(module)
	if strings.HasSuffix(file, "/__init__.py") {
		pkg = module // the settings package itself
	}
	settingsPkg := pkg == "settings" || strings.HasSuffix(pkg, ".settings")
	for _, n := range productionInPackage {
		// In a package named settings every module is settings; elsewhere
		// (config/django/) a production module counts only when it builds on
		// the default by star import, so a helper named prod.py is not taken.
		if settingsPkg || buildsOn(fsys, pkg+"."+n, file) {
			cands = append(cands, pkg+"."+n)
		}
	}
	for _, n := range productionBeside {
		if parent := parentModule(module); parent != "" {
			cands = append(cands, parent+"."+n)
		} else {
			cands = append(cands, n)
		}
	}
	for _, c := range cands {
		if c == module {
			return ""
		}
		if moduleExists(fsys, c) {
			return c
		}
	}
	return ""
}

// serverSettings is the settings module the project's wsgi.py (else
// asgi.py), in a package above the default settings module, defaults to
// when it is another module of the project: what gunicorn or uvicorn loads
// when nothing sets DJANGO_SETTINGS_MODULE, while manage.py's default is a
// development one (core.settings.debug beside core.wsgi's core.settings).
func serverSettings(fsys fs.FS, module string) (string, Source) {
	if mod, at := entrySettingsDefault(fsys, module); mod != module && moduleExists(fsys, mod) {
		return mod, at
	}
	return "", Source{}
}

// entrySettingsDefault is the settings module the project's wsgi.py (else
// asgi.py), in a package above the settings module, defaults to, and
// where; "" when it names none.
func entrySettingsDefault(fsys fs.FS, module string) (string, Source) {
	for pkg := parentModule(module); pkg != ""; pkg = parentModule(pkg) {
		for _, entry := range []string{pkg + ".wsgi", pkg + ".asgi"} {
			_, file := locateModule(fsys, entry)
			if file == "" {
				continue
			}
			data, err := readPySource(fsys, file)
			if err != nil {
				continue
			}
			for _, l := range pyLines(data) {
				m := settingsDefaultRe.FindStringSubmatch(l.text)
				if m == nil {
					continue
				}
				return m[1], Source{File: file, Line: l.line}
			}
		}
	}
	return "", Source{}
}

// emptyPackageBase finds the module to run when the settings module is a
// package whose __init__.py defines no setting and star-imports nothing:
// Django would start with no settings at all. The base is the module of the
// package the most others build on (development.py and test.py star-import
// base.py); "" when the package holds settings or no module is built on.
func emptyPackageBase(fsys fs.FS, module string) (base, why string) {
	_, file := locateModule(fsys, module)
	if !strings.HasSuffix(file, "/__init__.py") {
		return "", ""
	}
	data, err := readPySource(fsys, file)
	if err != nil {
		return "", ""
	}
	for _, l := range pyLines(data) {
		if l.indent == 0 && (settingAssignRe.MatchString(l.text) || starImportRe.MatchString(l.text)) {
			return "", ""
		}
	}
	dir := path.Dir(file)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return "", ""
	}
	var mods []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".py")
		if ok && !e.IsDir() && isIdentifier(name) && name != "__init__" {
			mods = append(mods, name)
		}
	}
	best, users := "", []string(nil)
	for _, m := range mods {
		var by []string
		for _, o := range mods {
			if o != m && buildsOn(fsys, module+"."+o, path.Join(dir, m+".py")) {
				by = append(by, path.Join(dir, o+".py"))
			}
		}
		if len(by) > len(users) {
			best, users = m, by
		}
	}
	if best == "" {
		return "", ""
	}
	return module + "." + best, file + " defines no settings: " + module + "." + best + ", the module the others build on (" + strings.Join(users, ", ") + ")"
}

// readSettings fills what the settings file (and the modules it
// star-imports) say: STATIC_ROOT, SECRET_KEY's variable, WSGI/ASGI_APPLICATION.
func readSettings(fsys fs.FS, dj *Django, root, file string) {
	var compressNode []StaticBlocker
	readers := findEnvReaders(fsys, root, file)
	// The else of a module-level `if os.environ.get("X"):` is the branch
	// that runs when nothing is set, at build time too: what it requires
	// is required (DATABASES built from parts when no URL is given).
	envIf, inDefault, at := false, false, ""
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		if file != at {
			at, envIf, inDefault = file, false, false
		}
		if l.indent == 0 {
			inDefault = envIf && elseRe.MatchString(l.text)
			envIf = envTruthyIfRe.MatchString(l.text)
		} else if inDefault {
			dj.RequiredEnv = readers.required(dj.RequiredEnv, l.text)
		}
		if l.indent == 0 || inDefault {
			for _, name := range engineReads(l.text, nil) {
				for i := range dj.RequiredEnv {
					if dj.RequiredEnv[i].Name == name {
						dj.RequiredEnv[i].Kind = "db_engine" // collectstatic needs a real backend name
					}
				}
			}
		}
		if l.indent == 0 {
			dj.RequiredEnv = readers.required(dj.RequiredEnv, l.text)
			for _, b := range staticBlockers(file, l) {
				dj.addBlocker(b)
			}
			if b := ownRemoteStorage(fsys, file, l); b != nil {
				dj.addBlocker(*b)
			}
			if b := missingModule(fsys, root, file, l); b != nil {
				if m := localModule(fsys, *b); m != nil {
					dj.addLocalModule(*m) // the image makes it: no blocker
				} else {
					dj.addBlocker(*b)
				}
			} else if b := missingDynamic(fsys, root, file, l); b != nil {
				// A configuration loader (import_module) validates
				// what it loads: its example is to be filled in.
				dj.addBlocker(*b)
			}
			if compressOfflineRe.MatchString(l.text) {
				dj.CompressOffline = true
			}
			compressNode = append(compressNode, compressNodePrograms(file, l)...)
			if m := settingAssignRe.FindStringSubmatch(l.text); m != nil && catalogueOffSettings[m[1]] {
				if m[2] == "False" {
					if dj.Off == nil {
						dj.Off = map[string]Source{}
					}
					dj.Off[m[1]] = Source{File: file, Line: l.line}
				} else {
					delete(dj.Off, m[1])
				}
			}
			if m := manifestSettingRe.FindStringSubmatch(l.text); m != nil && dj.ManifestStorage == "" {
				dj.ManifestStorage, dj.ManifestStorageFrom = m[1], &Source{File: file, Line: l.line}
			}
		}
		if l.indent > 0 {
			if lm := madeOverride(fsys, root, file, l); lm != nil {
				dj.addLocalModule(*lm)
			}
		}
		if m := staticRootRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			// STATIC_ROOT = None is Django's default: collectstatic would fail.
			if strings.TrimSpace(m[1]) != "None" {
				dj.StaticRoot = true
			}
			return
		}
		if m := secretKeyRe.FindStringSubmatch(l.text); m != nil && dj.SecretEnv == "" {
			if e := secretEnvRe.FindStringSubmatch(m[1]); e != nil {
				dj.SecretEnv = e[1]
			}
			return
		}
		if m := rootURLConfRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			if dj.RootURLConf == "" { // the module run last sets it first here
				dj.RootURLConf = m[1]
			}
			return
		}
		if m := appSettingRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			if mod := parentModule(m[2]); mod != "" && moduleExists(fsys, mod) {
				if m[1] == "WSGI" && dj.WSGIModule == "" {
					dj.WSGIModule = mod
				} else if m[1] == "ASGI" && dj.ASGIModule == "" {
					dj.ASGIModule = mod
				}
			}
			return
		}
	})
	// Offline compression runs the precompilers in manage.py compress at
	// build; otherwise they run at request time, not in the build.
	if dj.CompressOffline {
		for _, b := range compressNode {
			dj.addBlocker(b)
		}
	}
}

// addBlocker keeps one blocker per kind, naming up to three things the
// settings use for it.
func (dj *Django) addBlocker(b StaticBlocker) {
	for i := range dj.StaticBlocked {
		o := &dj.StaticBlocked[i]
		if o.Kind == b.Kind {
			if b.Kind != "missing-module" && !strings.Contains(o.What, b.What) && strings.Count(o.What, ", ") < 2 {
				o.What += ", " + b.What
			}
			return
		}
	}
	dj.StaticBlocked = append(dj.StaticBlocked, b)
}

// buildsOn reports whether module star-imports (directly or through the
// modules it star-imports) the settings file base.
func buildsOn(fsys fs.FS, module, base string) bool {
	root, file := locateModule(fsys, module)
	if file == "" || base == "" || file == base {
		return false
	}
	found := false
	walkSettings(fsys, root, file, func(f string, _ pyLine) {
		found = found || f == base
	})
	return found
}

// settingsLines is walkSettings gathered: the files in the order they were
// reached (the settings file first) and the lines of each.
func settingsLines(fsys fs.FS, root, file string) (order []string, files map[string][]pyLine) {
	files = map[string][]pyLine{}
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		if _, ok := files[file]; !ok {
			order = append(order, file)
		}
		files[file] = append(files[file], l)
	})
	return order, files
}

// walkSettings calls fn with each line of a settings file and of the
// modules it star-imports (from .base import *), each file once.
func walkSettings(fsys fs.FS, root, file string, fn func(file string, l pyLine)) {
	seen := map[string]bool{}
	standsFor := map[string]string{} // a template read as the module it stands for
	queue := []string{file}
	for len(queue) > 0 && len(seen) < maxSettingsFiles {
		file, queue = queue[0], queue[1:]
		if seen[file] {
			continue
		}
		seen[file] = true
		data, err := readPySource(fsys, file)
		if err != nil {
			continue
		}
		module := moduleName(root, file)
		if as, ok := standsFor[file]; ok {
			module = as
		}
		for _, l := range pyLines(data) {
			fn(file, l)
			if m := starImportRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
				isPkg := strings.HasSuffix(file, "/__init__.py")
				target := absImport(module, isPkg, m[1])
				if _, f := locateModule(fsys, target); f != "" {
					queue = append(queue, f)
				} else if t := madeTemplate(fsys, root, target); t != "" {
					// The image makes the module from its template
					// (djangolocal.go): what the template sets is set.
					standsFor[t] = target
					queue = append(queue, t)
				}
			} else if m != nil && !moduleExists(fsys, absImport(module, strings.HasSuffix(file, "/__init__.py"), m[1])) {
				// Under a try or an if: an optional override the authors'
				// image makes (their start script copies it) is set too.
				target := absImport(module, strings.HasSuffix(file, "/__init__.py"), m[1])
				if t, via := madeModule(fsys, root, target); t != "" && via != nil {
					standsFor[t] = target
					queue = append(queue, t)
				}
			}
		}
	}
}
