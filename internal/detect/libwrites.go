package detect

import (
	_ "embed"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed libwrites.toml
var libWritesTOML []byte

// libWrite is one row of libwrites.toml: a library callable that creates
// or writes a path when called.
type libWrite struct {
	Call        string   `toml:"call"`
	Arg         int      `toml:"arg"`
	Keyword     string   `toml:"keyword"`
	Writes      string   `toml:"writes"`
	Default     string   `toml:"default"`
	Skip        []string `toml:"skip"`
	ModeArg     int      `toml:"mode_arg"`
	ModeKeyword string   `toml:"mode_keyword"`
	ModeDefault string   `toml:"mode_default"`
	WriteModes  []string `toml:"write_modes"`
	PathsOnly   bool     `toml:"paths_only"`
	Source      string   `toml:"source"`
}

var libWrites, libWriteCalls, libWriteRoots = func() ([]libWrite, []string, []string) {
	var t struct{ Row []libWrite }
	if err := toml.Unmarshal(libWritesTOML, &t); err != nil {
		panic("libwrites.toml: " + err.Error())
	}
	var calls, roots []string
	for _, r := range t.Row {
		if !strings.Contains(r.Call, ".") || r.Writes != "directory" && r.Writes != "file" || r.Source == "" || r.Keyword == "" {
			panic("libwrites.toml: bad row " + r.Call)
		}
		calls = append(calls, r.Call)
		root, _, _ := strings.Cut(r.Call, ".")
		if !slices.Contains(roots, root) {
			roots = append(roots, root)
		}
	}
	return t.Row, calls, roots
}()

// mentionsLibWrite is a cheap first look: the file names a library of the
// table somewhere, or calls a builtin of it.
func mentionsLibWrite(text string) bool {
	for _, r := range libWriteRoots {
		if r == "builtins" {
			continue
		}
		if strings.Contains(text, r) {
			return true
		}
	}
	for _, c := range libWriteCalls {
		if b, ok := strings.CutPrefix(c, "builtins."); ok && strings.Contains(text, b+"(") {
			return true
		}
	}
	return false
}

// libCallRe finds the calls of the table under the names a file's imports
// give them (Cache, diskcache.Cache, handlers.RotatingFileHandler); nil
// when the file imports none.
func libCallRe(imports []pyImport) (*regexp.Regexp, map[string]libWrite) {
	names := ctorNames(imports, libWriteCalls)
	for _, c := range libWriteCalls {
		// Builtins need no import; a name the file imports shadows them.
		if b, ok := strings.CutPrefix(c, "builtins."); ok && !slices.ContainsFunc(imports, func(im pyImport) bool { return im.bound() == b }) {
			names[b] = c
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	rows := map[string]libWrite{}
	var alts []string
	for name, full := range names {
		for _, r := range libWrites {
			if r.Call == full {
				rows[name] = r
			}
		}
		alts = append(alts, regexp.QuoteMeta(name))
	}
	// Longest first: handlers.RotatingFileHandler before a shorter name.
	sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
	return regexp.MustCompile(`(?:^|[^\w.])(` + strings.Join(alts, "|") + `)\s*\(`), rows
}

// callArgs splits the arguments of a call, s starting after its "(":
// positional ones in order, keyword ones by name. star is true when
// *args or **kwargs may hold any of them.
func callArgs(s string) (pos []string, kw map[string]string, star bool) {
	kw = map[string]string{}
	for s != "" {
		end := exprEnd(s)
		if a := strings.TrimSpace(s[:end]); a != "" {
			switch m := kwArgRe.FindStringSubmatch(a); {
			case strings.HasPrefix(a, "*"):
				star = true
			case m != nil:
				kw[m[1]] = strings.TrimSpace(m[2])
			default:
				pos = append(pos, a)
			}
		}
		if end >= len(s) || s[end] != ',' {
			break
		}
		s = s[end+1:]
	}
	return pos, kw, star
}

// pathArg is the expression a call passes as the row's path, or "" when
// the call writes nothing on disk (no path and no default, None, a value
// of skip, a mode that only reads).
func (r libWrite) pathArg(pos []string, kw map[string]string, star bool) string {
	arg, given := kw[r.Keyword]
	if !given && r.Arg >= 0 && r.Arg < len(pos) {
		arg, given = pos[r.Arg], true
	}
	if !given {
		if star || r.Default == "" {
			return ""
		}
		arg = `"` + r.Default + `"`
	}
	if arg == "None" {
		return ""
	}
	if v, ok := pyLiteral(arg); ok && slices.Contains(r.Skip, v) {
		return ""
	}
	if r.ModeKeyword != "" {
		mode, given := kw[r.ModeKeyword]
		if !given && r.ModeArg < len(pos) {
			mode, given = pos[r.ModeArg], true
		}
		if !given {
			mode = `"` + r.ModeDefault + `"`
		}
		// A mode known only at run time may write: count it.
		if v, ok := pyLiteral(mode); ok && (v == "" || !slices.Contains(r.WriteModes, v[:1])) {
			return ""
		}
	}
	return arg
}

// pyLiteral is the value of a plain string literal.
func pyLiteral(s string) (string, bool) {
	m := strLitRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	return m[1] + m[2], true
}

// envReadRe is a path read from the environment: os.environ["X"],
// os.environ.get("X", ...), os.getenv("X", ...).
var envReadRe = regexp.MustCompile(`\bos\.(?:environ\.get|getenv)\(\s*["'](\w+)["']|\bos\.environ\[\s*["'](\w+)["']\s*\]`)

// envRead is the variable an expression reads, or "".
func envRead(expr string) string {
	if m := envReadRe.FindStringSubmatch(expr); m != nil {
		return m[1] + m[2]
	}
	return ""
}

// libCalls finds, in one logical line at module level, the calls of the
// table and what each writes: the path resolved like a mkdir's, or the
// expression pydock cannot resolve (and the environment variable it
// reads, when it does).
func libCalls(text string, re *regexp.Regexp, rows map[string]libWrite, file string, vars map[string]startPath, envVars map[string]string, src Source) []StartWrite {
	var out []StartWrite
	for _, loc := range re.FindAllStringSubmatchIndex(text, -1) {
		r := rows[text[loc[2]:loc[3]]]
		pos, kw, star := callArgs(text[loc[1]:])
		arg := r.pathArg(pos, kw, star)
		if arg == "" {
			continue
		}
		w := StartWrite{What: "library " + r.Writes, Call: strings.TrimPrefix(r.Call, "builtins."), Source: src}
		if p, ok := resolveStartPath(arg, file, vars); ok {
			w.Path, w.Beside = p.path, p.beside
		} else if v, ok := pyLiteral(arg); ok && r.Writes == "file" && v != "" {
			// Fields the library fills in ({time}) name the file, not its folder.
			w.Path = path.Clean(v)
		} else {
			w.Env = envRead(arg)
			if w.Env == "" {
				w.Env = envVars[arg]
			}
			if r.PathsOnly && w.Env == "" {
				continue // a stream, a function, a handler
			}
			w.Expr = arg
		}
		out = append(out, w)
	}
	return out
}
