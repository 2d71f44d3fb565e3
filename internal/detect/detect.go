package detect

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// Options steer detection where the project alone cannot decide.
type Options struct {
	// Manager, when set, settles a conflict between lock files (the
	// user's --package-manager or pydock.toml).
	Manager Manager
	// Member is the workspace member to build, a folder relative to the
	// fsys root (the workspace root): set when pydock runs in a member.
	Member string
	// MemberLock says the member holds its own lock: the fsys root is
	// only the folder its path dependencies share (the build context).
	MemberLock bool
	// Claim is set when the lock at the fsys root names the member by a
	// path dependency (an umbrella project): the member has no lock.
	Claim *Claim
	// Package names the member a virtual workspace root builds when it
	// has several (--package, pydock.toml package).
	Package string
	// Extras and Groups are the optional sets the user asks for
	// (--extra, --group, pydock.toml).
	Extras, Groups []string
	// App is the user's --app (or pydock.toml app): a module:attribute
	// target is checked against the source.
	App string
}

// ErrNotPython is returned when nothing in the directory looks like Python.
var ErrNotPython = errors.New("no Python project found")

// Detect reads the project rooted at fsys and reports what it found.
func Detect(fsys fs.FS, opt Options) (*Facts, error) {
	if opt.Member != "" {
		return detectMember(fsys, opt, path.Clean(opt.Member))
	}
	f, err := detect(fsys, opt, nil)
	if err != nil || opt.Manager != "" {
		return f, err
	}
	// A lock left behind: detect again as pip installs the requirements
	// file, so every later decision sees what the image installs.
	if why, req := lockLeftBehind(fsys, f); why != "" {
		opt.Manager = ManagerPip
		if g, err := detect(fsys, opt, nil); err == nil && g.RequirementsFile == req {
			g.ManagerFrom = Source{File: req}
			g.Warnings = append(g.Warnings, why)
			return g, nil
		}
	}
	return f, nil
}

// detectMember detects the workspace member in folder member of the
// workspace rooted at fsys.
func detectMember(fsys fs.FS, opt Options, member string) (*Facts, error) {
	sub, err := fs.Sub(fsys, member)
	if err != nil {
		return nil, err
	}
	f, err := detect(sub, opt, &workspaceCtx{root: fsys, member: member, ownLock: opt.MemberLock, claim: opt.Claim})
	if err != nil {
		return nil, err
	}
	f.MemberDir = member
	for i, b := range f.BuildFiles {
		if !slices.Contains(f.PathDeps, b) { // already relative to the root
			f.BuildFiles[i] = path.Join(member, b)
		}
	}
	if c := opt.Claim; c != nil {
		in := "its main dependencies"
		if c.Kind != "" {
			in = c.Kind + " " + c.Name
		}
		f.ClaimedBy = fmt.Sprintf("the lock at the build context's root names this folder (%s) as a path dependency (%s, in %s)", member, c.Dep, in)
		f.Notes = append(f.Notes, f.ClaimedBy+": it installs the main dependencies and that set, the path dependencies as wheels")
		return f, nil
	}
	if opt.MemberLock {
		f.LockDir = member
		f.Notes = append(f.Notes, fmt.Sprintf("the build context is the folder %s and its path dependencies (%s) share; %s reads %s's own manifests and lock", member, strings.Join(f.PathDeps, ", "), f.Manager, member))
		return f, nil
	}
	f.Notes = append(f.Notes, fmt.Sprintf("%s is a member of the uv workspace whose uv.lock is at the build context's root: uv sync --package %s installs it and the members it needs", member, f.Package))
	return f, nil
}

func detect(fsys fs.FS, opt Options, ws *workspaceCtx) (*Facts, error) {
	f := &Facts{workspace: ws, codeDirs: codeDirs(fsys)}
	linkWarnings, err := checkLinks(fsys)
	if err != nil {
		return nil, err
	}
	f.Warnings = append(f.Warnings, linkWarnings...)
	exists := func(name string) bool {
		// Stat, not Lstat: a link inside the project is followed like
		// the file it names (checkLinks refused the others).
		st, err := fs.Stat(fsys, name)
		return err == nil && st.Mode().IsRegular()
	}

	var py *pyproject
	if exists("pyproject.toml") {
		var err error
		if py, err = readPyproject(fsys, "pyproject.toml"); err != nil {
			return nil, err
		}
		f.Name = py.name()
		f.Warnings = append(f.Warnings, py.warnings...)
		// A virtual workspace root (no [project]) builds one member.
		if ws == nil && py.Project == nil && py.Tool.UV != nil && py.Tool.UV.Workspace != nil && exists("uv.lock") {
			member, err := chooseMember(fsys, py, opt.Package)
			if err != nil {
				return nil, err
			}
			return detectMember(fsys, opt, member)
		}
	}

	claimed := ws != nil && ws.claim != nil
	if (py == nil || py.Project == nil) && !claimed {
		var err error
		if f.setup, err = readSetuptools(fsys, exists); err != nil {
			return nil, err
		}
		if !f.setup.declaresPackage() {
			f.setup = nil
		}
	}
	// What is installed comes from the lock's folder: the umbrella's when
	// it claims this one, else this one's.
	depFS, depPy, depExists := fsys, py, exists
	if claimed {
		depFS = ws.root
		depExists = func(name string) bool { return isRegularFile(depFS, name) }
		var err error
		if depPy, err = readPyproject(depFS, "pyproject.toml"); err != nil {
			return nil, err
		}
	}
	if err := chooseManager(depFS, f, depPy, opt, depExists); err != nil {
		return nil, err
	}
	if err := readDependencies(depFS, f, depPy, depExists); err != nil {
		return nil, err
	}
	checkLockFreshness(depFS, f)
	readIndexes(depFS, f, depExists)
	readToolRequirements(depFS, f, depExists)
	readUVLockFeatures(depFS, f, depExists)
	// Found before the optional sets: a server the app is wired under is
	// one CMD needs.
	f.serverGates = findServerGates(fsys, readLayout(fsys).sourceRoots(fsys))
	if err := selectOptional(fsys, f, depPy, opt); err != nil {
		return nil, err
	}
	if err := readPythonConstraints(depFS, f, depPy, depExists); err != nil {
		return nil, err
	}
	f.PythonUsed = readPythonUsed(fsys)
	f.layout = readLayout(fsys)
	if py != nil && claimed {
		// The member arrives as a path dependency, built as a wheel.
		f.Scripts = py.scripts("pyproject.toml")
	} else if py != nil {
		f.Packaged = py.packaged() && f.Manager != ManagerNone
		if f.Packaged && py.notDistName != "" {
			f.Packaged, f.NotBuilt = false, py.notDistName
			f.Warnings = append(f.Warnings, py.notDistName+": no wheel can carry it, so the image installs the dependencies only and runs from the source tree")
		}
		if f.Packaged {
			why, vars := checkBuildable(fsys, f.layout)
			if why != "" {
				f.Packaged, f.NotBuilt = false, why
				f.Warnings = append(f.Warnings, why+": a clean checkout cannot build the project's wheel, so the image installs the dependencies only and runs from the source tree")
			}
			f.VCSVersionVars = vars
		}
		switch f.Manager {
		case ManagerPDM:
			f.Packaged = py.pdmPackaged()
		case ManagerPipenv:
			f.Packaged = false // the Pipfile lists what is installed
		}
		if py.BuildSystem != nil {
			f.BuildBackend = py.BuildSystem.BuildBackend
			f.BuildRequires = py.BuildSystem.Requires
			f.BuildHook = py.buildHook(fsys)
		}
		f.BuildFiles = append(f.BuildFiles, py.buildFiles(fsys)...)
		f.Scripts = py.scripts("pyproject.toml")
		if py.Tool.UV != nil && py.Tool.UV.DefaultGroups != nil {
			f.DefaultGroups = true
		}
	}
	if f.setup != nil && f.Manager == ManagerPip {
		f.applySetup()
		if why := checkSetuptools(fsys, f.layout); why != "" {
			f.setupUnbuildable(why)
		}
	}
	if f.Packaged && len(f.VCSVersionVars) == 0 && f.layout.Backend == "setuptools" && setuptoolsSCM(fsys) {
		f.VCSVersionVars = []string{"SETUPTOOLS_SCM_PRETEND_VERSION"}
	}
	f.PluginCommands = readPluginCommands(fsys, py, exists)
	f.PathDeps = uniqueSorted(localPaths(fsys, f))
	f.BuildFiles = append(f.BuildFiles, f.PathDeps...)
	f.BuildFiles = uniqueSorted(f.BuildFiles)
	readBuildReads(fsys, f)
	f.PackageDirs = packageDirs(fsys, f.Name, f.layout)
	if f.Packaged && f.NotBuilt == "" && len(f.Scripts) > 0 {
		// A console script imports the installed package, which would look
		// for these beside itself in site-packages: only the source tree
		// has them. (A server started in /app imports the source tree's
		// copy first, and the wheel is harmless.)
		if reads := findOutsideReads(fsys, shippedDirs(fsys, f)); len(reads) > 0 {
			f.runFromSource(outsideReadWhy(reads), "the image installs the dependencies only and runs from the source tree, where it is")
			for _, r := range reads {
				if !contains(f.RuntimeFiles, r.Target) {
					f.RuntimeFiles = append(f.RuntimeFiles, r.Target)
				}
			}
		}
	}

	f.scriptFiles = scriptFiles(fsys, py)
	if err := detectApp(fsys, f, exists); err != nil {
		return nil, err
	}
	// The authors' node stages say where a front end's output goes.
	readAuthorsFrontends(fsys, f)
	readNodeBuilds(fsys, f)
	readServedModules(fsys, f)
	readAboveFrontends(fsys, f)
	readNodeTools(fsys, f)
	if f.Django != nil {
		manifestsUnbuilt(f)
	}
	readWheelNode(fsys, f)
	readNodeUnbuilt(fsys, f)
	// What the start imports decides whether a dev set must come along.
	findDevImports(fsys, f)
	chooseAuthorsRequirementFiles(fsys, f)
	readMigrations(fsys, f)
	findCatalogues(fsys, f)
	findDotenvLoads(fsys, f)
	findEnvUses(fsys, f)
	findSchemaEnv(fsys, f)
	f.AuthorsEnv = readAuthorsEnv(fsys)
	f.AppRunPort.SetFromAuthors(f.AuthorsEnv)
	// After the env reads: the database their defaults name decides.
	chooseDriverFile(fsys, f)
	f.AuthorsRequirements = readAuthorsRequirements(fsys, f.RequirementsFiles)
	f.DataDirs = withDataDirs(f.DataDirs, settingsDataDirs(fsys, f))
	dirs, writes := writtenEnvDirs(fsys, f)
	f.DataDirs = withDataDirs(f.DataDirs, dirs)
	f.StartWrites = append(f.StartWrites, writes...)
	f.DataPaths = append(f.DataPaths, findStateFolders(fsys, f)...)
	f.DataPaths = append(f.DataPaths, tempDatabaseFolders(fsys, f)...)
	here, warnings := iniHerePaths(fsys, f)
	f.DataPaths = append(f.DataPaths, here...)
	f.Warnings = append(f.Warnings, warnings...)
	markFernetKeys(fsys, f)
	findStartChecks(fsys, f)
	readAuthorsBuildEnv(fsys, f)
	findTaskQueues(fsys, f)
	findProgramRuns(fsys, f)
	findTypelibs(fsys, f)
	findTestedCaps(fsys, f, py)
	f.EnvListing = readEnvListing(fsys)
	if w := checkTarget(fsys, f, opt.App); w != "" {
		f.Warnings = append(f.Warnings, w)
	}
	return f, nil
}

func hasPythonFiles(fsys fs.FS) bool {
	matches, _ := fs.Glob(fsys, "*.py")
	for _, m := range matches {
		if m != "setup.py" && m != "conftest.py" {
			return true
		}
	}
	return false
}

// packageDirs finds the import packages the project ships: the folders
// the build configuration names (hatch packages, Poetry include/from,
// setuptools packages or package_dir, the packages found under a declared
// where), else src/<name> or <name> with an __init__.py, the name taken
// from the distribution name.
func packageDirs(fsys fs.FS, name string, l *layout) []string {
	var out []string
	for _, p := range l.Packages {
		if isDir(fsys, p) {
			out = append(out, p)
		}
	}
	if l.Find {
		for _, r := range l.Roots {
			if r == "" {
				continue // a flat layout: found below by name
			}
			entries, _ := fs.ReadDir(fsys, r)
			for _, e := range entries {
				if d := path.Join(r, e.Name()); e.IsDir() && isRegularFile(fsys, d+"/__init__.py") && !contains(out, d) {
					out = append(out, d)
				}
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	mod := strings.ReplaceAll(NormalizeName(name), "-", "_")
	if mod != "" {
		for _, d := range []string{"src/" + mod, mod} {
			if _, err := fs.Stat(fsys, d+"/__init__.py"); err == nil {
				return []string{d}
			}
		}
	}
	// Otherwise every package under src/ (the src layout says they ship).
	entries, err := fs.ReadDir(fsys, "src")
	if err == nil {
		for _, e := range entries {
			if e.IsDir() {
				if _, err := fs.Stat(fsys, path.Join("src", e.Name(), "__init__.py")); err == nil {
					out = append(out, path.Join("src", e.Name()))
				}
			}
		}
	}
	return out
}

// localPaths are the path dependencies the dependency step installs: their
// folders must be in the build context before that step (DI004). In a
// member they are relative to the context's root; those outside the
// folder detection reads go to OutsidePaths for the caller.
func localPaths(fsys fs.FS, f *Facts) []string {
	var out []string
	root, base := fsys, ""
	if f.workspace != nil {
		root, base = f.workspace.root, f.workspace.member
		if f.workspace.claim != nil {
			base = "" // the lock's paths are relative to the root
		}
	}
	for _, d := range f.Dependencies {
		if d.Path == "" {
			continue
		}
		if path.IsAbs(d.Path) {
			f.Warnings = append(f.Warnings, fmt.Sprintf("dependency %s is at the absolute path %s, which no build context holds; make it relative to the project", d.Name, d.Path))
			continue
		}
		p := path.Join(base, d.Path)
		if p == "." || p == ".." || strings.HasPrefix(p, "../") {
			if p != "." && p != base {
				f.OutsidePaths = append(f.OutsidePaths, d)
			}
			continue
		}
		if _, err := fs.Stat(root, p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func uniqueSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// manifests are the files whose absence or presence decides the plan.
var manifests = []string{
	"pyproject.toml", "uv.lock", "poetry.lock", "pdm.lock", "Pipfile", "Pipfile.lock",
	"requirements.txt", "pylock.toml", "setup.py", "setup.cfg", ".python-version", "runtime.txt", "Procfile", "manage.py", pydockConfig,
}

const pydockConfig = "pydock.toml"

// checkLinks refuses a manifest that is a symbolic link leading out of the
// project (or nowhere): silently skipping it would plan for another
// project, and following it would read files the user never pointed us at.
// A version pin is only a hint among others, so a pin linking to a file the
// project does not have (the authors' own broken link) is ignored with a
// warning instead: the Python is then taken from the rest of the evidence.
func checkLinks(fsys fs.FS) (warnings []string, err error) {
	for _, name := range manifests {
		st, err := fs.Lstat(fsys, name)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if _, err := fs.Stat(fsys, name); err == nil {
			continue
		}
		if target, ok := danglingInside(fsys, name); ok && pinFiles[name] {
			warnings = append(warnings, fmt.Sprintf("ignored %s: a symbolic link to %s, which is not in the project; the Python comes from the other evidence", name, target))
			continue
		}
		return nil, fmt.Errorf("%s is a symbolic link that leads outside the project or nowhere; pydock never follows links out of the project: copy the file in instead", name)
	}
	return warnings, nil
}

// pinFiles are the manifests that only pin a Python version.
var pinFiles = map[string]bool{".python-version": true, "runtime.txt": true}

// danglingInside reports whether the link name points, lexically, to a path
// inside the project that does not exist (neither escaping nor a loop).
func danglingInside(fsys fs.FS, name string) (string, bool) {
	target, err := fs.ReadLink(fsys, name)
	if err != nil || path.IsAbs(target) {
		return target, false
	}
	p := path.Join(path.Dir(name), target)
	if !fs.ValidPath(p) {
		return target, false
	}
	if _, err := fs.Lstat(fsys, p); !errors.Is(err, fs.ErrNotExist) {
		return target, false
	}
	return target, true
}
