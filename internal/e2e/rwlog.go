package e2e

import "regexp"

// startWriteDenied is the app failing to write where the image's user may
// not (a log file, a cache folder, a SQLite file under /app): pydock's to
// get right, so never an accepted category.
var startWriteDenied = regexp.MustCompile(`(PermissionError|OSError|EnvironmentError)?:? ?\[Errno 13\].*|PermissionError: .*|Permission denied: .*|sqlite3\.OperationalError: unable to open database file`)

// writeDenied is the first line of a container's log where the app failed
// on such a write, else "".
func writeDenied(log string) string {
	return startWriteDenied.FindString(log)
}
