package e2e

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A file the authors' documentation has the operator write at deployment
// (tsosi's settings_local.py, deer-flow's config.yaml) is given by the
// fixture as a file beside it, bind-mounted read-only where the operator
// puts it. Only files of the fixture folder are mounted, at absolute paths
// podman's -v syntax can hold, in a stable order.
func TestFixtureMounts(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"p.settings_local.py", "p.config.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := fixtureMounts(dir, map[string]string{
		"/app/backend_site/settings_local.py": "p.settings_local.py",
		"/etc/deer-flow/config.yaml":          "p.config.yaml",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"-v", filepath.Join(dir, "p.settings_local.py") + ":/app/backend_site/settings_local.py:ro",
		"-v", filepath.Join(dir, "p.config.yaml") + ":/etc/deer-flow/config.yaml:ro",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fixtureMounts:\n%q\nwant\n%q", got, want)
	}
	for _, bad := range []map[string]string{
		{"app/settings_local.py": "p.settings_local.py"},                 // relative in the container
		{"/app/x.py": "../p.settings_local.py"},                          // outside the fixture folder
		{"/app/x.py": filepath.Join(dir, "p.config.yaml")},               // absolute on the host
		{"/app/x.py": "missing.py"},                                      // no such file
		{"/app/x.py": "sub"},                                             // a folder
		{"/app/a:b.py": "p.config.yaml"},                                 // breaks -v's fields
		{"/app/x.py": "p.config.yaml", "/app/../etc/x": "p.config.yaml"}, // not clean
	} {
		if m, err := fixtureMounts(dir, bad); err == nil {
			t.Errorf("fixtureMounts(%v) = %q, want an error", bad, m)
		}
	}
}

// The MySQL the harness provides (Debian's MariaDB) gets a fresh user and
// database of the fixture's name, password the same, reachable over TCP
// from 127.0.0.1; a name that is not a plain identifier is refused before
// it reaches SQL.
func TestMySQLFresh(t *testing.T) {
	got, err := mysqlFresh("demo")
	if err != nil {
		t.Fatal(err)
	}
	sql := strings.Join(got, "\n")
	for _, want := range []string{
		"DROP DATABASE IF EXISTS demo",
		"DROP USER IF EXISTS 'demo'@'%'",
		"CREATE USER 'demo'@'%' IDENTIFIED BY 'demo'",
		"CREATE DATABASE demo",
		"GRANT ALL PRIVILEGES ON demo.* TO 'demo'@'%'",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("mysqlFresh(demo) lacks %q:\n%s", want, sql)
		}
	}
	if strings.Index(sql, "DROP DATABASE") > strings.Index(sql, "CREATE DATABASE") {
		t.Errorf("mysqlFresh drops after it creates:\n%s", sql)
	}
	for _, bad := range []string{"", "Demo", "1demo", "demo;drop", "demo'x", strings.Repeat("a", 40)} {
		if _, err := mysqlFresh(bad); err == nil {
			t.Errorf("mysqlFresh(%q): want an error", bad)
		}
	}
}

// A release step that writes a data folder (archivebox init) and the server
// that reads it share it through a volume, as compose's release service and
// app do: one named volume per path, named after the project, so parallel
// lanes and projects never share one.
func TestFixtureVolumes(t *testing.T) {
	args, names, err := fixtureVolumes("ArchiveBox__ArchiveBox", []string{"/data", "/home/app"})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"rw-archivebox__archivebox-0", "rw-archivebox__archivebox-1"}
	wantArgs := []string{"-v", "rw-archivebox__archivebox-0:/data", "-v", "rw-archivebox__archivebox-1:/home/app"}
	if !reflect.DeepEqual(names, wantNames) || !reflect.DeepEqual(args, wantArgs) {
		t.Fatalf("fixtureVolumes: %q %q, want %q %q", args, names, wantArgs, wantNames)
	}
	for _, bad := range [][]string{{"data"}, {"/data/../etc"}, {"/a:b"}, {"/data", "/data"}} {
		if a, _, err := fixtureVolumes("p", bad); err == nil {
			t.Errorf("fixtureVolumes(%q) = %q, want an error", bad, a)
		}
	}
}

// A corpus of projects outside the repository (projects pydock has not seen,
// run before they join ../shared/realworld) has its fixtures in a folder of
// its own: PYDOCK_REALWORLD_ENV names it, else the repository's
// testdata/realworld-env, where the files a fixture mounts are looked up too.
func TestFixtureDir(t *testing.T) {
	t.Setenv("PYDOCK_REALWORLD_ENV", "")
	if got, want := fixtureDir("/r"), filepath.Join("/r", "testdata", "realworld-env"); got != want {
		t.Errorf("fixtureDir without PYDOCK_REALWORLD_ENV = %q, want %q", got, want)
	}
	t.Setenv("PYDOCK_REALWORLD_ENV", "/tmp/unseen-env")
	if got := fixtureDir("/r"); got != "/tmp/unseen-env" {
		t.Errorf("fixtureDir with PYDOCK_REALWORLD_ENV = %q, want /tmp/unseen-env", got)
	}
}
