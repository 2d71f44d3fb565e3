package detect

import (
	"bytes"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// codeNamedDirs are the output folders of the project's node builds (not
// in the checkout) that the app's code names as a path relative to the
// working directory: a string literal "web/out", or its parts joined
// (os.path.join("web", "out"), Path("web") / "out"), or a path inside it
// (Angular's application builder writes the pages to <output>/browser).
// Run from /app, the code finds the folder there, so the build's output
// is what it serves.
func codeNamedDirs(fsys fs.FS, outs []string) []servedDir {
	var want []string
	for _, o := range outs {
		if o != "" && strings.Contains(o, "/") && !slices.Contains(want, o) && !isDir(fsys, o) {
			want = append(want, o)
		}
	}
	if len(want) == 0 {
		return nil
	}
	var out []servedDir
	found := map[string]bool{}
	_ = walkPython(fsys, readLayout(fsys).sourceRoots(fsys), func(file, _ string, data []byte) {
		if !slices.ContainsFunc(want, func(o string) bool { return bytes.Contains(data, []byte(path.Base(o))) }) {
			return
		}
		for _, l := range pyLines(data) {
			var parts []string
			for _, m := range pyStringRe.FindAllStringSubmatch(l.text, -1) {
				parts = append(parts, m[1]+m[2])
			}
			joined := ""
			if len(parts) > 1 && (strings.Contains(l.text, "join(") || strings.Contains(l.text, " / ")) {
				joined = path.Clean(strings.Join(parts, "/"))
			}
			for _, o := range want {
				if found[o] {
					continue
				}
				if slices.ContainsFunc(parts, func(p string) bool { return insideOut(o, path.Clean(strings.TrimPrefix(p, "./"))) }) || joined != "" && insideOut(o, joined) {
					found[o] = true
					out = append(out, servedDir{Dir: o, What: "the path the code names, relative to the working directory", Source: Source{File: file, Line: l.line}})
				}
			}
		}
	})
	return out
}

// insideOut reports whether p is the output folder out or a path inside
// it: a bundler may write the served pages to a subfolder of its output
// (Angular's application builder: <outputPath>/browser), and the image
// copies the whole output.
func insideOut(out, p string) bool {
	return p == out || strings.HasPrefix(p, out+"/")
}
