package detect

import (
	_ "embed"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed djangowrites.toml
var djangoWritesTOML []byte

// djangoWrite is one row of djangowrites.toml: a backend a settings dict's
// entry may choose that writes under the path another key of that entry
// names.
type djangoWrite struct {
	Setting string `toml:"setting"`
	Backend string `toml:"backend"`
	Key     string `toml:"key"`
	Writes  string `toml:"writes"`
	Source  string `toml:"source"`
}

var djangoWrites = func() []djangoWrite {
	var t struct{ Row []djangoWrite }
	if err := toml.Unmarshal(djangoWritesTOML, &t); err != nil {
		panic("djangowrites.toml: " + err.Error())
	}
	for _, r := range t.Row {
		if r.Setting == "" || r.Backend == "" || r.Key == "" || r.Writes != "directory" || r.Source == "" {
			panic("djangowrites.toml: bad row " + r.Backend)
		}
	}
	return t.Row
}()

// dictEntryRe is an entry's opening in a settings dict: "default": {.
var dictEntryRe = regexp.MustCompile(`["'][^"']+["']\s*:\s*\{`)

// backendPaths are the paths a settings dict (one logical line:
// CACHES = {...}) gives the backends of the table that write on disk,
// each as an expression and the row's name for it (FileBasedCache
// LOCATION).
func backendPaths(text string) (exprs, whats []string) {
	var rows []djangoWrite
	for _, r := range djangoWrites {
		if regexp.MustCompile(`^` + regexp.QuoteMeta(r.Setting) + `\s*(?::[^=]*)?=\s*\{`).MatchString(text) {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	// Each entry runs from its opening to the next one's.
	locs := dictEntryRe.FindAllStringIndex(text, -1)
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		entry := text[loc[1]:end]
		for _, r := range rows {
			if !regexp.MustCompile(`["']BACKEND["']\s*:\s*["']` + regexp.QuoteMeta(r.Backend) + `["']`).MatchString(entry) {
				continue
			}
			key := regexp.MustCompile(`["']` + regexp.QuoteMeta(r.Key) + `["']\s*:\s*`).FindStringIndex(entry)
			if key == nil {
				continue
			}
			exprs = append(exprs, pyExpr(entry[key[1]:]))
			whats = append(whats, r.Backend[strings.LastIndex(r.Backend, ".")+1:]+" "+r.Key)
		}
	}
	return exprs, whats
}
