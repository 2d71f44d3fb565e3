package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
)

var nvmMajorRe = regexp.MustCompile(`^v?(\d+)(?:\.|$)`)

// nodeMajor is the node line the build runs on: .nvmrc or .node-version
// in the package's folder or above, else package.json's engines.node,
// else the table's default.
func nodeMajor(fsys fs.FS, np *nodeProject) (major, why string, from Source) {
	for d := np.dir; ; d = path.Dir(d) {
		if d == "" {
			d = "."
		}
		for _, name := range []string{".nvmrc", ".node-version"} {
			file := path.Join(d, name)
			data, err := readBounded(fsys, file, 4096, "node version files")
			if err != nil {
				continue
			}
			v := strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0])
			if m := nvmMajorRe.FindStringSubmatch(v); m != nil {
				return m[1], file + " names " + v, Source{File: file, Line: 1}
			}
			if code, ok := strings.CutPrefix(strings.ToLower(v), "lts/"); ok {
				for _, r := range nodeTable.Node {
					if r.Codename == code {
						return r.Major, file + " names " + v, Source{File: file, Line: 1}
					}
				}
			}
		}
		if d == "." {
			break
		}
	}
	if spec, ok := np.pkg.Engines["node"].(string); ok && strings.TrimSpace(spec) != "" {
		if m := engineMajor(spec); m != "" {
			return m, np.manifest + " engines.node " + strconv.Quote(spec), Source{File: np.manifest}
		}
	}
	return nodeTable.DefaultNode, "the default (" + nodeTable.DefaultNodeSource + ")", Source{}
}

// engineMajor picks the node line for an engines range: the default when
// the range allows it, else the newest line of the table it allows, else
// the first major it names. Ranges are judged by major only, which is
// all an image tag pins.
func engineMajor(spec string) string {
	allows := func(major int) bool {
		for _, alt := range strings.Split(spec, "||") {
			if rangeAllows(strings.TrimSpace(alt), major) {
				return true
			}
		}
		return false
	}
	def, _ := strconv.Atoi(nodeTable.DefaultNode)
	if allows(def) {
		return nodeTable.DefaultNode
	}
	best := 0
	for _, r := range nodeTable.Node {
		if m, _ := strconv.Atoi(r.Major); allows(m) && m > best {
			best = m
		}
	}
	if best > 0 {
		return strconv.Itoa(best)
	}
	if m := regexp.MustCompile(`\d+`).FindString(spec); m != "" {
		return m
	}
	return ""
}

var comparatorRe = regexp.MustCompile(`(>=|<=|>|<|=|\^|~)?\s*v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?`)

// rangeAllows reports whether some release of major satisfies every
// comparator of one npm range (no ||), hyphen ranges included.
func rangeAllows(r string, major int) bool {
	if lo, hi, ok := strings.Cut(r, " - "); ok {
		return rangeAllows(">="+strings.TrimSpace(lo), major) && rangeAllows("<="+strings.TrimSpace(hi), major)
	}
	if r == "" || r == "*" || r == "x" || r == "X" {
		return true
	}
	for _, m := range comparatorRe.FindAllStringSubmatch(r, -1) {
		if m[2] == "x" || m[2] == "X" || m[2] == "*" {
			continue
		}
		v, _ := strconv.Atoi(m[2])
		rest := (m[3] != "" && m[3] != "0" && !strings.ContainsAny(m[3], "xX*")) || (m[4] != "" && m[4] != "0" && !strings.ContainsAny(m[4], "xX*"))
		switch m[1] {
		case ">=":
			if major < v {
				return false
			}
		case ">":
			if major < v || major == v && m[3] == "" {
				return false
			}
		case "<":
			if major > v || major == v && !rest {
				return false
			}
		case "<=":
			if major > v {
				return false
			}
		default: // =, ^, ~, bare: that major (^0.x and ~ stay in it too)
			if major != v {
				return false
			}
		}
	}
	return true
}

// eolNodePrograms moves a build that installs programs from Debian off a
// node line older than the table's oldest: its last images stand on a
// Debian release whose archive has left the mirrors, so apt-get update
// fails there (https://github.com/nodejs/release#release-schedule; the
// table lists the lines with images on a live suite). It builds on the
// default line instead, and says why.
func eolNodePrograms(b *NodeBuild) {
	if len(b.Programs) == 0 || b.Node == "" || nodeTag(nodeTable.Node, b.Node) != "" {
		return
	}
	major, err := strconv.Atoi(b.Node)
	if err != nil {
		return
	}
	for _, r := range nodeTable.Node {
		if m, _ := strconv.Atoi(r.Major); m <= major {
			return // not older than every line of the table
		}
	}
	b.NodeWhy = "the default, since " + b.NodeWhy + ", a line past its end of life whose images' Debian archive apt-get can no longer reach, and the stage installs " + b.Programs[0].Name + " from Debian"
	b.Node = nodeTable.DefaultNode
	b.Image = "node:" + nodeImageTag(b.Node)
}
