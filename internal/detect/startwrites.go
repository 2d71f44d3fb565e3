package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// StartWrite is code that writes to the file system while the app starts:
// a directory created at module level in a file the start runs, or a
// Django management command that writes (collectstatic) called from code.
// In the image the code is root's and read-only to the app user.
type StartWrite struct {
	// What is "directory", "log file" (Path is the file), "config folder"
	// (an absolute folder a committed configuration's Setting names),
	// "collectstatic",
	// "migrate", or "library directory" / "library file" for a call of
	// libwrites.toml (Call), whose path may be unknown: Path is then empty,
	// Expr the argument and Env the variable it reads, if any.
	What string `json:"what"`
	Call string `json:"call,omitempty"`
	Expr string `json:"expr,omitempty"`
	Env  string `json:"env,omitempty"`
	// Helper is the function returning the directory ("runtime_home()"),
	// for one found through the helper rather than a write (homehelpers.go);
	// Env is then the variable that moves it.
	Helper string `json:"helper,omitempty"`
	// Path is the directory, relative to the working directory (a path the
	// code spells as relative, or the working directory's own), or to the
	// project root when Beside is true (built from the module's __file__).
	// Absolute when the code says so.
	Path   string `json:"path,omitempty"`
	Beside bool   `json:"beside_module,omitempty"`
	// Settings is the settings module the file sets before calling
	// collectstatic (os.environ.setdefault("DJANGO_SETTINGS_MODULE", …)),
	// and Manifest is set when those settings name a manifest storage,
	// which rewrites its manifest at every run.
	Settings string `json:"settings,omitempty"`
	// Setting is the configuration name holding a directory (What
	// "directory") the app writes at run time (foldersettings.go).
	Setting string `json:"setting,omitempty"`
	// Func is the function whose body creates the directory: it is
	// written when that function runs (a lifespan, a handler), not on
	// import.
	Func string `json:"function,omitempty"`
	// WrittenAt is the write that proves a constant's folder is written
	// at run time, and Writer the class doing it when the folder is
	// handed to one (writtenvars.go).
	WrittenAt *Source `json:"written_at,omitempty"`
	Writer    string  `json:"writer,omitempty"`
	Manifest  bool    `json:"manifest,omitempty"`
	Source    Source  `json:"source"`
}

var (
	// os.mkdir(x), os.makedirs(x, exist_ok=True), and makedirs(x) imported
	// from os.
	osMkdirRe = regexp.MustCompile(`\bos\.(?:mkdir|makedirs)\s*\(|(?:^|[^\w.])makedirs\s*\(`)
	// call_command("collectstatic", ...) / call_command("migrate").
	callCommandRe = regexp.MustCompile(`\bcall_command\s*\(\s*["'](collectstatic|migrate)["']`)
	// os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings"), or set.
	// LOGGING = {...} in Django settings, or a dict given to dictConfig:
	// its handlers' "filename" keys are opened when logging is configured.
	// x["handlers"]["file"]["filename"] = path: a handler's file set
	// before the dict is given to dictConfig.
	filenameSetRe = regexp.MustCompile(`^[A-Za-z_][\w.]*(?:\[[^\]]+\])*\[\s*["']filename["']\s*\]\s*=\s*([^=].*)$`)
	loggingDictRe = regexp.MustCompile(`^LOGGING\s*(?::[^=]*)?=|\bdictConfig\s*\(`)
	filenameKeyRe = regexp.MustCompile(`["']filename["']\s*:\s*`)
	settingsSetRe = regexp.MustCompile(`\bos\.environ(?:\.setdefault\(\s*|\[\s*)["']DJANGO_SETTINGS_MODULE["']\s*(?:,|\]\s*=)\s*["']([\w.]+)["']`)
	startAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*([^=].*)$`)
	// x += y, x /= y: an augmented assignment changes what x holds.
	augAssignRe  = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?:\+|-|\*|/|//|%|\||&)=[^=]`)
	blockStartRe = regexp.MustCompile(`^(?:async\s+def|def|class)\s`)
	identRe      = regexp.MustCompile(`[A-Za-z_][\w.]*`)
	// The glue of a path expression: what is left once the strings, the
	// names already resolved and __file__ are taken out.
	pathGlueRe = regexp.MustCompile(`os\.path\.(?:join|dirname|abspath|realpath)|\.joinpath|\.resolve\(\)|\.absolute\(\)|\.parents\[\d\]|\.parent\b|\bpathlib\.Path\b|\bPath\b|\bstr\b|[\s/,()]`)
	cwdCallRe  = regexp.MustCompile(`os\.getcwd\(\)|(?:pathlib\.)?Path\.cwd\(\)`)
)

// startPath is a directory a module-level name holds.
type startPath struct {
	path   string
	beside bool
}

// findStartWrites reads the files the start runs (each entry's file, the
// project modules it imports, their packages' __init__, and Django's
// settings) for writes at module level.
func findStartWrites(fsys fs.FS, f *Facts, roots []string) []StartWrite {
	files, asMain := startFiles(fsys, f, roots)
	var out []StartWrite
	seen := map[string]bool{}
	scanRoots := roots
	if f.Django != nil && f.Django.Dir != "" {
		// Django runs from its folder: its modules import from there.
		scanRoots = append([]string{f.Django.Dir}, roots...)
	}
	sc := newStartScanner(fsys, scanRoots, f)
	var start []string
	for _, file := range files {
		start = append(start, entryFiles(fsys, roots, file)...)
		for _, fl := range importClosure(fsys, scanRoots, entryFiles(fsys, roots, file), seen) {
			out = append(out, sc.scan(fl, fl == file && asMain[fl])...)
			// Flask loads a config class named by a string
			// (app.config.from_object("site.config.Config")): its module
			// is read as the app starts, with no import to follow.
			for _, cf := range configObjectFiles(fsys, scanRoots, fl) {
				if !seen[cf] {
					seen[cf] = true
					out = append(out, sc.scan(cf, false)...)
				}
			}
		}
	}
	out = append(out, findHomeHelpers(fsys, append(slices.Clone(scanRoots), memberRoots(fsys, f)...), start)...)
	out = append(out, findConfigFolders(fsys, roots)...)
	for i := range out {
		if out[i].Settings == "" {
			continue
		}
		for _, r := range roots {
			if mf := moduleFile(fsys, r, out[i].Settings); mf != "" {
				data, _ := readPySource(fsys, mf)
				out[i].Manifest = manifestStorageRe.Match(data)
				break
			}
		}
	}
	return out
}

// startFiles are the files the start runs first: each entry's file (asMain
// when it runs as __main__: python file.py, python -m), the app object's
// module and Django's settings.
func startFiles(fsys fs.FS, f *Facts, roots []string) (files []string, asMain map[string]bool) {
	asMain = map[string]bool{}
	for _, e := range startEntries(fsys, f, roots) {
		if e.file != "" {
			files = append(files, e.file)
			if strings.HasPrefix(e.argv[0], "python") {
				asMain[e.file] = true
			}
		}
	}
	if f.App != nil {
		r := roots
		if f.Django != nil && f.Django.Dir != "" {
			r = append([]string{f.Django.Dir}, roots...)
		}
		for _, root := range r {
			if mf := moduleFile(fsys, root, f.App.Module); mf != "" {
				files = append(files, mf)
				break
			}
		}
	}
	if f.Django != nil {
		sub := fsys
		if f.Django.Dir != "" {
			if s, err := fs.Sub(fsys, f.Django.Dir); err == nil {
				sub = s
			}
		}
		if _, file := locateModule(sub, f.Django.SettingsModule); file != "" {
			files = append(files, path.Join(f.Django.Dir, file))
		}
	}
	return files, asMain
}

// manifestStorageRe is a staticfiles storage that keeps a manifest
// (Django's, WhiteNoise's, django-pipeline's).
var manifestStorageRe = regexp.MustCompile(`\w*Manifest\w*Storage`)

// scanStartWrites finds, in one file, the writes its module level makes;
// names imported from other modules are not followed.
func scanStartWrites(fsys fs.FS, file string, asMain bool) []StartWrite {
	return newStartScanner(fsys, nil, nil).scan(file, asMain)
}

// startScanner reads files for start-time writes, following the paths
// module-level names hold into the project modules that import them
// (settings.CACHE_DIR, from .config import DATA_DIR).
type startScanner struct {
	fsys  fs.FS
	roots []string
	vars  map[string]map[string]startPath // module-level paths per file
	// created are the folder settings the code creates (createdSettings),
	// read once.
	created map[string]bool
	// settings are the rows of folderSettings whose package is
	// installed, and settingRe their assignment.
	settings  []folderSetting
	settingRe *regexp.Regexp
	// funcs are each file's folder wrappers and path helpers
	// (mkdirwrappers.go), and wrapperNames the wrappers' names anywhere
	// in the project, read once.
	funcs        map[string]map[string]projectFunc
	wrapperNames map[string]bool
	// dictNames are the names of the dicts the code hands to dictConfig
	// (logdicts.go), read once.
	dictNames map[string]bool
}

// newStartScanner reads with the folder settings of the packages f
// installs (all of them when f is nil).
func newStartScanner(fsys fs.FS, roots []string, f *Facts) *startScanner {
	rows := installedFolderSettings(f)
	return &startScanner{fsys: fsys, roots: roots, vars: map[string]map[string]startPath{}, funcs: map[string]map[string]projectFunc{}, settings: rows, settingRe: folderSettingsRe(rows)}
}

var (
	// x = app.config["LOG_FOLDER"], x = current_app.config.get("LOG_FOLDER").
	configKeyAssignRe = regexp.MustCompile(`^(\w+)\s*=\s*[\w.]*config\s*(?:\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]|\.get\s*\(\s*["']([A-Z][A-Z0-9_]*)["'])`)
	// os.makedirs(x), os.mkdir(x), Path(x).mkdir(, and the same of config["X"].
	mkdirArgRe = regexp.MustCompile(`\b(?:makedirs|mkdir)\s*\(\s*(?:[\w.]*config\s*\[\s*["']([A-Z][A-Z0-9_]*)["']|(\w+)\s*[,)])|\bPath\s*\(\s*(\w+)\s*\)\s*\.\s*mkdir\b`)
	// A name that holds a folder: LOG_FOLDER, CACHE_DIR, EXPORT_PATH, APP_HOME.
	folderKeyRe = regexp.MustCompile(`(?:^|_)(?:FOLDER|DIR|PATH|ROOT|HOME)$`)
)

// createdSettings are the configuration names holding a folder that the
// project's code creates: a value read from a config mapping
// (app.config["LOG_FOLDER"]) and passed to makedirs or mkdir, directly or
// through a name assigned in the same function. Beside folderSettings'
// conventions, that is the code's own evidence the folder is written.
func (s *startScanner) createdSettings() map[string]bool {
	if s.created != nil {
		return s.created
	}
	s.created = map[string]bool{}
	_ = walkPython(s.fsys, s.roots, func(file, _ string, data []byte) {
		if isTestFile(file) || !bytes.Contains(data, []byte("config")) || !mkdirLineRe.Match(data) {
			return
		}
		held := map[string]string{} // name -> the config key it holds, in this def
		for _, l := range pyLines(data) {
			if strings.HasPrefix(l.text, "def ") || strings.HasPrefix(l.text, "async def ") {
				clear(held)
			}
			if m := configKeyAssignRe.FindStringSubmatch(l.text); m != nil && folderKeyRe.MatchString(m[2]+m[3]) {
				held[m[1]] = m[2] + m[3]
				continue
			}
			for _, m := range mkdirArgRe.FindAllStringSubmatch(l.text, -1) {
				if m[1] != "" && folderKeyRe.MatchString(m[1]) {
					s.created[m[1]] = true
				} else if k := held[m[2]+m[3]]; k != "" {
					s.created[k] = true
				}
			}
		}
	})
	return s.created
}

// folderSetting matches an assignment to a folder setting: a row of
// folderSettings, or a name the code creates.
func (s *startScanner) folderSetting(text string) []string {
	if s.settingRe != nil {
		if m := s.settingRe.FindStringSubmatch(text); m != nil {
			return m
		}
	}
	if m := upperAssignRe.FindStringSubmatch(text); m != nil && s.createdSettings()[m[1]] {
		return m
	}
	return nil
}

// upperAssignRe is NAME = expr or NAME: type = expr, of an upper-case name.
var upperAssignRe = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)\s*(?::[^=]*)?=\s*([^=].*)$`)

func (s *startScanner) scan(file string, asMain bool) []StartWrite {
	out, _ := s.walk(file, asMain, true)
	return out
}

// moduleVars are the paths a module's module-level names hold.
func (s *startScanner) moduleVars(file string) map[string]startPath {
	if v, ok := s.vars[file]; ok {
		return v
	}
	s.vars[file] = nil // an import cycle sees none
	_, v := s.walk(file, false, false)
	s.vars[file] = v
	return v
}

// walk reads one file's module level: lines outside def and class bodies
// (an if or with block at module level runs on import), and its
// `if __name__ == "__main__":` block only when the file runs as the
// program. It returns the writes (when writes is true) and the paths the
// module's names hold.
func (s *startScanner) walk(file string, asMain, writes bool) ([]StartWrite, map[string]startPath) {
	fsys := s.fsys
	data, err := readPySource(fsys, file)
	if err != nil {
		return nil, nil
	}
	text := string(data)
	lib := mentionsLibWrite(text)
	folders := false
	for _, fs := range s.settings {
		folders = folders || strings.Contains(text, fs.Name)
	}
	if writes && !folders {
		for k := range s.createdSettings() {
			folders = folders || strings.Contains(text, k)
		}
	}
	if writes && !lib && !folders && !strings.Contains(text, "mkdir") && !strings.Contains(text, "makedirs") && !strings.Contains(text, "call_command") && !filenameKeyRe.MatchString(text) && !strings.Contains(text, "dictConfig(") && !s.callsWrapper(text) {
		return nil, nil
	}
	raw := strings.Split(text, "\n")
	lines := pyLines(data)
	var out []StartWrite
	vars := s.imported(file, lines)
	if strings.Contains(text, "instance_path") {
		s.flaskInstancePaths(file, lines, vars)
	}
	calls := s.callables(file, lines)
	dictConfig := strings.Contains(text, "dictConfig(")
	envVars := map[string]string{} // name -> the environment variable it holds
	var callRe *regexp.Regexp
	var rows map[string]libWrite
	if writes && lib {
		callRe, rows = libCallRe(pyImports(lines))
	}
	settings := ""
	block := -1 // indent of the def or class being skipped
	inDef := -1 // indent of the def being skipped, a class body aside
	defName := ""
	var params []string                 // the function's parameters
	var locals map[string]*startPath    // the function's names; nil: not a known path
	class, classBody := "", -1          // a module-level class and its body's indent
	var classVars map[string]*startPath // the class body's paths, by their own names
	for _, l := range lines {
		if inDef >= 0 && l.indent <= inDef {
			inDef = -1
		}
		if inDef < 0 {
			if m := defNameRe.FindStringSubmatch(l.text); m != nil {
				inDef, defName, params = l.indent, m[1], defParams(l.text)
				// A parameter's default is what a bare call writes at.
				locals = paramLocals(l.text, file, vars)
			}
		}
		if writes && inDef >= 0 && l.indent > inDef {
			// A function of a start file runs while the app serves: a
			// folder it creates at a path known here is written then,
			// through a local name too (p = Path("media").resolve();
			// p.mkdir()).
			if m := startAssignRe.FindStringSubmatch(l.text); m != nil && !strings.Contains(m[2], "mkdir") {
				if e := pyExpr(m[2]); s.expands(e, params, calls) {
					e, scope := s.expandPath(e, params, calls, file, inScope(vars, locals))
					locals = withLocal(locals, scope, m[1], e, file)
				} else {
					locals = withLocal(locals, vars, m[1], m[2], file)
				}
				continue
			}
			if m := augAssignRe.FindStringSubmatch(l.text); m != nil {
				// sofar += part: no longer the value it was given.
				locals = withLocal(locals, vars, m[1], "", file)
				continue
			}
			if m := filenameSetRe.FindStringSubmatch(l.text); m != nil && dictConfig {
				// LOGGING["handlers"]["file"]["filename"] = path, then
				// dictConfig: the handler opens it as the app starts.
				e, scope := s.expandPath(pyExpr(m[1]), params, calls, file, inScope(vars, locals))
				if p, ok := resolveStartPath(e, file, scope); ok {
					out = append(out, StartWrite{What: "log file", Path: p.path, Beside: p.beside, Func: defName, Source: Source{File: file, Line: l.line}})
				}
				continue
			}
			if p, ok := s.createdPath(l.text, params, calls, file, vars, locals); ok {
				out = append(out, StartWrite{What: "directory", Path: p.path, Beside: p.beside, Func: defName, Source: Source{File: file, Line: l.line}})
			}
			continue
		}
		if m := s.folderSetting(l.text); m != nil && writes && inDef < 0 {
			// A config class's setting counts too: Flask reads it from there.
			// The value the code falls back to is the last of an or.
			expr := m[2]
			if i := strings.LastIndex(expr, " or "); i >= 0 {
				expr = expr[i+len(" or "):]
			}
			if p, ok := resolveStartPath(pyExpr(strings.TrimSpace(expr)), file, vars); ok {
				out = append(out, StartWrite{What: "directory", Setting: m[1], Path: p.path, Beside: p.beside, Source: Source{File: file, Line: l.line}})
			}
		}
		if block >= 0 && l.indent > block {
			if class != "" && classBody < 0 {
				classBody = l.indent
			}
			if m := startAssignRe.FindStringSubmatch(l.text); m != nil && class != "" && l.indent == classBody {
				// A class constant (Constants.DB_FOLDER = ("db",)), read
				// through the class, and by its own name in the body.
				scope := inScope(vars, classVars)
				if writes && s.dictConfigNames()[m[1]] {
					// A config class's logging dict the code hands to
					// dictConfig (app.config["LOG_CONF"]).
					out = append(out, logDictFiles(l, raw, file, scope)...)
				}
				if classVars == nil {
					classVars = map[string]*startPath{}
				}
				classVars[m[1]] = nil
				if p, ok := resolveStartPath(pyExpr(m[2]), file, scope); ok {
					vars[class+"."+m[1]] = p
					classVars[m[1]] = &p
				}
			}
			continue
		}
		block, class, classBody, classVars = -1, "", -1, nil
		if blockStartRe.MatchString(l.text) || !asMain && l.indent == 0 && mainGuardRe.MatchString(l.text) {
			block = l.indent
			if m := classNameRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
				class = m[1]
			}
			continue
		}
		src := Source{File: file, Line: l.line}
		if m := settingsSetRe.FindStringSubmatch(l.text); m != nil {
			settings = m[1]
			continue
		}
		if m := callCommandRe.FindStringSubmatch(l.text); m != nil {
			w := StartWrite{What: m[1], Source: src}
			if m[1] == "collectstatic" {
				w.Settings = settings
			}
			out = append(out, w)
			continue
		}
		if callRe != nil {
			out = append(out, libCalls(l.text, callRe, rows, file, vars, envVars, src)...)
		}
		if loggingDictRe.MatchString(l.text) || s.handedToDictConfig(l.text) {
			out = append(out, logDictFiles(l, raw, file, vars)...)
			continue
		}
		if m := augAssignRe.FindStringSubmatch(l.text); m != nil {
			delete(vars, m[1]) // NAME += x: no longer a known path
			delete(envVars, m[1])
			continue
		}
		if m := startAssignRe.FindStringSubmatch(l.text); m != nil && !strings.Contains(m[2], "mkdir") {
			e, scope := s.expandPath(pyExpr(m[2]), nil, calls, file, vars)
			if p, ok := resolveStartPath(e, file, scope); ok {
				vars[m[1]] = p
			} else {
				delete(vars, m[1])
			}
			if env := envRead(m[2]); env != "" {
				envVars[m[1]] = env
			} else {
				delete(envVars, m[1])
			}
			continue
		}
		if p, ok := s.createdPath(l.text, nil, calls, file, vars, nil); ok {
			out = append(out, StartWrite{What: "directory", Path: p.path, Beside: p.beside, Source: src})
		}
	}
	return out, vars
}

// nthLine is the physical line of the k-th (from 0) match of re in the
// logical line starting at line start: pyLines joins a bracketed
// expression into one line.
func nthLine(raw []string, start int, re *regexp.Regexp, k int) int {
	for i := start - 1; i < len(raw); i++ {
		n := len(re.FindAllStringIndex(raw[i], -1))
		if k < n {
			return i + 1
		}
		k -= n
	}
	return start
}

// configObjectRe is a dotted path to a class, as a string:
// "site.config.Config".
var configObjectRe = regexp.MustCompile(`["']([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\.[A-Z]\w*["']`)

// configObjectFiles are the project modules a file names as config
// objects for Flask's from_object: the strings naming a class of a module
// of the project, in a file that calls from_object.
func configObjectFiles(fsys fs.FS, roots []string, file string) []string {
	data, err := readPySource(fsys, file)
	if err != nil || !strings.Contains(string(data), "from_object(") {
		return nil
	}
	var out []string
	for _, m := range configObjectRe.FindAllStringSubmatch(string(data), -1) {
		for _, r := range roots {
			if mf := moduleFile(fsys, r, m[1]); mf != "" {
				out = append(out, mf)
				break
			}
		}
	}
	return out
}
