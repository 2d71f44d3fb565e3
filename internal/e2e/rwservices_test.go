//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	if st, err := runCmd(ctx, "", "podman", "inspect", "--format", "{{.State.Running}} {{.ImageName}}", rwServicesName); err == nil && strings.TrimSpace(st) == "true "+rwServicesImage {
		return rwWaitServices(ctx)
	}
	if _, err := runCmd(ctx, "", "podman", "image", "exists", rwServicesImage); err != nil {
		base, err := h.toolImage(ctx, o)
		if err != nil {
			return err
		}
		dir, err := os.MkdirTemp("", "rw-services")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cf := fmt.Sprintf("FROM %s\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql postgresql-17-postgis-3 redis-server && rm -rf /var/lib/apt/lists/*\n", base)
		if err := os.WriteFile(filepath.Join(dir, "Containerfile"), []byte(cf), 0o644); err != nil {
			return err
		}
		if out, err := runCmd(ctx, "", "podman", "build", "-t", rwServicesImage, "-f", filepath.Join(dir, "Containerfile"), dir); err != nil {
			return fmt.Errorf("building %s: %v\n%s", rwServicesImage, err, tail(out, 20))
		}
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

var pgName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,30}$`)

// rwFreshDatabase drops and creates the fixture's role and database (one
// psql call each: DROP DATABASE runs outside a transaction).
func rwFreshDatabase(ctx context.Context, name string) error {
	if !pgName.MatchString(name) {
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
