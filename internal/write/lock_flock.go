//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package write

import (
	"errors"
	"os"
	"syscall"
)

// Lock serialises pydock runs on one project: an flock on the project
// directory itself, so there is no lock file to outlive a killed run (the
// kernel drops the lock when the process dies). exclusive is for runs
// that write; check takes a shared lock. waiting is called once if
// another run holds the lock, before blocking until it is released.
func Lock(root string, exclusive bool, waiting func()) (release func(), err error) {
	d, err := os.Open(root)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	fd := int(d.Fd())
	err = flock(fd, how|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		if waiting != nil {
			waiting()
		}
		err = flock(fd, how)
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	return func() { d.Close() }, nil
}

func flock(fd, how int) error {
	for {
		err := syscall.Flock(fd, how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
