package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// DebugDefault is DEBUG as the settings the image runs leave it when no
// variable says otherwise: on. Env is the variable the settings read it
// from ("" when DEBUG = True is written as is) and Off the value that turns
// it off as the settings parse it.
type DebugDefault struct {
	Env    string `json:"env,omitempty"`
	Off    string `json:"off,omitempty"`
	Source Source `json:"source"`
	// Switch: DEBUG = True as written, turned off by a module-level test
	// of Env against Off, whose branch the image runs (djangoswitch.go).
	Switch bool `json:"switch,omitempty"`
}

var (
	debugAssignRe  = regexp.MustCompile(`^DEBUG\s*(?::[^=]*)?=\s*(.+)$`)
	secretAssignRe = regexp.MustCompile(`^SECRET_KEY\s*(?::[^=]*)?=\s*(.+)$`)
	// A call reading a variable by name: the first upper-case string
	// argument, and what follows it (the default, if any).
	envCallArgRe = regexp.MustCompile(`\(\s*["']([A-Z_][A-Z0-9_]*)["']\s*(,[^)]*)?\)`)
	// The default of a reader call: default=X or a second positional X.
	debugDefaultRe = regexp.MustCompile(`^,\s*(?:default\s*=\s*)?([^,)]+)`)
	debugDefaultKw = regexp.MustCompile(`\bdefault\s*=\s*([^,)]+)`)
	// What the read value is compared with: == "1", != "0", in ("true", "1").
	debugCompareRe = regexp.MustCompile(`\)\s*(?:\.\s*(lower|upper|strip)\s*\(\s*\)\s*)*(==|!=|not\s+in|in)\s*(.+)$`)
	// A plain string literal, possibly concatenated: SECRET_KEY = "…" "…".
	intCallRe    = regexp.MustCompile(`\bint\s*\(`)
	stringOnlyRe = regexp.MustCompile(`^(?:[rRuU]?(?:"[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*')\s*)+$`)
)

// truthy are the spellings of an on default: Python's True and the strings
// django-environ, python-decouple and strtobool read as true. Sources:
// https://django-environ.readthedocs.io/en/latest/api.html (BOOLEAN_TRUE_STRINGS),
// https://github.com/HBNetwork/python-decouple#understanding-the-cast-argument.
var truthy = []string{"true", "1", "yes", "y", "on", "t", "ok"}

// effectiveAssignments finds, for each name, the line that sets it as the
// settings module runs: the module's own last module-level assignment,
// else the one of the first module it star-imports that sets it.
func effectiveAssignments(fsys fs.FS, root, file string, res map[string]*regexp.Regexp) map[string]struct {
	expr string
	at   Source
} {
	out := map[string]struct {
		expr string
		at   Source
	}{}
	order, files := settingsLines(fsys, root, file)
	for name, re := range res {
		for _, f := range order {
			found := false
			// A module-level try whose body and every except assign the
			// name sets it on every path, as a module-level line does.
			var tryAt *pyLine
			inTry, inExcept, exceptAssigns, excepts := false, false, true, 0
			settle := func() {
				if tryAt != nil && excepts > 0 && exceptAssigns {
					out[name] = struct {
						expr string
						at   Source
					}{tryAt.text, Source{File: f, Line: tryAt.line}}
					found = true
				}
				tryAt, inTry, inExcept, exceptAssigns, excepts = nil, false, false, true, 0
			}
			exceptHas := false
			for _, l := range files[f] {
				if l.indent == 0 {
					if inExcept && !exceptHas {
						exceptAssigns = false
					}
					switch {
					case tryHeadRe.MatchString(l.text):
						settle()
						inTry = true
						continue
					case exceptHeadRe.MatchString(l.text) && (inTry || inExcept):
						inTry, inExcept, exceptHas = false, true, false
						excepts++
						continue
					case inTry || inExcept:
						settle()
					}
				} else if m := re.FindStringSubmatch(l.text); m != nil {
					if inTry && tryAt == nil {
						t := l
						t.text = strings.TrimSpace(m[1])
						tryAt = &t
					}
					if inExcept {
						exceptHas = true
					}
				}
				if m := re.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
					out[name] = struct {
						expr string
						at   Source
					}{strings.TrimSpace(m[1]), Source{File: f, Line: l.line}}
					found = true
				}
			}
			if inExcept && !exceptHas {
				exceptAssigns = false
			}
			settle()
			if found {
				break
			}
		}
	}
	return out
}

var (
	tryHeadRe    = regexp.MustCompile(`^try\s*:`)
	exceptHeadRe = regexp.MustCompile(`^except\b`)
)

// readDebugAndSecret reads DEBUG and SECRET_KEY as the settings the image
// runs set them: DEBUG on unless a variable turns it off, and a key
// committed as a literal.
func readDebugAndSecret(fsys fs.FS, dj *Django, root, file string) {
	got := effectiveAssignments(fsys, root, file, map[string]*regexp.Regexp{"DEBUG": debugAssignRe, "SECRET_KEY": secretAssignRe})
	if a, ok := got["DEBUG"]; ok {
		dj.Debug = debugDefault(a.expr, a.at)
	}
	if a, ok := got["SECRET_KEY"]; ok && stringOnlyRe.MatchString(a.expr) {
		at := a.at
		dj.CommittedSecret = &at
	}
}

// debugDefault reads a DEBUG expression: nil when DEBUG is off unless a
// variable turns it on.
func debugDefault(expr string, at Source) *DebugDefault {
	if expr == "True" {
		return &DebugDefault{Source: at}
	}
	m := envCallArgRe.FindStringSubmatchIndex(expr)
	if m == nil {
		return nil
	}
	name := expr[m[2]:m[3]]
	rest := ""
	if m[4] >= 0 {
		rest = expr[m[4]:m[5]]
	}
	def, ok := "", false
	if d := debugDefaultKw.FindStringSubmatch(rest); d != nil {
		def, ok = d[1], true
	} else if d := debugDefaultRe.FindStringSubmatch(rest); d != nil && !strings.Contains(d[1], "=") {
		def, ok = d[1], true
	}
	def = strings.TrimSpace(def)
	if lit := stringLiteral(def); lit != "" || strings.HasPrefix(def, `"`) || strings.HasPrefix(def, `'`) {
		def = lit
	}
	if !ok || def == "None" {
		return nil // unset reads as off (None, or no default: the reader raises)
	}
	off := "False"
	if intCallRe.MatchString(expr[:m[0]]) {
		off = "0"
	}
	on := slices.Contains(truthy, strings.ToLower(def))
	if c := debugCompareRe.FindStringSubmatch(expr[m[1]-1:]); c != nil {
		lits := pyLiterals(c[3])
		if len(lits) == 0 {
			return nil // compared with something pydock cannot read
		}
		fold := c[1] != ""
		eq := func(a, b string) bool {
			if fold {
				return strings.EqualFold(a, b)
			}
			return a == b
		}
		in := slices.ContainsFunc(lits, func(l string) bool { return eq(def, l) })
		switch strings.Join(strings.Fields(c[2]), " ") {
		case "==", "in":
			on = in
		case "!=", "not in":
			on, off = !in, lits[0]
		}
	}
	if !on {
		return nil
	}
	return &DebugDefault{Env: name, Off: off, Source: at}
}

var (
	// NAME = os.environ.get("X") / os.getenv("X"): None when unset.
	unsetReadRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:os\.)?(?:environ\s*\.\s*get|getenv)\s*\(\s*["']([A-Za-z_]\w*)["']\s*\)$`)
)

// requiredByCheck adds the variables a settings module reads with no
// default and then raises on when they are unset (`if not NAME:` with a
// raise in its block, in any branch: the one taken with DEBUG off is the
// image's).
func requiredByCheck(fsys fs.FS, dj *Django, root, file string) {
	order, files := settingsLines(fsys, root, file)
	for _, f := range order {
		lines := files[f]
		for i := range lines {
			name := checkedUnset(lines, i)
			if name == "" {
				continue
			}
			if !slices.ContainsFunc(dj.RequiredEnv, func(e EnvRead) bool { return e.Name == name }) {
				dj.RequiredEnv = append(dj.RequiredEnv, EnvRead{Name: name, Kind: "str"})
			}
		}
	}
}

// checkedUnset is the variable lines[i] reads at module level with .get
// and no default when a module-level `if not NAME:` or `if NAME is None:`
// after it raises: the module cannot be imported without it.
func checkedUnset(lines []pyLine, i int) string {
	m := unsetReadRe.FindStringSubmatch(lines[i].text)
	if m == nil || lines[i].indent != 0 {
		return ""
	}
	cond := regexp.MustCompile(`^if\s+(?:not\s+` + regexp.QuoteMeta(m[1]) + `|` + regexp.QuoteMeta(m[1]) + `\s+is\s+None)\s*:`)
	if !raisesUnder(lines[i+1:], cond) {
		return ""
	}
	return m[2]
}

// raisesUnder reports whether a module-level if matching cond raises
// somewhere in its block.
func raisesUnder(lines []pyLine, cond *regexp.Regexp) bool {
	return underModuleIf(lines, cond, func(text string) bool {
		return strings.HasPrefix(text, "raise ") || text == "raise"
	})
}
