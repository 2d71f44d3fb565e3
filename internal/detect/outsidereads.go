package detect

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// OutsideRead is a project file a shipped package opens by a path relative
// to its own __file__ that climbs out of every package folder: found in the
// source tree, absent beside the installed package (a wheel carries its
// packages, not the project's docs/ or schemas/).
type OutsideRead struct {
	Target string `json:"target"` // project-relative file or folder
	Source Source `json:"source"` // the line that builds the path
}

var (
	// Path(__file__)[.resolve()][.parent…|.parents[N]] / "a" / "b".
	pathlibFileRe = regexp.MustCompile(`Path\(\s*__file__\s*\)((?:\s*\.\s*(?:resolve|absolute)\(\s*\)|\s*\.\s*parent\b|\s*\.\s*parents\[\d\])*)((?:\s*/\s*[rRuU]?(?:"[^"\n]*"|'[^'\n]*'))+)`)
	// A join call: its arguments are read with exprEnd.
	osJoinRe = regexp.MustCompile(`\bjoin\(`)
	// The first argument of such a join: dirname/abspath/realpath around
	// __file__, nothing else.
	fileDirArgRe  = regexp.MustCompile(`^(?:(?:os\.)?(?:path\.)?(?:dirname|abspath|realpath)\(\s*)+__file__\s*\)+$`)
	joinLiteralRe = regexp.MustCompile(`^[rRuU]?(?:"([^"\n]*)"|'([^'\n]*)')$`)
)

// outsideReadLimit bounds how many package files are read for this.
const outsideReadLimit = 2000

// findOutsideReads lists the project files the shipped packages open
// through __file__ outside themselves, in file order, one per target.
func findOutsideReads(fsys fs.FS, pkgDirs []string) []OutsideRead {
	if len(pkgDirs) == 0 {
		return nil
	}
	inPackage := func(p string) bool {
		for _, d := range pkgDirs {
			if p == d || strings.HasPrefix(p, d+"/") {
				return true
			}
		}
		return false
	}
	var out []OutsideRead
	seen := map[string]bool{}
	n := 0
	_ = walkPython(fsys, pkgDirs, func(file, _ string, data []byte) {
		if n++; n > outsideReadLimit || isTestFile(file) || !strings.Contains(string(data), "__file__") {
			return
		}
		for _, l := range pyLines(data) {
			if !strings.Contains(l.text, "__file__") {
				continue
			}
			for _, rel := range fileRelativePaths(l.text) {
				target := path.Join(path.Dir(file), rel.up, rel.tail)
				if strings.HasPrefix(target, "../") || target == ".." || target == "." || inPackage(target) || seen[target] {
					continue
				}
				if _, err := fs.Stat(fsys, target); err != nil {
					continue
				}
				seen[target] = true
				out = append(out, OutsideRead{Target: target, Source: Source{File: file, Line: l.line}})
			}
		}
	})
	return out
}

// fileRelPath is a path built from __file__'s folder: up climbs from that
// folder ("", "..", "../.."), tail is the literal part joined to it.
type fileRelPath struct{ up, tail string }

// fileRelativePaths reads the paths a line builds from __file__'s folder
// with literal parts only: os.path.join(os.path.dirname(__file__), "x")
// and pathlib's Path(__file__).parent / "x". Anything computed is skipped.
func fileRelativePaths(text string) []fileRelPath {
	var out []fileRelPath
	climb := func(n int) string {
		return strings.TrimSuffix(strings.Repeat("../", max(n-1, 0)), "/")
	}
	for _, m := range pathlibFileRe.FindAllStringSubmatch(text, -1) {
		ups := strings.Count(m[1], ".parent") - strings.Count(m[1], ".parents")
		if p := parentsRe.FindStringSubmatch(m[1]); p != nil {
			ups += int(p[1][0]-'0') + 1
		}
		if ups == 0 {
			continue // the file itself, not its folder
		}
		var parts []string
		for _, s := range pyStringRe.FindAllStringSubmatch(m[2], -1) {
			parts = append(parts, s[1]+s[2])
		}
		out = append(out, fileRelPath{climb(ups), path.Join(parts...)})
	}
	for _, loc := range osJoinRe.FindAllStringIndex(text, -1) {
		args := text[loc[1]:]
		first := exprEnd(args)
		if first >= len(args) || args[first] != ',' {
			continue
		}
		arg := strings.Join(strings.Fields(args[:first]), "")
		if !fileDirArgRe.MatchString(arg) {
			continue
		}
		ups := strings.Count(arg, "dirname(")
		var parts []string
		rest := args[first+1:]
		ok := true
		for {
			end := exprEnd(rest)
			lit := joinLiteralRe.FindStringSubmatch(strings.TrimSpace(rest[:end]))
			if lit == nil {
				ok = false
				break
			}
			parts = append(parts, lit[1]+lit[2])
			if end >= len(rest) || rest[end] != ',' {
				break
			}
			rest = rest[end+1:]
		}
		if ok && ups > 0 && len(parts) > 0 {
			out = append(out, fileRelPath{climb(ups), path.Join(parts...)})
		}
	}
	return out
}

// shippedDirs are the package folders a wheel carries: PackageDirs, or for
// a flat layout the backend searches (find_packages() at the root) every
// top-level package but those setuptools' flat discovery leaves out
// (flatExcluded: tests, docs, examples…).
func shippedDirs(fsys fs.FS, f *Facts) []string {
	if len(f.PackageDirs) > 0 || f.layout == nil || !f.layout.Find || !contains(f.layout.Roots, "") {
		return f.PackageDirs
	}
	entries, _ := fs.ReadDir(fsys, ".")
	var out []string
	for _, e := range entries {
		if e.IsDir() && !contains(flatExcluded, e.Name()) && isRegularFile(fsys, e.Name()+"/__init__.py") {
			out = append(out, e.Name())
		}
	}
	return out
}

// outsideReadWhy says why the wheel is not built, for the first read.
func outsideReadWhy(r []OutsideRead) string {
	return fmt.Sprintf("%s opens %s outside the package, which the project's wheel does not carry", r[0].Source, r[0].Target)
}
