package detect

import (
	"io/fs"
	"regexp"
	"slices"
)

var (
	// DATABASES = {…}, the whole dict on its logical line.
	databasesDictRe = regexp.MustCompile(`^DATABASES\s*(?::[^=]*)?=\s*(\{.*\})\s*$`)
	// DATABASES["queue"] = {…}: one alias added.
	databasesItemRe = regexp.MustCompile(`^DATABASES\s*\[\s*["']([^"']+)["']\s*\]\s*=`)
	// An alias a shell word can carry as it is.
	dbAliasRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
)

// readDatabaseAliases reads the aliases of DATABASES other than default
// from the settings the site runs (their star imports included): Django's
// migrate works on one database, the default unless --database names
// another, so each needs its own.
// https://docs.djangoproject.com/en/stable/topics/db/multi-db/#synchronizing-your-databases
func readDatabaseAliases(fsys fs.FS, dj *Django, root, file string) {
	order, files := settingsLines(fsys, root, file)
	var aliases []string
	for _, f := range order {
		for _, l := range files[f] {
			if l.indent != 0 {
				continue
			}
			if m := databasesDictRe.FindStringSubmatch(l.text); m != nil {
				aliases = dictKeys(m[1]) // dictKeys of djangoworkers.go; a whole new dict replaces the old
				dj.DatabasesFrom = Source{File: f, Line: l.line}
			} else if m := databasesItemRe.FindStringSubmatch(l.text); m != nil && !slices.Contains(aliases, m[1]) {
				aliases = append(aliases, m[1])
				dj.DatabasesFrom = Source{File: f, Line: l.line}
			}
		}
	}
	dj.Databases = nil
	for _, a := range aliases {
		if a != "default" && dbAliasRe.MatchString(a) {
			dj.Databases = append(dj.Databases, a)
		}
	}
}
