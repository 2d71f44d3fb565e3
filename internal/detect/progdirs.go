package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// A program that keeps its data in its own folder unless an option moves
// it: the code sets its data folder to the program's directory (built from
// __file__) and an option replaces that (DATA_DIR = PROG_DIR, --datadir).
// In the image the program's folder is the read-only /app.

var (
	// x = expr, x.y = expr: an assignment to a (dotted) name.
	dottedAssignRe = regexp.MustCompile(`^([A-Za-z_][\w.]*)\s*(?::[^=]*)?=\s*([^=].*)$`)
	// add_argument("-d", "--data-dir", ...): its flags, then the rest.
	addArgumentRe = regexp.MustCompile(`\badd_argument\s*\(\s*((?:["']-[\w-]+["']\s*,?\s*)+)(.*)`)
	argDestRe     = regexp.MustCompile(`\bdest\s*=\s*["'](\w+)["']`)
	argDefaultRe  = regexp.MustCompile(`\bdefault\s*=\s*([^,)]+)`)
	// Where the program is: its file, or the script it was started as.
	progPathRe = regexp.MustCompile(`__file__|sys\.argv\[0\]`)
	// A folder built from the program's path: its dirname or parent.
	progFolderRe = regexp.MustCompile(`dirname|\.parent\b|\.parents\[`)
)

// scanProgDirOptions finds, in one file, the options that move a data
// folder whose default is the program's own folder: a name the code
// assigns both the program's directory (plexpy.DATA_DIR = plexpy.PROG_DIR,
// where PROG_DIR is the dirname of __file__) and an option's value
// (args.datadir, or value in getopt's case for "--datadir"). The name or
// the option must say data: an option naming a config file that defaults
// beside the program is not a data folder.
func scanProgDirOptions(fsys fs.FS, file string) []DataDir {
	data, err := readPySource(fsys, file)
	if err != nil || !progPathRe.Match(data) {
		return nil
	}
	lines := pyLines(data)
	dests := map[string]string{} // argparse dest -> its long flag, for options with no default
	for _, l := range lines {
		m := addArgumentRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		if d := argDefaultRe.FindStringSubmatch(m[2]); d != nil && strings.TrimSpace(d[1]) != "None" {
			continue
		}
		flag := ""
		for _, f := range flagRe.FindAllStringSubmatch(m[1], -1) {
			if strings.HasPrefix(f[1], "--") {
				flag = f[1]
			}
		}
		if flag == "" {
			continue
		}
		dest := strings.ReplaceAll(strings.TrimPrefix(flag, "--"), "-", "_")
		if d := argDestRe.FindStringSubmatch(m[2]); d != nil {
			dest = d[1]
		}
		dests[dest] = flag
	}
	// The names holding the program's path or a folder of it, in any order
	// of assignment (a function may set them before main reads them).
	prog := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			m := dottedAssignRe.FindStringSubmatch(l.text)
			if m == nil || prog[m[1]] {
				continue
			}
			rhs := pyExpr(m[2])
			if progPathRe.MatchString(rhs) || dottedNameRe.MatchString(rhs) && prog[rhs] || progFolderRe.MatchString(rhs) && mentionsAny(rhs, prog) {
				prog[m[1]] = true
				changed = true
			}
		}
	}
	type dataName struct {
		flag string
		def  string
		at   Source
	}
	found := map[string]*dataName{}
	get := func(name string) *dataName {
		if found[name] == nil {
			found[name] = &dataName{}
		}
		return found[name]
	}
	caseFlag, caseIndent := "", -1
	for _, l := range lines {
		if caseIndent >= 0 && l.indent <= caseIndent {
			caseFlag, caseIndent = "", -1
		}
		if m := getoptCaseRe.FindStringSubmatch(l.text); m != nil {
			caseFlag, caseIndent = m[1]+m[2], l.indent
			continue
		}
		m := dottedAssignRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		name, rhs := m[1], pyExpr(m[2])
		switch {
		case caseFlag != "" && strings.HasPrefix(caseFlag, "--"):
			get(name).flag = caseFlag
		case dottedNameRe.MatchString(rhs) && prog[rhs] && progFolder(rhs, lines):
			d := get(name)
			d.def, d.at = rhs, Source{File: file, Line: l.line}
		default:
			for dest, flag := range dests {
				if regexp.MustCompile(`\b\w+\.` + dest + `\b`).MatchString(rhs) {
					get(name).flag = flag
				}
			}
		}
	}
	var out []DataDir
	for name, d := range found {
		if d.flag == "" || d.def == "" || !dataNameRe.MatchString(name) && !dataNameRe.MatchString(d.flag) {
			continue
		}
		out = append(out, DataDir{Flag: d.flag, Default: d.def, Source: d.at})
	}
	return out
}

// progFolder reports whether a name holds a folder of the program, not its
// file: some assignment to it takes a dirname or a parent.
func progFolder(name string, lines []pyLine) bool {
	for _, l := range lines {
		if m := dottedAssignRe.FindStringSubmatch(l.text); m != nil && m[1] == name && progFolderRe.MatchString(m[2]) {
			return true
		}
	}
	return false
}

// mentionsAny reports whether an expression names one of names.
func mentionsAny(expr string, names map[string]bool) bool {
	for _, id := range identRe.FindAllString(expr, -1) {
		if names[id] {
			return true
		}
	}
	return false
}
