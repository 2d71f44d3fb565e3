package lint

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/pelletier/go-toml/v2"
)

// ignoreFile is a .dockerignore: its patterns, each with its line, cleaned
// the way BuildKit cleans them (ignorefile.ReadAll).
type ignoreFile struct {
	file     string
	missing  bool
	lines    []string
	patterns []ignorePattern
	matcher  *patternmatcher.PatternMatcher
	// bad are the lines BuildKit refuses, left out of patterns.
	bad []badLine
}

type badLine struct {
	line int
	err  error
}

type ignorePattern struct {
	line    int
	pattern string // with a leading "!" for exceptions
}

func parseIgnore(file string, data []byte) *ignoreFile {
	ig := &ignoreFile{file: file, missing: data == nil}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	ig.lines = strings.Split(string(data), "\n")
	var pats []string
	for i, l := range ig.lines {
		if strings.HasPrefix(l, "#") {
			continue
		}
		p := strings.TrimSpace(l)
		if p == "" {
			continue
		}
		invert := p[0] == '!'
		if invert {
			p = strings.TrimSpace(p[1:])
		}
		if p != "" {
			p = path.Clean(p)
			if len(p) > 1 && p[0] == '/' {
				p = p[1:]
			}
		}
		if invert {
			p = "!" + p
		}
		// A pattern BuildKit cannot compile fails the build; leave it out
		// here rather than let one bad line hide every other finding.
		if _, err := patternmatcher.New([]string{p}); err != nil {
			ig.bad = append(ig.bad, badLine{i + 1, err})
			continue
		}
		ig.patterns = append(ig.patterns, ignorePattern{line: i + 1, pattern: p})
		pats = append(pats, p)
	}
	ig.matcher, _ = patternmatcher.New(pats)
	return ig
}

// excluded reports whether file (a slash path relative to the context) is
// left out of the build context, and the line of the last pattern that
// excludes it.
func (ig *ignoreFile) excluded(file string) (bool, int) {
	if ig.matcher == nil {
		return false, 0
	}
	ok, err := ig.matcher.MatchesOrParentMatches(file)
	if err != nil || !ok {
		return false, 0
	}
	at := 0
	for _, p := range ig.patterns {
		if strings.HasPrefix(p.pattern, "!") {
			continue
		}
		if m, err := patternmatcher.MatchesOrParentMatches(file, []string{p.pattern}); err == nil && m {
			at = p.line
		}
	}
	return true, at
}

// pyproject is the part of pyproject.toml the rules read.
type pyproject struct {
	file           string
	requiresPython string
	poetryPython   string
	buildFiles     []string // readme and license files the build backend reads
	packaged       bool     // the project itself is built (build-system or Poetry package mode)
}

func parsePyproject(file string, data []byte) (*pyproject, error) {
	var raw struct {
		Project *struct {
			RequiresPython string `toml:"requires-python"`
			Readme         any    `toml:"readme"`
			License        any    `toml:"license"`
		} `toml:"project"`
		BuildSystem *struct {
			BuildBackend string `toml:"build-backend"`
		} `toml:"build-system"`
		Tool struct {
			Poetry *struct {
				Readme       any            `toml:"readme"`
				PackageMode  *bool          `toml:"package-mode"`
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"poetry"`
			UV *struct {
				Package *bool `toml:"package"`
			} `toml:"uv"`
		} `toml:"tool"`
	}
	if err := toml.Unmarshal(data, &raw); err != nil {
		msg := err.Error()
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, fmt.Errorf("%s:%d:%d: %s", file, row, col, msg)
		}
		return nil, fmt.Errorf("%s: %s", file, msg)
	}
	py := &pyproject{file: file}
	add := func(v any) {
		switch t := v.(type) {
		case string:
			py.buildFiles = append(py.buildFiles, t)
		case map[string]any:
			if f, ok := t["file"].(string); ok {
				py.buildFiles = append(py.buildFiles, f)
			}
		case []any:
			for _, e := range t {
				if s, ok := e.(string); ok {
					py.buildFiles = append(py.buildFiles, s)
				}
			}
		}
	}
	if raw.Project != nil {
		py.requiresPython = raw.Project.RequiresPython
		add(raw.Project.Readme)
		if m, ok := raw.Project.License.(map[string]any); ok {
			add(m)
		}
	}
	py.packaged = raw.BuildSystem != nil && raw.BuildSystem.BuildBackend != ""
	if p := raw.Tool.Poetry; p != nil {
		add(p.Readme)
		py.packaged = p.PackageMode == nil || *p.PackageMode
		for k, v := range p.Dependencies {
			if s, ok := v.(string); ok && strings.EqualFold(k, "python") {
				py.poetryPython = s
			}
		}
	}
	if raw.Tool.UV != nil && raw.Tool.UV.Package != nil {
		py.packaged = *raw.Tool.UV.Package
	}
	// Keep only relative paths inside the context.
	files := py.buildFiles[:0]
	for _, f := range py.buildFiles {
		f = path.Clean(strings.TrimPrefix(f, "./"))
		if f != "." && !strings.HasPrefix(f, "../") && !path.IsAbs(f) {
			files = append(files, f)
		}
	}
	py.buildFiles = files
	return py, nil
}

// reincludesUnder reports whether an exception line after line names a
// path inside folder dir ("!src/*", "!/src/pkg"): BuildKit then walks into
// the excluded folder and sends what those lines let back, so the folder is
// in the context with the contents the user chose.
func (ig *ignoreFile) reincludesUnder(dir string, line int) bool {
	prefix := strings.Trim(dir, "/") + "/"
	for _, p := range ig.patterns {
		if p.line <= line || !strings.HasPrefix(p.pattern, "!") {
			continue
		}
		if strings.HasPrefix(strings.TrimPrefix(p.pattern[1:], "/"), prefix) {
			return true
		}
	}
	return false
}
