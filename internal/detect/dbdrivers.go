package detect

import (
	_ "embed"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed dbdrivers.toml
var dbDriversTOML []byte

type sqlDatabaseRow struct {
	Name    string
	Engines []string
	Schemes []string
	Source  string
}

type dbDriverRow struct{ Package, Database, Source string }

// sqlDatabases and dbDriverRows are dbdrivers.toml.
var sqlDatabases, dbDriverRows = func() ([]sqlDatabaseRow, []dbDriverRow) {
	var t struct {
		Database []sqlDatabaseRow
		Driver   []dbDriverRow
	}
	if err := toml.Unmarshal(dbDriversTOML, &t); err != nil {
		panic("dbdrivers.toml: " + err.Error())
	}
	for _, r := range t.Driver {
		if r.Package == "" || r.Database == "" || r.Source == "" {
			panic("dbdrivers.toml: bad driver row " + r.Package)
		}
	}
	return t.Database, t.Driver
}()

// dbDrivers are the database drivers an app reaches its database with, in
// pydock's order of preference.
var dbDrivers = func() []string {
	var out []string
	for _, r := range dbDriverRows {
		out = append(out, r.Package)
	}
	return out
}()

// driverDatabase is the database a driver package reaches, "" for none.
func driverDatabase(pkg string) string {
	for _, r := range dbDriverRows {
		if r.Package == pkg {
			return r.Database
		}
	}
	return ""
}

// databaseNamed is the database a value names: a Django ENGINE module
// (django.db.backends.mysql) or a URL's scheme (postgresql+psycopg://…);
// "" when it names none.
func databaseNamed(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	scheme, _, isURL := strings.Cut(v, "://")
	scheme, _, _ = strings.Cut(scheme, "+")
	for _, d := range sqlDatabases {
		for _, e := range d.Engines {
			if v == e {
				return d.Name
			}
		}
		for _, s := range d.Schemes {
			if isURL && scheme == s {
				return d.Name
			}
		}
	}
	return ""
}

// namesSQLiteEngine reports whether a line names a Django ENGINE that keeps
// its database in a SQLite file (sqlite3, and GeoDjango's SpatiaLite).
func namesSQLiteEngine(line string) bool {
	for _, d := range sqlDatabases {
		if d.Name != "sqlite" {
			continue
		}
		for _, e := range d.Engines {
			if strings.Contains(line, e) {
				return true
			}
		}
	}
	return false
}
