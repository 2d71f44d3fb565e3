package plan

import (
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

func TestReachURLKeepsOnlyTheAppsDriver(t *testing.T) {
	s := Service{Name: "db", Kind: "postgres"}
	r := reachOf("postgres")
	for def, want := range map[string]string{
		"postgresql+asyncpg://u:p@localhost/x": "postgresql+asyncpg://app:",
		"postgres://localhost/x":               "postgres://app:",
		"sqlite:///db.sqlite3":                 "postgresql://app:",
		"postgresql+${EVIL}://localhost/x":     "postgresql://app:",
		"":                                     "postgresql://app:",
	} {
		got, ok := r.value(s, "url", def)
		if !ok || !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "@db:5432/app") {
			t.Errorf("default %q: url %q, want %s…@db:5432/app", def, got, want)
		}
	}
	if _, ok := reachOf("redis").value(Service{Name: "redis", Kind: "redis"}, "password", ""); ok {
		t.Error("redis has no password, yet one was set")
	}
}

func TestShapedURLLeavesTheCodesScheme(t *testing.T) {
	pg, pgReach := Service{Name: "db", Kind: "postgres"}, reachOf("postgres")
	url, _ := pgReach.value(pg, "url", "")
	pw := required("POSTGRES_PASSWORD")
	for _, c := range []struct{ scheme, holds, want string }{
		{"postgresql", "rest", "app:" + pw + "@db:5432/app"},
		{"postgresql+asyncpg", "rest", "app:" + pw + "@db:5432/app"},
		{"postgres", "authority", "app:" + pw + "@db:5432"},
		{"postgresql", "host", "db"},
		{"postgresql", "credentials", "app:" + pw},
		{"redis", "rest", url}, // another service's scheme: not this address
		{"", "", url},
	} {
		got, ok := pgReach.shaped(pg, detect.EnvUse{Scheme: c.scheme, Holds: c.holds}, url)
		if !ok || got != c.want {
			t.Errorf("%s %s: %q, want %q", c.scheme, c.holds, got, c.want)
		}
	}
	rd, rdReach := Service{Name: "redis", Kind: "redis"}, reachOf("redis")
	url, _ = rdReach.value(rd, "url", "")
	if got, _ := rdReach.shaped(rd, detect.EnvUse{Scheme: "redis", Holds: "authority"}, url); got != "redis:6379" {
		t.Errorf("redis authority: %q", got)
	}
	if _, ok := rdReach.shaped(rd, detect.EnvUse{Scheme: "redis", Holds: "credentials"}, url); ok {
		t.Error("redis has no user, yet credentials were set")
	}
}

func TestServiceEnvRowsAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range serviceEnvRows {
		if r.Source == "" || len(r.Names) == 0 {
			t.Errorf("row %s/%s: no source or names", r.Service, r.Part)
		}
		for _, n := range r.Names {
			if seen[n] {
				t.Errorf("%s is in two rows", n)
			}
			seen[n] = true
		}
	}
}

func TestURLDefaultNamesOnlyALocalService(t *testing.T) {
	for def, want := range map[string]string{
		"postgresql://postgresql/app":              "postgres",
		"postgresql+psycopg://u:p@localhost:5432/": "postgres",
		"amqp://guest@rabbitmq//":                  "rabbitmq",
		"redis://127.0.0.1:6379/1":                 "redis",
		"mongodb://mongo/app":                      "mongo",
		"postgres://reader@reports.example.com/x":  "", // a service elsewhere
		"redis:///var/run/redis.sock":              "", // a socket, no host
		"https://localhost:8000":                   "", // no service pydock runs
		"localhost:6379":                           "",
	} {
		got := ""
		if r := urlDefaultRow(def); r != nil {
			got = r.Service
		}
		if got != want {
			t.Errorf("default %q: service %q, want %q", def, got, want)
		}
	}
}
