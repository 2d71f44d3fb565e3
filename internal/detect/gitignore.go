package detect

import (
	"strings"

	"github.com/moby/patternmatcher"
)

// gitIgnoresEnv reports whether the project's .gitignore keeps a root
// .env out of git (nil: no .gitignore, maybe no git at all). gitignore
// patterns are matched with BuildKit's matcher after the one translation
// their syntax needs: a pattern without a slash matches at any depth.
func gitIgnoresEnv(data []byte) bool {
	var pats []string
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimRight(l, "\r \t")
		if l == "" || strings.HasPrefix(l, "#") || strings.HasSuffix(l, "/") {
			continue // blank, comment, or directories only (.env is a file)
		}
		neg := strings.HasPrefix(l, "!")
		l = strings.TrimPrefix(l, "!")
		if strings.HasPrefix(l, "/") {
			l = strings.TrimPrefix(l, "/")
		} else if !strings.Contains(l, "/") {
			l = "**/" + l
		}
		if neg {
			l = "!" + l
		}
		if _, err := patternmatcher.New([]string{l}); err == nil {
			pats = append(pats, l)
		}
	}
	pm, err := patternmatcher.New(pats)
	if err != nil {
		return false
	}
	ok, _ := pm.MatchesOrParentMatches(".env")
	return ok
}
