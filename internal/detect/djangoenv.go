package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// The variables Django settings require at import: read with no default
// through os.environ[...], a library reader (django-environ, environs,
// python-decouple) under its own name or an alias, or a helper the project
// defines that aborts when the variable is missing.

var (
	// os.environ["X"]: a KeyError at import when X is unset.
	environIndexRe = regexp.MustCompile(`\benviron\s*\[\s*["']([A-Za-z_]\w*)["']\s*\]`)
	// env = environ.Env(...), env = environs.Env(), env = Env(): a reader
	// object that raises when a variable has no default.
	envObjectRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:environs?\.)?Env\s*\(`)
	// from decouple import config as cfg, from environs import env as e.
	readerImportRe = regexp.MustCompile(`^from\s+(decouple|environs)\s+import\s+(.+)$`)
	// secret = env: another name for a reader.
	aliasRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)$`)
	// def get_required_setting(key, default=None):
	defParamRe = regexp.MustCompile(`^def\s+([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)`)
)

// libraryReaders are the names django-environ, environs and python-decouple
// are used under by their documentation: env("X") / env.str("X") and
// config("X") raise when X is unset and no default follows the name.
// Sources: https://django-environ.readthedocs.io/en/latest/quickstart.html,
// https://github.com/sloria/environs#basic-usage,
// https://github.com/HBNetwork/python-decouple#usage.
var libraryReaders = []string{"env", "config"}

// maxReaderNames bounds the names (aliases, helpers) a settings graph may
// bind readers to, so the call pattern stays small whatever the input.
const maxReaderNames = 64

// envReaders are the names a settings graph reads the environment through.
type envReaders struct {
	library []string // env, config and their aliases: name("X"), name.kind("X")
	helpers []string // the project's functions that abort on a missing variable
	call    *regexp.Regexp
	// defaulted are the variables django-environ's scheme gives a default
	// where the reader is made: Env(DEBUG=(bool, False)).
	defaulted map[string]bool
}

// schemeDefaultRe is an entry of django-environ's scheme with a default:
// NAME=(cast, default).
var schemeDefaultRe = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*=\s*\(\s*[\w.]+\s*,`)

// findEnvReaders reads the settings file and its star imports for the
// names that read a required variable: reader objects, their aliases (in
// any branch: the one with no platform credentials is the build's), and
// module-level helper functions whose body reads the variable named by
// their first parameter and raises, exits or records it for a later raise
// when it is missing.
func findEnvReaders(fsys fs.FS, root, file string) envReaders {
	r := envReaders{library: slices.Clone(libraryReaders)}
	order, files := settingsLines(fsys, root, file)
	add := func(list *[]string, name string) {
		// Bounded: a real settings graph binds a reader to a few names.
		if len(*list) < maxReaderNames && !slices.Contains(*list, name) {
			*list = append(*list, name)
		}
	}
	for _, f := range order {
		for _, l := range files[f] {
			if m := envObjectRe.FindStringSubmatch(l.text); m != nil {
				add(&r.library, m[1])
				for _, d := range schemeDefaultRe.FindAllStringSubmatch(l.text, -1) {
					if r.defaulted == nil {
						r.defaulted = map[string]bool{}
					}
					r.defaulted[d[1]] = true
				}
			}
			if m := readerImportRe.FindStringSubmatch(l.text); m != nil {
				for _, it := range strings.Split(strings.Trim(m[2], "() "), ",") {
					name, alias, _ := strings.Cut(strings.TrimSpace(it), " as ")
					if slices.Contains(libraryReaders, strings.TrimSpace(name)) && strings.TrimSpace(alias) != "" {
						add(&r.library, strings.TrimSpace(alias))
					}
				}
			}
		}
		for _, h := range abortingHelpers(files[f]) {
			add(&r.helpers, h)
		}
	}
	// Aliases of aliases: two rounds cover secret = env; get = secret.
	for range 2 {
		for _, f := range order {
			for _, l := range files[f] {
				if m := aliasRe.FindStringSubmatch(l.text); m != nil && slices.Contains(r.library, m[2]) {
					add(&r.library, m[1])
				}
				if m := aliasRe.FindStringSubmatch(l.text); m != nil && slices.Contains(r.helpers, m[2]) {
					add(&r.helpers, m[1])
				}
			}
		}
	}
	r.call = readerCallRe(r.library, r.helpers)
	return r
}

// readerCallRe matches a call of a reader by the variable's name: lib("X"),
// lib.kind("X", …) or helper("X"), the groups named method, helper, name,
// and sep (what follows the name: ")" or ","). A helper's second argument
// is a default; a library reader's arguments are read by readerRequired.
func readerCallRe(library, helpers []string) *regexp.Regexp {
	quote := func(names []string) string {
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = regexp.QuoteMeta(n)
		}
		return strings.Join(q, "|")
	}
	alts := `(?:` + quote(library) + `)(?:\.(?P<method>\w+))?`
	if len(helpers) > 0 {
		alts = `(?:` + alts + `|(?P<helper>` + quote(helpers) + `))`
	}
	return regexp.MustCompile(`(?:^|[^\w.])` + alts + `\s*\(\s*["'](?P<name>[A-Za-z_]\w*)["']\s*(?P<sep>[,)])`)
}

// abortingHelpers finds a file's module-level functions that read the
// environment variable named by their first parameter and abort when it is
// missing: raise or exit in the body, or append the name to a list the
// module raises on (if missing: raise ...).
func abortingHelpers(lines []pyLine) []string {
	var out []string
	raises := map[string]bool{} // raisesOn per list, read once
	raisesOnce := func(list string) bool {
		r, ok := raises[list]
		if !ok {
			r = raisesOn(lines, list)
			raises[list] = r
		}
		return r
	}
	for i, l := range lines {
		m := defParamRe.FindStringSubmatch(l.text)
		if m == nil || l.indent != 0 {
			continue
		}
		name, param := m[1], regexp.QuoteMeta(m[2])
		reads := regexp.MustCompile(`\b(?:environ\.get|getenv|environ\.setdefault)\s*\(\s*` + param + `\b|\benviron\s*\[\s*` + param + `\s*\]`)
		aborts := regexp.MustCompile(`^raise\b|\b(?:sys\.)?exit\s*\(|\babort\s*\(`)
		records := regexp.MustCompile(`^([A-Za-z_]\w*)\.append\(\s*` + param + `\s*\)`)
		read, abort := false, false
		for _, b := range lines[i+1:] {
			if b.indent == 0 {
				break
			}
			if reads.MatchString(b.text) {
				read = true
			}
			if aborts.MatchString(b.text) {
				abort = true
			}
			if r := records.FindStringSubmatch(b.text); r != nil && raisesOnce(r[1]) {
				abort = true
			}
		}
		if read && abort {
			out = append(out, name)
		}
	}
	return out
}

// raisesOn reports whether the module raises when the list is not empty:
// `if missing:` (or `if len(missing)`) at module level, raise in its block.
func raisesOn(lines []pyLine, list string) bool {
	cond := regexp.MustCompile(`^if\s+(?:len\s*\(\s*)?` + regexp.QuoteMeta(list) + `\b`)
	return underModuleIf(lines, cond, func(text string) bool {
		return strings.HasPrefix(text, "raise") || strings.Contains(text, "exit(")
	})
}

// underModuleIf reports whether a line in the block of a module-level if
// matching cond satisfies hit.
func underModuleIf(lines []pyLine, cond *regexp.Regexp, hit func(string) bool) bool {
	for i, l := range lines {
		if l.indent != 0 || !cond.MatchString(l.text) {
			continue
		}
		for _, b := range lines[i+1:] {
			if b.indent == 0 {
				break
			}
			if hit(b.text) {
				return true
			}
		}
	}
	return false
}

// required adds the variables a settings line reads with no default.
func (r envReaders) required(req []EnvRead, line string) []EnvRead {
	add := func(name, kind string, at int) {
		if w := castAround(line[:at]); w != "" && (kind == "str" || kind == "") {
			kind = w
		}
		if kind == "" {
			kind = "str"
		}
		if !slices.ContainsFunc(req, func(e EnvRead) bool { return e.Name == name }) {
			req = append(req, EnvRead{Name: name, Kind: kind})
		}
	}
	for _, m := range environIndexRe.FindAllStringSubmatchIndex(line, -1) {
		add(line[m[2]:m[3]], "str", len(strings.TrimSuffix(line[:m[0]], "os.")))
	}
	if r.call == nil {
		r.call = readerCallRe(libraryReaders, nil)
	}
	group := func(m []int, name string) string {
		if i := r.call.SubexpIndex(name); i >= 0 && m[2*i] >= 0 {
			return line[m[2*i]:m[2*i+1]]
		}
		return ""
	}
	for _, m := range r.call.FindAllStringSubmatchIndex(line, -1) {
		kind, name := group(m, "method"), group(m, "name")
		if group(m, "sep") == "," {
			// More arguments: a helper's second is a default; a library
			// reader's may be keywords only (cast=Csv()), with no default.
			if group(m, "helper") != "" {
				continue
			}
			nameEnd := m[2*r.call.SubexpIndex("name")+1]
			req, cast := readerRequired(kind, callRest(line[nameEnd+1:])) // after the closing quote
			if !req {
				continue
			}
			if kind == "" {
				kind = cast
			}
		}
		start := m[0]
		if start < len(line) && !isIdentByte(line[start]) {
			start++ // the separator before the name
		}
		if r.defaulted[name] {
			continue // the scheme's default stands in for the reader's
		}
		add(name, kind, start)
	}
	return req
}
