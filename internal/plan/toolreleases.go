package plan

import (
	"fmt"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

// toolReleases: for pdm and Pipenv, the newest release for each oldest
// Python they run on (Requires-Python of the release's files), newest
// first; the first row of each tool is the pinned default. Source:
// https://pypi.org/pypi/<tool>/json, read 2026-11-29 (upload dates shown).
var toolReleases = []struct {
	manager detect.Manager
	version string
	floor   int // Requires-Python >=3.floor
	date    string
	// holds are the tool's own dependencies installed at the version its
	// release locked, where a fresh resolve picks one that breaks it.
	holds []string
}{
	// pdm 2.29.4 asks for hishel>=1.4.0; hishel 2.0 drops SyncSqliteStorage
	// and pdm fails to import its PyPI client (reproduced 2026-11-29 in a
	// fresh Python 3.10 venv: "module 'hishel' has no attribute
	// 'SyncSqliteStorage'"). 1.4.0 is the pin of pdm's own `locked` extra.
	{detect.ManagerPDM, PDMVersion, 10, "2026-10-27", []string{"hishel[httpx2]==1.4.0"}},
	// On 3.9 and older, pip resolves hishel 1.1.8 / 0.0.33 (hishel 2.0
	// needs 3.10); each installs and runs (`pdm --version`, 2026-11-29).
	{detect.ManagerPDM, "2.26.9", 9, "2026-05-10", nil},
	{detect.ManagerPDM, "2.20.1", 8, "2024-11-09", nil},
	{detect.ManagerPDM, "2.10.4", 7, "2023-11-24", nil},
	{detect.ManagerPipenv, PipenvVersion, 10, "2026-10-25", nil},
	{detect.ManagerPipenv, "2025.0.4", 9, "2025-07-07", nil},
	{detect.ManagerPipenv, "2024.4.1", 8, "2025-01-22", nil},
	{detect.ManagerPipenv, "2023.10.3", 7, "2023-10-03", nil},
	{detect.ManagerPipenv, "2022.4.8", 6, "2022-04-08", nil},
}

// toolHolds are the dependency holds of a manager's release, as pip
// requirement arguments.
func toolHolds(m detect.Manager, version string) []string {
	for _, r := range toolReleases {
		if r.manager == m && r.version == version {
			return r.holds
		}
	}
	return nil
}

// toolFloor is the oldest Python 3 minor the manager's pinned release
// runs on (0: no such manager in the table).
func toolFloor(m detect.Manager) int {
	for _, r := range toolReleases {
		if r.manager == m {
			return r.floor
		}
	}
	return 0
}

// choosePDMRelease picks, for an app on a Python older than the pinned
// pdm runs on, the newest pdm release that does: pdm installs into the
// app's venv with the app's own interpreter, so it must run on it. (A pdm
// on another interpreter would need a second Python in the image; an
// older pdm reads the locks of the era of an old Python.)
func (p *Plan) choosePDMRelease() bool {
	if p.Python.Minor.Major != 3 {
		return false
	}
	for _, r := range toolReleases {
		if r.manager != detect.ManagerPDM || r.floor > p.Python.Minor.Minor {
			continue
		}
		if r.version != PDMVersion {
			p.PDMVersion = r.version
			p.decide("pdm version", r.version, fmt.Sprintf("the newest pdm whose Requires-Python >=3.%d admits Python %s (released %s); pydock's pinned %s needs 3.%d", r.floor, p.Python.Minor, r.date, PDMVersion, toolFloor(detect.ManagerPDM)))
		}
		return true
	}
	return false
}

// oldestRelease and oldestFloor are the table's last row for the manager:
// the release that runs on the oldest Python.
func oldestRelease(m detect.Manager) string { v, _ := oldest(m); return v }
func oldestFloor(m detect.Manager) int      { _, f := oldest(m); return f }

func oldest(m detect.Manager) (string, int) {
	v, f := "", 0
	for _, r := range toolReleases {
		if r.manager == m {
			v, f = r.version, r.floor
		}
	}
	return v, f
}

// pipGroupReleases: pip releases that install PEP 735 dependency groups
// (`--group`, new in pip 25.1), the newest for each oldest Python it runs
// on, newest first. Source: https://pypi.org/pypi/pip/json, read
// 2026-11-30 (requires_python and upload date of each release's files).
var pipGroupReleases = []struct {
	version string
	floor   int // Requires-Python >=3.floor
	date    string
}{
	{"26.3", 10, "2026-11-02"},
	{"25.3", 9, "2025-10-25"},
}

// pipGroupsRelease is the pip that installs dependency groups on minor.
func pipGroupsRelease(minor pyversion.Version) (string, error) {
	for _, r := range pipGroupReleases {
		if minor.Major == 3 && minor.Minor >= r.floor {
			return r.version, nil
		}
	}
	return "", fmt.Errorf("pyproject.toml lists its dependencies as dependency groups only, which pip installs from release 25.1 on, and pip 25.1 needs Python 3.9 or newer; the project asks for Python %s: add a [project] table with the dependencies, or choose a newer Python", minor)
}
