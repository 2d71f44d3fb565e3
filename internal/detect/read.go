package detect

import (
	"fmt"
	"io"
	"io/fs"
)

// readBounded reads name through fsys, refusing anything but a regular
// file of at most limit bytes, so a stray dump cannot exhaust memory. The
// read itself is bounded too, in case the file system reports a wrong size.
// what names the kind of file in the size error.
func readBounded(fsys fs.FS, name string, limit int64, what string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	tooBig := func(n int64) error {
		return fmt.Errorf("%s: file is %d bytes; pydock reads %s up to %d MiB", name, n, what, limit>>20)
	}
	if st.Size() > limit {
		return nil, tooBig(st.Size())
	}
	data, err := readAllSized(io.LimitReader(f, limit+1), st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, tooBig(int64(len(data)))
	}
	return data, nil
}

// readAllSized is io.ReadAll with the buffer sized from Stat up front:
// growing it step by step costs more than parsing a large lock file.
func readAllSized(r io.Reader, size int64) ([]byte, error) {
	buf := make([]byte, 0, size+1) // +1 so EOF is seen without growing
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the size was wrong: grow
		}
	}
}
