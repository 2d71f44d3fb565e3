package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// A helper function that names a folder under the working directory
// (def runtime_home(): return Path.cwd() / ".app") is where the app keeps
// its state: the writes go through its result, from any module and at any
// time (a lifespan hook, a request), so the folder is found from the
// helper rather than from the writes.

var (
	// A helper named for a folder: runtime_home, cache_dir, data_folder.
	folderNameRe = regexp.MustCompile(`(?i)(?:^|_)(?:dir|directory|home|folder)$`)
	// os.getenv("X") or "default": the default is what the image gets.
	envOrRe = regexp.MustCompile(`\bos\.(?:getenv|environ\.get)\(\s*["']\w+["']\s*\)\s+or\s+`)
	// os.getenv("X", default), os.environ.get("X", default).
	envCallRe = regexp.MustCompile(`\bos\.(?:getenv|environ\.get)\(`)
)

// pyFunc is a module-level function: the expressions it returns and the
// first environment variable its body reads.
type pyFunc struct {
	returns []pyReturn
	env     string
}

type pyReturn struct {
	expr string
	line int
}

// moduleFuncs are the module-level functions of one file.
func moduleFuncs(lines []pyLine) map[string]*pyFunc {
	out := map[string]*pyFunc{}
	var cur *pyFunc
	for _, l := range lines {
		if l.indent == 0 {
			cur = nil
			if m := defNameRe.FindStringSubmatch(l.text); m != nil {
				cur = &pyFunc{}
				out[m[1]] = cur
			}
			continue
		}
		if cur == nil {
			continue
		}
		if cur.env == "" {
			cur.env = envRead(l.text)
		}
		if m := returnRe.FindStringSubmatch(l.text); m != nil {
			cur.returns = append(cur.returns, pyReturn{strings.TrimSpace(m[1]), l.line})
		}
	}
	return out
}

// envDefault puts the default of each environment read in expr in its
// place: the value the code uses when the variable is unset, as in the
// image. ok is false when a read has no default.
func envDefault(expr string) (string, bool) {
	expr = envOrRe.ReplaceAllString(expr, "")
	for range 4 {
		loc := envCallRe.FindStringIndex(expr)
		if loc == nil {
			return expr, true
		}
		args := expr[loc[1]:]
		end, n := 0, 0
		for end < len(args) {
			end += exprEnd(args[end:])
			n++
			if end >= len(args) || args[end] == ')' {
				break
			}
			end++ // the comma
		}
		if end >= len(args) {
			return "", false
		}
		pos, _, _ := callArgs(args[:end])
		if len(pos) < 2 {
			return "", false
		}
		expr = expr[:loc[0]] + "(" + pos[1] + ")" + args[end+1:]
	}
	return "", false
}

// homeScan is the files a home helper is looked for in, with their
// module-level functions.
type homeScan struct {
	fsys  fs.FS
	roots []string
	funcs map[string]map[string]*pyFunc
	lines map[string][]pyLine
}

// cwdNames are the calls in file that give the working directory: its own
// functions returning it, and those it imports from project modules.
func (h *homeScan) cwdNames(file string, cwd map[string]map[string]bool) []string {
	var out []string
	for name := range cwd[file] {
		out = append(out, name)
	}
	for _, im := range pyImports(moduleLevelLines(h.lines[file])) {
		if im.from == "" || im.name == "*" {
			continue
		}
		if pkg, _ := importTargets(h.fsys, h.roots, file, im); pkg != "" && cwd[pkg][im.name] {
			out = append(out, im.bound())
		}
	}
	sort := slices.Sorted(slices.Values(out))
	return slices.Compact(sort)
}

// resolveReturn reads the folder a returned expression names under the
// working directory, the calls of names taken for the working directory
// itself; "" when it is not one. The expression must name the working
// directory or read the environment: a bare string is a value, not a place.
func resolveReturn(expr, file string, cwdNames []string) string {
	for _, n := range cwdNames {
		expr = regexp.MustCompile(`(?:^|[^\w.])`+regexp.QuoteMeta(n)+`\(\s*\)`).ReplaceAllStringFunc(expr, func(s string) string {
			lead := ""
			if !strings.HasPrefix(s, n) {
				lead = s[:1]
			}
			return lead + "Path.cwd()"
		})
	}
	if !cwdCallRe.MatchString(expr) && !envCallRe.MatchString(expr) {
		return ""
	}
	expr, ok := envDefault(expr)
	if !ok || strings.Contains(expr, "__file__") {
		return ""
	}
	p, ok := resolveStartPath(expr, file, nil)
	if !ok || p.beside || path.IsAbs(p.path) {
		return ""
	}
	return p.path
}

// findHomeHelpers finds, in the modules the start imports (through the
// project's own workspace members and path dependencies too), the
// functions returning a folder under the working directory that the
// project does not ship and that the code treats as a folder: its name
// says so, or the code joins onto it or creates it.
func findHomeHelpers(fsys fs.FS, roots, start []string) []StartWrite {
	files := importClosure(fsys, roots, start, map[string]bool{})
	h := &homeScan{fsys: fsys, roots: roots, funcs: map[string]map[string]*pyFunc{}, lines: map[string][]pyLine{}}
	var texts []string
	for _, fl := range files {
		data, err := readPySource(fsys, fl)
		if err != nil {
			continue
		}
		texts = append(texts, string(data))
		if !strings.Contains(string(data), "return") {
			continue
		}
		h.lines[fl] = pyLines(data)
		h.funcs[fl] = moduleFuncs(h.lines[fl])
	}
	// The functions returning the working directory, through each other.
	cwd := map[string]map[string]bool{}
	for range 3 {
		grew := false
		for _, fl := range files {
			names := h.cwdNames(fl, cwd)
			for name, fn := range h.funcs[fl] {
				if cwd[fl][name] {
					continue
				}
				for _, r := range fn.returns {
					if resolveReturn(r.expr, fl, names) == "." {
						if cwd[fl] == nil {
							cwd[fl] = map[string]bool{}
						}
						cwd[fl][name], grew = true, true
						break
					}
				}
			}
		}
		if !grew {
			break
		}
	}
	var out []StartWrite
	seen := map[string]bool{}
	for _, fl := range files {
		fns := h.funcs[fl]
		cwdNames := h.cwdNames(fl, cwd)
		var names []string
		for n := range fns {
			if len(fns[n].returns) > 0 {
				names = append(names, n)
			}
		}
		// In the order of the file.
		slices.SortFunc(names, func(a, b string) int { return fns[a].returns[0].line - fns[b].returns[0].line })
		for _, name := range names {
			fn := fns[name]
			for _, r := range fn.returns {
				p := resolveReturn(r.expr, fl, cwdNames)
				if p == "" || p == "." || p == ".." || strings.HasPrefix(p, "../") || seen[p] {
					continue
				}
				if _, err := fs.Stat(fsys, p); err == nil {
					continue // shipped with the project: read, not written
				}
				if !folderNameRe.MatchString(name) && !usedAsFolder(texts, name) {
					continue
				}
				seen[p] = true
				out = append(out, StartWrite{What: "directory", Path: p, Helper: name + "()", Env: fn.env, Source: Source{File: fl, Line: r.line}})
			}
		}
	}
	return out
}

// usedAsFolder reports whether some file joins onto a call of name, or
// creates it: name() / "x", Path(name()) / x, name().mkdir(,
// os.path.join(name(), …), os.makedirs(name().
func usedAsFolder(texts []string, name string) bool {
	q := regexp.QuoteMeta(name)
	re := regexp.MustCompile(`(?:^|[^\w.])` + q + `\(\s*\)\s*\)?\s*(?:/|\.joinpath\(|\.mkdir\()|\bos\.(?:path\.join|makedirs|mkdir)\(\s*(?:str\(\s*)?(?:Path\(\s*)?` + q + `\(\s*\)`)
	for _, t := range texts {
		if strings.Contains(t, name+"(") && re.MatchString(t) {
			return true
		}
	}
	return false
}

// memberRoots are the import roots of the project's own workspace members
// and path dependencies inside it: the image installs them, and the start
// runs their modules.
func memberRoots(fsys fs.FS, f *Facts) []string {
	var dirs []string
	for _, m := range f.WorkspaceManifests {
		dirs = append(dirs, path.Dir(m))
	}
	dirs = append(dirs, f.PathDeps...)
	var out []string
	for _, d := range dirs {
		if d == "." || strings.HasPrefix(d, "../") || !isDir(fsys, d) {
			continue
		}
		if isDir(fsys, path.Join(d, "src")) {
			d = path.Join(d, "src")
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}
