package e2e

import "regexp"

// The pip template installs [project].dependencies plus the extras and
// dependency groups pydock selects, read from pyproject.toml in the
// Dockerfile itself (render's managers.go). The realworld mirror is filled
// from the same lists, or the build asks for a package it lacks.
var (
	dockerfileExtraRe = regexp.MustCompile(`\.get\('optional-dependencies', \{\}\)\.get\('([^']+)', \[\]\)`)
	dockerfileGroupRe = regexp.MustCompile(`\.get\('dependency-groups', \{\}\)\.get\('([^']+)', \[\]\)`)
)

// dockerfileSelections are the extras and the groups the Dockerfile reads
// from pyproject.toml, each once, in their order.
func dockerfileSelections(df string) (extras, groups []string) {
	seen := map[string]bool{}
	for _, m := range dockerfileExtraRe.FindAllStringSubmatch(df, -1) {
		if !seen["e:"+m[1]] {
			seen["e:"+m[1]] = true
			extras = append(extras, m[1])
		}
	}
	for _, m := range dockerfileGroupRe.FindAllStringSubmatch(df, -1) {
		if !seen["g:"+m[1]] {
			seen["g:"+m[1]] = true
			groups = append(groups, m[1])
		}
	}
	return extras, groups
}

// selectionArgs passes them to the harness's pyproject reader: e:NAME, g:NAME.
func selectionArgs(extras, groups []string) []string {
	var out []string
	for _, e := range extras {
		out = append(out, "e:"+e)
	}
	for _, g := range groups {
		out = append(out, "g:"+g)
	}
	return out
}
