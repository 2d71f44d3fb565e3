package detect

import (
	"regexp"
	"strings"
)

// folderSetting is a configuration name that, by its framework's or
// library's convention, holds a folder the app writes at run time: where a
// config class or module sets it to a folder of the code, that folder must
// be writable. Adding a convention is a row here. A convention holds only
// where its package is installed: elsewhere the name is the project's own
// (docat's UPLOAD_FOLDER = "doc" is a part joined onto its storage path).
type folderSetting struct {
	Name    string
	Package string // the distribution whose convention it is
	Source  string
}

var folderSettings = []folderSetting{
	// Flask's upload pattern: request files are saved under it.
	{"UPLOAD_FOLDER", "flask", "https://flask.palletsprojects.com/en/stable/patterns/fileuploads/"},
	// Flask-Reuploaded's default destination of every upload set.
	{"UPLOADS_DEFAULT_DEST", "flask-reuploaded", "https://flask-reuploaded.readthedocs.io/en/latest/configuration/"},
}

// folderSettingsRe is an assignment to one of rows, at module level or in
// a class body: NAME = expr, NAME: str = expr; nil for no rows.
func folderSettingsRe(rows []folderSetting) *regexp.Regexp {
	if len(rows) == 0 {
		return nil
	}
	var names []string
	for _, s := range rows {
		names = append(names, regexp.QuoteMeta(s.Name))
	}
	return regexp.MustCompile(`^(` + strings.Join(names, "|") + `)\s*(?::[^=]*)?=\s*([^=].*)$`)
}

// installedFolderSettings are the rows whose package the project installs;
// all of them without facts (a single file read alone).
func installedFolderSettings(f *Facts) []folderSetting {
	if f == nil {
		return folderSettings
	}
	var out []folderSetting
	for _, s := range folderSettings {
		if f.IsInstalled(s.Package) {
			out = append(out, s)
		}
	}
	return out
}
