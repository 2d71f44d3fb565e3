package detect

import (
	"fmt"
	"io/fs"
)

// LockCheck is the lock file's freshness as its own tool judges it before
// installing: uv sync --locked, pipenv verify and pdm install --check all
// refuse a lock that no longer matches its manifest, so a stale lock fails
// the build. nil in Facts means pydock could not judge it statically.
type LockCheck struct {
	File  string `json:"file"`
	Stale bool   `json:"stale"`
	// Why says what differs, with file and line where they help.
	Why string `json:"why,omitempty"`
	// Fix is the command that brings the lock up to date.
	Fix string `json:"fix,omitempty"`
	// Harmless: the lock still installs exactly what the manifest asks
	// (only the project's own version differs, or only how an older tool
	// hashed the same manifest), so the image installs it as committed
	// without the tool's check; any other difference keeps the check.
	Harmless bool `json:"harmless,omitempty"`
}

// checkLockFreshness judges the chosen manager's lock against its
// manifest, the way the tool does, and warns when the build would refuse it.
func checkLockFreshness(fsys fs.FS, f *Facts) {
	if f.workspace.uvWorkspace() {
		return // the lock is at the workspace root, outside this fsys
	}
	var lc *LockCheck
	switch f.Manager {
	case ManagerUV:
		lc = checkUVLock(fsys)
	case ManagerPipenv:
		lc = checkPipfileLock(fsys)
	case ManagerPDM:
		lc = checkPDMLock(fsys)
	case ManagerPoetry:
		lc = checkPoetryLock(fsys)
	}
	if lc == nil {
		return
	}
	f.LockCheck = lc
	switch {
	case lc.Stale && lc.Harmless:
		f.Warnings = append(f.Warnings, fmt.Sprintf("%s is stale: %s; %s would refuse it, but it still installs what the manifest asks, so the image installs it as committed (%s): run `%s`, commit %s and run pydock generate to check it again", lc.File, lc.Why, refusedBy[f.Manager], asCommitted[f.Manager], lc.Fix, lc.File))
	case lc.Stale:
		w := fmt.Sprintf("%s is stale: %s; the build's %s refuses it, so run `%s` and commit %s (building it as committed would leave out what changed)", lc.File, lc.Why, refusedBy[f.Manager], lc.Fix, lc.File)
		if isRegularFile(fsys, "requirements.txt") {
			// The project's own pins: a build that works today, by choice.
			w += "; or build from requirements.txt meanwhile: pydock generate --package-manager pip"
		}
		f.Warnings = append(f.Warnings, w)
	}
}

// asCommitted is how the generated Dockerfile installs a stale lock, so
// the first build works: the lock as it is, without its tool's check.
var asCommitted = map[Manager]string{
	ManagerUV:     "uv sync --frozen",
	ManagerPipenv: "pipenv requirements without pipenv verify",
}

// refusedBy is the step of the generated Dockerfile that checks the lock.
var refusedBy = map[Manager]string{
	ManagerUV:     "uv sync --locked",
	ManagerPipenv: "pipenv verify",
	ManagerPDM:    "pdm install --check",
	ManagerPoetry: "poetry sync",
}
