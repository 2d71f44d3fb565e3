package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// WheelNode is a node program the project's own code runs while its
// wheel builds (an in-tree build backend, setup.py, a hatch or pdm hook,
// Poetry's build script): the builder, where the wheel is built, needs
// node, or the build fails (pretalx: "npm was not found").
type WheelNode struct {
	Program string `json:"program"` // npm, npx, yarn, pnpm, corepack, node
	Source  Source `json:"source"`  // the line that runs it
	Via     string `json:"via"`     // the build code that runs it, and why it runs
	// Image is the node image the builder takes node from: the line of
	// the front end inside the shipped package (engines, .nvmrc), else the
	// table's default.
	Image    string `json:"image"`
	Node     string `json:"node"`
	NodeWhy  string `json:"node_why"`
	NodeFrom Source `json:"node_source,omitzero"`
}

// nodeRunRe is a string literal naming a node program as a command or its
// first word: ["npm", "ci"], shutil.which("npm"), os.system("yarn build").
var nodeRunRe = regexp.MustCompile(`["'](npm|npx|yarn|pnpm|corepack|node)(?:\s[^"']*)?["']`)

// processCallRe is a call that starts a program.
var processCallRe = regexp.MustCompile(`\b(?:check_call|check_output|run|call|Popen|system|spawn\w*|exec\w*)\s*\(`)

// maxWheelCodeFiles bounds the build code files read (the entry files
// and the project modules they import).
const maxWheelCodeFiles = 20

// readWheelNode finds a node program the wheel build runs: in the files
// the build backend runs of the project, and the project's modules they
// import (one level: a backend wrapper calling the package's build helper).
func readWheelNode(fsys fs.FS, f *Facts) {
	if !f.Packaged || f.NotBuilt != "" {
		return
	}
	entries := wheelBuildCode(fsys)
	roots := readLayout(fsys).sourceRoots(fsys)
	seen := map[string]bool{}
	var files []struct{ file, via string }
	add := func(file, via string) {
		if !seen[file] && len(files) < maxWheelCodeFiles && isRegularFile(fsys, file) {
			seen[file] = true
			files = append(files, struct{ file, via string }{file, via})
		}
	}
	for _, e := range entries {
		add(e.file, e.via)
	}
	for i := 0; i < len(files); i++ {
		file, via := files[i].file, files[i].via
		data, err := readBounded(fsys, file, maxManifestSize, "build code")
		if err != nil {
			continue
		}
		lines := pyLines(data)
		// The line that runs it, else one that looks for it (shutil.which).
		var found *WheelNode
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l.text), "#") {
				continue
			}
			if m := nodeRunRe.FindStringSubmatch(l.text); m != nil {
				w := &WheelNode{Program: m[1], Source: Source{File: file, Line: l.line}, Via: via}
				if processCallRe.MatchString(l.text) {
					found = w
					break
				}
				if found == nil {
					found = w
				}
			}
		}
		if found != nil {
			found.Node, found.NodeWhy, found.NodeFrom = wheelNodeLine(fsys, f)
			found.Image = "node:" + nodeImageTag(found.Node)
			f.WheelNode = found
			return
		}
		if i >= len(entries) {
			continue // one level of imports
		}
		for _, im := range pyImports(lines) {
			mod := im.module
			if im.from != "" {
				mod = im.from
			}
			for _, r := range append(slices.Clone(roots), entries[i].roots...) {
				if mf := moduleFile(fsys, r, mod); mf != "" {
					add(mf, via)
					break
				}
			}
		}
	}
}

type wheelCode struct {
	file, via string
	roots     []string // folders the entry puts on the import path
}

// wheelBuildCode lists the project's files the build backend runs while it
// builds the wheel.
func wheelBuildCode(fsys fs.FS) []wheelCode {
	var c struct {
		BuildSystem struct {
			Backend     string   `toml:"build-backend"`
			BackendPath []string `toml:"backend-path"`
		} `toml:"build-system"`
		Tool struct {
			Hatch struct {
				Build struct {
					Hooks struct {
						Custom *struct {
							Path string `toml:"path"`
						} `toml:"custom"`
					} `toml:"hooks"`
				} `toml:"build"`
			} `toml:"hatch"`
			Poetry struct {
				Build any `toml:"build"`
			} `toml:"poetry"`
		} `toml:"tool"`
	}
	if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "pyproject.toml"); err == nil {
		_ = toml.Unmarshal(data, &c)
	}
	var out []wheelCode
	bs := c.BuildSystem
	// An in-tree backend (PEP 517 backend-path): the module build-backend
	// names, in one of those folders.
	if len(bs.BackendPath) > 0 && bs.Backend != "" {
		mod, _, _ := strings.Cut(bs.Backend, ":")
		for _, d := range bs.BackendPath {
			d = path.Clean(d)
			if !fs.ValidPath(d) {
				continue
			}
			if mf := moduleFile(fsys, d, mod); mf != "" {
				out = append(out, wheelCode{file: mf, via: "the in-tree build backend " + mf + " (pyproject.toml [build-system] backend-path)", roots: []string{d}})
			}
		}
	}
	if strings.HasPrefix(bs.Backend, "setuptools") || bs.Backend == "" || len(out) > 0 {
		out = append(out, wheelCode{file: "setup.py", via: "setup.py, which setuptools runs to build the wheel"})
	}
	if h := c.Tool.Hatch.Build.Hooks.Custom; h != nil {
		p := "hatch_build.py"
		if h.Path != "" && fs.ValidPath(path.Clean(h.Path)) {
			p = path.Clean(h.Path)
		}
		out = append(out, wheelCode{file: p, via: p + ", hatch's custom build hook"})
	}
	if strings.HasPrefix(bs.Backend, "pdm.backend") {
		out = append(out, wheelCode{file: "pdm_build.py", via: "pdm_build.py, pdm-backend's build hook"})
	}
	switch b := c.Tool.Poetry.Build.(type) {
	case string:
		out = append(out, wheelCode{file: path.Clean(b), via: b + ", Poetry's build script"})
	case map[string]any:
		if s, ok := b["script"].(string); ok {
			out = append(out, wheelCode{file: path.Clean(s), via: s + ", Poetry's build script"})
		}
	}
	return slices.DeleteFunc(out, func(w wheelCode) bool { return !fs.ValidPath(w.file) })
}

// wheelNodeLine is the node line for the wheel build: that of the first
// package.json inside a package the project ships (the front end the
// build compiles), else the project root's, else the default.
func wheelNodeLine(fsys fs.FS, f *Facts) (string, string, Source) {
	for _, m := range findPackageJSONs(fsys) {
		dir := path.Dir(m)
		inPkg := slices.ContainsFunc(f.PackageDirs, func(p string) bool { return dir == p || strings.HasPrefix(dir, p+"/") })
		if inPkg || dir == "." {
			if np := readPackage(fsys, m); np != nil {
				return nodeMajor(fsys, np)
			}
		}
	}
	return nodeTable.DefaultNode, "the default (" + nodeTable.DefaultNodeSource + ")", Source{}
}
