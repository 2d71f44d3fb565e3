//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The services the realworld run provides itself: Debian's PostgreSQL and
// Redis in one container (rw-services) of the trixie stand-in, on the host
// network at ports no default install uses, so nothing else on the machine
// is touched. A fixture asks with "postgres": "<name>" (a role and database
// of that name, created fresh for the project; password = name) and
// "redis": true; its env then names 127.0.0.1:15432 / 127.0.0.1:16379.
// Anything else a project needs stays in "services" (accepted).

const (
	rwServicesName  = "rw-services"
	rwPostgresPort  = "15432"
	rwRedisPort     = "16379"
	rwServicesImage = "localhost/rw-services:trixie-r3"
	// MariaDB, Debian's MySQL, in a container of its own (rw-mysql), so
	// adding it left the running Postgres/Redis container alone.
	rwMySQLName  = "rw-mysql"
	rwMySQLPort  = "13306"
	rwMySQLImage = "localhost/rw-mysql:trixie-r1"
)

var rwServicesMu sync.Mutex

// rwStartServices builds the image (once per machine) and starts the
// container unless it runs (a parallel run's is reused; one that went away
// is started again), for every project that asks.
func (h *harness) rwStartServices(ctx context.Context, o *offline) error {
	rwServicesMu.Lock()
	defer rwServicesMu.Unlock()
	return h.rwServicesUp(ctx, o)
}

func (h *harness) rwServicesUp(ctx context.Context, o *offline) error {
	if rwContainerUp(ctx, rwServicesName, rwServicesImage) {
		return rwWaitServices(ctx)
	}
	if err := h.rwServiceImage(ctx, o, rwServicesImage, "postgresql postgresql-17-postgis-3 redis-server"); err != nil {
		return err
	}
	_, _ = runCmd(ctx, "", "podman", "rm", "-f", rwServicesName)
	script := `set -e
PG=$(ls -d /usr/lib/postgresql/*/bin | tail -n1)
mkdir -p /srv/pg && chown postgres /srv/pg
su postgres -c "$PG/initdb -D /srv/pg/data -A trust -U postgres" >/dev/null
su postgres -c "$PG/pg_ctl -D /srv/pg/data -l /srv/pg/log -o '-p ` + rwPostgresPort + ` -k /srv/pg -c listen_addresses=127.0.0.1' start"
redis-server --port ` + rwRedisPort + ` --bind 127.0.0.1 --save '' --daemonize yes
exec sleep infinity`
	args := append([]string{"run", "-d", "--name", rwServicesName}, o.RunArgs()...)
	args = append(args, rwServicesImage, "sh", "-c", script)
	if out, err := runCmd(ctx, "", "podman", args...); err != nil {
		return fmt.Errorf("starting %s: %v\n%s", rwServicesName, err, out)
	}
	return rwWaitServices(ctx)
}

// rwContainerUp says whether the container runs the image and can be
// exec'd into: podman keeps reporting "running" for a container whose
// process was killed outside it (30 Nov: rw-services' PID gone, every exec
// "cannot exec in a stopped container", plane's run failed on it), and such
// a container is started again.
func rwContainerUp(ctx context.Context, name, image string) bool {
	st, err := runCmd(ctx, "", "podman", "inspect", "--format", "{{.State.Running}} {{.ImageName}}", name)
	if err != nil || strings.TrimSpace(st) != "true "+image {
		return false
	}
	_, err = runCmd(ctx, "", "podman", "exec", name, "true")
	return err == nil
}

// rwServiceImage builds image (once per machine) from the trixie stand-in
// with Debian's packages: no image from a registry.
func (h *harness) rwServiceImage(ctx context.Context, o *offline, image, packages string) error {
	if _, err := runCmd(ctx, "", "podman", "image", "exists", image); err == nil {
		return nil
	}
	base, err := h.toolImage(ctx, o)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "rw-services")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cf := fmt.Sprintf("FROM %s\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s && rm -rf /var/lib/apt/lists/*\n", base, packages)
	if err := os.WriteFile(filepath.Join(dir, "Containerfile"), []byte(cf), 0o644); err != nil {
		return err
	}
	if out, err := runCmd(ctx, "", "podman", "build", "-t", image, "-f", filepath.Join(dir, "Containerfile"), dir); err != nil {
		return fmt.Errorf("building %s: %v\n%s", image, err, tail(out, 20))
	}
	return nil
}

func rwWaitServices(ctx context.Context) error {
	var last string
	for i := 0; i < 60; i++ {
		out, err := runCmd(ctx, "", "podman", "exec", rwServicesName, "sh", "-c",
			"pg_isready -h 127.0.0.1 -p "+rwPostgresPort+" && redis-cli -p "+rwRedisPort+" ping")
		if err == nil {
			return nil
		}
		last = out
		time.Sleep(time.Second)
	}
	return fmt.Errorf("%s did not come up: %s", rwServicesName, tail(last, 5))
}

// rwFreshDatabase drops and creates the fixture's role and database (one
// psql call each: DROP DATABASE runs outside a transaction).
func rwFreshDatabase(ctx context.Context, name string) error {
	if !rwDBName.MatchString(name) {
		return fmt.Errorf("postgres name %q: want [a-z][a-z0-9_]*", name)
	}
	for _, q := range []string{
		"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
		"DROP ROLE IF EXISTS " + name,
		"CREATE ROLE " + name + " LOGIN SUPERUSER PASSWORD '" + name + "'",
		"CREATE DATABASE " + name + " OWNER " + name,
	} {
		if out, err := runCmd(ctx, "", "podman", "exec", rwServicesName, "psql", "-q", "-h", "127.0.0.1", "-p", rwPostgresPort, "-U", "postgres", "-c", q); err != nil {
			return fmt.Errorf("%s: %v\n%s", q, err, out)
		}
	}
	// PostGIS, as the authors' postgis/postgis images have it (FitTrackee's
	// migrations create geometry columns).
	if out, err := runCmd(ctx, "", "podman", "exec", rwServicesName, "psql", "-q", "-h", "127.0.0.1", "-p", rwPostgresPort, "-U", "postgres", "-d", name, "-c", "CREATE EXTENSION IF NOT EXISTS postgis"); err != nil {
		// Only some projects need it: theirs then fail naming geometry.
		fmt.Printf("rw-services: no PostGIS in %s: %v\n%s\n", name, err, tail(out, 3))
	}
	return nil
}

// rwStartMySQL starts rw-mysql unless it runs (as rwStartServices).
func (h *harness) rwStartMySQL(ctx context.Context, o *offline) error {
	rwServicesMu.Lock()
	defer rwServicesMu.Unlock()
	if rwContainerUp(ctx, rwMySQLName, rwMySQLImage) {
		return rwWaitMySQL(ctx)
	}
	if err := h.rwServiceImage(ctx, o, rwMySQLImage, "mariadb-server"); err != nil {
		return err
	}
	_, _ = runCmd(ctx, "", "podman", "rm", "-f", rwMySQLName)
	// skip-name-resolve: 127.0.0.1 is matched as an address, so the
	// anonymous users of localhost (dropped anyway) never shadow a fixture's.
	script := `set -e
mkdir -p /srv/my && chown mysql /srv/my
mariadb-install-db --user=mysql --datadir=/srv/my/data --skip-test-db >/dev/null
mariadbd --user=mysql --datadir=/srv/my/data --port=` + rwMySQLPort + ` --bind-address=127.0.0.1 --socket=/srv/my/sock --skip-name-resolve --pid-file=/srv/my/pid >/srv/my/log 2>&1 &
exec sleep infinity`
	args := append([]string{"run", "-d", "--name", rwMySQLName}, o.RunArgs()...)
	args = append(args, rwMySQLImage, "sh", "-c", script)
	if out, err := runCmd(ctx, "", "podman", args...); err != nil {
		return fmt.Errorf("starting %s: %v\n%s", rwMySQLName, err, out)
	}
	return rwWaitMySQL(ctx)
}

func rwWaitMySQL(ctx context.Context) error {
	var last string
	for i := 0; i < 60; i++ {
		out, err := runCmd(ctx, "", "podman", "exec", rwMySQLName, "mariadb-admin", "--socket=/srv/my/sock", "ping")
		if err == nil {
			return nil
		}
		last = out
		time.Sleep(time.Second)
	}
	logs, _ := runCmd(ctx, "", "podman", "exec", rwMySQLName, "cat", "/srv/my/log")
	return fmt.Errorf("%s did not come up: %s\n%s", rwMySQLName, tail(last, 5), tail(logs, 10))
}

// rwFreshMySQL drops and creates the fixture's user and database, as the
// server's root over its socket (unix_socket authentication).
func rwFreshMySQL(ctx context.Context, name string) error {
	stmts, err := mysqlFresh(name)
	if err != nil {
		return err
	}
	q := "DROP USER IF EXISTS ''@'localhost'; " + strings.Join(stmts, "; ")
	if out, err := runCmd(ctx, "", "podman", "exec", rwMySQLName, "mariadb", "--socket=/srv/my/sock", "-u", "root", "-e", q); err != nil {
		return fmt.Errorf("%s: %v\n%s", q, err, out)
	}
	return nil
}
