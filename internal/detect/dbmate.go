package detect

import (
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// DbmateMigrations is a folder of dbmate's migrations: SQL files named by
// a leading version number, each with an up block opened by
// "-- migrate:up". dbmate applies them in version order and records each
// in its schema_migrations table, so `dbmate up` runs only the new ones.
// https://github.com/amacneil/dbmate#creating-migrations (the file name,
// the up and down blocks; ./db/migrations by default).
type DbmateMigrations struct {
	// Dir is the folder, relative to the project: "../db/migrations" when
	// it lies above the project in its repository.
	Dir   string   `json:"dir"`
	Files []string `json:"files"`
	// Source is the first file's "-- migrate:up" line.
	Source Source `json:"source"`
}

var (
	// dbmate's own patterns (pkg/dbmate/db.go migrationFileRegexp,
	// pkg/dbmate/migration.go upRegExp).
	dbmateFileRe = regexp.MustCompile(`^\d+.*\.sql$`)
	dbmateUpRe   = regexp.MustCompile(`(?m)^--\s*migrate:up(\s*$|\s+\S+)`)
)

// maxDbmateDepth bounds how deep below a folder the migrations are looked
// for (db/migrations, database-docker/db/migrations).
const maxDbmateDepth = 4

// dbmateHead is how much of a file is read for its up marker: dbmate
// refuses statements before it, so it opens the file after comments.
const dbmateHead = 64 << 10

// FindDbmateMigrations returns the first folder below the root of fsys
// (dbmate's default db/migrations first, then in walk order) whose
// numbered SQL files all open an up block; nil when none does. skip is a
// folder not to enter ("": none), the project when fsys is a folder above
// it.
func FindDbmateMigrations(fsys fs.FS, skip string) *DbmateMigrations {
	const dflt = "db/migrations"
	if skip == "" || dflt != skip && !strings.HasPrefix(dflt, skip+"/") {
		if m := readDbmateDir(fsys, dflt); m != nil {
			return m
		}
	}
	var found *DbmateMigrations
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != "." && (p == skip || strings.HasPrefix(d.Name(), ".") || pySkipDirs[d.Name()] || strings.Count(p, "/") >= maxDbmateDepth) {
			return fs.SkipDir
		}
		if m := readDbmateDir(fsys, p); m != nil {
			found = m
			return fs.SkipAll
		}
		return nil
	})
	return found
}

func readDbmateDir(fsys fs.FS, dir string) *DbmateMigrations {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	m := &DbmateMigrations{Dir: dir}
	for _, e := range entries {
		if !e.Type().IsRegular() || !dbmateFileRe.MatchString(e.Name()) {
			continue
		}
		file := path.Join(dir, e.Name())
		head := readHead(fsys, file, dbmateHead)
		loc := dbmateUpRe.FindIndex(head)
		if loc == nil {
			return nil // dbmate would refuse the folder: not its migrations
		}
		if len(m.Files) == 0 {
			m.Source = Source{File: file, Line: strings.Count(string(head[:loc[0]]), "\n") + 1}
		}
		m.Files = append(m.Files, e.Name())
	}
	if len(m.Files) == 0 {
		return nil
	}
	return m
}

// readHead returns up to n bytes from the start of a regular file, nil
// when it cannot be read.
func readHead(fsys fs.FS, name string, n int64) []byte {
	f, err := fsys.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, n))
	if err != nil {
		return nil
	}
	return data
}
