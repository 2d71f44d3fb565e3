package plan

import (
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

func TestSQLScheme(t *testing.T) {
	installed := func(names ...string) *detect.Facts {
		f := &detect.Facts{Installed: map[string]bool{}}
		for _, n := range names {
			f.Installed[n] = true
		}
		return f
	}
	tests := []struct {
		name string
		f    *detect.Facts
		kind string
		want string
	}{
		{"PyMySQL only", installed("sqlalchemy", "pymysql"), "mysql", "mysql+pymysql"},
		{"mysqlclient beside PyMySQL: the default", installed("sqlalchemy", "pymysql", "mysqlclient"), "mysql", ""},
		{"psycopg 3", installed("sqlalchemy", "psycopg"), "postgres", "postgresql+psycopg"},
		{"psycopg2-binary: the default", installed("sqlalchemy", "psycopg2-binary", "asyncpg"), "postgres", ""},
		{"asyncpg only", installed("sqlalchemy", "asyncpg"), "postgres", "postgresql+asyncpg"},
		{"a sync driver before an async one", installed("sqlalchemy", "asyncpg", "pg8000"), "postgres", "postgresql+pg8000"},
		{"no SQLAlchemy", installed("pymysql"), "mysql", ""},
		{"peewee reads the URL", installed("sqlalchemy", "peewee", "pymysql"), "mysql", ""},
		{"Django", func() *detect.Facts { f := installed("sqlalchemy", "pymysql"); f.Django = &detect.Django{}; return f }(), "mysql", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := sqlScheme(tt.f, tt.kind); got != tt.want {
				t.Errorf("scheme %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseSQLDriversRefuses(t *testing.T) {
	for _, bad := range []string{
		"[[driver]]\nservice = \"mysql\"\npackage = \"PyMySQL\"\nscheme = \"mysql+pymysql\"\nsource = \"x\"",
		"[[driver]]\nservice = \"mongo\"\npackage = \"motor\"\nscheme = \"mongodb\"\nsource = \"x\"",
		"[[driver]]\nservice = \"mysql\"\npackage = \"pymysql\"\nscheme = \"postgresql+pymysql\"\nsource = \"x\"",
		"[[driver]]\nservice = \"mysql\"\npackage = \"pymysql\"\nscheme = \"mysql+pymysql\"",
	} {
		if _, err := parseSQLDrivers(bad); err == nil {
			t.Errorf("parseSQLDrivers accepted %q", bad)
		}
	}
}
