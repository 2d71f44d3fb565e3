//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// buildSpec is one image build: a context folder, a Dockerfile and where the
// result goes. Both backends build the same Dockerfile unchanged; they only
// differ in where base images and packages come from.
type buildSpec struct {
	Context    string
	Dockerfile string // full path
	Target     string
	Tag        string
	Tar        string // docker-archive written here; "" = no export (rebuild timing)
	Cold       bool   // prune every cache (layers and cache mounts) first
	Bases      []baseRef
	BuildArgs  map[string]string // on top of the package-index swap
	Secrets    map[string]string // id -> value, for RUN --mount=type=secret
	Output     string            // offline: an explicit --output (instead of Tar)
	Metadata   string            // offline: buildctl's --metadata-file
}

type buildResult struct {
	Seconds  float64
	Progress string // --progress=plain output
}

// backend abstracts the build tool and the container CLI. The container CLI
// (podman or docker) takes the same run/exec/stop/inspect arguments.
type backend interface {
	Name() string
	CLI() string
	Build(ctx context.Context, s buildSpec) (buildResult, error)
	// Load makes the built image available to CLI and returns its ID.
	Load(ctx context.Context, s buildSpec) (string, error)
	// BaseLayers is how many of the image's first layers are the base image.
	BaseLayers(ctx context.Context, b baseRef) (int, error)
	// BuildArgs the harness passes to every build (the package index swap).
	PackageIndex(b baseRef) string
	// RunArgs are extra `run` flags the environment needs.
	RunArgs() []string
	// StageConfig builds s (a stage, usually all cached) and returns its
	// image config with its history, without exporting the image.
	StageConfig(ctx context.Context, s buildSpec) (string, error)
}

// baseRef is a `python:…` image a Dockerfile names, with the stand-in the
// offline backend substitutes for it.
type baseRef struct {
	Ref     string // as written after ARG expansion, e.g. python:3.13-slim-trixie
	Release string // trixie, bookworm
	Python  string // version in the tag
	Layout  string // offline: OCI layout folder of the stand-in
	Digest  string // offline: manifest digest in Layout
	Index   string // offline: simple index URL for Release
	StandIn string // offline: the release whose stand-in runs it (another one when Release ships another Python)
}

// standInPython is the Python the stand-in for b runs (Debian's, or the
// release standIn picked for b's version).
func (b baseRef) standInPython() string {
	if py := pyOfRelease[b.StandIn]; py != "" {
		return py
	}
	if b.Release == "bookworm" {
		return "3.11"
	}
	return "3.13"
}

// pyOfRelease is the Python each release provision.sh can make a stand-in
// of ships (its py_of_release). Past bookworm and trixie they are the
// realworld run's other Pythons (provision.sh base REL).
var pyOfRelease = map[string]string{"trixie": "3.13", "bookworm": "3.11", "bullseye": "3.9", "forky": "3.14",
	"focal": "3.8", "jammy": "3.10", "noble": "3.12"}

func runCmd(ctx context.Context, dir string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(out.String(), 60))
	}
	return out.String(), nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// --- offline: buildctl + a local buildkitd, podman, stand-ins -----------------

type offline struct {
	buildctl string
	addr     string
	indexURL string // base URL of the http.server over the cache
	cache    string
}

func newOffline(cache string) (*offline, error) {
	env, err := readEnvFile(filepath.Join(cache, "services.env"))
	if err != nil {
		return nil, fmt.Errorf("offline backend: services are not running (%v); use `bash internal/e2e/run.sh test`", err)
	}
	o := &offline{buildctl: env["BUILDCTL"], addr: env["BUILDKIT_HOST"], indexURL: env["INDEX_BASE_URL"], cache: cache}
	if o.buildctl == "" || o.addr == "" || o.indexURL == "" {
		return nil, fmt.Errorf("offline backend: incomplete %s", filepath.Join(cache, "services.env"))
	}
	return o, nil
}

func readEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m, sc.Err()
}

func (o *offline) Name() string { return "offline" }
func (o *offline) CLI() string  { return "podman" }

// Both flags are needed on these machines: without them runc fails with
// "error setting rlimits". Host network: the server is on 127.0.0.1.
func (o *offline) RunArgs() []string {
	return []string{"--network", "host", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"}
}

func (o *offline) PackageIndex(b baseRef) string { return b.Index }

// baseDir is the newest provisioned stand-in of a release, or "".
func (o *offline) baseDir(rel string) string {
	dirs, _ := filepath.Glob(filepath.Join(o.cache, "base-"+rel+"-r*"))
	byRevision(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], ".done")); err == nil {
			return dirs[i]
		}
	}
	return ""
}

// standIn finds the newest provisioned base and index for b: the stand-in of
// its release, or, when that release ships another Python than b names and
// a release shipping b's Python is provisioned, that one's (python:3.12 runs
// on Ubuntu noble's 3.12). Only bookworm and trixie have a repacked index.
func (o *offline) standIn(b *baseRef) error {
	rel := b.Release
	if b.Python != "" && pyOfRelease[rel] != b.Python {
		for r, py := range pyOfRelease {
			if py == b.Python && o.baseDir(r) != "" {
				rel = r
			}
		}
	}
	dir := o.baseDir(rel)
	if dir == "" {
		return fmt.Errorf("no provisioned stand-in for %s (release %s): run provision.sh", b.Ref, b.Release)
	}
	var meta struct{ Digest string }
	data, err := os.ReadFile(filepath.Join(dir, "layout.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		return err
	}
	b.Layout, b.Digest, b.StandIn = filepath.Join(dir, "layout"), meta.Digest, rel
	idx, _ := filepath.Glob(filepath.Join(o.cache, "index-"+rel+"-r*"))
	byRevision(idx)
	for i := len(idx) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(idx[i], ".done")); err == nil {
			b.Index = o.indexURL + "/" + filepath.Base(idx[i]) + "/simple"
			return nil
		}
	}
	if rel != b.Release {
		// Another Python's stand-in has no repacked index: its packages
		// come from the mirror.
		b.Index = o.mirrorURL()
		return nil
	}
	return fmt.Errorf("no provisioned package index for release %s: run provision.sh", b.Release)
}

func (o *offline) Build(ctx context.Context, s buildSpec) (buildResult, error) {
	if s.Cold {
		// Cold: no layer cache and no cache-mount content from earlier builds.
		if _, err := runCmd(ctx, "", o.buildctl, "--addr", o.addr, "prune", "--all"); err != nil {
			return buildResult{}, err
		}
	}
	args := []string{"--addr", o.addr, "build", "--frontend", "dockerfile.v0",
		// BuildKit's built-in Dockerfile frontend instead of pulling
		// docker/dockerfile:1 for the `# syntax=` line (no Docker Hub here).
		"--opt", "cmdline=builtin",
		"--local", "context=" + s.Context, "--local", "dockerfile=" + filepath.Dir(s.Dockerfile),
		"--opt", "filename=" + filepath.Base(s.Dockerfile),
		"--progress=plain"}
	if s.Output != "" {
		args = append(args, "--output", s.Output)
	} else if s.Tar != "" {
		args = append(args, "--output", "type=docker,name="+s.Tag+",dest="+s.Tar)
	}
	if s.Target != "" {
		args = append(args, "--opt", "target="+s.Target)
	}
	seen := map[string]bool{}
	for i, b := range s.Bases {
		if seen[b.Ref] {
			continue
		}
		seen[b.Ref] = true
		store := fmt.Sprintf("base%d", i)
		// Swap only where the image comes from: FROM python:… resolves to
		// the local stand-in layout.
		args = append(args, "--oci-layout", store+"="+b.Layout,
			"--opt", "context:"+b.Ref+"=oci-layout://"+store+"@"+b.Digest)
		if i == 0 && b.Index != "" && s.BuildArgs["PIP_INDEX_URL"] == "" {
			// pip's own variable; a Dockerfile that declares the ARG lets the
			// build be pointed at a private/local index.
			args = append(args, "--opt", "build-arg:PIP_INDEX_URL="+b.Index)
		}
	}
	for k, v := range s.BuildArgs {
		args = append(args, "--opt", "build-arg:"+k+"="+v)
	}
	if len(s.Secrets) > 0 {
		dir, err := os.MkdirTemp("", "pydock-e2e-secrets")
		if err != nil {
			return buildResult{}, err
		}
		defer os.RemoveAll(dir)
		for id, v := range s.Secrets {
			f := filepath.Join(dir, id)
			if err := os.WriteFile(f, []byte(v), 0o600); err != nil {
				return buildResult{}, err
			}
			args = append(args, "--secret", "id="+id+",src="+f)
		}
	}
	if s.Metadata != "" {
		args = append(args, "--metadata-file", s.Metadata)
	}
	t0 := time.Now()
	out, err := runCmd(ctx, "", o.buildctl, args...)
	return buildResult{Seconds: time.Since(t0).Seconds(), Progress: out}, err
}

func (o *offline) StageConfig(ctx context.Context, s buildSpec) (string, error) {
	dir, err := os.MkdirTemp("", "pydock-e2e-stage")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	// The image exporter without push only records the image in
	// buildkitd's content store; the metadata names its config blob.
	s.Metadata = filepath.Join(dir, "metadata.json")
	s.Tar = ""
	s.Output = "type=image,name=" + s.Tag + ",push=false"
	if _, err := o.Build(ctx, s); err != nil {
		return "", err
	}
	var m map[string]any
	b, err := os.ReadFile(s.Metadata)
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	if err != nil {
		return "", fmt.Errorf("buildctl metadata: %v", err)
	}
	d, _ := m["containerimage.config.digest"].(string)
	if !strings.HasPrefix(d, "sha256:") {
		return "", fmt.Errorf("buildctl metadata has no containerimage.config.digest: %s", b)
	}
	cfg, err := os.ReadFile(filepath.Join(o.cache, "buildkit-root", "runc-overlayfs", "content", "blobs", "sha256", strings.TrimPrefix(d, "sha256:")))
	return string(cfg), err
}

func (o *offline) Load(ctx context.Context, s buildSpec) (string, error) {
	if _, err := runCmd(ctx, "", "podman", "load", "-i", s.Tar); err != nil {
		return "", err
	}
	return configDigestOfTar(s.Tar)
}

func (o *offline) BaseLayers(ctx context.Context, b baseRef) (int, error) { return 1, nil }

// --- docker: a real engine with registry access (untested on these machines)

type dockerBackend struct{}

func (dockerBackend) Name() string                  { return "docker" }
func (dockerBackend) CLI() string                   { return "docker" }
func (dockerBackend) RunArgs() []string             { return []string{"--network", "host"} }
func (dockerBackend) PackageIndex(b baseRef) string { return "" } // real PyPI

func (dockerBackend) Build(ctx context.Context, s buildSpec) (buildResult, error) {
	if s.Cold {
		if _, err := runCmd(ctx, "", "docker", "builder", "prune", "--all", "--force"); err != nil {
			return buildResult{}, err
		}
	}
	args := []string{"buildx", "build", "--progress=plain", "--load", "-t", s.Tag, "-f", s.Dockerfile}
	if s.Target != "" {
		args = append(args, "--target", s.Target)
	}
	if s.Cold {
		args = append(args, "--no-cache")
	}
	args = append(args, s.Context)
	t0 := time.Now()
	out, err := runCmd(ctx, "", "docker", args...)
	return buildResult{Seconds: time.Since(t0).Seconds(), Progress: out}, err
}

func (d dockerBackend) StageConfig(ctx context.Context, s buildSpec) (string, error) {
	if _, err := d.Build(ctx, s); err != nil {
		return "", err
	}
	cfg, err := runCmd(ctx, "", "docker", "image", "inspect", s.Tag)
	if err != nil {
		return "", err
	}
	hist, err := runCmd(ctx, "", "docker", "history", "--no-trunc", s.Tag)
	return cfg + hist, err
}

func (dockerBackend) Load(ctx context.Context, s buildSpec) (string, error) {
	// The image is already in the engine; save it for the layer analysis.
	if _, err := runCmd(ctx, "", "docker", "save", "-o", s.Tar, s.Tag); err != nil {
		return "", err
	}
	out, err := runCmd(ctx, "", "docker", "image", "inspect", "--format", "{{.Id}}", s.Tag)
	return strings.TrimPrefix(strings.TrimSpace(out), "sha256:"), err
}

func (dockerBackend) BaseLayers(ctx context.Context, b baseRef) (int, error) {
	if _, err := runCmd(ctx, "", "docker", "pull", "-q", b.Ref); err != nil {
		return 0, err
	}
	out, err := runCmd(ctx, "", "docker", "image", "inspect", "--format", "{{len .RootFS.Layers}}", b.Ref)
	if err != nil {
		return 0, err
	}
	var n int
	_, err = fmt.Sscan(out, &n)
	return n, err
}

// layoutDigest is the manifest digest of an OCI layout's first image.
func layoutDigest(layout string) (string, error) {
	var idx struct{ Manifests []struct{ Digest string } }
	b, err := os.ReadFile(filepath.Join(layout, "index.json"))
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(b, &idx); err != nil || len(idx.Manifests) == 0 {
		return "", fmt.Errorf("%s/index.json: no manifest (%v)", layout, err)
	}
	return idx.Manifests[0].Digest, nil
}
