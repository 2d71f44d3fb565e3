package detect

import (
	"fmt"
	"io/fs"
	"path"
)

// readDependencies fills the dependency facts from the chosen manager's
// files: pyproject.toml for what the project asks for, the lock file for
// what it gets (versions, wheels, workspace), requirements for pip.
func readDependencies(fsys fs.FS, f *Facts, py *pyproject, exists func(string) bool) error {
	if f.workspace.uvWorkspace() {
		return readWorkspaceDeps(f, py)
	}
	switch f.Manager {
	case ManagerUV:
		if py == nil {
			return fmt.Errorf("uv.lock found but no pyproject.toml beside it; uv needs both: restore pyproject.toml, or pass --package-manager pip")
		}
		lock, err := readUVLock(fsys, "uv.lock")
		if err != nil {
			return err
		}
		f.lockPython = lock.RequiresPython
		f.Lock = lock.lock("uv.lock")
		f.Dependencies = annotate(py.projectDeps("pyproject.toml"), lock.dependencies("uv.lock"))
		for _, m := range lock.Members {
			if m.Path != "" && m.Path != "." {
				f.Workspace = true
				if exists(path.Join(m.Path, "pyproject.toml")) {
					f.WorkspaceManifests = append(f.WorkspaceManifests, path.Join(m.Path, "pyproject.toml"))
				}
			}
		}
		noteExport(fsys, f, "uv")
	case ManagerPoetry:
		if py == nil {
			return fmt.Errorf("poetry.lock found but no pyproject.toml beside it; Poetry needs both: restore pyproject.toml, or pass --package-manager pip")
		}
		lock, err := readPoetryLock(fsys, "poetry.lock")
		if err != nil {
			return err
		}
		f.Dependencies = annotate(py.projectDeps("pyproject.toml"), lock.dependencies("poetry.lock"))
		f.Lock = lock.lock("poetry.lock")
		f.groupDeps = func(kind, name string) ([]Dependency, bool) {
			if kind != "group" {
				return nil, false
			}
			return lock.inGroup("poetry.lock", name)
		}
		noteExport(fsys, f, "poetry")
	case ManagerPDM:
		if py == nil || py.Project == nil {
			return fmt.Errorf("pdm.lock found but pyproject.toml has no [project] table beside it; pdm 2 needs both: restore it (pdm import migrates an old [tool.pdm] layout), or pass --package-manager pip")
		}
		lock, err := readPDMLock(fsys, "pdm.lock")
		if err != nil {
			return err
		}
		direct := py.projectDeps("pyproject.toml")
		f.Dependencies = annotate(direct, lock.dependencies("pdm.lock", direct, nil))
		if lock.inheritsGroups() {
			f.groupDeps = func(_, name string) ([]Dependency, bool) {
				return lock.dependencies("pdm.lock", direct, []string{name}), true
			}
		}
		f.Lock = lock.lock("pdm.lock", direct)
		noteExport(fsys, f, "pdm")
	case ManagerPipenv:
		return readPipenv(fsys, f, exists)
	case ManagerPylock:
		lf, pkgs, err := readPylock(fsys, "pylock.toml")
		if err != nil {
			return err
		}
		var direct []Dependency
		if py != nil && py.Project != nil {
			direct = py.projectDeps("pyproject.toml")
		}
		f.Dependencies = annotate(direct, pylockDependencies(pkgs, "pylock.toml"))
		if direct == nil {
			// No manifest says which are direct: every locked package is.
			for i := range f.Dependencies {
				f.Dependencies[i].Transitive = false
			}
		}
		if lf.CreatedBy != "" {
			f.Notes = append(f.Notes, "pylock.toml written by "+lf.CreatedBy+" (PEP 751): uv pip sync installs exactly it")
		}
	case ManagerPip:
		if f.RequirementsFile == "" {
			if py != nil && py.Project != nil {
				f.Dependencies = py.projectDeps("pyproject.toml")
			} else if f.setup != nil {
				f.Dependencies = f.setup.Requires
			} else if f.GroupsOnly {
				f.Dependencies = groupsOnlyDeps(py)
			}
			return nil
		}
		req, err := readRequirements(fsys, f.RequirementsFile)
		if err != nil {
			return err
		}
		if req.SelfInstall && len(req.Deps) == 0 && len(req.Files) <= 1 && py != nil && py.Project != nil && !py.dynamicDeps() {
			// Only the project itself (`.`): pyproject.toml holds the
			// dependencies, and pip cannot read `.` before the source is in.
			f.Notes = append(f.Notes, fmt.Sprintf("%s only installs the project itself (.): the dependencies come from pyproject.toml, the project is its wheel", f.RequirementsFile))
			f.RequirementsFile, f.RequirementsFiles, f.ManagerFrom = "", nil, Source{File: "pyproject.toml"}
			f.Dependencies = py.projectDeps("pyproject.toml")
			return nil
		}
		f.Dependencies = req.Deps
		f.RequirementsFiles = req.Files
		f.Hashes = req.Hashes
		f.ExportOf = req.ExportOf
		if req.Hashes && req.ExportOf == "" {
			f.HashOmits = hashOmits(req.Deps)
		}
		lines := selfLines(req)
		switch {
		case len(lines) > 0 && (req.ExportOf != "" || req.Hashes):
			// A complete set without the line (an export, or a hashed
			// compile that resolved the project's dependencies through
			// it): the project is its wheel.
			f.SelfLines = lines
			complete := "the " + req.ExportOf + " export being complete without it"
			if req.ExportOf == "" {
				complete = "its hashed pins holding what the project requires"
			}
			f.Notes = append(f.Notes, fmt.Sprintf("%s:%d installs the project itself (-e .): the dependency step leaves that line out, %s (pip could neither read the project before its source is in nor hash an editable install); the project is its own wheel, built after the source", f.RequirementsFile, lines[0], complete))
		case len(lines) > 0 && len(req.SelfExtras) == 0 && py != nil && py.Project != nil && !py.dynamicDeps():
			// The line stood for the project's dependencies: pyproject.toml
			// lists them, read in the dependency step in its place.
			f.SelfLines, f.SelfDeps = lines, true
			f.Dependencies = mergeDeps(req.Deps, py.projectDeps("pyproject.toml"))
			f.Notes = append(f.Notes, fmt.Sprintf("%s:%d installs the project itself (-e .): the dependency step leaves that line out and installs the dependencies pyproject.toml declares in its place (pip cannot read the project before its source is in); the project is its own wheel, built after the source", f.RequirementsFile, lines[0]))
		case req.SelfInstall:
			f.Warnings = append(f.Warnings, fmt.Sprintf("%s installs the project itself (-e . or .); pydock installs the project after the dependencies, so drop that line (uv export --no-emit-project, or remove it) to keep the dependency layer cached", f.RequirementsFile))
		}
	}
	return nil
}

// annotate adds what the lock knows (version, wheels) to the direct
// dependencies, and appends the lock's other packages as transitive ones:
// they matter for compilers and libraries, not for framework detection.
func annotate(direct, locked []Dependency) []Dependency {
	byName := make(map[string]int, len(locked))
	for i, d := range locked {
		byName[d.Name] = i
	}
	seen := make(map[string]bool, len(direct))
	for i := range direct {
		seen[direct[i].Name] = true
		if j, ok := byName[direct[i].Name]; ok {
			direct[i].Version = locked[j].Version
			direct[i].Wheels = locked[j].Wheels
			if direct[i].Path == "" {
				direct[i].Path = locked[j].Path // a uv source or pdm's ${PROJECT_ROOT}
			}
		}
	}
	for _, d := range locked {
		if !seen[d.Name] {
			d.Transitive = true
			direct = append(direct, d)
			seen[d.Name] = true
		}
	}
	return direct
}

// noteExport explains a requirements.txt that sits beside the lock: an
// export of it is expected; anything else may disagree with the lock.
func noteExport(fsys fs.FS, f *Facts, manager string) {
	name := requirementsEntry(fsys)
	if name == "" {
		return
	}
	req, err := readRequirements(fsys, name)
	switch {
	case err == nil && req.ExportOf == manager:
		f.Notes = append(f.Notes, fmt.Sprintf("%s is an export of %s; the lock file is installed directly", name, f.ManagerFrom.File))
	default:
		f.Warnings = append(f.Warnings, fmt.Sprintf("%s and %s are both present; the lock file wins (it pins every package). Pass --package-manager pip to install %s instead", f.ManagerFrom.File, name, name))
	}
}

// selfLines are the lines of a requirements file that install the project
// itself, when the dependency step can read a copy without them: the file
// must include no other, since pip reads that copy from elsewhere.
func selfLines(req *requirements) []int {
	if !req.SelfInstall || len(req.Files) != 1 {
		return nil
	}
	var lines []int
	for _, s := range req.SelfLines {
		if s.File != req.Files[0] || s.Line <= 0 {
			return nil
		}
		lines = append(lines, s.Line)
	}
	return lines
}

// mergeDeps appends the dependencies of more that deps does not name.
func mergeDeps(deps, more []Dependency) []Dependency {
	out := append([]Dependency(nil), deps...)
	seen := make(map[string]bool, len(deps))
	for _, d := range deps {
		seen[d.Name] = true
	}
	for _, d := range more {
		if !seen[d.Name] {
			seen[d.Name] = true
			out = append(out, d)
		}
	}
	return out
}
