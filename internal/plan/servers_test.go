package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

// A command of the user's keeps its own trust setting; one that believes
// forwarded headers from anyone is warned about, never silently kept.
func TestUserCommandTrust(t *testing.T) {
	tests := []struct {
		name    string
		app     string
		trust   bool // the image sets FORWARDED_ALLOW_IPS
		warning string
	}{
		{"gunicorn trusting anyone", "gunicorn --forwarded-allow-ips '*' app:app", false, "gunicorn --forwarded-allow-ips * believes X-Forwarded-* headers from any client"},
		{"uvicorn trusting anyone after an operator", "python manage.py check && uvicorn app:app --forwarded-allow-ips=*", false, "uvicorn --forwarded-allow-ips * believes"},
		{"uvicorn naming its proxy", "uvicorn app:app --forwarded-allow-ips 10.0.0.5", false, ""},
		{"gunicorn leaving it to the image", "gunicorn app:app", true, ""},
		{"python -m uvicorn", "python -m uvicorn app:app", true, ""},
		{"waitress trusting anyone", "waitress-serve --trusted-proxy '*' app:app", false, "waitress-serve --trusted-proxy * believes"},
		{"daphne believing any client", "daphne --proxy-headers app.asgi:application", false, "daphne --proxy-headers believes"},
		{"daphne without proxy headers", "daphne app.asgi:application", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build(webFacts(detect.FrameworkFlask, "gunicorn"), Settings{App: tt.app}, today)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(p.ServerEnv, EnvVar{"FORWARDED_ALLOW_IPS", TrustedProxy}); got != tt.trust {
				t.Errorf("server env = %v, FORWARDED_ALLOW_IPS set: %v, want %v", p.ServerEnv, got, tt.trust)
			}
			warned := slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, "believes X-Forwarded") })
			if tt.warning == "" && warned {
				t.Errorf("unexpected warning: %q", p.Warnings)
			}
			if tt.warning != "" && !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, tt.warning) }) {
				t.Errorf("warnings %q lack %q", p.Warnings, tt.warning)
			}
		})
	}
}
