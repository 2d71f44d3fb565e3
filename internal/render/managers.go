package render

import (
	"path"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// InLock is where a manifest of the manager sits in the build context: in
// LockDir when the app's lock is not at the context's root.
func (v *view) InLock(name string) string { return path.Join(v.LockDir, name) }

// ToolDir points the manager at LockDir: Poetry's --directory, pdm's -p,
// uv's --project (LockDir holds only plain path characters: placeMember).
func (v *view) ToolDir() string {
	if v.LockDir == "" {
		return ""
	}
	switch v.Manager {
	case detect.ManagerPoetry:
		return " --directory " + v.LockDir
	case detect.ManagerPDM:
		return " -p " + v.LockDir
	case detect.ManagerUV:
		return " --project " + v.LockDir
	}
	return ""
}

// MemberOnly: the app is one folder of a context its path dependencies
// share (not a uv workspace member, which builds with its workspace): the
// runtime needs only that folder, the dependencies being in the venv.
func (v *view) MemberOnly() bool { return v.MemberDir != "" && v.Package == "" }

// PDMProd leaves pdm's dev groups out, unless one is selected: pdm refuses
// --prod with a dev group (its group filter, pdm 2.x), and with -G naming
// one it installs the default group and the named ones only.
func (v *view) PDMProd() string {
	if len(v.Groups) > 0 {
		return ""
	}
	return " --prod"
}

// PDMGroups selects the optional groups the production set needs
// (" -G name" each); the default group is always installed.
func (v *view) PDMGroups() string {
	var b strings.Builder
	for _, g := range append(slices.Clone(v.Extras), v.Groups...) {
		b.WriteString(" -G " + g)
	}
	return b.String()
}

// PipenvLockAtBuild: there is no Pipfile.lock, so the build locks the
// Pipfile as the authors' own build does.
func (v *view) PipenvLockAtBuild() bool { return v.Pipenv != nil && v.Pipenv.LockAtBuild }

// PipenvExport is the options of `pipenv requirements`: hashes when every
// entry has them, the selected categories, and no index line when every
// source is PyPI (a -i in the file would override PIP_INDEX_URL).
func (v *view) PipenvExport() string {
	var b strings.Builder
	if v.Hashes {
		b.WriteString(" --hash")
	}
	if len(v.Groups) > 0 {
		b.WriteString(" --categories \"" + strings.Join(append([]string{"packages"}, v.Groups...), " ") + "\"")
	}
	if v.Pipenv != nil && v.Pipenv.PublicIndex {
		b.WriteString(" --exclude-index")
	}
	return b.String()
}

// uvOptional is uv sync's --extra and --group for the selected sets.
func (v *view) uvOptional() string {
	var b strings.Builder
	for _, e := range v.Extras {
		b.WriteString(" --extra " + e)
	}
	for _, g := range v.Groups {
		b.WriteString(" --group " + g)
	}
	return b.String()
}

// PoetryOnly is the groups poetry sync installs: main and the selected.
func (v *view) PoetryOnly() string { return strings.Join(append([]string{"main"}, v.Groups...), ",") }

// PoetryExtras is poetry sync's -E for each selected extra.
func (v *view) PoetryExtras() string {
	var b strings.Builder
	for _, e := range v.Extras {
		b.WriteString(" -E " + e)
	}
	return b.String()
}

// PipExtras adds the selected extras' requirements (and PEP 735 groups'
// plain requirements) to what the pyproject one-liner prints.
func (v *view) PipExtras() string {
	var b strings.Builder
	for _, e := range v.Extras {
		b.WriteString(" + tomllib.load(open('pyproject.toml', 'rb'))['project'].get('optional-dependencies', {}).get('" + e + "', [])")
	}
	for _, g := range v.Groups {
		b.WriteString(" + [r for r in tomllib.load(open('pyproject.toml', 'rb')).get('dependency-groups', {}).get('" + g + "', []) if isinstance(r, str)]")
	}
	return b.String()
}

// BuildsWithDeps: only building the project's wheel tells its
// dependencies (setup.py computes them, or dynamic metadata pydock cannot
// read), so the builder builds it with them into the venv.
func (v *view) BuildsWithDeps() bool { return v.SetupDeps == "setup.py" || v.SetupDeps == "build" }

// IsPathDep reports whether a build file is a path dependency's folder,
// mounted writable (mountrw).
func (v *view) IsPathDep(p string) bool { return slices.Contains(v.PathDeps, p) }
