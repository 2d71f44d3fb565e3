package write

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var (
	errInjected = errors.New("injected failure")
	errKilled   = errors.New("killed")
)

// faultFS counts every step of a run that changes the disk (create,
// write, chmod, fsync, rename, remove, mkdir) and, at step at, either
// fails that one step ("fail") or "kills" the run: from then on nothing
// reaches the disk, not even cleanup, as when the process dies. A killed
// write lands half its bytes, as a torn write would.
type faultFS struct {
	fsys
	kill  bool
	at, n int
	dead  bool
	kinds map[string]int
}

func (f *faultFS) step(kind string) error {
	if f.dead {
		return errKilled
	}
	f.n++
	f.kinds[kind]++
	if f.n != f.at {
		return nil
	}
	if f.kill {
		f.dead = true
		return errKilled
	}
	return errInjected
}

func (f *faultFS) Open(name string) (file, error) {
	h, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return &faultFile{file: h, fs: f}, nil
}

func (f *faultFS) OpenFile(name string, flag int, perm fs.FileMode) (file, error) {
	if flag&os.O_CREATE != 0 {
		if err := f.step("create"); err != nil {
			return nil, err
		}
	}
	h, err := f.fsys.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &faultFile{file: h, fs: f}, nil
}

func (f *faultFS) Rename(o, n string) error {
	if err := f.step("rename"); err != nil {
		return err
	}
	return f.fsys.Rename(o, n)
}

func (f *faultFS) Remove(name string) error {
	if err := f.step("remove"); err != nil {
		return err
	}
	return f.fsys.Remove(name)
}

func (f *faultFS) MkdirAll(name string, perm fs.FileMode) error {
	if _, err := f.fsys.Lstat(name); err == nil {
		return nil // nothing to do: not a step
	}
	if err := f.step("mkdir"); err != nil {
		return err
	}
	return f.fsys.MkdirAll(name, perm)
}

type faultFile struct {
	file
	fs *faultFS
}

func (f *faultFile) Write(b []byte) (int, error) {
	if err := f.fs.step("write"); err != nil {
		if errors.Is(err, errKilled) && f.fs.n == f.fs.at {
			n, _ := f.file.Write(b[:len(b)/2])
			return n, err
		}
		return 0, err
	}
	return f.file.Write(b)
}

func (f *faultFile) Chmod(m fs.FileMode) error {
	if err := f.fs.step("chmod"); err != nil {
		return err
	}
	return f.file.Chmod(m)
}

func (f *faultFile) Sync() error {
	// Counted, not done: durability is the kernel's; these tests are about
	// order, and real fsyncs would make them slow.
	return f.fs.step("fsync")
}

// snapshot is every file under dir with its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func restore(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		writeFile(t, dir, name, files[name])
	}
}

// crashScenario is one run: the project before it, and the files given
// to Apply.
type crashScenario struct {
	name   string
	before map[string]string
	files  []File
	opt    Options
	// edit is a line of the user's that must survive somewhere (in the
	// file, the merge, or keep, its backup) whatever happens.
	edit, keep string
}

func crashScenarios() []crashScenario {
	base := Stamp([]byte("FROM python:3.12\nUSER app\n"))
	edited := strings.Replace(string(base), "USER app\n", "USER app\nENV TZ=Europe/Paris\n", 1)
	merged := StampAs([]byte("FROM python:3.13\nUSER app\nENV TZ=Europe/Paris\n"), Stamp([]byte("FROM python:3.13\nUSER app\n")))
	newBase := Stamp([]byte("FROM python:3.13\nUSER app\n"))
	return []crashScenario{{
		name:   "first run",
		before: map[string]string{"app.py": "print('hi')\n"},
		files: []File{
			{Path: "Dockerfile", Content: newBase},
			{Path: ".dockerignore", Content: stamped(".git\n")},
			{Path: BasePath("Dockerfile"), Content: newBase},
			{Path: BasePath(".dockerignore"), Content: stamped(".git\n")},
			{Path: "pydock.toml", Content: []byte("schema = 1\nport = 8080\n"), Plain: true},
		},
	}, {
		name: "merge an edit, update a file and a choice",
		before: map[string]string{
			"Dockerfile":           edited,
			BasePath("Dockerfile"): string(base),
			"compose.yaml":         string(stamped("services: {}\n")),
			"pydock.toml":          "schema = 1\n",
		},
		files: []File{
			{Path: "Dockerfile", Content: merged, Replaces: []byte(edited)},
			{Path: BasePath("Dockerfile"), Content: newBase, Replaces: base},
			{Path: "compose.yaml", Content: stamped("services:\n  app: {}\n")},
			{Path: "pydock.toml", Content: []byte("schema = 1\nworkers = 2\n"), Replaces: []byte("schema = 1\n"), Plain: true},
		},
		edit: "ENV TZ=Europe/Paris", keep: "Dockerfile",
	}, {
		name:   "force over a user's file",
		before: map[string]string{"Dockerfile": "FROM scratch # mine\n"},
		files:  []File{{Path: "Dockerfile", Content: newBase}},
		opt:    Options{Force: true},
		edit:   "FROM scratch # mine", keep: "Dockerfile.pydock-bak",
	}, {
		name:   "take over a user's compose file",
		before: map[string]string{"docker-compose.yml": "services: {} # mine\n"},
		files: []File{
			{Path: "docker-compose.yml", MoveAside: true},
			{Path: "compose.yaml", Content: stamped("services:\n  app: {}\n")},
		},
		edit: "services: {} # mine", keep: "docker-compose.yml.pydock-bak",
	}}
}

// TestCrashAtEveryStep fails, and separately kills, each scenario's run
// at every step that changes the disk, then lets the next run recover.
// After recovery the project must be exactly as before the run or
// exactly as after an uninterrupted one (never a mix: no wedge), with no
// temp file or journal left, the user's edit kept, and a rerun landing.
func TestCrashAtEveryStep(t *testing.T) {
	orig := newFS
	t.Cleanup(func() { newFS = orig })
	total := map[string]int{}
	// Recovery and reruns skip the real fsyncs too (faultFS at step 0).
	quiet := func(r *os.Root) fsys { return &faultFS{fsys: orig(r), kinds: map[string]int{}} }
	points, wedged, lost := 0, 0, 0
	for _, sc := range crashScenarios() {
		// An uninterrupted run, counting its steps.
		dir := t.TempDir()
		restore(t, dir, sc.before)
		counter := &faultFS{kinds: map[string]int{}}
		newFS = func(r *os.Root) fsys { counter.fsys = orig(r); return counter }
		if _, err := Apply(dir, sc.files, sc.opt); err != nil {
			t.Fatalf("%s: %v", sc.name, err)
		}
		after := snapshot(t, dir)
		steps := counter.n
		t.Logf("%s: %d steps %v", sc.name, steps, counter.kinds)
		if steps == 0 {
			t.Fatalf("%s: no steps counted", sc.name)
		}

		for at := 1; at <= steps; at++ {
			for _, kill := range []bool{false, true} {
				dir := t.TempDir()
				restore(t, dir, sc.before)
				f := &faultFS{kill: kill, at: at, kinds: map[string]int{}}
				newFS = func(r *os.Root) fsys { f.fsys = orig(r); return f }
				_, err := Apply(dir, sc.files, sc.opt)
				newFS = quiet
				points++
				if f.n < at {
					t.Fatalf("%s: step %d never reached (%d steps)", sc.name, at, f.n)
				}
				if err == nil && f.n < steps {
					t.Errorf("%s: %v at step %d of %d, yet Apply reported success", sc.name, kill, at, steps)
				}
				what := "fail"
				if kill {
					what = "kill"
				}
				// The next run recovers before it does anything else.
				if _, err := Recover(dir); err != nil {
					t.Errorf("%s: %s at step %d: recover: %v", sc.name, what, at, err)
					continue
				}
				got := snapshot(t, dir)
				if !reflect.DeepEqual(got, after) && !reflect.DeepEqual(got, sc.before) {
					wedged++
					t.Errorf("%s: %s at step %d: after recovery the project is neither before nor after the run:\n%v", sc.name, what, at, got)
				}
				kept := false
				for _, content := range got {
					kept = kept || strings.Contains(content, sc.edit)
				}
				if sc.edit != "" && !kept {
					lost++
					t.Errorf("%s: %s at step %d: the user's edit was lost", sc.name, what, at)
				}
				// Not wedged: the same run lands now.
				if _, err := Apply(dir, sc.files, sc.opt); err != nil {
					wedged++
					t.Errorf("%s: %s at step %d: the rerun failed: %v", sc.name, what, at, err)
				} else if got := snapshot(t, dir); !reflect.DeepEqual(got, after) {
					t.Errorf("%s: %s at step %d: the rerun left\n%v\nwant\n%v", sc.name, what, at, got, after)
				}
			}
		}
		for k, v := range counter.kinds {
			total[k] += v
		}
	}
	t.Logf("injection points: %d (each of %v failed once and killed once); wedged projects: %d, lost edits: %d", points, total, wedged, lost)
}

// A save made while the run prepares its files stops the run before any
// file is replaced (item 7 of issue 9): the user's save stays, nothing of
// pydock's lands, no temp file or journal is left.
func TestSaveDuringRunRefused(t *testing.T) {
	orig := newFS
	t.Cleanup(func() { newFS = orig })
	dir := t.TempDir()
	old := string(stamped("FROM python:3.12\n"))
	writeFile(t, dir, "Dockerfile", old)
	writeFile(t, dir, "compose.yaml", string(stamped("services: {}\n")))
	saved := false
	hook := &hookFS{before: func(kind string) {
		if kind == "create" && !saved {
			saved = true
			writeFile(t, dir, "compose.yaml", "services: {} # saved by the user mid-run\n")
		}
	}}
	newFS = func(r *os.Root) fsys { hook.fsys = orig(r); return hook }
	_, err := Apply(dir, []File{
		{Path: "Dockerfile", Content: stamped("FROM python:3.13\n")},
		{Path: "compose.yaml", Content: stamped("services:\n  app: {}\n")},
	}, Options{})
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("err = %v, want ErrChanged", err)
	}
	if got := readFile(t, dir, "Dockerfile"); got != old {
		t.Errorf("Dockerfile was written: %q", got)
	}
	if got := readFile(t, dir, "compose.yaml"); !strings.Contains(got, "saved by the user") {
		t.Errorf("the user's save was lost: %q", got)
	}
	for _, n := range listDir(t, dir) {
		if strings.Contains(n, tempInfix) || strings.HasSuffix(n, "journal") {
			t.Errorf("left behind: %s", n)
		}
	}
}

type hookFS struct {
	fsys
	before func(kind string)
}

func (h *hookFS) OpenFile(name string, flag int, perm fs.FileMode) (file, error) {
	if flag&os.O_CREATE != 0 {
		h.before("create")
	}
	return h.fsys.OpenFile(name, flag, perm)
}
