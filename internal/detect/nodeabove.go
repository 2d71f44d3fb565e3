package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// A front end the code reads from above the project: a folder it builds
// from its own location climbing out of the project (the backend in
// backend/, its front end's build in ../frontend/dist), named like a
// bundler's output. detect cannot look there; the caller checks the
// repository for the package.json that builds it (AboveFrontend).

// AboveFrontend is a folder above the project the code serves a front end
// from: Dir relative to the project ("../frontend/dist"), Setting the
// configuration key the code reads in its place, when it has one.
type AboveFrontend struct {
	Dir     string `json:"dir"`
	Source  Source `json:"source"`
	Setting string `json:"setting,omitempty"`
	At      Source `json:"setting_source,omitzero"`
}

var (
	// NAME = <expr>, at any indent (a method computing its defaults).
	anyAssignRe = regexp.MustCompile(`^(?:self\.)?([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(.+)$`)
	// os.path.dirname(NAME), Path(NAME).parent, NAME.parent
	dirnameNameRe = regexp.MustCompile(`^(?:os\.path\.)?dirname\(\s*([A-Za-z_]\w*)\s*\)$|^(?:Path\(\s*)?([A-Za-z_]\w*)\)?\.parent$`)
	// os.path.join(NAME, "a", "b"), NAME / "a" / "b"
	joinNameRe = regexp.MustCompile(`^(?:os\.path\.)?join\(\s*([A-Za-z_]\w*)\s*((?:,\s*["'][\w.-]+["']\s*)+)\)$|^([A-Za-z_]\w*)((?:\s*/\s*["'][\w.-]+["'])+)$`)
)

// readAboveFrontends finds, in the project's code (tests aside), the
// folders above the project it names like a bundler's output.
func readAboveFrontends(fsys fs.FS, f *Facts) {
	outputs := map[string]bool{}
	for _, b := range nodeTable.Bundler {
		if b.Default != "" {
			outputs[path.Base(b.Default)] = true
		}
	}
	roots := readLayout(fsys).sourceRoots(fsys)
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !strings.Contains(string(data), "__file__") {
			return
		}
		vars := map[string]string{}
		lines := pyLines(data)
		for _, l := range lines {
			m := anyAssignRe.FindStringSubmatch(strings.TrimSpace(l.text))
			if m == nil {
				continue
			}
			p, ok := climbingPath(file, strings.TrimSpace(m[2]), vars)
			if !ok {
				continue
			}
			vars[m[1]] = p
			if !strings.HasPrefix(p, "../") || !outputs[path.Base(p)] {
				continue
			}
			a := AboveFrontend{Dir: p, Source: Source{File: file, Line: l.line}}
			setRe := regexp.MustCompile(`\(\s*["']([\w.-]+)["']\s*,\s*` + regexp.QuoteMeta(m[1]) + `\s*[,)]`)
			for _, s := range lines {
				if sm := setRe.FindStringSubmatch(s.text); sm != nil {
					a.Setting, a.At = sm[1], Source{File: file, Line: s.line}
					break
				}
			}
			f.AboveFrontends = append(f.AboveFrontends, a)
		}
	})
}

// climbingPath is the folder expr names relative to the project, which
// may lie above it: __file__ climbed, a name's folder, or literals joined
// to a name.
func climbingPath(file, expr string, vars map[string]string) (string, bool) {
	expr = strings.ReplaceAll(expr, "os.path.", "")
	if strings.Contains(expr, "__file__") {
		n := strings.Count(expr, ".parent") - strings.Count(expr, ".parents")
		if n == 0 {
			n = strings.Count(expr, "dirname(")
		}
		if m := parentsRe.FindStringSubmatch(expr); m != nil {
			n = int(m[1][0]-'0') + 1
		}
		if n == 0 || strings.ContainsAny(strings.NewReplacer("__file__", "", "dirname", "", "abspath", "", "realpath", "", "resolve()", "", "Path", "", ".parents", "", ".parent", "").Replace(expr), `"'`) {
			return "", false
		}
		parts := []string{file}
		for range n {
			parts = append(parts, "..")
		}
		return path.Join(parts...), true
	}
	if m := dirnameNameRe.FindStringSubmatch(expr); m != nil {
		name := m[1] + m[2]
		if v, ok := vars[name]; ok {
			return path.Join(v, ".."), true
		}
		return "", false
	}
	if m := joinNameRe.FindStringSubmatch(expr); m != nil {
		name, lits := m[1]+m[3], m[2]+m[4]
		v, ok := vars[name]
		if !ok {
			return "", false
		}
		parts := []string{v}
		for _, s := range pyStringRe.FindAllStringSubmatch(lits, -1) {
			parts = append(parts, s[1]+s[2])
		}
		return path.Join(parts...), true
	}
	return "", false
}
