package e2e

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// rwDBName is a database, role or user name the realworld harness creates
// for a fixture: a plain identifier, so it goes into SQL as it is.
var rwDBName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,30}$`)

// fixtureDir is the folder of the realworld fixtures: PYDOCK_REALWORLD_ENV
// when set (a corpus kept outside the repository, such as projects pydock
// has not seen yet, keeps its fixtures beside it), else the repository's
// testdata/realworld-env.
func fixtureDir(repo string) string {
	if d := os.Getenv("PYDOCK_REALWORLD_ENV"); d != "" {
		return d
	}
	return filepath.Join(repo, "testdata", "realworld-env")
}

// fixtureMounts turns a fixture's "files" (path in the container → a file in
// the fixture folder dir) into podman's read-only bind mounts: the file the
// authors' documentation has the operator write at deployment, put where
// the operator puts it. Sorted by container path, so runs are alike.
func fixtureMounts(dir string, files map[string]string) ([]string, error) {
	dsts := make([]string, 0, len(files))
	for dst := range files {
		dsts = append(dsts, dst)
	}
	sort.Strings(dsts)
	var args []string
	for _, dst := range dsts {
		src := files[dst]
		if !path.IsAbs(dst) || path.Clean(dst) != dst {
			return nil, fmt.Errorf("files: %q: want a clean absolute path in the container", dst)
		}
		if filepath.IsAbs(src) || !filepath.IsLocal(src) {
			return nil, fmt.Errorf("files: %q: want a file in the fixture folder %s", src, dir)
		}
		// podman's -v splits on ':' (and its options on ',').
		if strings.ContainsAny(dst+src, ":,") {
			return nil, fmt.Errorf("files: %q → %q: ':' and ',' cannot go through -v", src, dst)
		}
		abs := filepath.Join(dir, src)
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("files: %v", err)
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("files: %s is not a regular file", abs)
		}
		args = append(args, "-v", abs+":"+dst+":ro")
	}
	return args, nil
}

// mysqlFresh is the SQL that drops and creates a fixture's MySQL user and
// database (password = name), reachable over TCP from any host the server
// accepts (it listens on 127.0.0.1 only).
func mysqlFresh(name string) ([]string, error) {
	if !rwDBName.MatchString(name) {
		return nil, fmt.Errorf("mysql name %q: want [a-z][a-z0-9_]* (at most 31)", name)
	}
	return []string{
		"DROP DATABASE IF EXISTS " + name,
		"DROP USER IF EXISTS '" + name + "'@'%'",
		"CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + name + "'",
		"CREATE DATABASE " + name + " CHARACTER SET utf8mb4",
		"GRANT ALL PRIVILEGES ON " + name + ".* TO '" + name + "'@'%'",
	}, nil
}

// fixtureVolumes gives each of a fixture's "volumes" (paths in the
// container) a named podman volume of the project's own, mounted in the
// release steps and the run alike, as compose's volumes are: what the
// release step writes there (archivebox init) is what the server reads.
// The names are returned so the run can remove them.
func fixtureVolumes(project string, paths []string) (args, names []string, err error) {
	seen := map[string]bool{}
	for i, p := range paths {
		if !path.IsAbs(p) || path.Clean(p) != p || strings.ContainsAny(p, ":,") {
			return nil, nil, fmt.Errorf("volumes: %q: want a clean absolute path in the container", p)
		}
		if seen[p] {
			return nil, nil, fmt.Errorf("volumes: %q twice", p)
		}
		seen[p] = true
		name := fmt.Sprintf("rw-%s-%d", strings.ToLower(project), i)
		names = append(names, name)
		args = append(args, "-v", name+":"+p)
	}
	return args, names, nil
}
