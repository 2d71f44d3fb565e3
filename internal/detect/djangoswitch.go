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
	// if <test> == "lit": / if <test> in ("a", "b"): at module level.
	switchIfRe = regexp.MustCompile(`^if\s+(.+?)\s+(==|in)\s+(.+?)\s*:$`)
	// The test: a read of the variable, with a default and a case fold.
	switchReadRe = regexp.MustCompile(`^(?:os\s*\.\s*)?(?:environ\s*\.\s*get|getenv)\s*\(\s*["']([A-Za-z_]\w*)["']\s*(?:,\s*[^()]*)?\)(?:\s*\.\s*(?:lower|upper|strip)\s*\(\s*\))*$`)
	// NAME = <read>: a module-level name the test may use instead.
	switchNameRe  = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(.+)$`)
	switchIdentRe = regexp.MustCompile(`^[A-Za-z_]\w*$`)
	debugOffRe    = regexp.MustCompile(`^DEBUG\s*(?::[^=]*)?=\s*False$`)
)

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
		names := map[string]string{} // module-level name → the variable it reads
		for i, l := range lines {
			if l.indent != 0 {
				continue
			}
			if m := switchNameRe.FindStringSubmatch(l.text); m != nil {
				if r := switchReadRe.FindStringSubmatch(strings.TrimSpace(m[2])); r != nil {
					names[m[1]] = r[1]
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
			name := ""
			if r := switchReadRe.FindStringSubmatch(strings.TrimSpace(m[1])); r != nil {
				name = r[1]
			} else if switchIdentRe.MatchString(m[1]) {
				name = names[m[1]]
			}
			lits := pyLiterals(m[3])
			if name == "" || len(lits) == 0 || lits[0] == "" {
				continue
			}
			branch := blockOf(lines, i)
			if !slices.ContainsFunc(branch, func(b pyLine) bool { return b.indent == branch[0].indent && debugOffRe.MatchString(b.text) }) {
				continue
			}
			dj.Debug = &DebugDefault{Env: name, Off: lits[0], Source: Source{File: f, Line: l.line}, Switch: true}
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
