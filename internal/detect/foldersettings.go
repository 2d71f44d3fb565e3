package detect

import "regexp"

// folderSetting is a configuration name that, by its framework's or
// library's convention, holds a folder the app writes at run time: where a
// config class or module sets it to a folder of the code, that folder must
// be writable. Adding a convention is a row here.
type folderSetting struct {
	Name   string
	Source string
}

var folderSettings = []folderSetting{
	// Flask's upload pattern: request files are saved under it.
	{"UPLOAD_FOLDER", "https://flask.palletsprojects.com/en/stable/patterns/fileuploads/"},
	// Flask-Reuploaded's default destination of every upload set.
	{"UPLOADS_DEFAULT_DEST", "https://flask-reuploaded.readthedocs.io/en/latest/configuration/"},
}

// folderSettingRe is an assignment to one of folderSettings, at module
// level or in a class body: NAME = expr, NAME: str = expr.
var folderSettingRe = func() *regexp.Regexp {
	names := ""
	for i, s := range folderSettings {
		if i > 0 {
			names += "|"
		}
		names += regexp.QuoteMeta(s.Name)
	}
	return regexp.MustCompile(`^(` + names + `)\s*(?::[^=]*)?=\s*([^=].*)$`)
}()
