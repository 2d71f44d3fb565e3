package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pydock/pydock/internal/plan"
)

// TestPinnedDigests: a pin from pydock.toml puts the digest on the base
// image (and uv's image) it names; a pin for a tag the project moved off
// is reported, not applied.
func TestPinnedDigests(t *testing.T) {
	d := "@sha256:" + strings.Repeat("ab", 32)
	uv := fstest.MapFS{
		"pyproject.toml": {Data: []byte("[project]\nname = \"svc\"\nversion = \"1\"\nrequires-python = \">=3.13,<3.14\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n")},
		"uv.lock":        {Data: []byte("version = 1\nrequires-python = \">=3.13\"\n")},
		"main.py":        {Data: []byte("from fastapi import FastAPI\napp = FastAPI()\n")},
	}
	_, unpinned := renderProject(t, uv)
	if strings.Contains(string(unpinned["Dockerfile"]), "@sha256:") {
		t.Fatalf("a digest without a pin: generate must not fetch one")
	}
	base := "python:3.13-slim-trixie"
	pins := []string{base + d, plan.UVImage + d, "python:3.12-slim-trixie" + d}
	p, files := renderWith(t, uv, plan.Settings{Pins: &pins})
	df := string(files["Dockerfile"])
	for _, want := range []string{"FROM " + base + d + " AS base", "COPY --from=" + plan.UVImage + d + " "} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q:\n%s", want, df)
		}
	}
	stale := false
	for _, w := range p.Warnings {
		stale = stale || strings.Contains(w, "python:3.12-slim-trixie")
	}
	if !stale {
		t.Errorf("no warning about the pin the project no longer uses: %q", p.Warnings)
	}
	for _, bad := range []string{"python:3.13-slim", "python@sha256:" + strings.Repeat("ab", 32), base + "@sha256:xyz", base + d + "\nRUN id"} {
		if err := plan.CheckPin(bad); err == nil {
			t.Errorf("CheckPin(%q): want an error", bad)
		}
	}
}
