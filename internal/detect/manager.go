package detect

import (
	"fmt"
	"io/fs"
	"strings"
)

// Which package manager installs the project: a committed lock first, then
// what the manifests say, or what --package-manager forces.

// lockOwners maps each lock file to the manager that writes it, in the
// order pydock prefers them.
var lockOwners = []struct {
	file    string
	manager Manager
}{
	{"uv.lock", ManagerUV},
	{"poetry.lock", ManagerPoetry},
	{"pdm.lock", ManagerPDM},
	{"Pipfile.lock", ManagerPipenv},
}

// chooseManager applies the lock-owner-first rule: a committed lock file is
// a stronger signal than a requirements.txt beside it.
func chooseManager(fsys fs.FS, f *Facts, py *pyproject, opt Options, exists func(string) bool) error {
	if f.workspace.uvWorkspace() {
		f.Manager, f.ManagerFrom = ManagerUV, Source{File: "uv.lock"}
		return nil
	}
	var locks []string
	for _, l := range lockOwners {
		if exists(l.file) {
			locks = append(locks, l.file)
		}
	}
	reqFile := requirementsEntry(fsys)
	hasPoetryTable := py != nil && py.Tool.Poetry != nil

	if opt.Manager != "" {
		f.Manager = opt.Manager
		f.ManagerFrom = Source{File: "--package-manager"}
		switch opt.Manager {
		case ManagerUV:
			if !exists("uv.lock") {
				return fmt.Errorf("--package-manager uv needs uv.lock; run `uv lock` and commit it")
			}
			f.ManagerFrom = Source{File: "uv.lock"}
		case ManagerPoetry:
			if !exists("poetry.lock") {
				return fmt.Errorf("--package-manager poetry needs poetry.lock; run `poetry lock` and commit it")
			}
			f.ManagerFrom = Source{File: "poetry.lock"}
		case ManagerPip:
			switch {
			case reqFile != "":
				f.RequirementsFile = reqFile
				f.ManagerFrom = Source{File: reqFile}
			case py != nil && py.Project != nil:
				f.ManagerFrom = Source{File: "pyproject.toml"}
			default:
				return fmt.Errorf("--package-manager pip needs requirements.txt or a pyproject.toml with a [project] table")
			}
		case ManagerPylock:
			if !exists("pylock.toml") {
				return fmt.Errorf("--package-manager pylock needs pylock.toml; write it with uv export -o pylock.toml (or pdm export -f pylock)")
			}
			f.ManagerFrom = Source{File: "pylock.toml"}
		case ManagerPDM, ManagerPipenv:
			lock := lockOf(opt.Manager)
			if !exists(lock) {
				return fmt.Errorf("--package-manager %s needs %s; run `%s lock` and commit it", opt.Manager, lock, opt.Manager)
			}
			f.ManagerFrom = Source{File: lock}
		case ManagerNone:
		default:
			return fmt.Errorf("unknown package manager %q: use uv, poetry, pdm, pipenv, pylock or pip", opt.Manager)
		}
		return nil
	}

	if len(locks) > 1 {
		lock, note, err := chooseBetweenLocks(fsys, py, locks)
		if err != nil {
			return err
		}
		f.Notes = append(f.Notes, note)
		locks = []string{lock}
	}
	if len(locks) == 1 {
		f.Manager, f.ManagerFrom = managerOf(locks[0]), Source{File: locks[0]}
		if exists("pylock.toml") {
			f.Notes = append(f.Notes, fmt.Sprintf("pylock.toml is an export beside %s; %s is installed", locks[0], locks[0]))
		}
		return nil
	}
	if exists("pylock.toml") {
		f.Manager, f.ManagerFrom = ManagerPylock, Source{File: "pylock.toml"}
		return nil
	}
	if exists("Pipfile") {
		return pipfileWithoutLock(fsys, f, reqFile)
	}
	if hasPoetryTable && (py.Project == nil || py.Tool.Poetry.Dependencies != nil) && reqFile == "" {
		return fmt.Errorf("pyproject.toml uses Poetry ([tool.poetry]) but there is no poetry.lock; run `poetry lock` and commit it so builds are reproducible, or pass --package-manager pip to install with pip")
	}
	switch {
	case reqFile != "":
		f.Manager, f.ManagerFrom, f.RequirementsFile = ManagerPip, Source{File: reqFile}, reqFile
		noteProductionRequirements(fsys, f, reqFile)
	case py != nil && py.Project != nil && py.dynamicDeps():
		// The backend computes the dependencies: from a file pip can read,
		// else only a build knows them.
		f.Manager, f.ManagerFrom = ManagerPip, Source{File: "pyproject.toml"}
		if file := py.dynamicDepsFile(); file != "" && exists(file) {
			f.RequirementsFile, f.ManagerFrom = file, Source{File: file}
		} else {
			f.SetupDeps = "build"
			f.Notes = append(f.Notes, "pyproject.toml declares its dependencies dynamic and pydock cannot read where from: the builder builds the project's wheel with them after the source is copied (no separate dependency layer)")
		}
	case py != nil && py.Project != nil:
		f.Manager, f.ManagerFrom = ManagerPip, Source{File: "pyproject.toml"}
		if py.Tool.UV != nil {
			f.Warnings = append(f.Warnings, "pyproject.toml configures uv but there is no uv.lock; installing with pip — run `uv lock` and commit uv.lock for reproducible builds")
		} else {
			f.Notes = append(f.Notes, "no lock file: pip installs the versions pyproject.toml allows at build time")
		}
	case f.setup != nil:
		f.Manager, f.ManagerFrom = ManagerPip, Source{File: f.setup.File}
		if f.setup.RequiresFile != "" && exists(f.setup.RequiresFile) {
			f.RequirementsFile = f.setup.RequiresFile
		}
	case py != nil && py.Project == nil && len(py.DependencyGroups) > 0:
		// PEP 735 groups with no [project] table: an application's way of
		// listing what it needs without being a package (`pip install
		// --group main`). The groups for development are not the app's.
		if len(appGroups(py.DependencyGroups)) == 0 {
			return fmt.Errorf("pyproject.toml has no [project] table and its dependency groups are for development only (%s): pydock finds nothing the app needs; add a [project] table with dependencies, or a group for the app", strings.Join(sortedKeys(py.DependencyGroups), ", "))
		}
		f.Manager, f.ManagerFrom, f.GroupsOnly = ManagerPip, Source{File: "pyproject.toml"}, true
	case hasPythonFiles(fsys) || hasRootPackage(fsys):
		// Nothing at the root lists dependencies: the authors' own image
		// may install them from beside its Dockerfile.
		if file, note := authorsEntryRequirements(fsys); file != "" {
			f.Manager, f.ManagerFrom, f.RequirementsFile = ManagerPip, Source{File: file}, file
			f.Notes = append(f.Notes, note)
			break
		}
		if hasPythonFiles(fsys) {
			f.Manager, f.ManagerFrom = ManagerNone, Source{File: "*.py"}
			f.Notes = append(f.Notes, "no pyproject.toml, lock file or requirements.txt: the standard library only, nothing to install")
			break
		}
		fallthrough
	default:
		if subs := subProjects(fsys); len(subs) > 0 {
			return fmt.Errorf("%w here, but these folders are projects: %s: run pydock init %s", ErrNotPython, strings.Join(subs, ", "), strings.TrimSuffix(strings.Fields(subs[0])[0], "/"))
		}
		return fmt.Errorf("%w: looked for pyproject.toml, uv.lock, poetry.lock, requirements.txt and *.py files", ErrNotPython)
	}
	return nil
}

func managerOf(lock string) Manager {
	for _, l := range lockOwners {
		if l.file == lock {
			return l.manager
		}
	}
	return ""
}

func lockOf(m Manager) string {
	for _, l := range lockOwners {
		if l.manager == m {
			return l.file
		}
	}
	return ""
}
