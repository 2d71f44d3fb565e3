package e2e

import (
	"fmt"
	"regexp"
	"strings"
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
	if py == "" {
		return text
	}
	env := fmt.Sprintf("environments = [\"sys_platform == 'linux' and python_version == '%s'\"]", py)
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
