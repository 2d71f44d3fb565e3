package plan

import (
	"fmt"
	"slices"

	"github.com/pydock/pydock/internal/lint"
	"github.com/pydock/pydock/internal/write"
)

// KeptIgnoreHeader opens pydock's block in a .dockerignore of the user's.
const KeptIgnoreHeader = write.BlockBegin + ": re-includes what the build reads and keeps out the files pydock has you fill with keys (DI004, DI002); pydock rewrites this block, keep your lines above it"

// KeptIgnore is what a .dockerignore of the user's, used by the build in
// place of pydock's, needs for pydock's Dockerfile to build.
type KeptIgnore struct {
	// Keep are the files the user's lines exclude that the build reads:
	// re-included, in this order, by pydock's block at the end.
	Keep []KeptPath
	// Out are the files pydock has the user fill with keys that the
	// user's lines let into the image: excluded first in the block.
	Out []KeptPath
	// Warnings name what the re-includes bring back that looks secret,
	// and the files the app reads at run time that the user's lines keep
	// out of the image (not re-included: the user may mount them).
	Warnings []string
}

// KeptPath is one excluded path the build needs, the user's line that
// excludes it, and why the build needs it.
type KeptPath struct {
	Path string
	Line int
	Why  string
}

// Lines are the lines of pydock's block: exclusions, then "!" lines.
func (k *KeptIgnore) Lines() []string {
	var out []string
	for _, p := range k.Out {
		pat, _ := ignorePattern(p.Path)
		out = append(out, pat[1:])
	}
	for _, p := range k.Keep {
		pat, _ := ignorePattern(p.Path) // checked in CheckIgnore
		out = append(out, pat)
	}
	return out
}

// CheckIgnore judges the .dockerignore the build will use (name, data;
// for a file of the user's, without pydock's block) against what the build
// reads: every COPY and bind-mount source of dockerfile, the readme and
// license files pyproject names (lint's DI004 list), and what plan knows
// the build reads by name (force-includes, the lock, the manifests, the
// entry point). A folder the user's lines exclude is an error naming the
// line: a "!folder" after them would also bring back what their other
// lines keep out of it. So is a line BuildKit refuses, or a path no
// .dockerignore line can hold. isDir tells a folder from a file.
func (p *Plan) CheckIgnore(name string, data, dockerfile, pyproject []byte, isDir func(string) bool) (*KeptIgnore, error) {
	ig, err := lint.ParseDockerignore(name, data)
	if err != nil {
		return nil, err
	}
	needs, err := lint.BuildNeeds(lint.Input{Dockerfile: dockerfile, Pyproject: pyproject})
	if err != nil {
		return nil, err
	}
	var later []IgnoreNeed
	wheel := map[string]bool{}
	for _, n := range p.Ignore.Needed {
		wheel[n.Path] = wheel[n.Path] || n.Wheel
		switch {
		case n.RunTime:
			later = append(later, n)
		case !slices.ContainsFunc(needs, func(m lint.Need) bool { return m.Path == n.Path }):
			needs = append(needs, lint.Need{Path: n.Path, Why: n.Why})
		}
	}
	k := &KeptIgnore{}
	for _, n := range needs {
		ex, line := ig.Excludes(n.Path)
		if !ex {
			continue
		}
		if isDir(n.Path) {
			if ig.ReincludesUnder(n.Path, line) {
				continue // the user's own "!dir/…" lines choose its contents
			}
			if wheel[n.Path] {
				k.Warnings = append(k.Warnings, fmt.Sprintf("%s:%d excludes %s, which MANIFEST.in or the package data puts in the wheel: the build goes on without it (setuptools warns), and the image will not have it; re-include its files after your lines if the app reads them (DI004)", name, line, n.Path))
				continue
			}
			return nil, fmt.Errorf("%s:%d: %q excludes the folder %s, but %s: the build would fail; pydock does not re-include a whole folder after your lines, since that would also bring back what they keep out of it: change this line, or add !%s after it yourself (DI004)", name, line, ig.Line(line), n.Path, n.Why, n.Path)
		}
		if _, ok := ignorePattern(n.Path); !ok {
			return nil, fmt.Errorf("%s:%d: %q excludes %q, but %s, and no .dockerignore line can re-include that name: change this line (DI004)", name, line, ig.Line(line), n.Path, n.Why)
		}
		k.Keep = append(k.Keep, KeptPath{Path: n.Path, Line: line, Why: n.Why})
		if by := excludingPattern(ignoreSecrets.Patterns, n.Path); by != "" {
			k.Warnings = append(k.Warnings, fmt.Sprintf("%s: pydock's block re-includes %s, which the build needs but which looks secret (%q); make sure it holds no secret (DI004)", name, n.Path, by))
		}
	}
	for _, o := range p.Ignore.KeepOut {
		if ex, _ := ig.Excludes(o.Path); ex {
			continue
		}
		if _, ok := ignorePattern(o.Path); ok {
			k.Out = append(k.Out, KeptPath{Path: o.Path, Why: o.Why})
		}
	}
	for _, r := range later {
		if slices.ContainsFunc(k.Keep, func(m KeptPath) bool { return m.Path == r.Path }) {
			continue
		}
		if ex, line := ig.Excludes(r.Path); ex {
			k.Warnings = append(k.Warnings, fmt.Sprintf("%s:%d excludes %s, which %s: the image will not have it; re-include it at the end of %s unless you mount it (DI004)", name, line, r.Path, r.Why, name))
		}
	}
	return k, nil
}

// KeptIgnoreUsed drops the notes and warnings about pydock's own
// .dockerignore: the user's file is used instead, and they would describe
// re-includes that never happen.
func (p *Plan) KeptIgnoreUsed() {
	drop := func(list []string) []string {
		return slices.DeleteFunc(list, func(s string) bool { return slices.Contains(p.Ignore.said, s) })
	}
	p.Notes = drop(p.Notes)
	p.Warnings = drop(p.Warnings)
}

// say records a message about pydock's own file and returns it.
func (ig *Ignore) say(msg string) string {
	ig.said = append(ig.said, msg)
	return msg
}
