package write

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// JournalPath records a run between its first and last write, so a run
// that is killed or fails midway is finished (or undone) by the next one.
const JournalPath = ".pydock/journal"

// ErrChanged is returned when a destination changed between planning and
// replacing it (the user saved it during the run): nothing was written.
var ErrChanged = errors.New("changed during the run")

// journal is the intent of one run: rename each Temp over its Dest.
type journal struct {
	// State is "prepare" while the temp files are being written (a crash
	// rolls back: the temps are removed) and "commit" once they all are
	// on disk (a crash rolls forward: the renames are finished).
	State string `json:"state"`
	Ops   []op   `json:"ops"`
}

type op struct {
	Temp string `json:"temp"` // slash paths, relative to the root
	Dest string `json:"dest"`
	// Old is the checksum of what Dest held when planned ("" when it did
	// not exist); New that of Temp.
	Old string `json:"old,omitempty"`
	New string `json:"new"`
	// Move renames the user's file Temp to the backup Dest: undoing the
	// run leaves Temp where it is, and Old is Temp's checksum.
	Move bool `json:"move,omitempty"`

	data []byte
	mode fs.FileMode
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// commit writes the planned files as one run. Steps, each durable before
// the next: (1) journal "prepare" naming every temp file; (2) the temp
// files, written, chmodded and synced beside their destinations; (3) every
// destination read again and compared with what was planned; (4) journal
// "commit"; (5) the renames; (6) the journal removed. A failure before (4)
// removes the temps: nothing was written. A failure after it leaves the
// journal, and the next run finishes the renames (recoverRun).
func commit(r fsys, plans []plan) error {
	var ops []op
	for _, p := range plans {
		if p.move && p.res.Action == WouldMoveAside {
			ops = append(ops, op{Temp: filepath.ToSlash(p.name), Dest: filepath.ToSlash(p.backup), Old: p.oldSum, New: p.oldSum, Move: true})
			continue
		}
		if p.res.Action != WouldCreate && p.res.Action != WouldUpdate {
			continue
		}
		if p.backup != "" {
			ops = append(ops, op{Dest: filepath.ToSlash(p.backup), New: sum(p.old), data: p.old, mode: p.oldMode})
		}
		o := op{Dest: filepath.ToSlash(p.name), New: sum(p.content), data: p.content, mode: p.mode}
		if p.present {
			o.Old = p.oldSum
		}
		ops = append(ops, o)
	}
	if len(ops) == 0 {
		return nil
	}
	dirs := []string{filepath.Dir(filepath.FromSlash(JournalPath))}
	for i := range ops {
		dir, base := filepath.Split(filepath.FromSlash(ops[i].Dest))
		if !ops[i].Move {
			ops[i].Temp = filepath.ToSlash(filepath.Join(dir, "."+base+tempInfix+randomSuffix()))
		}
		if d := filepath.Clean(dir); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		if d != "." {
			if err := r.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
	}
	j := journal{State: "prepare", Ops: ops}
	if err := writeJournal(r, j); err != nil {
		return err
	}
	undo := func(err error) error {
		for _, o := range ops {
			if !o.Move {
				r.Remove(filepath.FromSlash(o.Temp))
			}
		}
		r.Remove(filepath.FromSlash(JournalPath))
		return err
	}
	for _, o := range ops {
		if o.Move {
			continue
		}
		f, err := r.OpenFile(filepath.FromSlash(o.Temp), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return undo(fmt.Errorf("%s: %w", o.Dest, err))
		}
		if err := writeSyncClose(f, o.data, o.mode); err != nil {
			return undo(fmt.Errorf("%s: %w", o.Dest, err))
		}
	}
	for _, d := range dirs {
		if err := syncDir(r, d); err != nil {
			return undo(err)
		}
	}
	// The last moment to notice a save made during the run.
	for _, o := range ops {
		check, want := o.Dest, o.Old
		if o.Move { // the user's file is as planned, its backup name free
			if _, present, err := readSum(r, o.Dest); err != nil || present {
				return undo(fmt.Errorf("%s %w; nothing was written, run pydock again", o.Dest, ErrChanged))
			}
			check = o.Temp
		}
		got, present, err := readSum(r, check)
		if err != nil {
			return undo(fmt.Errorf("%s: %w", check, err))
		}
		if got != want || (want == "" && present) {
			return undo(fmt.Errorf("%s %w; nothing was written, run pydock again", check, ErrChanged))
		}
	}
	j.State = "commit"
	if err := writeJournal(r, j); err != nil {
		return undo(err)
	}
	return finish(r, j, dirs)
}

// finish does the renames of a committed journal and removes it. A temp
// already gone was renamed before an interruption.
func finish(r fsys, j journal, dirs []string) error {
	for _, o := range j.Ops {
		tmp := filepath.FromSlash(o.Temp)
		if _, err := r.Lstat(tmp); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := r.Rename(tmp, filepath.FromSlash(o.Dest)); err != nil {
			return fmt.Errorf("%s: %w (the next pydock run finishes this one)", o.Dest, err)
		}
	}
	for _, d := range dirs {
		if err := syncDir(r, d); err != nil {
			return fmt.Errorf("%w (the next pydock run finishes this one)", err)
		}
	}
	if err := r.Remove(filepath.FromSlash(JournalPath)); err != nil {
		return fmt.Errorf("%w (the next pydock run finishes this one)", err)
	}
	syncDir(r, filepath.Dir(filepath.FromSlash(JournalPath)))
	return nil
}

// journalTemp is the journal's own temp file: a fixed name, so a crash
// while writing it leaves nothing a later run cannot find.
var journalTemp = filepath.FromSlash(".pydock/.journal" + tempInfix + "j")

// writeJournal replaces the journal atomically and durably.
func writeJournal(r fsys, j journal) error {
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	f, err := r.OpenFile(journalTemp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := writeSyncClose(f, data, 0o644); err != nil {
		r.Remove(journalTemp)
		return err
	}
	if err := r.Rename(journalTemp, filepath.FromSlash(JournalPath)); err != nil {
		r.Remove(journalTemp)
		return err
	}
	return syncDir(r, filepath.Dir(journalTemp))
}

func readJournal(r fsys) (*journal, error) {
	f, err := r.Open(filepath.FromSlash(JournalPath))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, err
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil || (j.State != "prepare" && j.State != "commit") {
		return nil, fmt.Errorf("%s is damaged (%v); remove it and check the files pydock writes", JournalPath, err)
	}
	for _, o := range j.Ops {
		for _, p := range []string{o.Temp, o.Dest} {
			if _, err := localName(p); err != nil {
				return nil, fmt.Errorf("%s: %w", JournalPath, err)
			}
		}
	}
	return &j, nil
}

// Recover finishes or undoes a run that was interrupted (killed, or a
// failed write), so the project is as the whole run or none of it left
// it. It returns a line per file it touched. A file the user changed
// since the interruption is kept as a backup, never overwritten.
func Recover(root string) ([]string, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return recoverRun(newFS(r))
}

// Pending reports whether an interrupted run awaits Recover.
func Pending(root string) (bool, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return false, err
	}
	defer r.Close()
	j, err := readJournal(newFS(r))
	return j != nil, err
}

func recoverRun(r fsys) ([]string, error) {
	j, err := readJournal(r)
	if err != nil {
		return nil, err
	}
	// A journal being replaced when the run died: the old one still holds.
	if _, lerr := r.Lstat(journalTemp); lerr == nil {
		if err := r.Remove(journalTemp); err != nil {
			return nil, err
		}
	}
	if j == nil {
		return nil, nil
	}
	var notes []string
	if j.State == "prepare" {
		for _, o := range j.Ops {
			if o.Move {
				continue
			}
			if err := r.Remove(filepath.FromSlash(o.Temp)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
		if err := r.Remove(filepath.FromSlash(JournalPath)); err != nil {
			return nil, err
		}
		return []string{"an interrupted pydock run was undone (it had written nothing)"}, nil
	}
	dirs := []string{filepath.Dir(filepath.FromSlash(JournalPath))}
	taken := map[string]bool{}
	for _, o := range j.Ops {
		dest, tmp := filepath.FromSlash(o.Dest), filepath.FromSlash(o.Temp)
		if d := filepath.Dir(dest); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
		if _, err := r.Lstat(tmp); err != nil {
			continue // renamed before the interruption
		}
		if o.Move {
			notes = append(notes, "finished an interrupted run: moved "+o.Temp+" to "+o.Dest)
			continue
		}
		if s, _, err := readSum(r, o.Dest); err == nil && s != o.Old && s != o.New {
			// Changed since the interruption: keep the user's bytes.
			b, err := backupName(r, dest, taken)
			if err != nil {
				return nil, err
			}
			taken[b] = true
			if err := r.Rename(dest, b); err != nil {
				return nil, err
			}
			notes = append(notes, fmt.Sprintf("%s changed after an interrupted run; your version is kept in %s", o.Dest, filepath.ToSlash(b)))
		}
		notes = append(notes, "finished an interrupted run: "+o.Dest)
	}
	return notes, finish(r, *j, dirs)
}

// readSum is the checksum of a file's bytes ("" when it does not exist).
func readSum(r fsys, p string) (string, bool, error) {
	f, err := r.Open(filepath.FromSlash(p))
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", false, err
	}
	return hex.EncodeToString(h.Sum(nil)), true, nil
}

// syncDir makes renames in dir durable. Some platforms (Windows) cannot
// fsync a directory; there it is a no-op.
func syncDir(r fsys, dir string) error {
	d, err := r.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}

func randomSuffix() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
