package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// A production switch: settings that write DEBUG = True (and often a
// literal SECRET_KEY) for development, then, under a module-level test of
// a variable, turn DEBUG off and read the key, the hosts and the URLs from
// the environment (Django's deployment checklist as one `if` block):
//
//	if os.environ.get("APP_ENV") == "production":
//	    DEBUG = False
//	    SECRET_KEY = os.environ["SECRET_KEY"]
//
// The image runs that branch: DEBUG is "on unless APP_ENV=production".

var (
	// if <test> == "lit": / if <test> in ("a", "b"): / if <test>: at module level.
	switchIfRe    = regexp.MustCompile(`^if\s+(.+?)\s*:$`)
	switchCompare = regexp.MustCompile(`^(.+?)\s+(==|in)\s+(.+)$`)
	// The test: a read of the variable (os.environ.get, os.getenv, or
	// django-environ's and decouple's readers), with a default and a case fold.
	switchReadRe = regexp.MustCompile(`^(?:(?:os\s*\.\s*)?(?:environ\s*\.\s*get|getenv)|(?:env|config)(?:\s*\.\s*(?:str|bool|get_value))?)\s*\(\s*["']([A-Za-z_]\w*)["']\s*(?:,\s*[^()]*)?\)(?:\s*\.\s*(?:lower|upper|strip)\s*\(\s*\))*$`)
	// NAME = <read>, or NAME = <read> == "lit": a module-level name the
	// test may use instead.
	switchNameRe  = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(.+)$`)
	switchIdentRe = regexp.MustCompile(`^[A-Za-z_]\w*$`)
	debugOffRe    = regexp.MustCompile(`^DEBUG\s*(?::[^=]*)?=\s*False$`)
)

// switchTrue is the value a truthy test of a variable holds with: a
// non-empty string, which django-environ's and decouple's bool casts also
// read as true.
const switchTrue = "True"

// switchRead is what a test (or a name bound to one) reads: the variable,
// and the value that makes it hold ("" for a plain read, still to compare).
type switchRead struct{ env, value string }

// readSwitch reads a test: a read of a variable compared with literals (the
// first is the value), a plain read, or a name bound to either.
func readSwitch(expr string, names map[string]switchRead) (switchRead, bool) {
	expr = strings.TrimSpace(expr)
	if m := switchCompare.FindStringSubmatch(expr); m != nil {
		r, ok := readSwitch(m[1], names)
		lits := pyLiterals(m[3])
		if !ok || r.value != "" || len(lits) == 0 || lits[0] == "" {
			return switchRead{}, false
		}
		return switchRead{r.env, lits[0]}, true
	}
	if m := switchReadRe.FindStringSubmatch(expr); m != nil {
		return switchRead{env: m[1]}, true
	}
	if switchIdentRe.MatchString(expr) {
		r, ok := names[expr]
		return r, ok
	}
	return switchRead{}, false
}

// productionSwitch looks, when the settings leave DEBUG = True as written,
// for a module-level if after it that tests a variable against a literal
// and turns DEBUG off in its branch. It makes DEBUG "on unless the
// variable has that value", adds the variables the branch reads with no
// default to RequiredEnv (the image runs the branch: collectstatic needs
// them too), and drops a committed SECRET_KEY the branch replaces.
func productionSwitch(fsys fs.FS, dj *Django, root, file string) {
	d := dj.Debug
	if d == nil || d.Env != "" {
		return
	}
	order, files := settingsLines(fsys, root, file)
	debugAt := slices.Index(order, d.Source.File)
	for fi, f := range order {
		if debugAt < 0 || fi > debugAt {
			break // a module the DEBUG line's module imports runs before it
		}
		lines := files[f]
		names := map[string]switchRead{} // module-level names bound to a read or a test of one
		for i, l := range lines {
			if l.indent != 0 {
				continue
			}
			if m := switchNameRe.FindStringSubmatch(l.text); m != nil {
				if r, ok := readSwitch(m[2], names); ok {
					names[m[1]] = r
				} else {
					delete(names, m[1])
				}
				continue
			}
			if f == d.Source.File && l.line <= d.Source.Line {
				continue
			}
			m := switchIfRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			r, ok := readSwitch(m[1], names)
			if !ok {
				continue
			}
			if r.value == "" {
				r.value = switchTrue // a truthy test: any non-empty value
			}
			if testSwitch(r) {
				continue // the test run's branch, not production's
			}
			branch := blockOf(lines, i)
			if !slices.ContainsFunc(branch, func(b pyLine) bool { return b.indent == branch[0].indent && debugOffRe.MatchString(b.text) }) {
				continue
			}
			dj.Debug = &DebugDefault{Env: r.env, Off: r.value, Source: Source{File: f, Line: l.line}, Switch: true}
			readers := findEnvReaders(fsys, root, file)
			for _, b := range branch {
				dj.RequiredEnv = readers.required(dj.RequiredEnv, b.text)
				if sm := secretKeyRe.FindStringSubmatch(b.text); sm != nil && !stringOnlyRe.MatchString(strings.TrimSpace(sm[1])) {
					dj.CommittedSecret = nil // the branch the image runs reads it
				}
			}
			return
		}
	}
}

// testSwitch says whether a switch selects the test run (TESTING=1,
// ENV=test, CI): setting it in the image would run the tests' settings.
func testSwitch(r switchRead) bool {
	env, v := strings.ToUpper(r.env), strings.ToLower(r.value)
	return strings.Contains(env, "TEST") || env == "CI" || strings.HasPrefix(v, "test") || v == "ci"
}

// blockOf is the block under lines[i]: the lines after it indented deeper,
// up to the next line at its level or above.
func blockOf(lines []pyLine, i int) []pyLine {
	var out []pyLine
	for _, l := range lines[i+1:] {
		if l.indent <= lines[i].indent {
			break
		}
		out = append(out, l)
	}
	return out
}

// shapedSettingRe is an assignment to a Django setting whose value has a
// shape Django checks: URLs that end in a slash (and differ), absolute
// folders collectstatic and uploads write to.
// Source: https://docs.djangoproject.com/en/stable/ref/settings/#static-url
// ("must end in a slash"), #media-url, #static-root, #media-root.
var shapedSettingRe = regexp.MustCompile(`^(STATIC_URL|MEDIA_URL|STATIC_ROOT|MEDIA_ROOT)\s*(?::[^=]*)?=\s*(.+)$`)

// shapeSettingReads gives a variable the settings read with no default
// into one of those settings the setting's kind (static_url, media_root…),
// so its throwaway and development values have the shape Django checks.
func shapeSettingReads(fsys fs.FS, dj *Django, root, file string) {
	walkSettings(fsys, root, file, func(_ string, l pyLine) {
		m := shapedSettingRe.FindStringSubmatch(l.text)
		if m == nil {
			return
		}
		e := secretEnvRe.FindStringSubmatch(m[2])
		if e == nil {
			return
		}
		for i := range dj.RequiredEnv {
			if r := &dj.RequiredEnv[i]; r.Name == e[1] && r.Kind == "str" && r.Authors == "" {
				r.Kind = strings.ToLower(m[1])
			}
		}
	})
}
