package detect

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// An ini configuration (PasteDeploy's convention, which Pyramid apps and
// their ini readers keep) names paths by %(here)s, the folder of the ini
// itself: where compose mounts the user's copy, beside the code in the
// read-only working directory. What the app keeps there (uploads, caches,
// a SQLite database) must be made writable the way a settings path is.
// https://docs.pylonsproject.org/projects/pastedeploy/en/latest/#global-configuration

// appDirInImage is where the image keeps the code, and compose mounts a
// configuration file beside it (plan.AppDir).
const appDirInImage = "/app"

var (
	// iniSettingRe is a setting line of an ini: key = value.
	iniSettingRe = regexp.MustCompile(`^([A-Za-z_][\w.-]*)\s*[=:]\s*(.*?)\s*$`)
	// iniHereRe is a value that is a path under %(here)s, or a SQLite
	// URL naming a file there; the rest is a plain relative path.
	iniHereRe = regexp.MustCompile(`^(sqlite(?:\+\w+)?:///)?%\(here\)s(?:/([\w][\w./-]*?))?/?$`)
)

// iniHerePaths reads the ini configuration files the app reads (from the
// user's copy, else its example) for the paths they keep at %(here)s: a
// folder is a data path, a SQLite file a database, and %(here)s itself a
// warning, since it is the read-only folder of the code.
func iniHerePaths(fsys fs.FS, f *Facts) (out []DataPath, warnings []string) {
	if f.MemberDir != "" {
		return nil, nil
	}
	for _, c := range f.ConfigFiles {
		if c.Dir != "" || path.Ext(c.Name) != ".ini" || strings.Contains(c.Name, "/") {
			continue // a copy above the project is mounted elsewhere
		}
		file := c.Name
		data, err := readBounded(fsys, file, 1<<20, "ini files")
		if err != nil && c.Example != "" {
			file = c.Example
			data, err = readBounded(fsys, file, 1<<20, "ini files")
		}
		if err != nil || CheckText(file, data, true) != nil {
			continue
		}
		for i, l := range strings.Split(string(data), "\n") {
			m := iniSettingRe.FindStringSubmatch(l) // a comment (# ;) or section never matches
			if m == nil {
				continue
			}
			h := iniHereRe.FindStringSubmatch(m[2])
			if h == nil {
				continue
			}
			src := Source{File: file, Line: i + 1}
			rel := path.Clean(h[2])
			switch {
			case h[2] == "" && h[1] == "":
				warnings = append(warnings, fmt.Sprintf("%s: %s = %%(here)s keeps the app's files in the folder of %s, %s in the image, beside the code and read-only to the app user: point it at a folder of its own (%%(here)s/data) and pydock makes that folder writable, with a volume", src, m[1], c.Name, appDirInImage))
			case h[2] == "" || strings.HasPrefix(rel, ".."):
				continue
			case h[1] != "":
				out = append(out, DataPath{Path: path.Dir(rel), What: "SQLite database", File: rel, Source: src})
			default:
				out = append(out, DataPath{Path: rel, What: m[1], Source: src})
			}
		}
	}
	return out, warnings
}
