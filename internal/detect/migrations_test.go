package detect

import (
	"testing"
	"testing/fstest"
)

// alembic.ini's script_location, as alembic resolves it: relative to the
// working directory, %(here)s the ini's folder, pkg:dir a package's folder.
func TestReadAlembicIni(t *testing.T) {
	env := &fstest.MapFile{Data: []byte("from alembic import context\n")}
	tests := []struct {
		name, ini   string
		files       fstest.MapFS
		scripts     string
		line        int
		wantMissing bool
	}{
		{"plain", "[alembic]\nscript_location = alembic\n", fstest.MapFS{"alembic/env.py": env}, "alembic", 2, false},
		{"here", "[alembic]\n# c\nscript_location = %(here)s/app/db/migrations\n", fstest.MapFS{"app/db/migrations/env.py": env}, "app/db/migrations", 3, false},
		{"colon form", "[alembic]\nscript_location: app/migrations\n", fstest.MapFS{"app/migrations/env.py": env}, "app/migrations", 2, false},
		{"package resource under src", "[alembic]\nscript_location = shop.db:migrations\n", fstest.MapFS{"src/shop/db/migrations/env.py": env}, "src/shop/db/migrations", 2, false},
		{"other section only", "[other]\nscript_location = alembic\n", fstest.MapFS{"alembic/env.py": env}, "", 0, true},
		{"no env.py", "[alembic]\nscript_location = alembic\n", fstest.MapFS{"alembic/versions/x.py": env}, "", 2, true},
		{"outside the project", "[alembic]\nscript_location = ../shared/alembic\n", fstest.MapFS{}, "", 2, true},
		{"another interpolation", "[alembic]\nscript_location = %(root)s/alembic\n", fstest.MapFS{}, "", 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := tt.files
			fsys["alembic.ini"] = &fstest.MapFile{Data: []byte(tt.ini)}
			m := readAlembicIni(fsys, "")
			if m == nil {
				t.Fatal("no evidence read")
			}
			if m.Scripts != tt.scripts || m.Source.Line != tt.line || (m.Missing != "") != tt.wantMissing {
				t.Errorf("got scripts %q line %d missing %q; want %q line %d missing=%v", m.Scripts, m.Source.Line, m.Missing, tt.scripts, tt.line, tt.wantMissing)
			}
		})
	}
	if readAlembicIni(fstest.MapFS{"main.py": env}, "") != nil {
		t.Error("evidence without alembic.ini")
	}
}

func TestMatchLine(t *testing.T) {
	src := []byte("\"\"\"doc\"\"\"\n\nimport os\n\n    from flask_migrate import Migrate\n")
	if got := matchLine(src, flaskMigrateImportRe); got != 5 {
		t.Errorf("line %d, want 5", got)
	}
	if got := matchLine([]byte("import flask\n"), flaskMigrateImportRe); got != 0 {
		t.Errorf("line %d, want 0", got)
	}
}
