package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fakeRegistry serves one multi-platform index behind Docker-style token
// authentication, as Docker Hub and ghcr.io do.
func fakeRegistry(t *testing.T, index string, lie bool) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/token":
			if r.URL.Query().Get("scope") != "repository:library/python:pull" || r.URL.Query().Get("service") != "fake" {
				http.Error(w, "bad scope", http.StatusBadRequest)
				return
			}
			w.Write([]byte(`{"token":"t0k"}`))
		case r.URL.Path == "/v2/library/python/manifests/3.13-slim-trixie":
			if r.Header.Get("Authorization") != "Bearer t0k" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="`+srv.URL+`/token",service="fake",scope="repository:library/python:pull"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			if !strings.Contains(r.Header.Get("Accept"), MediaOCIIndex) {
				http.Error(w, "no index accepted", http.StatusNotAcceptable)
				return
			}
			sum := sha256.Sum256([]byte(index))
			d := "sha256:" + hex.EncodeToString(sum[:])
			if lie {
				d = "sha256:" + strings.Repeat("0", 64)
			}
			w.Header().Set("Content-Type", MediaOCIIndex)
			w.Header().Set("Docker-Content-Digest", d)
			w.Write([]byte(index))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDigest(t *testing.T) {
	const index = `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}`
	srv := fakeRegistry(t, index, false)
	host := strings.TrimPrefix(srv.URL, "http://")
	c := &Client{PlainHTTP: true}
	d, mt, err := c.Digest(context.Background(), host+"/library/python:3.13-slim-trixie")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(index))
	if want := "sha256:" + hex.EncodeToString(sum[:]); d != want {
		t.Errorf("digest %s, want %s", d, want)
	}
	if !MultiPlatform(mt) {
		t.Errorf("media type %q: want an index", mt)
	}
	if _, _, err := c.Digest(context.Background(), host+"/library/python:3.12-slim"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("unknown tag: got %v, want a 404 error", err)
	}
	if _, _, err := (&Client{PlainHTTP: true}).Digest(context.Background(), strings.TrimPrefix(fakeRegistry(t, index, true).URL, "http://")+"/library/python:3.13-slim-trixie"); err == nil {
		t.Errorf("a registry whose digest header disagrees with the content must be refused")
	}
}

func TestParseRef(t *testing.T) {
	for in, want := range map[string]Ref{
		"python:3.13-slim-trixie":    {"registry-1.docker.io", "library/python", "3.13-slim-trixie"},
		"ghcr.io/astral-sh/uv:0.9.7": {"ghcr.io", "astral-sh/uv", "0.9.7"},
		"localhost:5000/team/app:v1": {"localhost:5000", "team/app", "v1"},
		"docker.io/library/python":   {"registry-1.docker.io", "library/python", "latest"},
	} {
		got, err := ParseRef(in)
		if err != nil || got != want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"python:3.13@sha256:" + strings.Repeat("a", 64), "Python:3", "python:3 AS x", "python:3.13\nRUN x"} {
		if _, err := ParseRef(bad); err == nil {
			t.Errorf("ParseRef(%q): want an error", bad)
		}
	}
}
