package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// stateFolderRe is a literal path under /var/lib or /var/cache: by the
// filesystem hierarchy, state a program modifies while it runs and its
// cache (https://refspecs.linuxfoundation.org/FHS_3.0/fhs/ch05s08.html,
// ch05s05.html). A default there (Radicale's storage folder) is where the
// app writes; in the image only root could create it.
var stateFolderRe = regexp.MustCompile(`["'](/var/(?:lib|cache)/([A-Za-z0-9][\w.-]*))(?:/[^"'\s]*)?["']`)

// findStateFolders are the app's own folders under /var/lib and /var/cache
// that its code names: the first folder there, named after the project or
// one of its packages (another program's, /var/lib/postgresql, is not the
// app's). Tests, scripts and docs are not evidence.
func findStateFolders(fsys fs.FS, f *Facts) []DataPath {
	names := map[string]bool{}
	if f.Name != "" {
		names[folderName(f.Name)] = true
	}
	for _, d := range f.PackageDirs {
		names[folderName(path.Base(d))] = true
	}
	if len(names) == 0 {
		return nil
	}
	var out []DataPath
	seen := map[string]bool{}
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if isTestFile(file) || notAppCode(file) || !bytes.Contains(data, []byte("/var/")) {
			return
		}
		for _, m := range stateFolderRe.FindAllSubmatchIndex(data, -1) {
			dir, name := string(data[m[2]:m[3]]), string(data[m[4]:m[5]])
			if !names[folderName(name)] || seen[dir] {
				continue
			}
			seen[dir] = true
			out = append(out, DataPath{Path: dir, What: "the app's state folder", Source: Source{File: file, Line: 1 + bytes.Count(data[:m[0]], []byte("\n"))}})
		}
	})
	return out
}

// folderName compares a project's and a folder's names: case, '-' and '_'
// aside.
func folderName(s string) string {
	return strings.ToLower(strings.NewReplacer("-", "", "_", "", ".", "").Replace(s))
}

var (
	// name = os.path.join(tempfile.gettempdir(), "app"), or
	// Path(tempfile.gettempdir()) / "app": a folder of the app's under the
	// temp dir, which nothing in the image creates.
	tempFolderRe = regexp.MustCompile(`(?m)^\s*(\w+)\s*(?::[^=\n]*)?=\s*(?:os\.path\.join\(\s*(?:tempfile\.)?gettempdir\(\)\s*,\s*["']([\w.-]+)["']\s*\)|(?:pathlib\.)?Path\(\s*(?:tempfile\.)?gettempdir\(\)\s*\)\s*/\s*["']([\w.-]+)["'])`)
	// A SQLite database literally under /tmp: "sqlite:////tmp/app/app.db".
	tmpDatabaseRe = regexp.MustCompile(`["'](?:sqlite:///)?/tmp/([\w.-]+)/[\w.-]+\.(?:db|sqlite3?)["']`)
)

// tempDatabaseFolders are the folders under the temp dir in which the
// app's code puts a SQLite database by default: SQLite creates the file,
// never its folder, so the database cannot open until something makes
// it (https://www.sqlite.org/c3ref/open.html). The image does, the app
// user's, and a volume keeps what is the app's data. Tests, scripts and
// docs are not evidence.
func tempDatabaseFolders(fsys fs.FS, f *Facts) []DataPath {
	var out []DataPath
	seen := map[string]bool{}
	add := func(name string, file string, data []byte, at int) {
		dir := "/tmp/" + name
		if seen[dir] || name == "." || name == ".." {
			return
		}
		seen[dir] = true
		out = append(out, DataPath{Path: dir, What: "the SQLite database folder under the temp dir", Source: Source{File: file, Line: 1 + bytes.Count(data[:at], []byte("\n"))}})
	}
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if isTestFile(file) || notAppCode(file) {
			return
		}
		for _, m := range tmpDatabaseRe.FindAllSubmatchIndex(data, -1) {
			add(string(data[m[2]:m[3]]), file, data, m[0])
		}
		if !bytes.Contains(data, []byte("gettempdir")) {
			return
		}
		for _, m := range tempFolderRe.FindAllSubmatchIndex(data, -1) {
			v := string(data[m[2]:m[3]])
			name := m[4:6]
			if name[0] < 0 {
				name = m[6:8]
			}
			// A database file joined onto that name, in the same module.
			db := regexp.MustCompile(`(?:join\(\s*|\b)` + regexp.QuoteMeta(v) + `\b\s*(?:,|/)\s*["'][\w.-]+\.(?:db|sqlite3?)["']`)
			if loc := db.FindIndex(data); loc != nil {
				add(string(data[name[0]:name[1]]), file, data, loc[0])
			}
		}
	})
	return out
}
