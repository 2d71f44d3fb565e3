package detect

import (
	"cmp"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// ProgramRun is a program the app's code runs by name (a subprocess, an
// asyncio subprocess, a shell command, a shutil.which check): it must be on
// the image's PATH. Plan maps the names it knows to Debian packages.
type ProgramRun struct {
	Program string `json:"program"` // a name on PATH, or an absolute path
	How     string `json:"how"`     // subprocess, shell, which
	Source  Source `json:"source"`
	// Through is the constant the code names the program by, where an
	// argument list starts with it (FFMPEG_COMMAND = "ffmpeg" in settings).
	Through *ProgramConst `json:"through,omitempty"`
}

// ProgramConst is a module-level constant that names a program.
type ProgramConst struct {
	Name   string `json:"name"`
	Source Source `json:"source"`
}

// String is "FFMPEG_COMMAND, media/config.py:3".
func (c ProgramConst) String() string { return c.Name + ", " + c.Source.String() }

var (
	// A call that runs its first argument: a literal program name, or an
	// argument list starting with one, or a shell command's first word.
	runCallRe = regexp.MustCompile(`(\b[A-Za-z_]\w*\.|[^\w.]|^)(run|Popen|call|check_call|check_output|create_subprocess_exec|create_subprocess_shell|getoutput|getstatusoutput|system|popen|execvp|execlp|spawnlp|spawnvp)\(\s*(.*)`)
	// The first argument as a literal: "prog ...", ["prog", ...], ("prog", ...).
	runLiteralRe = regexp.MustCompile(`^[\[(]?\s*[fr]?["']([A-Za-z0-9][\w.+-]*)(?:["'\s])`)
	// The first argument as a name: cmd, *cmd, [*cmd].
	runNameRe = regexp.MustCompile(`^[\[(]?\s*\*?([A-Za-z_]\w*)\s*[,)\]]`)
	// shutil.which("prog"), which("prog").
	whichRe = regexp.MustCompile(`(?:\bshutil\.|[^\w.]|^)which\(\s*["']([A-Za-z0-9][\w.+-]*)["']`)
	// NAME = ["prog", ...] or NAME = ("prog", ...).
	argvAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*[\[(]\s*["']([A-Za-z0-9][\w.+-]*)["']\s*[,)\]]`)
	// git describe / rev-parse / log: the code stamps its version from a
	// checkout, which an image has none of; the call is not a need for git.
	gitVersionRe = regexp.MustCompile(`^[\[(]?\s*[fr]?["']git(?:["']\s*,\s*["']|\s+)(?:describe|rev-parse|log)\b`)
	// A program name as pydock takes it: no path, no shell syntax; or an
	// absolute path to one.
	programNameRe = regexp.MustCompile(`^(/[\w.+-]+)*/?[A-Za-z0-9][\w.+-]*$`)
	// NAME = "prog" at module level, the name saying it holds a command:
	// FFMPEG_COMMAND, FFPROBE_BIN, PACKAGER_EXECUTABLE. Its value is a
	// program's name or an absolute path to one.
	programConstRe = regexp.MustCompile(`^([A-Z][A-Z0-9_]*_(?:COMMAND|CMD|BIN|BINARY|EXE|EXECUTABLE|PROGRAM))\s*(?::[^=]*)?=\s*[rf]?["']((?:/[\w.+-]+)+|[A-Za-z0-9][\w.+-]*)["']\s*(?:#.*)?$`)
	// A list or tuple whose first element is a constant, bare or as a
	// module's attribute: [config.FFMPEG_COMMAND, ...], (FFMPEG_BIN, ...).
	constArgvRe = regexp.MustCompile(`[\[(]\s*(?:[A-Za-z_]\w*\.)?([A-Z][A-Z0-9_]*)\s*,`)
	// A command library's handle on a program by name: sh's
	// Command("prog") (NAME is the name sh is bound to) and plumbum's
	// local["prog"].
	shCommandRe = regexp.MustCompile(`(?:\b([A-Za-z_]\w*)\.|[^\w.]|^)Command\(\s*[rf]?["']([A-Za-z0-9][\w.+-]*)["']`)
	plumbumRe   = regexp.MustCompile(`(?:\b([A-Za-z_]\w*)\.|[^\w.]|^)local\[\s*[rf]?["']([A-Za-z0-9][\w.+-]*)["']\s*\]`)
)

// shNotPrograms are names the sh package exports that are not programs.
var shNotPrograms = map[string]bool{"Command": true, "RunningCommand": true, "ErrorReturnCode": true, "SignalException": true, "TimeoutException": true, "CommandNotFound": true, "glob": true, "pushd": true, "contrib": true, "bake": true}

// runsPrograms is a cheap first look at a file.
func runsPrograms(text string) bool {
	return strings.Contains(text, "subprocess") || strings.Contains(text, "os.system") ||
		strings.Contains(text, "os.popen") || strings.Contains(text, "which(") || strings.Contains(text, "os.exec") || strings.Contains(text, "os.spawn") ||
		strings.Contains(text, "Command(") || strings.Contains(text, "sh import") || strings.Contains(text, "plumbum")
}

// startCodeFiles are the files of the code the start reaches, sorted: the
// start graph's files and every file of the project's packages it enters
// (a module a function imports late is still the app's). g is nil when
// the start reaches no file.
func startCodeFiles(fsys fs.FS, f *Facts) (*startGraph, []string) {
	if f.startCode != nil {
		return f.startCode.g, f.startCode.names // the program and typelib readers share one walk
	}
	f.startCode = &startCode{}
	g := f.start // findDevImports' walk
	if g == nil {
		g = startGraphOf(fsys, f)
	}
	if len(g.nodes) == 0 {
		return nil, nil
	}
	files := map[string]bool{}
	var pkgDirs []string
	for file := range g.nodes {
		files[file] = true
		for _, r := range g.roots {
			rel, ok := strings.CutPrefix(file, path.Clean("./"+r)+"/")
			if path.Clean("./"+r) == "." {
				rel, ok = file, true
			}
			if !ok {
				continue
			}
			if top, _, nested := strings.Cut(rel, "/"); nested {
				if d := path.Join(r, top); !slices.Contains(pkgDirs, d) {
					pkgDirs = append(pkgDirs, d)
				}
			}
			break
		}
	}
	slices.Sort(pkgDirs)
	_ = walkPython(fsys, pkgDirs, func(file, _ string, _ []byte) { files[file] = true })
	names := make([]string, 0, len(files))
	for file := range files {
		names = append(names, file)
	}
	slices.Sort(names)
	f.startCode = &startCode{g, names}
	return g, names
}

// startCode is what startCodeFiles found.
type startCode struct {
	g     *startGraph
	names []string
}

// findProgramRuns lists the programs the code the start reaches runs: the
// files of the project's packages the start imports (a module a function
// imports late is still the app's) and the start's own files. Tests and
// the project's helper scripts outside those packages are not the app.
func findProgramRuns(fsys fs.FS, f *Facts) {
	g, names := startCodeFiles(fsys, f)
	if g == nil {
		return
	}
	seen := map[string]bool{}
	add := func(r ProgramRun) {
		if !seen[r.Program] {
			seen[r.Program] = true
			f.ProgramRuns = append(f.ProgramRuns, r)
		}
	}
	var lines [][]pyLine // the app's files, in names' order ("" where skipped)
	runs := false
	for _, file := range names {
		data, err := readPySource(fsys, file)
		if err != nil || notProgramCode(file) {
			lines = append(lines, nil)
			continue
		}
		if _, guarded := mainGuardLine(data); guarded && g.nodes[file] == nil && file != f.EntryFile {
			lines = append(lines, nil)
			continue // a script in the package (bump.py) nothing imports: run from a checkout
		}
		ls := pyLines(data)
		lines = append(lines, ls)
		if !runsPrograms(string(data)) {
			continue
		}
		runs = true
		for _, r := range programRunsIn(file, ls) {
			add(r)
		}
	}
	if !runs {
		return
	}
	// Argument lists headed by a command constant, in any of the app's
	// files: the list is often built in one module and run by a helper of
	// another (run_command(cmd)), so only the code as a whole is known to
	// run programs.
	consts := programConsts(names, lines)
	for i, file := range names {
		for _, l := range lines[i] {
			for _, m := range constArgvRe.FindAllStringSubmatch(l.text, -1) {
				if c, ok := consts[m[1]]; ok {
					add(ProgramRun{Program: c.value, How: "subprocess", Source: Source{File: file, Line: l.line}, Through: &c.ProgramConst})
				}
			}
		}
	}
}

// programConst is a command constant and the program it names.
type programConst struct {
	ProgramConst
	value string
}

// programConsts are the module-level command constants of the app's
// files; a name set twice to different programs (settings for two
// platforms) is left out, as pydock cannot tell which runs.
func programConsts(names []string, lines [][]pyLine) map[string]programConst {
	out := map[string]programConst{}
	mixed := map[string]bool{}
	for i, file := range names {
		for _, l := range lines[i] {
			m := programConstRe.FindStringSubmatch(l.text)
			if m == nil || l.indent != 0 {
				continue
			}
			if c, ok := out[m[1]]; ok && c.value != m[2] {
				mixed[m[1]] = true
				continue
			}
			if _, ok := out[m[1]]; !ok {
				out[m[1]] = programConst{ProgramConst{Name: m[1], Source: Source{File: file, Line: l.line}}, m[2]}
			}
		}
	}
	for n := range mixed {
		delete(out, n)
	}
	return out
}

// programRunsIn finds the programs one file runs, in order.
func programRunsIn(file string, lines []pyLine) []ProgramRun {
	argv := map[string]ProgramRun{} // NAME = ["prog", ...]
	for _, l := range lines {
		if m := argvAssignRe.FindStringSubmatch(l.text); m != nil {
			if _, rhs, _ := strings.Cut(l.text, "="); gitVersionRe.MatchString(strings.TrimSpace(rhs)) {
				continue
			}
			argv[m[1]] = ProgramRun{Program: m[2], How: "subprocess", Source: Source{File: file, Line: l.line}}
		}
	}
	// Names imported from subprocess or os run programs bare too.
	// and the modules under the names the file gives them.
	bare := map[string]bool{}
	mods := map[string]bool{"subprocess": true, "asyncio": true, "os": true}
	for _, im := range pyImports(lines) {
		switch {
		case im.from == "subprocess" || im.from == "os" || im.from == "asyncio":
			bare[im.bound()] = true
		case im.from == "" && im.alias != "" && mods[im.module]:
			mods[im.alias] = true
		}
	}
	// The sh package and plumbum: the names sh and plumbum's local are
	// bound to (sh itself, or re-exported by a compat module of the
	// project), and the programs imported by name from them.
	shNames, localNames := map[string]bool{}, map[string]bool{}
	var out []ProgramRun
	for _, im := range pyImports(lines) {
		switch {
		case im.module == "sh" || im.module == "pbs" || im.from != "" && im.name == "sh":
			shNames[cmp.Or(im.alias, im.name, im.module)] = true
		case im.from == "sh" && im.name == "Command":
			shNames[""] = true // Command("prog") bare
		case im.from == "plumbum" && im.name == "local":
			localNames[im.bound()] = true
		case im.from == "plumbum.cmd" || im.from == "sh" && !shNotPrograms[im.name] && !strings.HasPrefix(im.name, "ErrorReturnCode"):
			how := "sh"
			if im.from == "plumbum.cmd" {
				how = "plumbum"
			}
			out = append(out, ProgramRun{Program: im.name, How: how, Source: Source{File: file, Line: importLine(lines, im)}})
		}
	}
	for _, l := range lines {
		src := Source{File: file, Line: l.line}
		for _, m := range whichRe.FindAllStringSubmatch(l.text, -1) {
			out = append(out, ProgramRun{Program: m[1], How: "which", Source: src})
		}
		for _, m := range shCommandRe.FindAllStringSubmatch(l.text, -1) {
			if shNames[m[1]] {
				out = append(out, ProgramRun{Program: m[2], How: "sh", Source: src})
			}
		}
		for _, m := range plumbumRe.FindAllStringSubmatch(l.text, -1) {
			if m[1] == "plumbum" || m[1] == "" && localNames["local"] || localNames[m[1]] {
				out = append(out, ProgramRun{Program: m[2], How: "plumbum", Source: src})
			}
		}
		for rest := l.text; ; {
			loc := runCallRe.FindStringSubmatchIndex(rest)
			if loc == nil {
				break
			}
			prefix, fn, arg := rest[loc[2]:loc[3]], rest[loc[4]:loc[5]], rest[loc[6]:loc[7]]
			rest = rest[loc[6]:]
			if mod, ok := strings.CutSuffix(prefix, "."); ok && !mods[mod] || !ok && !bare[fn] {
				continue // app.run, mock.call: not a program
			}
			how := "subprocess"
			if fn == "system" || fn == "popen" || fn == "getoutput" || fn == "getstatusoutput" || fn == "create_subprocess_shell" {
				how = "shell"
			}
			if gitVersionRe.MatchString(arg) {
				continue
			}
			if m := runLiteralRe.FindStringSubmatch(arg + " "); m != nil {
				out = append(out, ProgramRun{Program: m[1], How: how, Source: src})
			} else if m := runNameRe.FindStringSubmatch(arg); m != nil {
				if r, ok := argv[m[1]]; ok {
					out = append(out, r)
				}
			}
		}
	}
	return slices.DeleteFunc(out, func(r ProgramRun) bool { return !programNameRe.MatchString(r.Program) })
}

// notProgramCode is a file whose programs are not the app's: tests, their
// helpers (a shipped pytest plugin), docs, examples, build scripts. A
// tasks.py is a task queue's module here, not invoke's.
func notProgramCode(file string) bool {
	if path.Base(file) != "tasks.py" && notAppCode(file) {
		return true
	}
	return slices.Contains(strings.Split(path.Dir(file), "/"), "pytest")
}

// importLine is the line of the import statement that binds im.
func importLine(lines []pyLine, im pyImport) int {
	for _, l := range lines {
		if slices.Contains(pyImports([]pyLine{l}), im) {
			return l.line
		}
	}
	return 0
}
