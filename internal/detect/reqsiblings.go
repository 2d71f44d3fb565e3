package detect

// Requirement files beside the main one that add a database driver
// (requirements/postgres.txt: -r base.txt plus psycopg): the main file
// alone reaches no database, so the image installs the sibling the
// project's evidence names.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// driverFile is a sibling requirements file that installs the main one
// and drivers of one database.
type driverFile struct {
	file     string
	driver   string // its best-ranked driver
	database string
	rank     int
	req      *requirements
}

// literalEngineRe is a Django ENGINE written as a literal.
var literalEngineRe = regexp.MustCompile(`["']ENGINE["']\s*:\s*["']([\w.]+)["']`)

// chooseDriverFile installs, when the main requirements file reaches no
// database, the sibling file that adds the driver the evidence names: the
// database the app's defaults name (a Django ENGINE, a database URL), else
// one the authors' Dockerfiles or CI install, else for a Django site
// (which always has a database) pydock's preferred driver. Nothing naming
// one, the main file stays and detect lists the siblings.
func chooseDriverFile(fsys fs.FS, f *Facts) {
	if f.Manager != ManagerPip || f.RequirementsFile == "" || f.Hashes || f.ExportOf != "" || f.workspace != nil {
		return
	}
	if slices.ContainsFunc(dbDrivers, f.IsInstalled) {
		return
	}
	cands := driverFiles(fsys, f)
	if len(cands) == 0 {
		return
	}
	pick, why := -1, ""
	db, at := defaultDatabase(fsys, f)
	switch {
	case db == "sqlite":
		f.Notes = append(f.Notes, fmt.Sprintf("%s add a database driver to %s; the app's default database is SQLite (%s), so the image installs %s alone", joinFiles(cands), f.RequirementsFile, at, f.RequirementsFile))
		return
	case db != "":
		if i := slices.IndexFunc(cands, func(c driverFile) bool { return c.database == db }); i >= 0 {
			pick, why = i, fmt.Sprintf("the app's default database is %s (%s)", db, at)
		}
	}
	for _, files := range [][]string{authorsContainerFiles(fsys), authorsCIFiles(fsys)} {
		if pick >= 0 {
			break
		}
		for i, c := range cands {
			if via := installedBy(fsys, files, c.file); via != "" {
				pick, why = i, "the authors' own file installs it ("+via+")"
				break
			}
		}
	}
	if pick < 0 && f.Django != nil {
		pick, why = 0, fmt.Sprintf("a Django site needs a database and nothing names one: %s comes first in pydock's order of drivers (dbdrivers.toml)", cands[0].driver)
	}
	if pick < 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("%s add a database driver to %s, which has none; nothing says which the app needs (no database default in its code, no Dockerfile or CI of the authors installing one), so the image installs %s alone", joinFiles(cands), f.RequirementsFile, f.RequirementsFile))
		return
	}
	c := cands[pick]
	f.Notes = append(f.Notes, fmt.Sprintf("%s installs %s and %s, the database driver %s lacks: the image installs it, as %s", c.file, f.RequirementsFile, c.driver, f.RequirementsFile, why))
	for _, d := range c.req.Deps {
		if !slices.ContainsFunc(f.Dependencies, func(o Dependency) bool { return o.Name == d.Name }) {
			f.Dependencies = append(f.Dependencies, d)
		}
		if f.Installed != nil {
			f.Installed[d.Name] = true
		}
	}
	f.RequirementsFile, f.RequirementsFiles, f.ManagerFrom = c.file, c.req.Files, Source{File: c.file}
}

// driverFiles lists the requirements files beside the main one (in its
// folder; at the root, requirements*.txt) that include it and add drivers
// of a single database, development files aside, best-ranked first.
func driverFiles(fsys fs.FS, f *Facts) []driverFile {
	dir := path.Dir(f.RequirementsFile)
	entries, _ := fs.ReadDir(fsys, dir)
	var out []driverFile
	for _, e := range entries {
		n := e.Name()
		file := path.Join(dir, n)
		if e.IsDir() || !strings.HasSuffix(n, ".txt") || slices.Contains(f.RequirementsFiles, file) ||
			dir == "." && !strings.HasPrefix(n, "requirements") || devRequirementName(n) {
			continue
		}
		req, err := readRequirements(fsys, file)
		if err != nil || req.Hashes || req.SelfInstall || !slices.Contains(req.Files, f.RequirementsFile) {
			continue
		}
		c := driverFile{file: file, req: req, rank: len(dbDrivers)}
		single := true
		for _, d := range req.Deps {
			db := driverDatabase(d.Name)
			if db == "" {
				continue
			}
			if c.database != "" && db != c.database {
				single = false
			}
			c.database = db
			if r := slices.Index(dbDrivers, d.Name); r < c.rank {
				c.rank, c.driver = r, d.Name
			}
		}
		if c.driver != "" && single {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b driverFile) int { return a.rank - b.rank })
	return out
}

// defaultDatabase is the one database the app's defaults name, with where:
// the defaults of the variables it reads (ENGINE's, a database URL's) and
// the literal ENGINE of the Django settings it runs. Defaults naming
// several databases name none.
func defaultDatabase(fsys fs.FS, f *Facts) (string, Source) {
	found, at := "", Source{}
	several := false
	see := func(db string, src Source) {
		switch {
		case db == "" || db == found:
		case found == "":
			found, at = db, src
		default:
			several = true
		}
	}
	for _, u := range f.EnvUses {
		if u.Default != "" {
			see(databaseNamed(u.Default), u.DefaultFrom)
		}
	}
	if f.Django != nil {
		if root, file := locateModule(fsys, f.Django.SettingsModule); file != "" {
			walkSettings(fsys, root, file, func(file string, l pyLine) {
				for _, m := range literalEngineRe.FindAllStringSubmatch(l.text, -1) {
					see(databaseNamed(m[1]), Source{File: file, Line: l.line})
				}
			})
		}
	}
	if several {
		return "", Source{}
	}
	return found, at
}

// installedBy is the first line of files that installs the requirements
// file (-r file, the path as the authors' file names it), "" for none.
func installedBy(fsys fs.FS, files []string, file string) string {
	for _, af := range readAuthorsFiles(fsys, files) {
		for i, l := range strings.Split(af.text, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "#") {
				continue
			}
			for _, m := range reqFlagRe.FindAllStringSubmatch(l, -1) {
				if n := path.Clean(m[1]); n == file || strings.HasSuffix(n, "/"+file) {
					return Source{File: af.name, Line: i + 1}.String()
				}
			}
		}
	}
	return ""
}

func joinFiles(cands []driverFile) string {
	var names []string
	for _, c := range cands {
		names = append(names, c.file)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
