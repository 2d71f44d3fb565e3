package lint

import (
	"fmt"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// Need is a path in the build context that the build reads, and why:
// what DI004 checks a .dockerignore against.
type Need struct {
	Path string
	Why  string // "Dockerfile mounts it"
}

// BuildNeeds lists what DI004 checks: every COPY source and bind-mount
// source the Dockerfile takes from the context, and, for a pyproject.toml
// whose project is built, the readme and license files it names. init and
// generate check a .dockerignore they keep with the same list as lint.
func BuildNeeds(in Input) ([]Need, error) {
	var py *pyproject
	if in.Pyproject != nil {
		name := in.PyprojectName
		if name == "" {
			name = "pyproject.toml"
		}
		var err error
		if py, err = parsePyproject(name, in.Pyproject); err != nil {
			return nil, err
		}
	}
	var d *dockerfile
	if in.Dockerfile != nil {
		name := in.DockerfileName
		if name == "" {
			name = "Dockerfile"
		}
		var err error
		if d, err = parseDockerfile(name, in.Dockerfile); err != nil {
			return nil, err
		}
	}
	return buildNeeds(py, d), nil
}

// buildNeeds is BuildNeeds on parsed files, in the order the build reads
// them; a path holding a glob or leaving the context is left out.
func buildNeeds(py *pyproject, d *dockerfile) []Need {
	var out []Need
	seen := map[string]bool{}
	add := func(p, why string) {
		p = path.Clean(strings.TrimPrefix(p, "./"))
		if p == "." || strings.HasPrefix(p, "../") || path.IsAbs(p) || strings.ContainsAny(p, "*?[$") || seen[p] {
			return
		}
		seen[p] = true
		out = append(out, Need{Path: p, Why: why})
	}
	if py != nil && py.packaged {
		for _, f := range py.buildFiles {
			add(f, py.file+" names it and the build backend reads it")
		}
	}
	if d != nil {
		for _, st := range d.stages {
			for _, cmd := range st.cmds {
				switch cmd := cmd.(type) {
				case *instructions.CopyCommand:
					if cmd.From == "" {
						for _, s := range cmd.SourcePaths {
							add(s, d.file+" copies it")
						}
					}
				case *instructions.RunCommand:
					for _, m := range runMounts(cmd) {
						if m.Type == instructions.MountTypeBind && m.From == "" && m.Source != "" {
							add(m.Source, d.file+" mounts it")
						}
					}
				}
			}
		}
	}
	return out
}

// Dockerignore is a .dockerignore read as BuildKit reads it.
type Dockerignore struct{ ig *ignoreFile }

// ParseDockerignore reads a .dockerignore as BuildKit does. A line BuildKit
// refuses (a bare "!", a pattern that does not compile) is an error naming
// the file and line: the build would stop on it.
func ParseDockerignore(name string, data []byte) (*Dockerignore, error) {
	if len(data) > MaxFileSize {
		return nil, tooLarge(name)
	}
	if data == nil {
		data = []byte{}
	}
	ig := parseIgnore(name, data)
	if len(ig.bad) > 0 {
		b := ig.bad[0]
		return nil, fmt.Errorf("%s:%d: %q is not a pattern BuildKit accepts (%v); the build would stop on it", name, b.line, strings.TrimSpace(ig.lines[b.line-1]), b.err)
	}
	return &Dockerignore{ig: ig}, nil
}

// Excludes reports whether path (slash-separated, relative to the context)
// is left out of the build context, itself or through a parent folder, and
// the line of the last pattern that excludes it.
func (d *Dockerignore) Excludes(path string) (bool, int) {
	return d.ig.excluded(path)
}

// ReincludesUnder reports whether an exception line after line names a
// path inside folder dir: see ignoreFile.reincludesUnder.
func (d *Dockerignore) ReincludesUnder(dir string, line int) bool {
	return d.ig.reincludesUnder(dir, line)
}

// Line is line n of the file as written, without its line ending.
func (d *Dockerignore) Line(n int) string {
	if n < 1 || n > len(d.ig.lines) {
		return ""
	}
	return strings.TrimRight(d.ig.lines[n-1], "\r")
}
