package detect

import (
	_ "embed"
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// NodeBuild is a JavaScript front end the Python side serves, built in the
// image as its lock pins it: where its package.json is, how its tool
// installs and runs it, on which node, and where its output goes.
type NodeBuild struct {
	Dir      string `json:"dir"` // the package.json's folder, "" at the root
	Manifest string `json:"manifest"`
	Lock     string `json:"lock"`
	Tool     string `json:"tool"`    // npm, pnpm, yarn, bun
	Install  string `json:"install"` // the table's command: fixed text
	Run      string `json:"run"`     // "npm run": the script follows as one word
	Cache    string `json:"cache"`   // the tool's download cache, mounted
	ToolFrom string `json:"tool_source"`
	Script   string `json:"script"` // a name of the table's scripts list
	// Image is the build's base image; Node the major it runs and NodeWhy
	// the declaration (or the table's default) that chose it.
	Image    string `json:"image"`
	Node     string `json:"node,omitempty"`
	NodeWhy  string `json:"node_why,omitempty"`
	NodeFrom Source `json:"node_source,omitzero"`
	// Out is the folder the build writes (project-relative), OutWhy how
	// pydock knows.
	Out     string `json:"out"`
	OutWhy  string `json:"out_why"`
	OutFrom Source `json:"out_source,omitzero"`
	// Target is where the app reads the output (project-relative): Out
	// itself, or the folder a script of the package copies it to.
	Target string `json:"target"`
	// CopiedBy is the package's script that copies Out to Target, and
	// where it is ("" when Target is Out).
	CopiedBy   string `json:"copied_by,omitempty"`
	CopiedFrom Source `json:"copied_from,omitzero"`
	// EnvFiles are committed files the bundler reads at build time.
	EnvFiles []string `json:"env_files,omitempty"`
	// Served is how the Python side reads Target, and where.
	Served     string `json:"served"`
	ServedFrom Source `json:"served_source,omitzero"`
	// Package is the shipped Python package folder Out is inside ("" when
	// the app reads it from the source tree): a wheel carries it there.
	Package string `json:"package,omitempty"`
	// Lifecycle names the package.json's install-time scripts (preinstall,
	// postinstall, prepare…): they run inside the install and may read any
	// file of the folder, so the folder is copied before it.
	Lifecycle []string `json:"lifecycle,omitempty"`
}

// NodeMissing is a folder the app serves that is not in the checkout and
// that a node build would make, but pydock cannot build it: Why says what
// is missing from the project's evidence.
type NodeMissing struct {
	Dir      string `json:"dir"`
	What     string `json:"what"` // StaticFiles(directory=…), static_folder=…
	Source   Source `json:"source"`
	Manifest string `json:"manifest"`
	Why      string `json:"why"`
}

// servedDir is a folder the Python side serves static files from.
type servedDir struct {
	Dir    string
	What   string
	Source Source
	django bool // a STATICFILES_DIRS entry: unbuilt, it blocks collectstatic
}

//go:embed nodebuild.toml
var nodeBuildTOML []byte

type nodeLockRow struct{ File, Marker, Tool, Install, Run, Cache, Image, Source string }

type bundlerRow struct {
	Command, Default string
	Flags, Configs   []string
	Key, Source      string
	keyRe            *regexp.Regexp
}

type nodeRow struct{ Major, Codename, Tag string }

// nodeTable is nodebuild.toml.
var nodeTable = func() (t struct {
	Scripts           []string
	EnvFiles          []string `toml:"env_files"`
	AbsentPrograms    []string `toml:"absent_programs"`
	DefaultNode       string   `toml:"default_node"`
	DefaultNodeSource string   `toml:"default_node_source"`
	Node              []nodeRow
	Lock              []nodeLockRow
	Bundler           []bundlerRow
}) {
	if err := toml.Unmarshal(nodeBuildTOML, &t); err != nil {
		panic("nodebuild.toml: " + err.Error())
	}
	for i := range t.Bundler {
		b := &t.Bundler[i]
		if b.Command == "" || b.Source == "" {
			panic("nodebuild.toml: bad bundler row " + b.Command)
		}
		if b.Key != "" {
			b.keyRe = regexp.MustCompile(b.Key)
		}
	}
	for _, r := range t.Lock {
		if r.File == "" || r.Tool == "" || r.Install == "" || r.Run == "" || r.Cache == "" || r.Source == "" {
			panic("nodebuild.toml: bad lock row " + r.File)
		}
	}
	if t.DefaultNode == "" || len(t.Scripts) == 0 || nodeTag(t.Node, t.DefaultNode) == "" {
		panic("nodebuild.toml: no default node, or no image for it")
	}
	return t
}()

func nodeTag(rows []nodeRow, major string) string {
	for _, r := range rows {
		if r.Major == major {
			return r.Tag
		}
	}
	return ""
}

// packageJSON is what pydock reads of a package.json.
type packageJSON struct {
	Scripts        map[string]string `json:"scripts"`
	Engines        map[string]any    `json:"engines"`
	PackageManager string            `json:"packageManager"`
}

const (
	maxPackageJSONs  = 50
	maxPackageJSONAt = 5 // folders deep
	maxNodeFileSize  = 1 << 20
)

// findPackageJSONs lists the package.json files of the project (not in
// node_modules, virtualenvs or hidden folders), shallowest first.
func findPackageJSONs(fsys fs.FS) []string {
	var out []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (pySkipDirs[name] && name != "build" && name != "dist" || strings.HasPrefix(name, ".") || strings.Count(p, "/") >= maxPackageJSONAt) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() == "package.json" && d.Type().IsRegular() {
			out = append(out, p)
			if len(out) >= maxPackageJSONs {
				return fs.SkipAll
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b string) int { return strings.Count(a, "/") - strings.Count(b, "/") })
	return out
}

// nodeProject is one package.json and what pydock made of it.
type nodeProject struct {
	manifest, dir string
	pkg           packageJSON
	data          []byte     // the package.json, for line numbers
	build         *NodeBuild // nil when its output is not known
	why           string     // why not, when build is nil
	// blocked says why the image cannot run the build though its output
	// is known (no lock, a program the node image lacks).
	blocked string
	copies  []nodeCopy
}

// nodeCopy is a script of the package copying the build's output folder
// to another folder (cp -r out/ ../../pkg/built).
type nodeCopy struct {
	target, script string
	from           Source
}

// scriptLine is the line of package.json that defines the script (0 when
// it cannot tell).
func (np *nodeProject) scriptLine(name string) int {
	key, _ := json.Marshal(name)
	i := strings.Index(string(np.data), string(key)+":")
	if i < 0 {
		i = strings.Index(string(np.data), string(key)+" :")
	}
	if i < 0 {
		return 0
	}
	return 1 + strings.Count(string(np.data[:i]), "\n")
}

// readNodeBuilds matches the folders the Python side serves with the node
// builds that make them: a build whose output is such a folder (or that
// a script of its package copies there), or lies in a package the
// project ships, becomes a NodeBuild; a served folder a package.json at
// or above it would make, but whose build pydock cannot establish or
// run, is a NodeMissing (for Django, a collectstatic blocker).
func readNodeBuilds(fsys fs.FS, f *Facts) {
	manifests := findPackageJSONs(fsys)
	if len(manifests) == 0 {
		return
	}
	projects := map[string]*nodeProject{}
	for _, m := range manifests {
		projects[m] = readNodeProject(fsys, m)
	}
	var wants []servedDir
	if f.Django != nil {
		wants = append(wants, f.Django.staticDirs...)
	} else {
		wants = append(wants, startSettingsDirs(fsys, f)...)
	}
	wants = append(wants, servedStaticDirs(fsys, f)...)
	used := map[string]bool{}
	missing := func(w servedDir, pj, why string) {
		if w.django && f.Django != nil {
			f.Django.addBlocker(StaticBlocker{Kind: "node-output", What: w.Dir, Module: pj, Why: why, Source: w.Source})
			return
		}
		f.NodeMissing = append(f.NodeMissing, NodeMissing{Dir: w.Dir, What: w.What, Source: w.Source, Manifest: pj, Why: why})
	}
	build := func(np *nodeProject, target string, w servedDir) {
		b := *np.build
		b.Target, b.Served, b.ServedFrom = target, w.What, w.Source
		for _, c := range np.copies {
			if c.target == target {
				b.CopiedBy, b.CopiedFrom = c.script, c.from
			}
		}
		b.Package = packageOf(f, target)
		f.NodeBuilds = append(f.NodeBuilds, b)
		used[np.manifest] = true
	}
wantLoop:
	for _, w := range wants {
		// A script that copies a build's output to the folder says so.
		for _, m := range manifests {
			np := projects[m]
			for _, c := range np.copies {
				if c.target != w.Dir {
					continue
				}
				if np.blocked != "" {
					missing(w, m, np.blocked)
				} else if !used[m] {
					build(np, w.Dir, w)
				}
				continue wantLoop
			}
		}
		pj := nearestPackageJSON(fsys, w.Dir)
		if pj == "" {
			continue // not a node build's: nothing pydock can say
		}
		np := projects[pj]
		switch {
		case np == nil:
			missing(w, pj, "it is not read (too deep, or too many package.json files)")
		case np.build == nil:
			missing(w, pj, np.why)
		case np.build.Out != w.Dir:
			missing(w, pj, "its build writes "+np.build.Out+" ("+np.build.OutWhy+"), not "+w.Dir)
		case np.blocked != "":
			missing(w, pj, np.blocked)
		case !used[pj]:
			build(np, w.Dir, w)
		}
	}
	// A build that writes (or copies its output) into a package the
	// project ships makes that package's data: a UI folder its code finds
	// by __file__.
	for _, m := range manifests {
		np := projects[m]
		if used[m] || np.build == nil {
			continue
		}
		targets := []nodeCopy{{target: np.build.Out, from: np.build.OutFrom}}
		targets = append(targets, np.copies...)
		for _, t := range targets {
			pkg := packageOf(f, t.target)
			if pkg == "" {
				continue
			}
			w := servedDir{Dir: t.target, What: "package data", Source: Source{File: pkg}}
			if np.blocked != "" {
				missing(w, m, np.blocked)
			} else {
				build(np, t.target, w)
			}
			break
		}
	}
}

// startSettingsDirs are the STATICFILES_DIRS folders, not in the checkout,
// of the settings a start-time collectstatic loads (a site that is not
// Django's but runs its static files through it).
func startSettingsDirs(fsys fs.FS, f *Facts) []servedDir {
	var out []servedDir
	for _, w := range f.StartWrites {
		if w.What != "collectstatic" || w.Settings == "" {
			continue
		}
		root, file := locateModule(fsys, w.Settings)
		if file == "" {
			for _, r := range readLayout(fsys).sourceRoots(fsys) {
				if mf := moduleFile(fsys, r, w.Settings); mf != "" {
					root, file = r, mf
					break
				}
			}
		}
		if file == "" {
			continue
		}
		for _, d := range staticDirsMissing(fsys, root, file) {
			d.What = "STATICFILES_DIRS of " + w.Settings + ", collected at start"
			out = append(out, d)
		}
	}
	return out
}

// nearestPackageJSON is the package.json in dir or the closest folder
// above it, "" when there is none.
func nearestPackageJSON(fsys fs.FS, dir string) string {
	for d := dir; ; d = path.Dir(d) {
		if pj := path.Join(d, "package.json"); isRegularFile(fsys, pj) {
			return pj
		}
		if d == "." || d == "/" || d == "" {
			return ""
		}
	}
}

// packageOf is the shipped package folder out is inside ("" when none):
// one the build configuration declares, else a folder with __init__.py.
func packageOf(f *Facts, out string) string {
	for _, p := range f.PackageDirs {
		if strings.HasPrefix(out, p+"/") {
			return p
		}
	}
	return ""
}

func readNodeProject(fsys fs.FS, manifest string) *nodeProject {
	np := &nodeProject{manifest: manifest, dir: path.Dir(manifest)}
	if np.dir == "." {
		np.dir = ""
	}
	data, err := readBounded(fsys, manifest, maxNodeFileSize, "package.json files")
	if err != nil {
		np.why = "it cannot be read: " + err.Error()
		return np
	}
	np.data = data
	if err := json.Unmarshal(data, &np.pkg); err != nil {
		np.why = "it is not valid JSON: " + err.Error()
		return np
	}
	script := ""
	for _, s := range nodeTable.Scripts {
		if _, ok := np.pkg.Scripts[s]; ok {
			script = s
			break
		}
	}
	if script == "" {
		np.why = "it has no build script (" + strings.Join(nodeTable.Scripts, ", ") + ")"
		return np
	}
	b := &NodeBuild{Dir: np.dir, Manifest: manifest, Script: script}
	for _, s := range []string{"preinstall", "install", "postinstall", "prepare"} {
		if _, ok := np.pkg.Scripts[s]; ok {
			b.Lifecycle = append(b.Lifecycle, s)
		}
	}
	out, why, from, ok := buildOutput(fsys, np, np.pkg.Scripts[script], 0)
	if !ok {
		np.why = "pydock cannot tell where its " + script + " script writes (" + why + ")"
		return np
	}
	b.Out, b.OutWhy, b.OutFrom = out, why, from
	b.Target = out
	np.build = b
	np.copies = outputCopies(np, out)
	for _, e := range nodeTable.EnvFiles {
		if f := path.Join(np.dir, e); isRegularFile(fsys, f) {
			b.EnvFiles = append(b.EnvFiles, f)
		}
	}
	if prog := absentProgram(np, np.pkg.Scripts[script], 0); prog != "" {
		np.blocked = "its " + script + " script runs " + prog + ", which the node image does not have"
		return np
	}
	lock := nodeLock(fsys, np)
	if lock == nil {
		var files []string
		for _, r := range nodeTable.Lock {
			if !slices.Contains(files, r.File) {
				files = append(files, r.File)
			}
		}
		np.blocked = "there is no lock file beside it (" + strings.Join(files, ", ") + "), so its install cannot be frozen"
		return np
	}
	b.Lock, b.Tool, b.Install, b.Run, b.Cache, b.ToolFrom = path.Join(np.dir, lock.File), lock.Tool, lock.Install, lock.Run, lock.Cache, lock.Source
	if lock.Image != "" {
		b.Image = lock.Image
	} else {
		b.Node, b.NodeWhy, b.NodeFrom = nodeMajor(fsys, np)
		tag := nodeTag(nodeTable.Node, b.Node)
		if tag == "" {
			tag = b.Node + "-slim" // a line the table lacks: its Debian slim tag
		}
		b.Image = "node:" + tag
	}
	return np
}

// commands splits a script into its commands' words, following the
// package's own scripts it runs (npm run x), up to three deep; env
// assignments and runners (npx, pnpm exec) before the program are dropped.
func (np *nodeProject) commands(script string, depth int) [][]string {
	var out [][]string
	for _, cmd := range scriptSplitRe.Split(script, -1) {
		cmd = strings.TrimSpace(cmd)
		if m := runScriptRe.FindStringSubmatch(cmd); m != nil && depth < 3 {
			if s, has := np.pkg.Scripts[m[1]+m[2]]; has {
				out = append(out, np.commands(s, depth+1)...)
				continue
			}
		}
		words := strings.Fields(cmd)
		for len(words) > 0 && (envAssignRe.MatchString(words[0]) || slices.Contains([]string{"npx", "bunx", "exec", "pnpm", "yarn", "--"}, words[0])) {
			words = words[1:]
		}
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// absentProgram is the first program the script runs that the node image
// does not have ("" when none).
func absentProgram(np *nodeProject, script string, depth int) string {
	for _, words := range np.commands(script, depth) {
		if slices.Contains(nodeTable.AbsentPrograms, words[0]) {
			return words[0]
		}
	}
	return ""
}

// outputCopies are the folders a script of the package copies the build's
// output folder to (cp -r out/ dest, rsync -a out/ dest/), project-relative.
func outputCopies(np *nodeProject, out string) []nodeCopy {
	var copies []nodeCopy
	names := make([]string, 0, len(np.pkg.Scripts))
	for n := range np.pkg.Scripts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		for _, words := range np.commands(np.pkg.Scripts[n], 3) {
			if words[0] != "cp" && words[0] != "rsync" {
				continue
			}
			var args []string
			for _, w := range words[1:] {
				if !strings.HasPrefix(w, "-") {
					args = append(args, w)
				}
			}
			if len(args) != 2 {
				continue
			}
			src, ok1 := scriptPath(np.dir, strings.TrimSuffix(strings.TrimSuffix(args[0], "/."), "/"))
			dst, ok2 := scriptPath(np.dir, strings.TrimSuffix(args[1], "/"))
			if ok1 && ok2 && src == out && dst != out {
				copies = append(copies, nodeCopy{target: dst, script: n, from: Source{File: np.manifest, Line: np.scriptLine(n)}})
			}
		}
	}
	return copies
}

// scriptPath resolves a path a script names, relative to its package's
// folder; false when it leaves the project or is computed.
func scriptPath(dir, p string) (string, bool) {
	p = strings.Trim(p, `"'`)
	q := path.Clean(path.Join(dir, p))
	if p == "" || path.IsAbs(p) || q == "." || q == ".." || strings.HasPrefix(q, "../") || strings.ContainsAny(p, "$`*?[") {
		return "", false
	}
	return q, true
}

// nodeLock is the lock row for the lock file beside the package.json: the
// one packageManager names when there are several.
func nodeLock(fsys fs.FS, np *nodeProject) *nodeLockRow {
	want, _, _ := strings.Cut(np.pkg.PackageManager, "@")
	var found []*nodeLockRow
	for i := range nodeTable.Lock {
		r := &nodeTable.Lock[i]
		name := path.Join(np.dir, r.File)
		if !isRegularFile(fsys, name) {
			continue
		}
		if r.Marker != "" {
			data, err := readBounded(fsys, name, 64<<10, "lock files")
			if err != nil || !strings.Contains(string(data), r.Marker) {
				continue
			}
		}
		if slices.ContainsFunc(found, func(o *nodeLockRow) bool { return o.File == r.File }) {
			continue // the marked row of the same file won
		}
		found = append(found, r)
	}
	for _, r := range found {
		if r.Tool == want {
			return r
		}
	}
	if len(found) > 0 {
		return found[0]
	}
	return nil
}

var (
	// scriptSplitRe cuts a script into its commands.
	scriptSplitRe = regexp.MustCompile(`&&|\|\||;`)
	// runScriptRe is a script running another of the package's scripts.
	runScriptRe = regexp.MustCompile(`^(?:npm|pnpm|bun)\s+run\s+([\w:.-]+)$|^yarn\s+(?:run\s+)?([\w:.-]+)$`)
	envAssignRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
)

// buildOutput finds the folder a script's bundler writes: a flag of the
// command, the bundler's config key, or its default when its config does
// not name one. ok is false when nothing the project commits says.
func buildOutput(fsys fs.FS, np *nodeProject, script string, depth int) (out, why string, from Source, ok bool) {
	why = "no bundler pydock knows in the script"
	for _, cmd := range scriptSplitRe.Split(script, -1) {
		cmd = strings.TrimSpace(cmd)
		if m := runScriptRe.FindStringSubmatch(cmd); m != nil && depth < 3 {
			name := m[1] + m[2]
			if s, has := np.pkg.Scripts[name]; has {
				if o, w, f, found := buildOutput(fsys, np, s, depth+1); found {
					return o, w, f, true
				} else if w != "no bundler pydock knows in the script" {
					why = w
				}
			}
			continue
		}
		words := strings.Fields(cmd)
		for len(words) > 0 && (envAssignRe.MatchString(words[0]) || slices.Contains([]string{"npx", "bunx", "exec", "pnpm", "yarn", "--"}, words[0])) {
			words = words[1:]
		}
		if len(words) == 0 {
			continue
		}
		bin := path.Base(words[0])
		for i := range nodeTable.Bundler {
			b := &nodeTable.Bundler[i]
			if b.Command != bin {
				continue
			}
			return bundlerOutput(fsys, np, b, words[1:])
		}
	}
	return "", why, Source{}, false
}

func bundlerOutput(fsys fs.FS, np *nodeProject, b *bundlerRow, args []string) (out, why string, from Source, ok bool) {
	rel := func(p string) (string, bool) {
		p = strings.Trim(p, `"'`)
		q := path.Clean(path.Join(np.dir, p))
		if path.IsAbs(p) || q == "." || q == ".." || strings.HasPrefix(q, "../") || strings.ContainsAny(p, "$`") {
			return "", false
		}
		return q, true
	}
	config := ""
	for i, a := range args {
		name, val, eq := strings.Cut(a, "=")
		if !eq && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			val = args[i+1]
		}
		if slices.Contains(b.Flags, name) && val != "" {
			if q, good := rel(val); good {
				return q, "its " + np.pkg.scriptName(b.Command) + " script's " + name, Source{File: np.manifest}, true
			}
			return "", b.Command + "'s " + name + " " + val + " is outside the project or computed", Source{}, false
		}
		if name == "--config" || name == "-c" {
			config = strings.Trim(val, `"'`)
		}
	}
	configs := b.Configs
	if config != "" {
		configs = []string{config}
	}
	for _, c := range configs {
		file := path.Join(np.dir, c)
		data, err := readBounded(fsys, file, maxNodeFileSize, "bundler configs")
		if err != nil {
			if config != "" {
				return "", "its --config " + c + " is not in the project", Source{}, false
			}
			continue
		}
		if b.keyRe != nil {
			if m := b.keyRe.FindSubmatchIndex(data); m != nil {
				line := 1 + strings.Count(string(data[:m[0]]), "\n")
				val := ""
				for g := 2; g+1 < len(m); g += 2 {
					if m[g] >= 0 {
						val = string(data[m[g]:m[g+1]])
						break
					}
				}
				if q, good := rel(val); good && val != "" {
					return q, file + "'s output folder", Source{File: file, Line: line}, true
				}
			}
		}
		if mentionsOutput(b, data) {
			return "", file + " sets its output folder in a way pydock does not read", Source{}, false
		}
		break // a config that leaves the output alone: the default holds
	}
	if b.Default == "" {
		return "", b.Command + " has no default output folder and nothing names one", Source{}, false
	}
	q, _ := rel(b.Default)
	return q, b.Command + "'s default (" + b.Source + ")", Source{File: np.manifest}, true
}

// mentionsOutput reports whether a config touches the output settings
// the key reads, though the key did not match (a computed path).
func mentionsOutput(b *bundlerRow, data []byte) bool {
	words := map[string][]string{"vite": {"outDir"}, "webpack": {"output"}, "rollup": {"output"}, "ng": {"outputPath"}}
	for _, w := range words[b.Command] {
		if regexp.MustCompile(`\b` + w + `\b`).Match(data) {
			return true
		}
	}
	return false
}

// scriptName is the name of the script that runs command, for messages.
func (p packageJSON) scriptName(command string) string {
	for _, s := range nodeTable.Scripts {
		if strings.Contains(p.Scripts[s], command) {
			return s
		}
	}
	return "build"
}

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

var (
	staticFilesRe  = regexp.MustCompile(`\bStaticFiles\s*\(`)
	directoryKwRe  = regexp.MustCompile(`\bdirectory\s*=\s*`)
	flaskStaticRe  = regexp.MustCompile(`\bFlask\s*\(`)
	staticFolderRe = regexp.MustCompile(`\bstatic_folder\s*=\s*`)
	moduleAssignRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?=\s*(.+)$`)
)

// servedStaticDirs finds the folders the app serves static files from,
// not in the checkout: StaticFiles(directory=…) (Starlette, FastAPI) is
// relative to the working directory, Flask's static_folder to the app's
// module. The folder is a literal, a path built from __file__ or the
// working directory, or a module-level name of the same file holding one.
func servedStaticDirs(fsys fs.FS, f *Facts) []servedDir {
	var out []servedDir
	roots := readLayout(fsys).sourceRoots(fsys)
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !staticFilesRe.Match(data) && !staticFolderRe.Match(data) {
			return
		}
		lines := pyLines(data)
		vars := map[string]startPath{}
		for _, l := range lines {
			if l.indent != 0 {
				continue
			}
			if m := moduleAssignRe.FindStringSubmatch(l.text); m != nil {
				if sp, ok := resolveStartPath(strings.TrimSpace(m[2]), file, vars); ok {
					vars[m[1]] = sp
				}
			}
		}
		for _, l := range lines {
			var kw *regexp.Regexp
			var what string
			flask := false
			switch {
			case staticFilesRe.MatchString(l.text):
				kw, what = directoryKwRe, "StaticFiles(directory=…)"
			case flaskStaticRe.MatchString(l.text) && staticFolderRe.MatchString(l.text):
				kw, what, flask = staticFolderRe, "Flask(static_folder=…)", true
			default:
				continue
			}
			loc := kw.FindStringIndex(l.text)
			if loc == nil {
				continue
			}
			sp, ok := resolveStartPath(pyExpr(l.text[loc[1]:]), file, vars)
			if !ok {
				continue
			}
			p := sp.path
			if flask && !sp.beside && !path.IsAbs(p) {
				p = path.Join(path.Dir(file), p)
			}
			p = path.Clean(p)
			if path.IsAbs(p) || p == "." || strings.HasPrefix(p, "../") || !fs.ValidPath(p) {
				continue
			}
			if _, err := fs.Stat(fsys, p); err == nil {
				continue // committed: served as it is
			}
			out = append(out, servedDir{Dir: p, What: what, Source: Source{File: file, Line: l.line}})
		}
	})
	return out
}

// anyBase reports whether expr names one of the base folders.
func anyBase(expr string, bases map[string]string) bool {
	for name := range bases {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(expr) {
			return true
		}
	}
	return false
}
