package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"slices"
)

// gisRe is GeoDjango named in the settings: the app in INSTALLED_APPS or
// a backend under django.contrib.gis.db.backends.
var gisRe = regexp.MustCompile(`["']django\.contrib\.gis["'.]`)

// gisBackendRe is a GeoDjango database backend named in the settings.
var gisBackendRe = regexp.MustCompile(`["'](django\.contrib\.gis\.db\.backends\.\w+)["']`)

// readGIS records where the settings (or the modules they import) name
// GeoDjango, whose PostGIS backend needs the extension in the server.
func readGIS(fsys fs.FS, dj *Django, root, file string) {
	walkSettings(fsys, root, file, func(file string, l pyLine) {
		for _, m := range gisBackendRe.FindAllStringSubmatch(l.text, -1) {
			if !slices.Contains(dj.GISBackends, m[1]) {
				dj.GISBackends = append(dj.GISBackends, m[1])
			}
		}
		if dj.GIS != nil || !gisRe.MatchString(l.text) {
			return
		}
		at := Source{File: file, Line: l.line}
		// The logical line may span several: name the physical one.
		if data, err := fs.ReadFile(fsys, path.Clean(file)); err == nil {
			if i := gisRe.FindIndex(data); i != nil {
				at.Line = 1 + bytes.Count(data[:i[0]], []byte("\n"))
			}
		}
		dj.GIS = &at
	})
}
