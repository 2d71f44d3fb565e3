package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/registry"
)

// TestPin resolves the base image's index digest from a fake registry,
// records it in pydock.toml, and the next render uses it; a plain render
// never asks the registry.
func TestPin(t *testing.T) {
	const index = `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}`
	sum := sha256.Sum256([]byte(index))
	digest := "sha256:" + hex.EncodeToString(sum[:])
	asked := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked++
		if r.URL.Path != "/v2/library/python/manifests/3.13-slim-trixie" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", registry.MediaOCIIndex)
		w.Write([]byte(index))
	}))
	defer srv.Close()
	base := strings.TrimPrefix(srv.URL, "http://") + "/library/python:3.13-slim-trixie"

	dir := t.TempDir()
	for name, body := range map[string]string{
		"requirements.txt": "flask>=3\ngunicorn\n",
		"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
		"pydock.toml":      "# ours\nschema = 1\nport = 8080\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	flags := plan.Settings{BaseImage: base}
	if _, err := load(dir, flags); err != nil || asked != 0 {
		t.Fatalf("rendering asked the registry %d times (err %v): generate and check must stay offline", asked, err)
	}
	var out, errOut bytes.Buffer
	err := runPin(context.Background(), IO{Out: &out, Err: &errOut}, &pinOptions{dir: dir, settings: flags, client: &registry.Client{PlainHTTP: true}})
	if err != nil {
		t.Fatalf("pin: %v\n%s", err, errOut.String())
	}
	toml, _ := os.ReadFile(filepath.Join(dir, "pydock.toml"))
	if !strings.Contains(string(toml), base+"@"+digest) || !strings.Contains(string(toml), "# ours") || !strings.Contains(string(toml), "port = 8080") {
		t.Errorf("pydock.toml after pin (keeps the user's lines, adds the pin):\n%s", toml)
	}
	p, err := load(dir, flags)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range p.files {
		if f.Path == "Dockerfile" && !strings.Contains(string(f.Content), "FROM "+base+"@"+digest+" AS base") {
			t.Errorf("Dockerfile does not use the pin:\n%s", f.Content)
		}
	}
}
