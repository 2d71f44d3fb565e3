package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/moby/patternmatcher"
)

// ConfigFile is a configuration file the app reads that the repository
// ships only as an example: config.example.yaml committed, config.yaml
// absent or gitignored (it holds the user's keys). A clean checkout's
// image has none, so the app needs it mounted.
type ConfigFile struct {
	Name    string `json:"name"`    // config.yaml, at the project root
	Example string `json:"example"` // config.example.yaml
	// Dir is the folder, relative to the project, holding the example
	// and so the user's copy, when it is above the project (".." for
	// an app in a folder of a larger repository); "" for the project's
	// own. A .gitignore'd file the code names with no example in the
	// project is kept with Example "" for the cli to look above.
	Dir string `json:"dir,omitempty"`
	// Env is the variable the loader reads the file's path from first,
	// when the code naming it reads one.
	Env string `json:"env,omitempty"`
	// Ignored is the .gitignore line that keeps Name out of git, nil when
	// Name is simply not there.
	Ignored *Source `json:"ignored,omitempty"`
	Source  Source  `json:"source"` // where the code names it
	// NotReadBy are the console scripts whose imports, in functions
	// too, reach no module naming the file: run by the image, they never
	// read it.
	NotReadBy []string `json:"not_read_by,omitempty"`
	namedIn   []string // every app file naming it
}

// exampleNameRe splits an example's name into the file it stands for:
// config.example.yaml, config.sample.json, settings.yaml.example,
// app.ini.dist, config.template.toml.
// configVarRe reads a path from a variable that names a configuration:
// os.getenv("APP_CONFIG_PATH"), os.environ["SVC_CONFIG_FILE"].
var configVarRe = regexp.MustCompile(`(?:getenv|environ\s*\.\s*get|environ)\s*[(\[]\s*["']([A-Z][A-Z0-9_]*CONFIG[A-Z0-9_]*)["']`)

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// configNameRe is a configuration file's plain name.
var configNameRe = regexp.MustCompile(`^[\w-]+\.(?:ya?ml|json|toml|ini|cfg|conf)$`)

// ExampleNames are the names an example of name may have, as
// exampleNameRe reads them.
func ExampleNames(name string) []string {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	var out []string
	for _, w := range []string{"example", "sample", "template", "dist"} {
		out = append(out, stem+"."+w+ext, name+"."+w)
	}
	return out
}

var exampleNameRe = regexp.MustCompile(`^([\w-]+)(?:\.(?:example|sample|template|dist)(\.(?:ya?ml|json|toml|ini|cfg|conf))|(\.(?:ya?ml|json|toml|ini|cfg|conf))\.(?:example|sample|template|dist))$`)

// findConfigFiles reads the project root for example configuration files
// whose real file is not committed, and keeps those whose name the app's
// code spells as a string (tests and build scripts are not evidence).
func findConfigFiles(fsys fs.FS, roots []string) []ConfigFile {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	var gitignore []byte
	if isRegularFile(fsys, ".gitignore") {
		gitignore, _ = readBounded(fsys, ".gitignore", maxManifestSize, "manifests")
	}
	var cands []ConfigFile
	for _, e := range entries {
		m := exampleNameRe.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		name := m[1] + m[2] + m[3]
		c := ConfigFile{Name: name, Example: e.Name()}
		if line := gitignoreLine(gitignore, name); line > 0 {
			c.Ignored = &Source{File: ".gitignore", Line: line}
		} else if _, err := fs.Stat(fsys, name); err == nil {
			continue // committed: the image has it
		}
		cands = append(cands, c)
	}
	// A configuration file the .gitignore keeps out at the root, with no
	// example here: the example may be above the project.
	for i, l := range strings.Split(string(gitignore), "\n") {
		name := strings.TrimPrefix(strings.TrimSpace(l), "/")
		if !configNameRe.MatchString(name) || slices.ContainsFunc(cands, func(c ConfigFile) bool { return c.Name == name }) {
			continue
		}
		if _, err := fs.Stat(fsys, name); err == nil {
			continue
		}
		cands = append(cands, ConfigFile{Name: name, Ignored: &Source{File: ".gitignore", Line: i + 1}})
	}
	if len(cands) == 0 {
		return nil
	}
	var out []ConfigFile
	byVar := make([]bool, len(cands)) // Source is beside a variable's read
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if notAppCode(file) {
			return
		}
		env := configVarRe.FindSubmatchIndex(data)
		for i := range cands {
			c := &cands[i]
			if byVar[i] {
				continue
			}
			// The name alone: a path to it elsewhere (conf/app.ini) is not
			// the root file the example stands for. Of the files naming
			// it, the one that also reads a path from a variable
			// (DEER_FLOW_CONFIG_PATH) is the loader: its mention nearest
			// that read is the evidence, not a per-agent config.yaml.
			best := -1
			for _, q := range []string{`"` + c.Name + `"`, `'` + c.Name + `'`} {
				for off := 0; ; {
					at := bytes.Index(data[off:], []byte(q))
					if at < 0 {
						break
					}
					at += off
					if best < 0 || env != nil && absInt(at-env[0]) < absInt(best-env[0]) {
						best = at
					}
					if env == nil {
						break
					}
					off = at + len(q)
				}
			}
			if best < 0 {
				continue
			}
			c.namedIn = append(c.namedIn, file)
			if c.Source.File != "" && env == nil {
				continue // an earlier file's mention stands
			}
			c.Source = Source{File: file, Line: 1 + bytes.Count(data[:best], []byte("\n"))}
			if env != nil {
				byVar[i] = true
				c.Env = string(data[env[2]:env[3]])
			}
		}
	})
	for _, c := range cands {
		if c.Source.File != "" {
			out = append(out, c)
		}
	}
	return out
}

// gitignoreLine is the line of the .gitignore pattern that keeps a root
// file out of git (0 when none does, or a later "!" lets it back in).
func gitignoreLine(data []byte, name string) int {
	line := 0
	for i, l := range strings.Split(string(data), "\n") {
		pat, neg, ok := gitPattern(l)
		if !ok {
			continue
		}
		pm, err := patternmatcher.New([]string{pat})
		if err != nil {
			continue
		}
		if m, _ := pm.MatchesOrParentMatches(name); m {
			line = i + 1
			if neg {
				line = 0
			}
		}
	}
	return line
}

// GitIgnores reports whether a .gitignore's content keeps name, a slash
// path from that .gitignore's folder, out of git.
func GitIgnores(data []byte, name string) bool { return gitignoreLine(data, name) > 0 }

// gitPattern translates one .gitignore line for BuildKit's matcher: a
// pattern without a slash matches at any depth. Directory-only patterns,
// blanks and comments are not file patterns.
func gitPattern(l string) (pat string, neg, ok bool) {
	l = strings.TrimRight(l, "\r \t")
	if l == "" || strings.HasPrefix(l, "#") || strings.HasSuffix(l, "/") {
		return "", false, false
	}
	neg = strings.HasPrefix(l, "!")
	l = strings.TrimPrefix(l, "!")
	if strings.HasPrefix(l, "/") {
		l = strings.TrimPrefix(l, "/")
	} else if !strings.Contains(l, "/") {
		l = "**/" + l
	}
	return path.Clean(l), neg, true
}

// IgnoredPath is a path the .gitignore keeps out of git inside a package
// the project ships: something writes or generates it (autogenstudio/web/ui/*).
type IgnoredPath struct {
	Path   string `json:"path"`
	Source Source `json:"source"`
}

// packageIgnored reads the .gitignore for paths under the package folders
// (one with a glob left in it is not a place, and a negation lets a path
// back in, so neither counts).
func packageIgnored(fsys fs.FS, pkgDirs []string) []IgnoredPath {
	if len(pkgDirs) == 0 || !isRegularFile(fsys, ".gitignore") {
		return nil
	}
	data, err := readBounded(fsys, ".gitignore", maxManifestSize, "manifests")
	if err != nil {
		return nil
	}
	var out []IgnoredPath
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "!") {
			continue
		}
		p := strings.TrimPrefix(l, "/")
		for _, suffix := range []string{"/**", "/*", "/"} {
			p = strings.TrimSuffix(p, suffix)
		}
		if strings.ContainsAny(p, "*?[\\") {
			continue
		}
		if toolingPathRe.MatchString(p) {
			continue // test output and caches, not the app's
		}
		for _, d := range pkgDirs {
			if strings.HasPrefix(p, d+"/") {
				out = append(out, IgnoredPath{Path: path.Clean(p), Source: Source{File: ".gitignore", Line: i + 1}})
				break
			}
		}
	}
	return out
}

// toolingPathRe is a path of tests and their tools' output.
var toolingPathRe = regexp.MustCompile(`(?:^|/)(?:tests?|testing|e2e|coverage|htmlcov|__snapshots__|\.pytest_cache|node_modules|docs)(?:/|$)`)

// markConfigReaders fills each configuration file's NotReadBy: the
// console scripts of a packaged project none of whose modules, followed
// through every import, names the file.
func (f *Facts) markConfigReaders(fsys fs.FS, roots []string) {
	if !f.Packaged || len(f.ConfigFiles) == 0 {
		return
	}
	for _, sc := range f.Scripts {
		mod, _, _ := strings.Cut(sc.Target, ":")
		file := moduleFileIn(fsys, roots, mod)
		if file == "" {
			continue
		}
		reached := everyImportClosure(fsys, roots, []string{file})
		for i := range f.ConfigFiles {
			c := &f.ConfigFiles[i]
			if c.Env == "" && !slices.ContainsFunc(c.namedIn, func(n string) bool { return slices.Contains(reached, n) }) {
				c.NotReadBy = append(c.NotReadBy, sc.Name)
			}
		}
	}
}
