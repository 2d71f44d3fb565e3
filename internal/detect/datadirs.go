package detect

import (
	"io/fs"

	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// DataDir is where a program keeps its data when told nothing: a directory
// built from the working directory, which an option (Flag) or an
// environment variable (Env) moves. In the image the working directory is
// the read-only /app.
type DataDir struct {
	Flag string `json:"flag,omitempty"` // -d, --data-dir
	Env  string `json:"env,omitempty"`  // DATA_DIR
	// Entry is the command that runs the code reading Flag: the option
	// belongs to that command only.
	Entry []string `json:"entry,omitempty"`
	// Default is the code's own default when it is not the working
	// directory (BASE_DIR / "data" in Django settings).
	Default string `json:"default,omitempty"`
	Source  Source `json:"source"`
}

const cwdExpr = `(?:os\.getcwd\(\)|(?:pathlib\.)?Path\.cwd\(\)|os\.path\.abspath\(\s*["']\.["']\s*\))`

var (
	cwdRe = regexp.MustCompile(cwdExpr)
	// os.environ.get("DATA_DIR", os.getcwd()), with a name that says data.
	dataEnvRe = regexp.MustCompile(`\b(?:environ\.get|getenv)\s*\(\s*["']([A-Z0-9_]*(?:DATA|STORE|STORAGE)[A-Z0-9_]*)["']\s*,\s*(?:str\(\s*)?` + cwdExpr)
	// add_argument("-d", "--data-dir", default=os.getcwd()), click's option.
	dataOptionRe = regexp.MustCompile(`\b(?:add_argument|option)\s*\(\s*((?:["']-[\w-]+["']\s*,\s*)+)[^)]*?\bdefault\s*=\s*(?:str\(\s*)?(?:os\.path\.join\(\s*)?` + cwdExpr)
	// datastore_path = os.path.join(os.getcwd(), "../datastore").
	cwdAssignRe = regexp.MustCompile(`^(\w+)\s*=\s*(?:str\(\s*)?(?:os\.path\.join\(\s*)?` + cwdExpr)
	// if opt == "-d": / elif o in ("-d", "--datastore"):
	getoptCaseRe = regexp.MustCompile(`^(?:el)?if\s+\w+\s*(?:==\s*["'](-[\w-]+)["']|in\s*[(\[]\s*["'](-[\w-]+)["'])`)
	flagRe       = regexp.MustCompile(`["'](-[\w-]+)["']`)
	// A name that says data: a working directory or a project root
	// defaulting to the cwd is the code's place, not the data's.
	dataNameRe = regexp.MustCompile(`(?i)data|store|storage`)
)

// findDataDirs reads the code each entry runs (its file, the project
// modules it imports, and their packages' __init__) for a data directory
// that defaults to the working directory.
func findDataDirs(fsys fs.FS, f *Facts, roots []string) []DataDir {
	entries := startEntries(fsys, f, roots)
	var out []DataDir
	seen := map[string]bool{}
	for _, e := range entries {
		if e.file == "" {
			continue
		}
		for _, file := range entryFiles(fsys, roots, e.file) {
			for _, d := range scanDataDirs(fsys, file) {
				if d.Flag != "" {
					d.Entry = e.argv
				}
				key := d.Flag + d.Env + strings.Join(d.Entry, " ")
				if !seen[key] {
					seen[key] = true
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// startEntry is a command the image may start and the file it runs.
type startEntry struct {
	argv []string
	file string
}

// startEntries are the commands the image may start: the authors'
// launcher, python -m of a package's __main__, a plain script, and a
// packaged project's console scripts.
func startEntries(fsys fs.FS, f *Facts, roots []string) []startEntry {
	var entries []startEntry
	if f.Launcher != nil {
		entries = append(entries, startEntry{f.Launcher.Argv, f.Launcher.Source.File})
	}
	if f.MainModule != "" {
		entries = append(entries, startEntry{[]string{"python", "-m", f.MainModule}, f.MainModuleFrom.File})
	}
	if f.EntryFile != "" {
		entries = append(entries, startEntry{[]string{"python", f.EntryFile}, f.EntryFile})
	}
	if f.Procfile != nil {
		if argv, file := procfileEntry(fsys, f.Procfile.Command, roots); file != "" {
			entries = append(entries, startEntry{argv, file})
		}
	}
	if f.Packaged {
		for _, sc := range f.Scripts {
			mod, _, _ := strings.Cut(sc.Target, ":")
			for _, r := range roots {
				if file := moduleFile(fsys, r, mod); file != "" {
					entries = append(entries, startEntry{[]string{sc.Name}, file})
					break
				}
			}
		}
	}
	return entries
}

// procfileEntry is the file a Procfile command runs with python: a
// script, or a module with -m.
func procfileEntry(fsys fs.FS, cmd string, roots []string) ([]string, string) {
	l, err := shellcmd.Parse(cmd)
	if err != nil {
		return nil, ""
	}
	argv, ok := l.Argv()
	if !ok || len(argv) < 2 || !pythonProgRe.MatchString(argv[0]) {
		return nil, ""
	}
	if argv[1] == "-m" && len(argv) > 2 {
		for _, r := range roots {
			if file := moduleFile(fsys, r, argv[2]); file != "" {
				return argv[:3], file
			}
		}
		return nil, ""
	}
	if strings.HasSuffix(argv[1], ".py") && isRegularFile(fsys, path.Clean(argv[1])) {
		return argv[:2], path.Clean(argv[1])
	}
	return nil, ""
}

var pythonProgRe = regexp.MustCompile(`^python(?:3(?:\.\d+)?)?$`)

// entryFiles are the file, the project modules it imports and the
// __init__.py of the packages holding them (which run first).
func entryFiles(fsys fs.FS, roots []string, file string) []string {
	files := []string{file}
	data, err := readPySource(fsys, file)
	if err != nil {
		return files
	}
	var mods []string
	for _, im := range pyImports(pyLines(data)) {
		switch {
		case im.module != "":
			mods = append(mods, im.module)
		case im.from != "" && !strings.HasPrefix(im.from, "."):
			mods = append(mods, im.from, im.from+"."+im.name)
		}
	}
	for _, m := range mods {
		for _, r := range roots {
			if mf := moduleFile(fsys, r, m); mf != "" {
				files = append(files, mf)
				break
			}
		}
	}
	// Packages' __init__ run before their modules.
	for _, fl := range slices.Clone(files) {
		for dir := path.Dir(fl); dir != "." && dir != "/"; dir = path.Dir(dir) {
			init := path.Join(dir, "__init__.py")
			if !isRegularFile(fsys, init) {
				break
			}
			files = append(files, init)
		}
	}
	var out []string
	for _, fl := range files {
		if !slices.Contains(out, fl) {
			out = append(out, fl)
		}
	}
	return out
}

// scanDataDirs finds, in one file, the options and environment variables
// that move a data directory defaulting to the working directory.
func scanDataDirs(fsys fs.FS, file string) []DataDir {
	data, err := readPySource(fsys, file)
	if err != nil || !cwdRe.Match(data) {
		return nil
	}
	var out []DataDir
	cwdVars := map[string]int{} // variable -> line
	caseFlag, caseIndent := "", -1
	for _, l := range pyLines(data) {
		src := Source{File: file, Line: l.line}
		if m := dataEnvRe.FindStringSubmatch(l.text); m != nil {
			out = append(out, DataDir{Env: m[1], Source: src})
		}
		if m := dataOptionRe.FindStringSubmatch(l.text); m != nil && dataNameRe.MatchString(m[1]) {
			flags := flagRe.FindAllStringSubmatch(m[1], -1)
			flag := flags[0][1]
			for _, fl := range flags {
				if strings.HasPrefix(fl[1], "--") {
					flag = fl[1] // the long spelling says what it is
				}
			}
			out = append(out, DataDir{Flag: flag, Source: src})
		}
		if m := cwdAssignRe.FindStringSubmatch(l.text); m != nil && dataNameRe.MatchString(m[1]) {
			cwdVars[m[1]] = l.line
		}
		if caseIndent >= 0 && l.indent <= caseIndent {
			caseFlag, caseIndent = "", -1
		}
		if m := getoptCaseRe.FindStringSubmatch(l.text); m != nil {
			caseFlag, caseIndent = m[1]+m[2], l.indent
			continue
		}
		if caseFlag != "" {
			if v, _, ok := strings.Cut(l.text, "="); ok {
				if line, isData := cwdVars[strings.TrimSpace(v)]; isData {
					out = append(out, DataDir{Flag: caseFlag, Source: Source{File: file, Line: line}})
					caseFlag, caseIndent = "", -1
				}
			}
		}
	}
	return out
}
