package detect

// What the environment readers need to tell a read the app makes from
// one it does not: developer scripts and tests, enum classes whose members
// name variables, and helper functions that read the environment for
// their callers.

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// devScriptDirs are top-level folders of scripts run by hand (a schema
// diff, a data fix): what they read is not what the app reads.
var devScriptDirs = []string{"bin", "scripts", "script", "tools"}

// devScript reports whether file is a developer script: under one of
// devScriptDirs at the project's root, a folder that is no package (so the
// app cannot import it), and not the file the image runs.
func devScript(fsys fs.FS, f *Facts, file string) bool {
	top, _, nested := strings.Cut(file, "/")
	if !nested || !slices.Contains(devScriptDirs, top) || isRegularFile(fsys, top+"/__init__.py") {
		return false
	}
	return file != f.EntryFile && (f.App == nil || file != f.App.Source.File)
}

// isTestFile reports whether a file is a test's, whose reads are not the app's.
func isTestFile(file string) bool {
	base := path.Base(file)
	if strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") || base == "conftest.py" {
		return true
	}
	for _, d := range strings.Split(path.Dir(file), "/") {
		if d == "tests" || d == "test" {
			return true
		}
	}
	return false
}

var (
	// A bare class name as an annotation: an enum's, when the project has it.
	enumTypeRe = regexp.MustCompile(`^\s*[A-Z]\w*\s*$`)
	// An enum class: class DatabaseType(StrEnum) / (str, Enum).
	enumHeaderRe = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)\s*\(([^)]*\b(?:Enum|StrEnum)\b[^)]*)\)\s*:`)
	// A member: NAME = "value".
	enumMemberRe = regexp.MustCompile(`^[A-Za-z_]\w*\s*=\s*["']([^"']*)["']`)
)

// enumClasses are the module's enum classes with their string members'
// values, in order.
func enumClasses(lines []pyLine) map[string][]string {
	out := map[string][]string{}
	for i, l := range lines {
		m := enumHeaderRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		var vals []string
		for _, b := range lines[i+1:] {
			if b.indent <= l.indent {
				break
			}
			if v := enumMemberRe.FindStringSubmatch(b.text); v != nil {
				vals = append(vals, v[1])
			}
		}
		if len(vals) > 0 {
			out[m[1]] = vals
		}
	}
	return out
}

// helperDef is a function of the project as the environment reads see
// it: whether its body reads the environment itself, and the functions
// it calls.
type helperDef struct {
	reads bool
	calls []string
}

var (
	defHeadRe  = regexp.MustCompile(`^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(`)
	envTouchRe = regexp.MustCompile(`\benviron\b|\bgetenv\b`)
	bodyCallRe = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*\(`)
)

// helperDefs reads the functions a module defines (methods too): a body
// reads the environment through os.environ, os.getenv or one of the
// module's reader objects (readers: env = environ.Env()).
func helperDefs(lines []pyLine, readers []string) map[string]helperDef {
	out := map[string]helperDef{}
	for i, l := range lines {
		m := defHeadRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		var d helperDef
		for _, b := range lines[i+1:] {
			if b.indent <= l.indent {
				break
			}
			if envTouchRe.MatchString(b.text) {
				d.reads = true
			}
			for _, c := range bodyCallRe.FindAllStringSubmatch(b.text, -1) {
				if slices.Contains(readers, c[1]) {
					d.reads = true
				}
				d.calls = append(d.calls, c[1])
			}
		}
		if o, ok := out[m[1]]; ok {
			d.reads = d.reads || o.reads
			d.calls = append(o.calls, d.calls...)
		}
		out[m[1]] = d
	}
	return out
}

// helpersReadingEnv are the functions that read the environment, by
// their own body or through another function of the project they call.
func helpersReadingEnv(defs map[string][]helperDef) map[string]bool {
	out := map[string]bool{}
	for name, ds := range defs {
		for _, d := range ds {
			if d.reads {
				out[name] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for name, ds := range defs {
			if out[name] {
				continue
			}
			for _, d := range ds {
				if slices.ContainsFunc(d.calls, func(c string) bool { return c != name && out[c] }) {
					out[name], changed = true, true
					break
				}
			}
		}
	}
	return out
}
