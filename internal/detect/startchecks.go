package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// StartCheck is a setting the project's own code, imported at start,
// refuses to run without: `if not settings.NAME:` raising in the branch
// the image takes (directly, or under `if not settings.DEBUG:`; the image
// runs with DEBUG off). The settings read it from Env with no default, so
// the variable is required at start, like a settings-level check.
type StartCheck struct {
	Setting string `json:"setting"`
	Env     string `json:"env"`
	Source  Source `json:"source"`  // the check
	ReadAt  Source `json:"read_at"` // the settings line reading Env
	Chain   string `json:"chain"`   // how the start imports the check's module
}

var (
	// NAME = os.environ.get("X") / os.getenv("X", None) / os.getenv("X", ""):
	// None or empty, false either way, when unset.
	falsyReadRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:os\.)?(?:environ\s*\.\s*get|getenv)\s*\(\s*["']([A-Za-z_]\w*)["']\s*(?:,\s*(?:default\s*=\s*)?(?:None|""|''))?\s*,?\s*\)$`)
	// if not settings.NAME: / if settings.NAME is None:
	settingUnsetIfRe = regexp.MustCompile(`^if\s+(?:not\s+settings\s*\.\s*([A-Z][A-Z0-9_]*)|settings\s*\.\s*([A-Z][A-Z0-9_]*)\s+is\s+None)\s*:$`)
	debugOffIfRe     = regexp.MustCompile(`^if\s+not\s+settings\s*\.\s*DEBUG\s*:$`)
	// What marks a value as a PEM private key the code loads: the loader,
	// or a JWT algorithm signed with an RSA key.
	pemUseRe = regexp.MustCompile(`\bload_pem_private_key\b|["'](?:RS|PS)(?:256|384|512)["']`)
	pemName  = []string{"PRIVATE_KEY", "RSA", "PEM"}
	// raise ImproperlyConfigured(...), by any import path.
	improperlyConfiguredRe = regexp.MustCompile(`^raise\s+(?:[A-Za-z_]\w*\.)*ImproperlyConfigured\b`)
)

// findStartChecks adds to the Django settings' required variables those the
// project's code imported at start checks and raises on (saleor's
// JWTManager.validate_configuration, run by CoreAppConfig.ready()), and
// marks a PEM private key as such.
func findStartChecks(fsys fs.FS, f *Facts) {
	dj := f.Django
	if dj == nil || f.start == nil {
		return
	}
	root, file := settingsLocation(fsys, dj)
	if file == "" {
		return
	}
	reads := falsyReads(fsys, root, file)
	if len(reads) == 0 {
		return
	}
	files := make([]string, 0, len(f.start.nodes))
	for file, n := range f.start.nodes {
		if !n.settings && !isTestFile(file) {
			files = append(files, file)
		}
	}
	slices.Sort(files)
	for _, file := range files {
		data, err := readPySource(fsys, file)
		if err != nil || !strings.Contains(string(data), "settings") {
			continue
		}
		lines := pyLines(data)
		for i, l := range lines {
			m := settingUnsetIfRe.FindStringSubmatch(l.text)
			if m == nil {
				continue
			}
			name := m[1] + m[2]
			rd, ok := reads[name]
			// A module-level check runs at import; one in a function counts
			// when it raises Django's ImproperlyConfigured, which is for
			// settings found wrong when the site starts, not for a request
			// that finds a feature unconfigured (docs.djangoproject.com/en/
			// stable/ref/exceptions/#improperlyconfigured).
			raise := isRaise
			if l.indent > 0 {
				raise = improperlyConfiguredRe.MatchString
			}
			if !ok || !raisesWithDebugOff(lines[i+1:], l.indent, raise) {
				continue
			}
			if slices.ContainsFunc(dj.StartChecks, func(c StartCheck) bool { return c.Env == rd.env }) {
				continue
			}
			dj.StartChecks = append(dj.StartChecks, StartCheck{Setting: name, Env: rd.env, Source: Source{File: file, Line: l.line}, ReadAt: rd.at, Chain: f.start.chain(file)})
			if !slices.ContainsFunc(dj.RequiredEnv, func(e EnvRead) bool { return e.Name == rd.env }) {
				dj.RequiredEnv = append(dj.RequiredEnv, EnvRead{Name: rd.env, Kind: "str"})
			}
		}
	}
	for _, c := range dj.StartChecks {
		// The image can make a key only with the library that loads it.
		if f.IsInstalled("cryptography") && isPEMKey(fsys, files, c) {
			for i := range dj.RequiredEnv {
				if dj.RequiredEnv[i].Name == c.Env {
					dj.RequiredEnv[i].Kind = "rsa_pem"
				}
			}
		}
	}
}

type falsyRead struct {
	env string
	at  Source
}

// falsyReads maps each setting whose effective module-level assignment
// reads a variable with no default (or None, or "") to that variable.
func falsyReads(fsys fs.FS, root, file string) map[string]falsyRead {
	out := map[string]falsyRead{}
	done := map[string]bool{} // set by an earlier file: star-imports run first, the module's own lines win
	order, files := settingsLines(fsys, root, file)
	for _, f := range order {
		last := map[string]*falsyRead{}
		for _, l := range files[f] {
			if l.indent != 0 {
				continue
			}
			m := settingNameRe.FindStringSubmatch(l.text)
			if m == nil || done[m[1]] {
				continue
			}
			if r := falsyReadRe.FindStringSubmatch(l.text); r != nil {
				last[m[1]] = &falsyRead{env: r[2], at: Source{File: f, Line: l.line}}
			} else {
				last[m[1]] = nil // set otherwise after
			}
		}
		for name, r := range last {
			done[name] = true
			if r != nil {
				out[name] = *r
			}
		}
	}
	return out
}

// raisesWithDebugOff reports whether the block under an if at indent
// raises in the branch the image takes: a raise among its own statements,
// or inside a nested `if not settings.DEBUG:`.
func raisesWithDebugOff(rest []pyLine, indent int, isRaise func(string) bool) bool {
	inner := -1
	for i, b := range rest {
		if b.indent <= indent {
			return false
		}
		if inner < 0 {
			inner = b.indent
		}
		if b.indent != inner {
			continue
		}
		if isRaise(b.text) {
			return true
		}
		if debugOffIfRe.MatchString(b.text) {
			for _, c := range rest[i+1:] {
				if c.indent <= inner {
					break
				}
				if isRaise(c.text) {
					return true
				}
			}
		}
	}
	return false
}

func isRaise(text string) bool { return text == "raise" || strings.HasPrefix(text, "raise ") }

// isPEMKey reports whether the checked value is a PEM private key: its
// names say key, and a module of the start reading the setting loads it
// as one (load_pem_private_key, an RS256 signature).
func isPEMKey(fsys fs.FS, files []string, c StartCheck) bool {
	if !slices.ContainsFunc(pemName, func(w string) bool {
		return strings.Contains(c.Env, w) || strings.Contains(c.Setting, w)
	}) {
		return false
	}
	read := regexp.MustCompile(`\bsettings\s*\.\s*` + regexp.QuoteMeta(c.Setting) + `\b`)
	for _, file := range files {
		data, err := readPySource(fsys, file)
		if err == nil && read.Match(data) && pemUseRe.Match(data) {
			return true
		}
	}
	return false
}
