package write

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func stamped(s string) []byte { return Stamp([]byte(s)) }

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func exists(dir, name string) bool {
	_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
	return err == nil
}

func actions(rs []Result) []Action {
	var as []Action
	for _, r := range rs {
		as = append(as, r.Action)
	}
	return as
}

// listDir returns every entry name under dir, to spot stray temp files.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	return names
}

func TestApplyActions(t *testing.T) {
	dir := t.TempDir()
	dockerfile := stamped("FROM python:3.12\n")
	old := stamped("FROM python:3.11\n")
	writeFile(t, dir, "Dockerfile", string(old))
	same := stamped("node_modules\n")
	writeFile(t, dir, ".dockerignore", string(same))

	files := []File{
		{Path: "Dockerfile", Content: dockerfile},
		{Path: ".dockerignore", Content: same},
		{Path: "compose.yaml", Content: stamped("services: {}\n")},
		{Path: "app/pydock_health.py", Content: stamped("def health(): pass\n")},
	}
	res, err := Apply(dir, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Action{Updated, Unchanged, Created, Created}
	if got := actions(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("actions = %v, want %v", got, want)
	}
	for _, f := range files {
		if got := readFile(t, dir, f.Path); got != string(f.Content) {
			t.Errorf("%s = %q", f.Path, got)
		}
	}
	if exists(dir, "Dockerfile.pydock-bak") {
		t.Error("updating a pristine file must not leave a backup")
	}

	// A second run is a no-op.
	res, err = Apply(dir, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Action != Unchanged {
			t.Errorf("second run: %s %s", r.Path, r.Action)
		}
	}
}

func TestApplyModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", string(stamped("old\n")))
	os.Chmod(filepath.Join(dir, "Dockerfile"), 0o600)

	_, err := Apply(dir, []File{
		{Path: "Dockerfile", Content: stamped("new\n")},
		{Path: "compose.yaml", Content: stamped("services: {}\n")},
		{Path: "run.sh", Content: stamped("#!/bin/sh\n"), Mode: 0o755},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]fs.FileMode{"Dockerfile": 0o600, "compose.yaml": 0o644, "run.sh": 0o755} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s mode = %v, want %v", name, got, want)
		}
	}
}

func TestApplyUnchangedKeepsMtime(t *testing.T) {
	dir := t.TempDir()
	content := stamped("FROM python:3.12\n")
	writeFile(t, dir, "Dockerfile", string(content))
	p := filepath.Join(dir, "Dockerfile")
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}

	res, err := Apply(dir, []File{{Path: "Dockerfile", Content: content}}, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Action != Unchanged {
		t.Fatalf("action = %s", res[0].Action)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().Equal(old) {
		t.Errorf("mtime changed: %v", info.ModTime())
	}
}

// One refused file stops the whole run: nothing is created or updated.
func TestApplyRefusalIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", "FROM python:3.12\n") // user's own
	edited := strings.Replace(string(stamped("services: {}\n")), "{}", "{x: 1}", 1)
	writeFile(t, dir, "compose.yaml", edited)
	pristineOld := string(stamped("old\n"))
	writeFile(t, dir, ".dockerignore", pristineOld)

	files := []File{
		{Path: "Dockerfile", Content: stamped("FROM python:3.13\n")},
		{Path: "compose.yaml", Content: stamped("services: {}\n")},
		{Path: ".dockerignore", Content: stamped("new\n")},
		{Path: "health.py", Content: stamped("pass\n")},
	}
	res, err := Apply(dir, files, Options{})
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err = %v, want ErrRefused", err)
	}
	if !strings.Contains(err.Error(), "Dockerfile, compose.yaml") {
		t.Errorf("error should name the refused files: %v", err)
	}
	want := []Action{Refused, Refused, WouldUpdate, WouldCreate}
	if got := actions(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("actions = %v, want %v", got, want)
	}
	if want := "Dockerfile was not written by pydock; rerun with --force to replace it (a backup is kept)"; res[0].Reason != want {
		t.Errorf("reason = %q", res[0].Reason)
	}
	if want := "compose.yaml was edited since pydock wrote it; rerun with --force to overwrite (a backup is kept), or --diff to see the change"; res[1].Reason != want {
		t.Errorf("reason = %q", res[1].Reason)
	}
	if readFile(t, dir, "Dockerfile") != "FROM python:3.12\n" ||
		readFile(t, dir, "compose.yaml") != edited ||
		readFile(t, dir, ".dockerignore") != pristineOld ||
		exists(dir, "health.py") {
		t.Error("a refused run wrote something")
	}
	if got := listDir(t, dir); len(got) != 3 {
		t.Errorf("stray files: %v", got)
	}
}

func TestApplyForceKeepsNumberedBackups(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "sub/Dockerfile", "mine\n")
	writeFile(t, dir, "sub/Dockerfile.pydock-bak", "older backup\n")
	writeFile(t, dir, "sub/Dockerfile.pydock-bak.1", "oldest backup\n")
	writeFile(t, dir, "compose.yaml", "user compose\n")

	files := []File{
		{Path: "sub/Dockerfile", Content: stamped("FROM python:3.12\n")},
		{Path: "compose.yaml", Content: stamped("services: {}\n")},
	}
	res, err := Apply(dir, files, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []Result{
		{Path: "sub/Dockerfile", Action: Updated, Backup: "sub/Dockerfile.pydock-bak.2"},
		{Path: "compose.yaml", Action: Updated, Backup: "compose.yaml.pydock-bak"},
	}
	if !reflect.DeepEqual(res, want) {
		t.Fatalf("results = %+v\nwant %+v", res, want)
	}
	if readFile(t, dir, "sub/Dockerfile.pydock-bak.2") != "mine\n" ||
		readFile(t, dir, "sub/Dockerfile.pydock-bak") != "older backup\n" ||
		readFile(t, dir, "compose.yaml.pydock-bak") != "user compose\n" {
		t.Error("backups wrong")
	}
	if readFile(t, dir, "sub/Dockerfile") != string(files[0].Content) {
		t.Error("Dockerfile not replaced")
	}

	// The user edits it again; the next forced run takes the next number.
	edited := strings.Replace(string(files[0].Content), "3.12", "3.13", 1)
	writeFile(t, dir, "sub/Dockerfile", edited)
	res, err = Apply(dir, files[:1], Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Action != Updated || res[0].Backup != "sub/Dockerfile.pydock-bak.3" {
		t.Errorf("second force: %+v", res[0])
	}
	if readFile(t, dir, "sub/Dockerfile.pydock-bak.3") != edited {
		t.Error("edited content not backed up")
	}
}

func TestApplyDryRun(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", "mine\n")
	pristine := string(stamped("old\n"))
	writeFile(t, dir, ".dockerignore", pristine)
	files := []File{
		{Path: "Dockerfile", Content: stamped("FROM python:3.12\n")},
		{Path: ".dockerignore", Content: stamped("new\n")},
		{Path: "deep/health.py", Content: stamped("pass\n")},
	}
	before := listDir(t, dir)

	res, err := Apply(dir, files, Options{DryRun: true})
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("dry run should report the refusal a real run would hit: %v", err)
	}
	if got, want := actions(res), []Action{Refused, WouldUpdate, WouldCreate}; !reflect.DeepEqual(got, want) {
		t.Errorf("actions = %v, want %v", got, want)
	}

	res, err = Apply(dir, files, Options{DryRun: true, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := actions(res), []Action{WouldUpdate, WouldUpdate, WouldCreate}; !reflect.DeepEqual(got, want) {
		t.Errorf("actions = %v, want %v", got, want)
	}
	if res[0].Backup != "Dockerfile.pydock-bak" || res[1].Backup != "" {
		t.Errorf("planned backups: %+v", res)
	}
	if after := listDir(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("dry run touched the disk: %v -> %v", before, after)
	}
	if readFile(t, dir, "Dockerfile") != "mine\n" || readFile(t, dir, ".dockerignore") != pristine {
		t.Error("dry run changed a file")
	}
}

// A stamped file whose line endings were converted is still pydock's, so
// it is updated (back to the generated bytes) without --force.
func TestApplyCRLFIsNotAnEdit(t *testing.T) {
	dir := t.TempDir()
	content := stamped("FROM python:3.12\nRUN true\n")
	writeFile(t, dir, "Dockerfile", strings.ReplaceAll(string(content), "\n", "\r\n"))
	res, err := Apply(dir, []File{{Path: "Dockerfile", Content: content}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Action != Updated || res[0].Backup != "" {
		t.Errorf("result = %+v", res[0])
	}
	if readFile(t, dir, "Dockerfile") != string(content) {
		t.Error("not rewritten")
	}
}

func TestApplyRejectsBadPaths(t *testing.T) {
	dir := t.TempDir()
	c := stamped("x\n")
	for _, p := range []string{"", "/etc/passwd", "../outside", "a/../../outside", "."} {
		_, err := Apply(dir, []File{{Path: p, Content: c}}, Options{Force: true})
		if !errors.Is(err, ErrUnsafePath) {
			t.Errorf("%q: err = %v, want ErrUnsafePath", p, err)
		}
	}

	if _, err := Apply(dir, []File{{Path: "a", Content: c}, {Path: "./a", Content: c}}, Options{}); err == nil {
		t.Error("duplicate path accepted")
	}
	if _, err := Apply(dir, []File{{Path: "Dockerfile", Content: []byte("FROM scratch\n")}}, Options{}); err == nil {
		t.Error("unstamped content accepted")
	}

	os.Mkdir(filepath.Join(dir, "Dockerfile"), 0o755)
	_, err := Apply(dir, []File{{Path: "Dockerfile", Content: c}}, Options{Force: true})
	if !errors.Is(err, ErrUnsafePath) || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory destination: %v", err)
	}
	if got := listDir(t, dir); !reflect.DeepEqual(got, []string{"Dockerfile"}) {
		t.Errorf("rejected runs wrote: %v", got)
	}
}

func TestApplyRefusesSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "target")
	if err := os.WriteFile(outside, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "Dockerfile")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	writeFile(t, dir, "real.yaml", "user\n")
	os.Symlink("real.yaml", filepath.Join(dir, "compose.yaml"))
	os.Symlink(filepath.Dir(outside), filepath.Join(dir, "out"))

	cases := []struct{ path, want string }{
		{"Dockerfile", "symbolic link"},   // pointing outside
		{"compose.yaml", "symbolic link"}, // pointing inside: still refused
		{"out/target", "escapes"},         // parent dir links outside; os.Root refuses
		{"out/new", "escapes"},
	}
	for _, c := range cases {
		for _, opt := range []Options{{}, {Force: true}} {
			_, err := Apply(dir, []File{{Path: c.path, Content: stamped("FROM scratch\n")}}, opt)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s %+v: err = %v, want mention of %q", c.path, opt, err, c.want)
			}
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "precious\n" {
		t.Errorf("target outside the project changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(outside), "new")); err == nil {
		t.Error("file created outside the project")
	}
	if readFile(t, dir, "real.yaml") != "user\n" {
		t.Error("symlink target inside the project changed")
	}
	if fi, _ := os.Lstat(filepath.Join(dir, "Dockerfile")); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("symlink replaced")
	}
}
