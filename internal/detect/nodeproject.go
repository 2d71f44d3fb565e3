package detect

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// packageJSON is what pydock reads of a package.json.
type packageJSON struct {
	Scripts        map[string]string `json:"scripts"`
	Engines        map[string]any    `json:"engines"`
	PackageManager string            `json:"packageManager"`
	Workspaces     json.RawMessage   `json:"workspaces"`
	Name           string            `json:"name"`
	// Dependencies name the workspace members a package builds with.
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
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
	script  string // the table's build script it defines, "" when none
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

func readNodeProject(fsys fs.FS, manifest string) *nodeProject {
	return readNodeProjectScript(fsys, manifest, "")
}

// readNodeProjectScript reads a package.json whose build is the script
// prefer when it defines one (the script the authors' node stage runs),
// else the table's first.
func readNodeProjectScript(fsys fs.FS, manifest, prefer string) *nodeProject {
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
	if _, ok := np.pkg.Scripts[prefer]; ok && prefer != "" {
		script = prefer
	}
	for _, s := range nodeTable.Scripts {
		if _, ok := np.pkg.Scripts[s]; ok && script == "" {
			script = s
			break
		}
	}
	if script == "" {
		np.why = "it has no build script (" + strings.Join(nodeTable.Scripts, ", ") + ")"
		if b := makeBuild(fsys, np); b != nil {
			// Its Makefile's targets build: make runs them where the
			// tools write, into a folder they make none of.
			np.build = b
			if pr := slices.IndexFunc(nodeTable.Program, func(r NodeProgram) bool { return r.Name == "make" }); pr >= 0 {
				b.Programs = []NodeProgram{nodeTable.Program[pr]}
			}
			b.CopyParents = []string{b.Out}
			np.blocked = np.setInstall(fsys, b)
			eolNodePrograms(b)
		}
		return np
	}
	np.script = script
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
	b.Programs = scriptPrograms(np, np.pkg.Scripts[script])
	b.CopyParents = copyParents(np, np.pkg.Scripts[script])
	np.blocked = np.setInstall(fsys, b)
	eolNodePrograms(b)
	return np
}

// setInstall fills in how b's packages are installed: the lock beside the
// package.json (or its workspace root's), its tool and the node it runs
// on. It returns why the install cannot be frozen ("" when it can).
func (np *nodeProject) setInstall(fsys fs.FS, b *NodeBuild) string {
	lock := nodeLock(fsys, np)
	installAt := np
	if lock == nil {
		// A workspace member: the root's lock installs it, with the
		// other members.
		if root, rlock := workspaceRoot(fsys, np); root != nil {
			installAt, lock = root, rlock
			b.InstallDir = root.dir
			b.Members = npmWorkspaceMembers(fsys, root)
		}
	} else {
		b.InstallDir = np.dir
		b.Members = npmWorkspaceMembers(fsys, np)
	}
	if lock == nil {
		var files []string
		for _, r := range nodeTable.Lock {
			if !slices.Contains(files, r.File) {
				files = append(files, r.File)
			}
		}
		return "there is no lock file beside it (" + strings.Join(files, ", ") + "), so its install cannot be frozen"
	}
	if ws := path.Join(installAt.dir, pnpmWorkspaceFile); isRegularFile(fsys, ws) {
		b.WorkspaceFile = ws
	}
	b.MemberDirs = workspaceMemberDirs(fsys, np, b.Members)
	b.Lock, b.Tool, b.Install, b.Run, b.Cache, b.ToolFrom = path.Join(installAt.dir, lock.File), lock.Tool, lockInstall(lock, installAt, np), lock.Run, lock.Cache, lock.Source
	if lock.Image != "" {
		b.Image = lock.Image
	} else {
		b.Node, b.NodeWhy, b.NodeFrom = nodeMajor(fsys, np)
		if installAt != np && b.NodeFrom == (Source{}) {
			// A member that names no node line: the workspace's.
			b.Node, b.NodeWhy, b.NodeFrom = nodeMajor(fsys, installAt)
		}
		b.Image = "node:" + nodeImageTag(b.Node)
	}
	return ""
}

// commands splits a script into its commands' words, following the
// package's own scripts it runs (npm run x), up to three deep; env
// assignments and runners (npx, pnpm exec) before the program are dropped.
func (np *nodeProject) commands(script string, depth int) [][]string {
	var out [][]string
	for _, words := range scriptWords(script) {
		if m := runScriptRe.FindStringSubmatch(strings.Join(words, " ")); m != nil && depth < 3 {
			if s, has := np.pkg.Scripts[m[1]+m[2]]; has {
				out = append(out, np.commands(s, depth+1)...)
				continue
			}
		}
		for len(words) > 0 && slices.Contains([]string{"npx", "bunx", "exec", "pnpm", "yarn", "--"}, words[0]) {
			words = words[1:]
		}
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// scriptWords parses a script as the shell that npm runs it with does
// (shellcmd): the words of each simple command, in order, those inside
// subshells and sh -c '…' included, without their VAR=value prefixes. A
// script the parser refuses is cut at &&, || and ; into blank-separated
// words, as a reader would.
func scriptWords(script string) [][]string {
	var out [][]string
	l, err := shellcmd.Parse(script)
	if err != nil {
		for _, cmd := range scriptSplitRe.Split(script, -1) {
			words := strings.Fields(cmd)
			for len(words) > 0 && envAssignRe.MatchString(words[0]) {
				words = words[1:]
			}
			if len(words) > 0 {
				out = append(out, words)
			}
		}
		return out
	}
	for _, c := range l.Commands() {
		words := c.Values()
		if len(words) == 0 {
			continue
		}
		if len(words) == 3 && (words[0] == "sh" || words[0] == "bash") && words[1] == "-c" {
			out = append(out, scriptWords(words[2])...)
			continue
		}
		out = append(out, words)
	}
	return out
}

// scriptPrograms are the programs the script runs (with the package's
// scripts it runs) that the node image lacks, with the Debian package of
// each, one row per package.
func scriptPrograms(np *nodeProject, script string) []NodeProgram {
	var out []NodeProgram
	for _, words := range np.commands(script, 0) {
		name := path.Base(words[0])
		for _, r := range nodeTable.Program {
			if r.Name == name && !slices.ContainsFunc(out, func(o NodeProgram) bool { return o.Package == r.Package }) {
				out = append(out, r)
			}
		}
	}
	return out
}

// copyParents are the folders above where the script itself (not another
// script of the package) copies something outside the package's folder:
// the stage has only that folder, and cp or rsync make at most the last
// part of a destination.
func copyParents(np *nodeProject, script string) []string {
	var out []string
	for _, words := range np.commands(script, 0) {
		_, dst, ok := copyArgs(np, words)
		if !ok {
			continue
		}
		parent := path.Dir(dst)
		if np.dir == "" || parent == np.dir || strings.HasPrefix(parent, np.dir+"/") {
			continue // the stage has it
		}
		if !slices.Contains(out, parent) {
			out = append(out, parent)
		}
	}
	return out
}

// copyArgs reads a cp or rsync command copying one folder to another,
// both in the project (project-relative); ok is false for anything else.
func copyArgs(np *nodeProject, words []string) (src, dst string, ok bool) {
	if name := path.Base(words[0]); name != "cp" && name != "rsync" {
		return "", "", false
	}
	var args []string
	for _, w := range words[1:] {
		if !strings.HasPrefix(w, "-") {
			args = append(args, w)
		}
	}
	if len(args) != 2 {
		return "", "", false
	}
	src, ok1 := scriptPath(np.dir, strings.TrimSuffix(strings.TrimSuffix(args[0], "/."), "/"))
	dst, ok2 := scriptPath(np.dir, strings.TrimSuffix(args[1], "/"))
	return src, dst, ok1 && ok2
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
			src, dst, ok := copyArgs(np, words)
			if ok && src == out && dst != out {
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

// exactRelease is packageManager's tool@X.Y.Z, a prerelease allowed and
// corepack's +sha integrity suffix dropped: the only shape that becomes
// part of the install (no range, tag, URL or shell text).
var exactRelease = regexp.MustCompile(`^([a-z]+)@(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)(?:\+sha\d+\.[0-9a-f]+)?$`)

// lockInstall is the lock row's install for the package.json(s), nearest
// first: the tool's exact release installed with npm where packageManager
// pins one and the row knows how (corepack checks the download against
// registry signatures an older corepack lacks, or a registry or mirror
// does not serve), else the row's install.
func lockInstall(lock *nodeLockRow, nps ...*nodeProject) string {
	if lock.NpmInstall == "" {
		return lock.Install
	}
	for _, np := range nps {
		if np == nil || np.pkg.PackageManager == "" {
			continue
		}
		m := exactRelease.FindStringSubmatch(np.pkg.PackageManager)
		if m == nil || m[1] != lock.Tool {
			return lock.Install
		}
		return "npm install -g " + m[1] + "@" + m[2] + " && " + lock.NpmInstall
	}
	return lock.Install
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
