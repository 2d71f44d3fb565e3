package plan

import (
	"strings"
	"testing"
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
