package detect

import (
	"testing"
	"testing/fstest"
)

// TestFindSchemaInit: a command that creates and stamps under a condition,
// run by name from an entrypoint, counts; one that stamps unconditionally
// (it would mark an old database as up to date) or that no launch file
// runs does not.
func TestFindSchemaInit(t *testing.T) {
	guarded := "from flask_migrate import stamp\n\n\n@manager.command()\ndef init_db():\n    from app import db\n\n    if not db.engine.table_names():\n        db.create_all()\n        stamp()\n"
	unguarded := "from flask_migrate import stamp\n\n\n@manager.command()\ndef init_db():\n    from app import db\n\n    db.create_all()\n    stamp()\n"
	entry := "#!/bin/sh\ncase \"$1\" in\n  init)\n    exec python manage.py init-db\n    ;;\nesac\n"
	for _, c := range []struct {
		name, cli, entry string
		want             string
	}{
		{"guarded", guarded, entry, "python manage.py init-db"},
		{"unguarded", unguarded, entry, ""},
		{"never run", guarded, "#!/bin/sh\nexec gunicorn app:app\n", ""},
	} {
		fsys := fstest.MapFS{"app/cli.py": {Data: []byte(c.cli)}, "docker-entrypoint.sh": {Data: []byte(c.entry)}, "manage.py": {}}
		got := ""
		if si := findSchemaInit(fsys, []string{""}); si != nil {
			got = si.Name
			for _, a := range si.Argv {
				got += " " + a
			}
			got = got[len(si.Name)+1:]
			if si.Source.Line != 4 || si.Guard.Line != 8 || si.From.File != "docker-entrypoint.sh" {
				t.Errorf("%s: lines %+v", c.name, si)
			}
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
