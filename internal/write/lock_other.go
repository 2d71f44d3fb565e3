//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package write

// Lock is a no-op where flock is unavailable: runs are not serialised
// there, but each run still checks every file just before replacing it.
func Lock(root string, exclusive bool, waiting func()) (release func(), err error) {
	return func() {}, nil
}
