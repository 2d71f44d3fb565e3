package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Two shapes of a front end a clean checkout cannot show on its own: a
// bundler config that reads a file the checkout lacks (a script of the
// project writes it first), so the build cannot run from the lock alone;
// and a folder the wheel's build ships as an artifact (hatch's
// artifacts, VCS-ignored files it includes) that is not in the checkout,
// so some build must make it before the wheel.

// configReadRe is a config reading a file by a literal relative path:
// readFileSync('./build-config.json'), require('./build-config.json').
var configReadRe = regexp.MustCompile(`\b(?:readFileSync|require)\(\s*["'](\.{1,2}/[^"'$]+|[\w.-]+\.json)["']`)

// missingConfigInput is why a bundler config cannot load in a clean
// checkout: it reads a file that is not there ("" when it reads none),
// naming the project file that mentions it (the script that writes it).
func missingConfigInput(fsys fs.FS, file string, data []byte) string {
	for _, m := range configReadRe.FindAllSubmatchIndex(data, -1) {
		rel := string(data[m[2]:m[3]])
		p := path.Clean(path.Join(path.Dir(file), rel))
		if !fs.ValidPath(p) || isRegularFile(fsys, p) {
			continue
		}
		line := 1 + strings.Count(string(data[:m[0]]), "\n")
		why := Source{File: file, Line: line}.String() + " reads " + p + ", which is not in the project"
		if by := mentionedBy(fsys, path.Base(p), file); by != (Source{}) {
			why += " (" + by.String() + " names it: a script of the project writes it before the build)"
		}
		return why
	}
	return ""
}

// mentionedBy is the first project file other than except (a script, a
// Makefile) whose text names base, the file a config reads.
func mentionedBy(fsys fs.FS, base, except string) Source {
	var at Source
	n := 0
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || at != (Source{}) {
			return fs.SkipAll
		}
		if d.IsDir() {
			if p != "." && (pySkipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || testsDir(d.Name())) {
				return fs.SkipDir
			}
			return nil
		}
		if p == except || !d.Type().IsRegular() || !scriptLikeFile(p) {
			return nil
		}
		if n++; n > 5000 {
			return fs.SkipAll
		}
		data, err := readBounded(fsys, p, 1<<20, "scripts")
		if err != nil {
			return nil
		}
		if i := strings.Index(string(data), base); i >= 0 {
			at = Source{File: p, Line: 1 + strings.Count(string(data[:i]), "\n")}
		}
		return nil
	})
	return at
}

// scriptLikeFile: a file that may write a build input: a script or a
// Makefile, not a document or a config.
func scriptLikeFile(p string) bool {
	switch path.Ext(p) {
	case ".py", ".sh", ".js", ".mjs", ".cjs", ".ts":
		return true
	}
	return path.Base(p) == "Makefile"
}

// artifactDirs are the folders hatch's artifacts name (build outputs the
// wheel ships though VCS ignores them) that are not in the checkout: a
// build must make them before the wheel, so they are folders the app
// reads like a served one.
func artifactDirs(fsys fs.FS) []servedDir {
	data, err := readBounded(fsys, "pyproject.toml", 1<<20, "pyproject.toml")
	if err != nil {
		return nil
	}
	var c struct {
		Tool struct {
			Hatch struct {
				Build struct {
					Artifacts []string
					Targets   struct {
						Wheel struct{ Artifacts []string }
					}
				}
			}
		}
	}
	if toml.Unmarshal(data, &c) != nil {
		return nil
	}
	var out []servedDir
	for _, a := range append(c.Tool.Hatch.Build.Artifacts, c.Tool.Hatch.Build.Targets.Wheel.Artifacts...) {
		dir := strings.Trim(a, "/")
		if !strings.HasSuffix(a, "/") || strings.ContainsAny(dir, "*?[!") || !fs.ValidPath(dir) || dir == "." {
			continue // files and patterns: translations, compiled catalogues
		}
		if _, err := fs.Stat(fsys, dir); err == nil {
			continue
		}
		line := 0
		if i := strings.Index(string(data), a); i >= 0 {
			line = 1 + strings.Count(string(data[:i]), "\n")
		}
		out = append(out, servedDir{Dir: dir, What: "hatch's artifacts, which the wheel ships", Source: Source{File: "pyproject.toml", Line: line}})
	}
	return out
}
