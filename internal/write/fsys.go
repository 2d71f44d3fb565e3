package write

import (
	"io"
	"io/fs"
	"os"
)

// fsys is the disk as Apply and Recover see it: the project's os.Root.
// Tests wrap it to fail, or to "kill" the run, at any step that changes
// the disk.
type fsys interface {
	Lstat(name string) (fs.FileInfo, error)
	Open(name string) (file, error)
	OpenFile(name string, flag int, perm fs.FileMode) (file, error)
	Rename(oldname, newname string) error
	Remove(name string) error
	MkdirAll(name string, perm fs.FileMode) error
}

// file is the part of *os.File a run uses.
type file interface {
	io.ReadWriteCloser
	Stat() (fs.FileInfo, error)
	Chmod(fs.FileMode) error
	Sync() error
}

// newFS is how Apply and Recover see a project; tests replace it.
var newFS = func(r *os.Root) fsys { return rootFS{r} }

type rootFS struct{ r *os.Root }

func (f rootFS) Lstat(name string) (fs.FileInfo, error) { return f.r.Lstat(name) }
func (f rootFS) Rename(o, n string) error               { return f.r.Rename(o, n) }
func (f rootFS) Remove(name string) error               { return f.r.Remove(name) }
func (f rootFS) MkdirAll(name string, perm fs.FileMode) error {
	return f.r.MkdirAll(name, perm)
}

func (f rootFS) Open(name string) (file, error) {
	h, err := f.r.Open(name)
	if err != nil {
		return nil, err
	}
	return h, nil
}

func (f rootFS) OpenFile(name string, flag int, perm fs.FileMode) (file, error) {
	h, err := f.r.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return h, nil
}
