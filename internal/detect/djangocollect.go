package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// CollectCommand is an app whose own collectstatic command replaces
// Django's (it is listed before django.contrib.staticfiles, and Django
// runs the first app's command): the build runs it with Flag, which makes
// it Django's plain copy into STATIC_ROOT.
type CollectCommand struct {
	App    string `json:"app"`
	Name   string `json:"name"`
	Flag   string `json:"flag"`
	Why    string `json:"why"`
	Source Source `json:"source"` // the INSTALLED_APPS line listing it
}

// collectCommandRow is an app that replaces collectstatic. Adding one is a
// row here.
type collectCommandRow struct {
	App, Name, Flag, Why string
	Source               string
}

var collectCommandRows = []collectCommandRow{
	// Both sync with remote storage and refuse to run without a strategy
	// setting (ImproperlyConfigured: No strategy configured), which the
	// settings give only with their remote storage; the flag skips that.
	{"collectfast", "Collectfast", "--disable-collectfast", "it syncs with remote storage and needs COLLECTFAST_STRATEGY",
		"https://github.com/antonagestam/collectfast#installation"},
	{"collectfasta", "Collectfasta", "--disable-collectfasta", "it syncs with remote storage and needs COLLECTFASTA_STRATEGY",
		"https://github.com/jasongi/collectfasta#installation"},
}

var (
	// INSTALLED_APPS = ["collectfast"] + INSTALLED_APPS, or a *_APPS list.
	appsAssignRe = regexp.MustCompile(`^(INSTALLED_APPS|[A-Z_]*_APPS)\s*(?::[^=]*)?=\s*(.*)$`)
	// INSTALLED_APPS.insert(0, "collectfast")
	appsInsertFirstRe = regexp.MustCompile(`^INSTALLED_APPS\.insert\(\s*0\s*,\s*["']([\w.]+)["']\s*\)`)
)

// readCollectCommand finds a collectstatic replacement the settings list
// at module level before django.contrib.staticfiles: prepended to
// INSTALLED_APPS (a list first in its assignment, or insert(0, …)), or
// ahead of staticfiles in the same list. Appended (+=), Django's command
// stays, and the replacement's flag would be refused.
func readCollectCommand(fsys fs.FS, root, file string) *CollectCommand {
	var found *CollectCommand
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		if found != nil || l.indent != 0 {
			return
		}
		var before []string
		if m := appsInsertFirstRe.FindStringSubmatch(l.text); m != nil {
			before = []string{m[1]}
		} else if m := appsAssignRe.FindStringSubmatch(l.text); m != nil && m[2] != "" && strings.ContainsRune("[(", rune(m[2][0])) {
			// The list that starts the value: what it lists comes first.
			end := closingParen(m[2], 0)
			if end < 0 {
				return
			}
			lits := pyLiterals(m[2][:end])
			if i := slices.Index(lits, "django.contrib.staticfiles"); i >= 0 {
				before = lits[:i]
			} else if m[1] == "INSTALLED_APPS" {
				before = lits
			}
		}
		for _, r := range collectCommandRows {
			if slices.Contains(before, r.App) {
				found = &CollectCommand{App: r.App, Name: r.Name, Flag: r.Flag, Why: r.Why + " (" + r.Source + ")", Source: Source{File: file, Line: l.line}}
				return
			}
		}
	})
	return found
}
