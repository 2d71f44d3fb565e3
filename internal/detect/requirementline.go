package detect

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
)

var (
	// reqNameRe is a PEP 508 name with optional extras, then the rest.
	reqNameRe = regexp.MustCompile(`^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$`)
	// pinRe is an exact pin, "==1.2.3" or "===1.2.3", and nothing else.
	pinRe = regexp.MustCompile(`^===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$`)
	// markerVarRe is the start of a PEP 508 marker: one of its variables.
	markerVarRe = regexp.MustCompile(`^\s*\(?\s*(?:python_version|python_full_version|os_name|sys_platform|platform_release|platform_system|platform_version|platform_machine|platform_python_implementation|implementation_name|implementation_version|extra)\b`)
	// vcsSchemes are the pip VCS URL prefixes.
	vcsSchemes = []string{"git+", "hg+", "svn+", "bzr+"}
)

// parseRequirementLine parses a requirement without its options: a PEP 508
// requirement ("name[extra]>=1; marker", "name @ url"), or a bare URL or
// path (pip's legacy forms, always the case after -e).
func parseRequirementLine(s string, editable bool) (Dependency, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Dependency{}, errors.New("empty requirement")
	}
	if editable || looksLikeURLOrPath(s) {
		// Markers after a URL need whitespace around ";", since URLs may
		// contain ";" themselves (pip splits a URL line at "; ").
		if i := strings.Index(s, " ;"); i >= 0 {
			s = strings.TrimSpace(s[:i])
		} else if i := strings.Index(s, "; "); i >= 0 && markerVarRe.MatchString(s[i+1:]) {
			s = strings.TrimSpace(s[:i])
		}
		return urlRequirement(s)
	}
	m := reqNameRe.FindStringSubmatch(s)
	if m == nil {
		return Dependency{}, fmt.Errorf("not a requirement: %q", clip(s, 80))
	}
	d := Dependency{Name: NormalizeName(m[1]), Extras: splitExtras(m[2])}
	rest := m[3]
	if i := strings.IndexByte(rest, ';'); i >= 0 && !strings.HasPrefix(strings.TrimSpace(rest), "@") {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	if at, ok := strings.CutPrefix(rest, "@"); ok {
		url := strings.TrimSpace(at)
		if i := strings.Index(url, " ;"); i >= 0 {
			url = strings.TrimSpace(url[:i])
		} else if i := strings.Index(url, ";"); i >= 0 && (!strings.Contains(url[:i], "://") || markerVarRe.MatchString(url[i+1:])) {
			// pip splits a line starting with a name at its first ";":
			// a marker may follow a URL with no space before it.
			url = strings.TrimSpace(url[:i])
		}
		u, err := urlRequirement(url)
		if err != nil {
			return Dependency{}, err
		}
		d.VCS, d.Path = u.VCS, u.Path
		return d, nil
	}
	if m := pinRe.FindStringSubmatch(rest); m != nil {
		d.Version = m[1]
	}
	return d, nil
}

// looksLikeURLOrPath reports whether a requirement is written as a URL or
// a local path rather than a name: a scheme, a slash, a leading dot, or an
// archive file name, as pip decides. "name @ url" is a name.
func looksLikeURLOrPath(s string) bool {
	if m := reqNameRe.FindStringSubmatch(s); m != nil && strings.HasPrefix(m[3], "@") {
		return false
	}
	first, _, _ := strings.Cut(s, " ")
	if strings.Contains(first, "://") || strings.HasPrefix(first, "file:") || hasVCSScheme(first) {
		return true
	}
	if strings.HasPrefix(first, ".") || strings.HasPrefix(first, "/") || strings.HasPrefix(first, "~") ||
		strings.Contains(first, "/") || strings.Contains(first, `\`) {
		return true
	}
	return isArchive(first)
}

func hasVCSScheme(s string) bool {
	for _, p := range vcsSchemes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func isArchive(s string) bool {
	for _, ext := range []string{".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".zip"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			return true
		}
	}
	return false
}

// urlRequirement builds the dependency for a bare URL or path. Its name
// comes from "#egg=name" when present, else from the file or repository
// name: a best guess, as pip itself only learns it by building.
func urlRequirement(s string) (Dependency, error) {
	var d Dependency
	loc, frag, _ := strings.Cut(s, "#")
	for _, kv := range strings.Split(frag, "&") {
		if v, ok := strings.CutPrefix(kv, "egg="); ok {
			n, extras, _ := strings.Cut(v, "[")
			d.Name = NormalizeName(n)
			d.Extras = splitExtras(strings.TrimSuffix(extras, "]"))
		}
	}
	local := false
	switch {
	case hasVCSScheme(loc):
		d.VCS = true
	case strings.HasPrefix(loc, "file:"):
		p := strings.TrimPrefix(loc, "file:")
		if strings.HasPrefix(p, "//") {
			p = strings.TrimPrefix(p, "//")
			p = strings.TrimPrefix(p, "localhost")
		}
		d.Path, local = p, true
	case strings.Contains(loc, "://"):
		// A remote archive: nothing local to copy.
	default:
		d.Path, local = loc, true
	}
	if local {
		// "./lib[extra]" and ".[dev]": pip accepts extras after a path.
		if i := strings.IndexByte(d.Path, '['); i >= 0 && strings.HasSuffix(d.Path, "]") {
			d.Extras = append(d.Extras, splitExtras(d.Path[i+1:len(d.Path)-1])...)
			d.Path, loc = d.Path[:i], loc[:strings.IndexByte(loc, '[')]
		}
		d.Path = path.Clean(strings.ReplaceAll(d.Path, `\`, "/"))
		if d.Path == "." {
			return d, nil // the project itself, named by its pyproject
		}
	}
	if d.Name == "" {
		d.Name = guessName(loc)
	}
	if d.Name == "" && local {
		// "./libs/my lib": pip learns the name by building the folder;
		// the folder's name, made a valid one, stands in for it.
		d.Name = NormalizeName(strings.Trim(nonNameRe.ReplaceAllString(path.Base(d.Path), "-"), "-._"))
	}
	if d.Name == "" {
		return Dependency{}, fmt.Errorf("not a requirement: %q", clip(s, 80))
	}
	return d, nil
}

var nonNameRe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// guessName derives a distribution name from a URL or path's last element:
// "pkgs/foo_bar-1.0-py3-none-any.whl" → foo-bar, ".../repo.git@v1" → repo,
// "./lib" → lib.
func guessName(loc string) string {
	loc, _, _ = strings.Cut(loc, "?")
	loc = strings.TrimRight(loc, "/")
	base := loc
	if i := strings.LastIndexAny(base, `/\:`); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.IndexByte(base, '@'); i >= 0 {
		base = base[:i] // repo.git@v1.2 (the ref)
	}
	base = strings.TrimSuffix(base, ".git")
	lower := strings.ToLower(base)
	switch {
	case strings.HasSuffix(lower, ".whl"):
		base, _, _ = strings.Cut(base, "-")
	case isArchive(lower):
		// name-1.0.tar.gz: the version starts after the last dash.
		if i := strings.LastIndexByte(base, '-'); i > 0 {
			base = base[:i]
		}
	}
	if base == "" || base == "." || base == ".." || !reqNameRe.MatchString(base) {
		return ""
	}
	if m := reqNameRe.FindStringSubmatch(base); m[3] != "" || m[2] != "" {
		return ""
	}
	return NormalizeName(base)
}

// normName is NormalizeName with a fast path for names already in normal
// form, as lock files write them: large locks have thousands.
func normName(s string) string {
	prevSep := true // a leading separator is not normal either
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevSep = false
		case c == '-' && !prevSep:
			prevSep = true
		default:
			return NormalizeName(s)
		}
	}
	if prevSep && s != "" {
		return NormalizeName(s)
	}
	return s
}

func splitExtras(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, NormalizeName(e))
		}
	}
	return out
}
