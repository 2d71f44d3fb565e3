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
