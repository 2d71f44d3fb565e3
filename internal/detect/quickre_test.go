package detect

import (
	"slices"
	"testing"
)

func TestRequiredLits(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    []string
	}{
		{`\buvicorn\.(?:run|Server)\s*\(`, []string{"uvicorn."}},
		{`\bweb\.run_app\s*\(|\bTCPSite\s*\(`, []string{"TCPSite", "web.run_app"}},
		{`\.listen\s*\(\s*(?:port\s*=\s*)?\d{2,5}\b`, []string{".listen"}},
		{`(?i)\bport\b`, nil},            // case-folded: no literal is certain
		{`\w+\s*=\s*\d+`, []string{"="}}, // the only required one
		{`a|\w+`, nil},                   // one branch requires nothing
		{`(?:PORT)+x?`, []string{"PORT"}},
	} {
		if got := requiredLits(c.pattern); !slices.Equal(got, c.want) {
			t.Errorf("requiredLits(%q) = %q, want %q", c.pattern, got, c.want)
		}
	}
}

// The literals only ever reject texts the regexp would not match: every
// quickRe of the package, on texts that hold its matches and texts that
// hold none.
func FuzzQuickRe(f *testing.F) {
	for _, s := range []string{"uvicorn.run(app, port=8000)", `os.environ.get("PORT", "8080")`, "PORT = 5000", "x.listen(8888)", "", "web.run_app(app)", `env("DATABASE_URL", default=None)`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range quickRes {
			if !q.may(s) && q.Regexp.MatchString(s) {
				t.Fatalf("%q: literals %q reject %q, which it matches", q.String(), q.lits, s)
			}
		}
	})
}
