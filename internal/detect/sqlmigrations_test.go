package detect

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestFindSQLMigrations(t *testing.T) {
	sql := &fstest.MapFile{Data: []byte("create table t (id int);\n")}
	tests := []struct {
		name      string
		files     []string
		dir       string
		order     []string
		nameOrder bool
		others    []string
	}{
		{"in order", []string{"db/V1__a.sql", "db/V2__b.sql", "db/V3__c.sql"}, "db", []string{"V1__a.sql", "V2__b.sql", "V3__c.sql"}, true, nil},
		{"V10 sorts before V2", []string{"m/V1__a.sql", "m/V2__b.sql", "m/V10__c.sql"}, "m", []string{"V1__a.sql", "V2__b.sql", "V10__c.sql"}, false, nil},
		{"zero-padded", []string{"m/V01__a.sql", "m/V02__b.sql", "m/V10__c.sql"}, "m", []string{"V01__a.sql", "V02__b.sql", "V10__c.sql"}, true, nil},
		// V1_1 (1.1) sorts before V1__ by bytes ('1' < '_').
		{"dotted versions", []string{"m/V1__a.sql", "m/V1_1__b.sql"}, "m", []string{"V1__a.sql", "V1_1__b.sql"}, false, nil},
		{"one version twice", []string{"m/V1__a.sql", "m/V1__b.sql"}, "m", []string{"V1__a.sql", "V1__b.sql"}, false, nil},
		{"repeatable beside", []string{"m/V1__a.sql", "m/R__views.sql", "m/README.md"}, "m", []string{"V1__a.sql"}, true, []string{"R__views.sql"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"main.py": sql}
			for _, f := range tc.files {
				fsys[f] = sql
			}
			m := findSQLMigrations(fsys)
			if m == nil {
				t.Fatal("no folder found")
			}
			if m.Dir != tc.dir || !slices.Equal(m.Files, tc.order) || m.NameOrder != tc.nameOrder || !slices.Equal(m.Others, tc.others) {
				t.Errorf("got %+v, want dir %s files %v name order %v others %v", *m, tc.dir, tc.order, tc.nameOrder, tc.others)
			}
		})
	}
	if m := findSQLMigrations(fstest.MapFS{"schema.sql": sql, ".venv/V1__x.sql": sql}); m != nil {
		t.Errorf("found %+v in a folder with no Flyway names outside .venv", *m)
	}
}
