package detect

import (
	"testing"
	"testing/fstest"
)

// TestFindDbmateMigrations: a folder is dbmate's when every numbered SQL
// file in it opens an up block; the project's own subtree is skipped when
// looking from a folder above it.
func TestFindDbmateMigrations(t *testing.T) {
	up := &fstest.MapFile{Data: []byte("-- a comment first\n-- migrate:up\ncreate table t (id int);\n-- migrate:down\ndrop table t;\n")}
	plain := &fstest.MapFile{Data: []byte("create table t (id int);\n")}
	for _, c := range []struct {
		name    string
		fsys    fstest.MapFS
		skip    string
		wantDir string
		line    int
	}{
		{"default folder", fstest.MapFS{"db/migrations/20240101_init.sql": up}, "", "db/migrations", 2},
		{"elsewhere", fstest.MapFS{"database/db/migrations/001_init.sql": up, "app/main.py": plain}, "", "database/db/migrations", 2},
		{"a file without its up block", fstest.MapFS{"db/migrations/001_init.sql": up, "db/migrations/002_more.sql": plain}, "", "", 0},
		{"unnumbered files are not dbmate's", fstest.MapFS{"sql/init.sql": up}, "", "", 0},
		{"the project's own folder is skipped", fstest.MapFS{"backend/db/migrations/001_init.sql": up}, "backend", "", 0},
		{"under node_modules", fstest.MapFS{"web/node_modules/x/db/001_init.sql": up}, "", "", 0},
	} {
		m := FindDbmateMigrations(c.fsys, c.skip)
		got, line := "", 0
		if m != nil {
			got, line = m.Dir, m.Source.Line
		}
		if got != c.wantDir || line != c.line {
			t.Errorf("%s: dir %q line %d, want %q line %d", c.name, got, line, c.wantDir, c.line)
		}
	}
}
