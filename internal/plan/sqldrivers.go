package plan

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/pydock/pydock/internal/detect"
)

//go:embed sqldrivers.toml
var sqlDriversData string

// sqlDriver is a row of sqldrivers.toml.
type sqlDriver struct {
	Service string `toml:"service"`
	Package string `toml:"package"`
	Scheme  string `toml:"scheme"`
	Async   bool   `toml:"async"`
	Source  string `toml:"source"`
}

var sqlDrivers = func() []sqlDriver {
	t, err := parseSQLDrivers(sqlDriversData)
	if err != nil {
		panic("sqldrivers.toml: " + err.Error())
	}
	return t
}()

func parseSQLDrivers(data string) ([]sqlDriver, error) {
	var t struct{ Driver []sqlDriver }
	if _, err := toml.Decode(data, &t); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range t.Driver {
		base, _, _ := strings.Cut(r.Scheme, "+")
		switch {
		case detect.NormalizeName(r.Package) != r.Package:
			return nil, fmt.Errorf("%q: not a PEP 503 name", r.Package)
		case r.Service != "postgres" && r.Service != "mysql":
			return nil, fmt.Errorf("%s: service %q is no SQL database compose runs", r.Package, r.Service)
		case !strings.Contains(strings.Join(reachOf(r.Service).schemes, " "), base):
			return nil, fmt.Errorf("%s: scheme %q is not %s's", r.Package, r.Scheme, r.Service)
		case r.Source == "":
			return nil, fmt.Errorf("%s: no source", r.Package)
		case seen[r.Package]:
			return nil, fmt.Errorf("%s: twice", r.Package)
		}
		seen[r.Package] = true
	}
	return t.Driver, nil
}

// otherURLReaders read a database URL themselves, with schemes of their
// own (tortoise's, peewee's db_url, dj-database-url): a "+driver" there is
// no SQLAlchemy dialect.
var otherURLReaders = []string{"django", "tortoise-orm", "peewee", "pony"}

// sqlScheme is the scheme compose's URL for a SQL service of kind needs so
// that SQLAlchemy loads a driver the image has: "" when the default one
// (psycopg2, mysqlclient) is installed, when no driver of the table is, or
// when SQLAlchemy is not what reads the URL. A sync driver is preferred to
// an asyncio one; why names the package.
func sqlScheme(f *detect.Facts, kind string) (scheme, why string) {
	if !f.IsInstalled("sqlalchemy") || f.Django != nil {
		return "", ""
	}
	for _, o := range otherURLReaders {
		if f.IsInstalled(o) {
			return "", ""
		}
	}
	var sync, async *sqlDriver
	for i, d := range sqlDrivers {
		if d.Service != kind || !f.IsInstalled(d.Package) {
			continue
		}
		if !strings.Contains(d.Scheme, "+") {
			return "", "" // the dialect's default driver
		}
		switch {
		case !d.Async && sync == nil:
			sync = &sqlDrivers[i]
		case d.Async && async == nil:
			async = &sqlDrivers[i]
		}
	}
	if sync == nil {
		sync = async
	}
	if sync == nil {
		return "", ""
	}
	return sync.Scheme, "SQLAlchemy reads the URL and " + sync.Package + " is the driver installed (" + sync.Source + ")"
}

// sqlAsyncScheme is the scheme of the first asyncio driver of the service
// kind the project installs (sqldrivers.toml's async rows), "" when none.
func sqlAsyncScheme(f *detect.Facts, kind string) string {
	if !f.IsInstalled("sqlalchemy") || f.Django != nil {
		return ""
	}
	for _, d := range sqlDrivers {
		if d.Service == kind && d.Async && f.IsInstalled(d.Package) {
			return d.Scheme
		}
	}
	return ""
}
