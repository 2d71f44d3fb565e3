package detect

import (
	"bytes"
	"io/fs"
	"regexp"
)

// homeDataRe is a path the code builds under the user's home, where a
// program keeps its data when told nothing (~/.myapp: a database, uploads,
// tokens): Path.home() / "x", os.path.expanduser("~/x"), and the folder
// joined onto "~" before expanding, os.path.expanduser(os.path.join("~",
// "." + name)) (OctoPrint's base folder): its first name, a literal or not;
// and the per-user folders appdirs and platformdirs compute, all under the
// home on Linux (user_data_dir("app") is ~/.local/share/app,
// https://platformdirs.readthedocs.io/en/latest/api.html#linux): the
// app's name. Their site_* folders are the system's, not the user's. Also
// the XDG base folders the code computes itself, defaulting to the home
// (os.getenv("XDG_DATA_HOME", "~/.local/share"), then expanded,
// https://specifications.freedesktop.org/basedir-spec/latest/).
var homeDataRe = regexp.MustCompile(`Path\.home\(\)\s*/\s*["']([^"']+)|expanduser\(\s*["']~/([^"']+)|expanduser\(\s*(?:os\.path\.)?join\(\s*["']~["']\s*,\s*(["'][^"']*["']?|[^,)]+)|\buser_(?:data|config|cache|state|log)_(?:dir|path)\s*\(\s*(["'][^"']*["']?|[^,)]*)|\b(?:getenv|environ\.get)\(\s*["']XDG_(?:DATA|CONFIG|CACHE|STATE)_HOME["']\s*,\s*["']~/([^"']+)`)

// dirsLibraryRe is appdirs or platformdirs itself, vendored in the
// project: it defines the per-user folders, and its calls are no app's.
var dirsLibraryRe = regexp.MustCompile(`\bdef\s+user_(?:data|config|cache|state|log)_(?:dir|path)\b`)

// notHomeData are home folders that hold the user's machine, not the
// app's data: keys a deployment script reads, desktop folders.
var notHomeData = regexp.MustCompile(`^(?:\.ssh|\.aws|\.kube|Desktop|Documents|Downloads|Library)(?:/|$)`)

// findHomeData is where the app's code first keeps data under the home,
// nil when nowhere. Tests, build scripts, examples and files no import can
// name (install-tool.py, a script run by hand) are not evidence.
func findHomeData(fsys fs.FS, roots []string) *Source {
	var found *Source
	_ = walkPython(fsys, roots, func(file, module string, data []byte) {
		if found != nil || module == "" || notAppCode(file) || dirsLibraryRe.Match(data) {
			return
		}
		for _, m := range homeDataRe.FindAllSubmatchIndex(data, -1) {
			name := m[2:4]
			for i := 4; name[0] < 0; i += 2 {
				name = m[i : i+2]
			}
			if notHomeData.Match(bytes.Trim(data[name[0]:name[1]], `"'`)) {
				continue
			}
			found = &Source{File: file, Line: 1 + bytes.Count(data[:m[0]], []byte("\n"))}
			return
		}
	})
	return found
}
