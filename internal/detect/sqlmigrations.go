package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// SQLMigrations is a folder of Flyway-named plain SQL files
// (V<version>__<description>.sql): a schema kept as versioned SQL that no
// Python tool applies.
// https://documentation.red-gate.com/fd/migrations-184127470.html (naming:
// prefix V, version with dots or underscores, "__", description, .sql).
type SQLMigrations struct {
	Dir string `json:"dir"`
	// Files are the versioned files in version order.
	Files []string `json:"files"`
	// NameOrder says whether sorting the names gives the version order, as
	// a database image's initdb runs them.
	NameOrder bool `json:"name_order"`
	// Others are files in the folder a database image's initdb would run
	// too (.sql and .sh that are not versioned: Flyway's R__ and U__).
	Others []string `json:"others,omitempty"`
}

var flywayNameRe = regexp.MustCompile(`^V(\d+(?:[._]\d+)*)__[^/]*\.sql$`)

// maxSQLDepth bounds how deep the folder is looked for (db/migration,
// src/main/resources/db/migration).
const maxSQLDepth = 5

// findSQLMigrations returns the first folder (in walk order) holding
// Flyway-named files, nil when none does.
func findSQLMigrations(fsys fs.FS) *SQLMigrations {
	var found *SQLMigrations
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || found != nil {
			return fs.SkipDir
		}
		if !d.IsDir() {
			return nil
		}
		if p != "." && (strings.HasPrefix(d.Name(), ".") || pySkipDirs[d.Name()] || strings.Count(p, "/") >= maxSQLDepth) {
			return fs.SkipDir
		}
		if m := readSQLDir(fsys, p); m != nil {
			found = m
			return fs.SkipAll
		}
		return nil
	})
	return found
}

func readSQLDir(fsys fs.FS, dir string) *SQLMigrations {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	type file struct {
		name    string
		version []int
	}
	var files []file
	var others []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() {
			continue
		}
		if v := flywayNameRe.FindStringSubmatch(n); v != nil {
			var parts []int
			for _, s := range strings.FieldsFunc(v[1], func(r rune) bool { return r == '.' || r == '_' }) {
				i, err := strconv.Atoi(s)
				if err != nil {
					i = 1 << 30 // too long to compare: never in order
				}
				parts = append(parts, i)
			}
			files = append(files, file{n, parts})
		} else if strings.HasSuffix(n, ".sh") || strings.Contains(n, ".sql") {
			others = append(others, n)
		}
	}
	if len(files) == 0 {
		return nil
	}
	byVersion := slices.Clone(files)
	slices.SortStableFunc(byVersion, func(a, b file) int { return slices.Compare(a.version, b.version) })
	m := &SQLMigrations{Dir: dir, Others: others, NameOrder: true}
	for _, f := range byVersion {
		m.Files = append(m.Files, f.name)
	}
	// The images sort by name in their locale; byte order and an order
	// that ignores punctuation (as en_US collation does first) must both
	// give the version order.
	for _, key := range []func(string) string{
		func(s string) string { return s },
		func(s string) string {
			return strings.NewReplacer("_", "", ".", "", "-", "").Replace(strings.ToLower(s))
		},
	} {
		names := slices.Clone(m.Files)
		slices.SortStableFunc(names, func(a, b string) int { return strings.Compare(key(a), key(b)) })
		if !slices.Equal(names, m.Files) {
			m.NameOrder = false
		}
	}
	for i := 1; i < len(byVersion); i++ {
		if slices.Equal(byVersion[i-1].version, byVersion[i].version) {
			m.NameOrder = false // two files of one version: Flyway refuses them
		}
	}
	m.Dir = path.Clean(dir)
	return m
}
