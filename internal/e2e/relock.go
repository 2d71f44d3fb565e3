package e2e

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// relockUVPyproject is the pyproject.toml text a uv relock against the local
// mirror reads (pointUVAt writes it back). The mirror's pages carry no
// upload times, so uv cannot apply an exclude-newer cutoff against it
// ("missing an upload date"): the cutoff is commented out, and sameVersions
// proves every version stayed. py, when set, restricts the relock to the
// stand-in's environment ([tool.uv] environments): the mirror holds files
// for that Python only, and a universal relock fails on the forks it cannot
// serve (pypiserver's mypy on 3.10-3.12 with cp314 wheels only).
func relockUVPyproject(text, py string) string {
	text = excludeNewer.ReplaceAllString(text, "# $0 (pydock e2e: the mirror has no upload times)")
	text = commentTable(text, "tool.uv.exclude-newer-package")
	if py == "" {
		return text
	}
	// The mirror holds x86_64 files only (mirror.py's Target).
	env := fmt.Sprintf("environments = [\"sys_platform == 'linux' and platform_machine == 'x86_64' and python_version == '%s'\"]", py)
	text = uvEnvironments.ReplaceAllStringFunc(text, func(m string) string {
		return "# " + strings.ReplaceAll(m, "\n", "\n# ") + " (pydock e2e: relocked for the stand-in only)"
	})
	if loc := uvTable.FindStringIndex(text); loc != nil {
		return text[:loc[1]] + "\n" + env + text[loc[1]:]
	}
	return strings.TrimRight(text, "\n") + "\n\n[tool.uv]\n" + env + "\n"
}

var (
	uvTable        = regexp.MustCompile(`(?m)^\[tool\.uv\][ \t]*$`)
	uvEnvironments = regexp.MustCompile(`(?m)^(required-)?environments\s*=\s*\[[^\]]*\]`)
	excludeNewer   = regexp.MustCompile(`(?m)^exclude-newer(-package)?\s*=.*$`)
)

// uvLockConstraints are a uv.lock's registry packages as name==version,
// sorted: the constraints of a fresh relock that must keep them. The
// project, path, git and URL sources are not pins, and a name locked at
// two versions (a fork by Python) is left to the resolver: sameVersions
// still checks the one the target gets.
func uvLockConstraints(lock string) ([]string, error) {
	var l struct {
		Package []struct {
			Name    string
			Version string
			Source  map[string]any
		}
	}
	if _, err := toml.Decode(lock, &l); err != nil {
		return nil, fmt.Errorf("uv.lock: %v", err)
	}
	versions := map[string][]string{}
	for _, p := range l.Package {
		if _, ok := p.Source["registry"]; ok && p.Version != "" {
			versions[p.Name] = append(versions[p.Name], p.Version)
		}
	}
	var pins []string
	for n, vs := range versions {
		if len(vs) == 1 {
			pins = append(pins, n+"=="+vs[0])
		}
	}
	sort.Strings(pins)
	return pins, nil
}

var uvConstraints = regexp.MustCompile(`(?m)^constraint-dependencies\s*=\s*\[([^\]]*)\]`)

// withUVConstraints puts pins first in [tool.uv] constraint-dependencies,
// before the project's own ones (uv applies them all).
func withUVConstraints(text string, pins []string) string {
	quoted := make([]string, len(pins))
	for i, p := range pins {
		quoted[i] = fmt.Sprintf("%q", p)
	}
	list := strings.Join(quoted, ", ")
	if m := uvConstraints.FindStringSubmatchIndex(text); m != nil {
		own := strings.TrimSpace(text[m[2]:m[3]])
		if own != "" {
			list += ", " + own
		}
		return text[:m[0]] + "constraint-dependencies = [" + list + "]" + text[m[1]:]
	}
	line := "constraint-dependencies = [" + list + "]"
	if loc := uvTable.FindStringIndex(text); loc != nil {
		return text[:loc[1]] + "\n" + line + text[loc[1]:]
	}
	return strings.TrimRight(text, "\n") + "\n\n[tool.uv]\n" + line + "\n"
}

// commentTable comments out a TOML table: its header and every line up to
// the next header.
func commentTable(text, name string) string {
	lines := strings.Split(text, "\n")
	in := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			in = t == "["+name+"]"
		}
		if in && t != "" && !strings.HasPrefix(t, "#") {
			lines[i] = "# " + l + " (pydock e2e: the mirror has no upload times)"
		}
	}
	return strings.Join(lines, "\n")
}
