package write

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// File is one file pydock wants on disk.
type File struct {
	// Path is slash-separated and relative to the project root.
	Path string
	// Content must already carry the marker (see Stamp).
	Content []byte
	// Mode is the permission for a new file; 0 means 0644. When updating,
	// 0 keeps the existing file's permissions (the user may have chmodded
	// it) and a non-zero Mode is applied.
	Mode fs.FileMode
	// Replaces, when set, lets Content overwrite an Edited or Foreign
	// destination without Force and without a backup, provided its bytes
	// are still exactly Replaces: the caller has merged the user's edits
	// into Content, and the comparison guards against a save in between.
	Replaces []byte
	// Plain marks a file the user and pydock share (pydock.toml,
	// pyproject.toml): it carries no marker, and is written only over
	// exactly the bytes in Replaces (nil: only where no file exists).
	Plain bool
	// MoveAside renames the user's file at Path to a backup (Content is
	// unused): taking it over for a file of pydock's it would shadow.
	MoveAside bool
}

// Options steer Apply.
type Options struct {
	// Force replaces files the user wrote or edited, keeping a backup.
	Force bool
	// DryRun writes nothing; results use WouldCreate and WouldUpdate.
	DryRun bool
}

// Action is what Apply did, or would do, to one file.
type Action string

const (
	Created   Action = "created"
	Updated   Action = "updated"
	Unchanged Action = "unchanged" // same bytes already there; not touched
	Refused   Action = "refused"   // user's file; see Result.Reason
	// WouldCreate and WouldUpdate report a write that did not happen:
	// in a DryRun, in a run stopped because another file was Refused, or
	// for files not reached when a write failed midway.
	WouldCreate Action = "would create"
	WouldUpdate Action = "would update"
	// MovedAside: a MoveAside file was renamed to Result.Backup.
	MovedAside     Action = "moved"
	WouldMoveAside Action = "would move"
)

// Result reports the outcome for one File, in the order given to Apply.
type Result struct {
	Path   string
	Action Action
	// Reason, for Refused, says why and what to do next.
	Reason string
	// Backup is the slash path of the copy of a user's file that Force
	// replaced (for WouldUpdate: the name the copy would get).
	Backup string
}

var (
	// ErrRefused is returned, with full results, when at least one file
	// was Refused; nothing was written in that run.
	ErrRefused = errors.New("refusing to overwrite files pydock did not write or that were edited")
	// ErrUnsafePath is returned for a path pydock will never write: absolute,
	// escaping the root, a symlink, a directory or a special file.
	ErrUnsafePath = errors.New("unsafe destination")
)

const (
	backupSuffix = ".pydock-bak"
	tempInfix    = ".pydock-tmp-"
	defaultMode  = 0o644
)

// plan is the decision for one file, made before anything is written.
type plan struct {
	name    string // native path for os.Root
	content []byte
	mode    fs.FileMode
	old     []byte // content being replaced, when a backup is due
	oldMode fs.FileMode
	backup  string // native path of the backup to write, if any
	// present and oldSum say what the destination held when planned,
	// checked again just before anything is replaced.
	present bool
	oldSum  string
	move    bool // rename name to backup; nothing is written

	res Result
}

// Apply writes files under root, which must be the project directory.
//
// It plans first and writes second: every destination is inspected
// before anything is written, and if any would be Refused (a Foreign or
// Edited file without Force), nothing at all is written and the error
// wraps ErrRefused. With Force such files are replaced and their old
// content is kept as "<name>.pydock-bak" (or ".pydock-bak.N" when taken).
// Files whose bytes are already right are left untouched, mtime included.
// A DryRun plans the same way (including ErrRefused) and writes nothing.
//
// A run lands whole or not at all (see commit): every new file is written
// to a temp file and synced, the intent is recorded in a journal, and only
// then are the temp files renamed into place; a run that is killed midway
// is rolled back or forward by the next one (Recover). A destination that
// changed since it was planned stops the run before anything is replaced
// (ErrChanged).
//
// Results are returned alongside ErrRefused and alongside an I/O error (a
// failed run shows Would*); a bad path or unstamped content fails the
// whole run with nil results.
func Apply(root string, files []File, opt Options) ([]Result, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// One OS thread for the whole run, so a tracer counting this
	// process's renames (the kill test) counts them in order.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fsys := newFS(r)
	if !opt.DryRun {
		if _, err := recoverRun(fsys); err != nil {
			return nil, err
		}
	}

	plans, err := planAll(fsys, files, opt)
	if err != nil {
		return nil, err
	}
	results := make([]Result, len(plans))
	var refused []string
	for i, p := range plans {
		results[i] = p.res
		if p.res.Action == Refused {
			refused = append(refused, p.res.Path)
		}
	}
	if len(refused) > 0 {
		return results, fmt.Errorf("%w: %s", ErrRefused, strings.Join(refused, ", "))
	}
	if opt.DryRun {
		return results, nil
	}

	if err := commit(fsys, plans); err != nil {
		return results, err
	}
	for i := range results {
		switch results[i].Action {
		case WouldCreate:
			results[i].Action = Created
		case WouldUpdate:
			results[i].Action = Updated
		case WouldMoveAside:
			results[i].Action = MovedAside
		}
	}
	return results, nil
}

func planAll(r fsys, files []File, opt Options) ([]plan, error) {
	// Destinations are reserved so no backup name collides with them.
	taken := make(map[string]bool, len(files))
	names := make([]string, len(files))
	for i, f := range files {
		name, err := localName(f.Path)
		if err != nil {
			return nil, err
		}
		if taken[name] {
			return nil, fmt.Errorf("%s: listed twice", f.Path)
		}
		// Merged content keeps the marker of what pydock generated, so it
		// is Edited by design; it must still carry a marker.
		if st := Inspect(f.Content); !f.Plain && !f.MoveAside && (st == Foreign || (st == Edited && f.Replaces == nil)) {
			return nil, fmt.Errorf("%s: content carries no valid pydock marker; Stamp it first", f.Path)
		}
		taken[name] = true
		names[i] = name
	}

	plans := make([]plan, len(files))
	for i, f := range files {
		p, err := planFile(r, f, names[i], opt, taken)
		if err != nil {
			return nil, err
		}
		plans[i] = p
	}
	return plans, nil
}

// localName turns a slash path into a native one, rejecting anything
// that is not lexically inside the root. os.Root would refuse escapes
// anyway; checking first gives a clearer message and fails before any
// write.
func localName(p string) (string, error) {
	if p == "" {
		return "", fmt.Errorf("%w: empty path", ErrUnsafePath)
	}
	name := filepath.FromSlash(path.Clean(p))
	if path.IsAbs(p) || filepath.IsAbs(name) || filepath.VolumeName(name) != "" {
		return "", fmt.Errorf("%w: %s is absolute; paths must be relative to the project root", ErrUnsafePath, p)
	}
	if !filepath.IsLocal(name) || name == "." {
		return "", fmt.Errorf("%w: %s is outside the project root", ErrUnsafePath, p)
	}
	return name, nil
}

func planFile(r fsys, f File, name string, opt Options, taken map[string]bool) (plan, error) {
	p := plan{name: name, content: f.Content, res: Result{Path: f.Path}}
	if f.MoveAside {
		return planMove(r, f, p, taken)
	}

	info, err := r.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) && f.Plain && f.Replaces != nil {
		p.res.Action, p.res.Reason = Refused, fmt.Sprintf("%s was removed during the run; run pydock again", f.Path)
		return p, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		p.mode = f.Mode.Perm()
		if p.mode == 0 {
			p.mode = defaultMode
		}
		p.res.Action = WouldCreate
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("%s: %w", f.Path, err)
	}
	if err := checkRegular(f.Path, info); err != nil {
		return p, err
	}
	old, err := readSame(r, name, info)
	if err != nil {
		return p, fmt.Errorf("%s: %w", f.Path, err)
	}

	p.present, p.oldSum = true, sum(old)
	if bytes.Equal(old, f.Content) {
		p.res.Action = Unchanged
		return p, nil
	}
	p.mode = f.Mode.Perm()
	if p.mode == 0 {
		p.mode = info.Mode().Perm()
	}
	p.res.Action = WouldUpdate
	if f.Replaces != nil && bytes.Equal(old, f.Replaces) {
		return p, nil
	}
	if f.Plain {
		p.res.Action, p.res.Reason = Refused, fmt.Sprintf("%s changed during the run; run pydock again", f.Path)
		return p, nil
	}

	switch Inspect(old) {
	case Pristine:
		return p, nil
	case Foreign:
		p.res.Reason = fmt.Sprintf("%s was not written by pydock; rerun with --force to replace it (a backup is kept)", f.Path)
	case Edited:
		p.res.Reason = fmt.Sprintf("%s was edited since pydock wrote it; rerun with --force to overwrite (a backup is kept), or --diff to see the change", f.Path)
	}
	if !opt.Force {
		p.res.Action = Refused
		return p, nil
	}
	p.res.Reason = ""
	backup, err := backupName(r, name, taken)
	if err != nil {
		return p, fmt.Errorf("%s: %w", f.Path, err)
	}
	taken[backup] = true
	p.old, p.oldMode, p.backup = old, info.Mode().Perm(), backup
	p.res.Backup = filepath.ToSlash(backup)
	return p, nil
}

// planMove plans renaming the user's file to a free backup name.
func planMove(r fsys, f File, p plan, taken map[string]bool) (plan, error) {
	info, err := r.Lstat(p.name)
	if errors.Is(err, fs.ErrNotExist) {
		p.res.Action = Unchanged
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("%s: %w", f.Path, err)
	}
	if err := checkRegular(f.Path, info); err != nil {
		return p, err
	}
	old, err := readSame(r, p.name, info)
	if err != nil {
		return p, fmt.Errorf("%s: %w", f.Path, err)
	}
	backup, err := backupName(r, p.name, taken)
	if err != nil {
		return p, fmt.Errorf("%s: %w", f.Path, err)
	}
	taken[backup] = true
	p.move, p.present, p.oldSum, p.backup = true, true, sum(old), backup
	p.res.Action, p.res.Backup = WouldMoveAside, filepath.ToSlash(backup)
	return p, nil
}

// checkRegular refuses anything but a plain file. Symlinks are refused
// even when they point inside the project: replacing one would silently
// turn a link the user made into a copy.
func checkRegular(display string, info fs.FileInfo) error {
	switch m := info.Mode(); {
	case m&fs.ModeSymlink != 0:
		return fmt.Errorf("%w: %s is a symbolic link; pydock does not write through links, even ones inside the project; replace it with a regular file or remove it", ErrUnsafePath, display)
	case m.IsDir():
		return fmt.Errorf("%w: %s is a directory; move it out of the way", ErrUnsafePath, display)
	case !m.IsRegular():
		return fmt.Errorf("%w: %s is not a regular file (%v)", ErrUnsafePath, display, m.Type())
	}
	return nil
}

// readSame reads name, making sure it is still the file Lstat saw rather
// than a symlink swapped in since.
func readSame(r fsys, name string, want fs.FileInfo) ([]byte, error) {
	f, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	got, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(want, got) {
		return nil, fmt.Errorf("%w: file changed while being read; try again", ErrUnsafePath)
	}
	return io.ReadAll(f)
}

// backupName finds the first free "<name>.pydock-bak[.N]".
func backupName(r fsys, name string, taken map[string]bool) (string, error) {
	for n := 0; n < 1000; n++ {
		cand := name + backupSuffix
		if n > 0 {
			cand += "." + strconv.Itoa(n)
		}
		if taken[cand] {
			continue
		}
		_, err := r.Lstat(cand)
		if errors.Is(err, fs.ErrNotExist) {
			return cand, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("too many %s files; clean some up", backupSuffix)
}

// writeSyncClose sets the mode on the open handle (no path to race on,
// and it overrides the umask), writes, fsyncs and closes.
func writeSyncClose(f file, data []byte, mode fs.FileMode) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
