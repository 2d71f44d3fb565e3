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
	}
	if lc == nil {
		return
	}
	f.LockCheck = lc
	if lc.Stale {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%s is stale: %s; the build's %s refuses it, so run `%s` and commit %s", lc.File, lc.Why, refusedBy[f.Manager], lc.Fix, lc.File))
	}
}

// refusedBy is the step of the generated Dockerfile that checks the lock.
var refusedBy = map[Manager]string{
	ManagerUV:     "uv sync --locked",
	ManagerPipenv: "pipenv verify",
	ManagerPDM:    "pdm install --check",
}
