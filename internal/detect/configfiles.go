package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
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
	// Ignored is the .gitignore line that keeps Name out of git, nil when
	// Name is simply not there.
	Ignored *Source `json:"ignored,omitempty"`
	Source  Source  `json:"source"` // where the code names it
}

// exampleNameRe splits an example's name into the file it stands for:
// config.example.yaml, config.sample.json, settings.yaml.example,
// app.ini.dist, config.template.toml.
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
	if len(cands) == 0 {
		return nil
	}
	var out []ConfigFile
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if notAppCode(file) {
			return
		}
		for i := range cands {
			c := &cands[i]
			if c.Source.File != "" {
				continue
			}
			// The name alone: a path to it elsewhere (conf/app.ini) is not
			// the root file the example stands for.
			for _, q := range []string{`"` + c.Name + `"`, `'` + c.Name + `'`} {
				if at := bytes.Index(data, []byte(q)); at >= 0 {
					c.Source = Source{File: file, Line: 1 + bytes.Count(data[:at], []byte("\n"))}
					break
				}
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
