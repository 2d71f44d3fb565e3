// Package registry resolves an image tag to the digest of what it names
// today, through the OCI distribution API (the HTTP API every registry
// speaks: Docker Hub, ghcr.io, quay.io). pydock uses it only when asked to
// pin (`pydock pin`), never while generating, so the generated files stay
// a function of the project.
package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Media types of a multi-platform index and of a single manifest.
const (
	MediaOCIIndex      = "application/vnd.oci.image.index.v1+json"
	MediaDockerList    = "application/vnd.docker.distribution.manifest.list.v2+json"
	MediaOCIManifest   = "application/vnd.oci.image.manifest.v1+json"
	MediaDockerSchema2 = "application/vnd.docker.distribution.manifest.v2+json"
)

// Client talks to registries. The zero value uses http.DefaultClient over
// HTTPS.
type Client struct {
	HTTP *http.Client
	// PlainHTTP talks http:// (a test registry), never for real ones.
	PlainHTTP bool
}

// Ref is an image reference split the way registries address it.
type Ref struct {
	Host, Repo, Tag string
}

var (
	repoRe = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$`)
	tagRe  = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	// DigestRe is a sha256 content digest, the only kind registries hand out.
	DigestRe = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
)

// ParseRef splits "python:3.13-slim", "ghcr.io/astral-sh/uv:0.9.7" or
// "localhost:5000/x:y": Docker Hub when the first part is no host name,
// with official images under library/.
func ParseRef(ref string) (Ref, error) {
	if strings.Contains(ref, "@") {
		return Ref{}, fmt.Errorf("%s: already pinned to a digest", ref)
	}
	name, tag := ref, "latest"
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		name, tag = ref[:i], ref[i+1:]
	}
	host := "registry-1.docker.io"
	if first, rest, ok := strings.Cut(name, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		host, name = first, rest
	} else if !ok {
		name = "library/" + name
	}
	if host == "docker.io" || host == "index.docker.io" {
		host = "registry-1.docker.io"
	}
	if !repoRe.MatchString(name) || !tagRe.MatchString(tag) {
		return Ref{}, fmt.Errorf("%s: not an image reference", ref)
	}
	return Ref{Host: host, Repo: name, Tag: tag}, nil
}

// Digest returns the digest of what ref's tag names now and its media
// type: for a multi-platform image, the index, so the pin holds on every
// architecture.
func (c *Client) Digest(ctx context.Context, ref string) (digest, mediaType string, err error) {
	r, err := ParseRef(ref)
	if err != nil {
		return "", "", err
	}
	scheme := "https"
	if c.PlainHTTP {
		scheme = "http"
	}
	u := scheme + "://" + r.Host + "/v2/" + r.Repo + "/manifests/" + url.PathEscape(r.Tag)
	resp, err := c.get(ctx, u, "")
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", ref, err)
	}
	if resp.StatusCode == http.StatusUnauthorized {
		challenge := resp.Header.Get("WWW-Authenticate")
		resp.Body.Close()
		token, err := c.token(ctx, challenge)
		if err != nil {
			return "", "", fmt.Errorf("%s: %w", ref, err)
		}
		if resp, err = c.get(ctx, u, token); err != nil {
			return "", "", fmt.Errorf("%s: %w", ref, err)
		}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", "", fmt.Errorf("%s: the registry answered %s", ref, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", ref, err)
	}
	// The digest is the hash of the bytes served; the header, when sent,
	// must agree.
	sum := sha256.Sum256(body)
	digest = "sha256:" + hex.EncodeToString(sum[:])
	if h := resp.Header.Get("Docker-Content-Digest"); h != "" && h != digest {
		return "", "", fmt.Errorf("%s: the registry says %s but served content hashing to %s", ref, h, digest)
	}
	mediaType, _, _ = strings.Cut(resp.Header.Get("Content-Type"), ";")
	if mediaType == "" {
		var m struct {
			MediaType string `json:"mediaType"`
		}
		_ = json.Unmarshal(body, &m)
		mediaType = m.MediaType
	}
	return digest, strings.TrimSpace(mediaType), nil
}

// MultiPlatform reports whether a media type is an index of per-platform
// manifests.
func MultiPlatform(mediaType string) bool {
	return mediaType == MediaOCIIndex || mediaType == MediaDockerList
}

func (c *Client) get(ctx context.Context, u, token string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", strings.Join([]string{MediaOCIIndex, MediaDockerList, MediaOCIManifest, MediaDockerSchema2}, ", "))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.http().Do(req)
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

var challengeRe = regexp.MustCompile(`(\w+)="([^"]*)"`)

// token fetches an anonymous pull token as a Bearer challenge asks
// (Docker's token authentication, which ghcr.io and quay.io follow too).
func (c *Client) token(ctx context.Context, challenge string) (string, error) {
	scheme, params, _ := strings.Cut(challenge, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", errors.New("the registry wants credentials pydock does not have (only anonymous pulls are supported)")
	}
	p := map[string]string{}
	for _, m := range challengeRe.FindAllStringSubmatch(params, -1) {
		p[strings.ToLower(m[1])] = m[2]
	}
	realm, err := url.Parse(p["realm"])
	if err != nil || realm.Host == "" || (realm.Scheme != "https" && !(c.PlainHTTP && realm.Scheme == "http")) {
		return "", fmt.Errorf("unusable token realm %q", p["realm"])
	}
	q := realm.Query()
	if p["service"] != "" {
		q.Set("service", p["service"])
	}
	if p["scope"] != "" {
		q.Set("scope", p["scope"])
	}
	realm.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, realm.String(), nil)
	if err != nil {
		return "", err
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("token request answered %s", resp.Status)
	}
	var t struct {
		Token       string `json:"token"`
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&t); err != nil {
		return "", fmt.Errorf("token response: %w", err)
	}
	if t.Token == "" {
		t.Token = t.AccessToken
	}
	if t.Token == "" {
		return "", errors.New("token response holds no token")
	}
	return t.Token, nil
}
