//go:build e2e

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// The local mirror: real packages from the package index the host's pip
// reaches, fetched on the host (mirror.py) and served from 127.0.0.1 by the
// index server over the cache. Bump mirrorRev when mirror.py's layout changes.
const mirrorRev = "mirror-r1"

// Build backends a build may need from the index: hatchling and editables
// (uv projects, editable in the naive file), setuptools and wheel (sdists
// such as psycopg2), poetry-core, pdm-backend.
var buildBackends = []string{"hatchling", "editables", "setuptools", "wheel", "poetry-core", "pdm-backend"}

func (o *offline) mirrorDir() string { return filepath.Join(o.cache, mirrorRev) }
func (o *offline) mirrorURL() string { return o.indexURL + "/" + mirrorRev + "/simple" }

// fillMirror runs mirror.py with args (--lock/--require); the run is skipped
// when the same args over the same lock contents were fetched before.
func (h *harness) fillMirror(ctx context.Context, o *offline, args ...string) error {
	sum := sha256.New()
	for _, a := range args {
		sum.Write([]byte(a + "\x00"))
		if strings.HasSuffix(a, ".lock") || strings.HasSuffix(a, ".txt") {
			b, _ := os.ReadFile(a)
			sum.Write(b)
		}
	}
	stamp := filepath.Join(o.mirrorDir(), "stamps", hex.EncodeToString(sum.Sum(nil))[:16])
	if _, err := os.Stat(stamp); err == nil {
		return nil
	}
	full := append([]string{filepath.Join(h.repo, "internal", "e2e", "mirror.py"), "--out", o.mirrorDir()}, args...)
	// A provisioned uv resolves --require/--requirements for the target
	// (pip's resolver with --platform takes wheels only).
	if uvs, _ := filepath.Glob(filepath.Join(o.cache, "uv-*-r1", "bin", "uv")); len(uvs) > 0 {
		full = append(full, "--uv", uvs[len(uvs)-1])
	}
	out, err := runCmd(ctx, "", "python3", full...)
	h.appendLog("mirror.log", out)
	if err != nil {
		return fmt.Errorf("filling the local mirror: %w", err)
	}
	_ = os.MkdirAll(filepath.Dir(stamp), 0o755)
	return os.WriteFile(stamp, []byte(strings.Join(args, "\n")+"\n"), 0o644)
}

func (h *harness) appendLog(name, text string) {
	f, err := os.OpenFile(filepath.Join(h.out, name), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = f.WriteString(text)
}

// lockedVersions reads a lock's {name: version} through mirror.py (one lock
// reader for every format).
func (h *harness) lockedVersions(ctx context.Context, lock string) (map[string]string, error) {
	out, err := runCmd(ctx, "", "python3", filepath.Join(h.repo, "internal", "e2e", "mirror.py"), "--out", os.TempDir(), "--print-locked", lock)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	return m, json.Unmarshal([]byte(out), &m)
}

// sameVersions: every package of the committed lock keeps its version in the
// relocked one; it returns what the relock added (a lock that left a
// dependency out) or an error naming what changed.
func sameVersions(before, after map[string]string) (added []string, err error) {
	var changed []string
	for n, v := range before {
		if w, ok := after[n]; !ok {
			changed = append(changed, n+" "+v+" -> (gone)")
		} else if w != v {
			changed = append(changed, n+" "+v+" -> "+w)
		}
	}
	for n, v := range after {
		if _, ok := before[n]; !ok {
			added = append(added, n+" "+v)
		}
	}
	sort.Strings(changed)
	sort.Strings(added)
	if len(changed) > 0 {
		return added, fmt.Errorf("the relock against the local mirror changed versions: %s", strings.Join(changed, ", "))
	}
	return added, nil
}

// --- uv -----------------------------------------------------------------------

var uvRef = regexp.MustCompile(`^ghcr\.io/astral-sh/uv:(\d+\.\d+\.\d+)$`)

// uvImage provisions (cached) the uv image a Dockerfile copies from, made
// from the uv wheel on the package index, and returns it as a named context.
func (h *harness) uvImage(ctx context.Context, o *offline, ref string) (baseRef, string, error) {
	m := uvRef.FindStringSubmatch(ref)
	if m == nil {
		return baseRef{}, "", fmt.Errorf("Dockerfile copies from %s: the offline backend makes only ghcr.io/astral-sh/uv:X.Y.Z", ref)
	}
	dir := filepath.Join(o.cache, "uv-"+m[1]+"-r1")
	if _, err := os.Stat(filepath.Join(dir, ".done")); err != nil {
		out, err := runCmd(ctx, "", "bash", filepath.Join(h.repo, "internal", "e2e", "provision.sh"), "uv", m[1])
		if err != nil {
			return baseRef{}, "", fmt.Errorf("provisioning %s: %w\n%s", ref, err, out)
		}
	}
	d, err := layoutDigest(filepath.Join(dir, "layout"))
	if err != nil {
		return baseRef{}, "", err
	}
	return baseRef{Ref: ref, Layout: filepath.Join(dir, "layout"), Digest: d}, filepath.Join(dir, "bin", "uv"), nil
}

var uvIndexTable = regexp.MustCompile(`(?ms)^\[\[tool\.uv\.index\]\].*?(^\[|\z)`)

// pointUVAt declares the mirror as the project's default uv index, as a
// company with a private index does; uv then reads it from pyproject.toml
// inside the build (the file is bind-mounted into the install step). The
// rest of the rewrite (no exclude-newer, py's environment only) is
// relockUVPyproject's.
func pointUVAt(dir, index, py string) error {
	p := filepath.Join(dir, "pyproject.toml")
	if b, err := os.ReadFile(p); err == nil {
		if err := os.WriteFile(p, []byte(relockUVPyproject(string(b), py)), 0o644); err != nil {
			return err
		}
	} else if py != "" {
		return err
	}
	return declareIndex(dir, uvIndexTable, fmt.Sprintf("[[tool.uv.index]]\nname = \"pydock-e2e\"\nurl = %q\ndefault = true\n", index))
}

// relockUVFresh relocks with no uv.lock, every registry version of the
// committed one a constraint in pyproject.toml (relockUVPyproject's
// environment still applies).
func (h *harness) relockUVFresh(ctx context.Context, o *offline, root, dir, uvBin string, tool baseRef) error {
	lock := filepath.Join(dir, "uv.lock")
	b, err := os.ReadFile(lock)
	if err != nil {
		return err
	}
	pins, err := uvLockConstraints(string(b))
	if err != nil {
		return err
	}
	p := filepath.Join(dir, "pyproject.toml")
	py, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if err := os.WriteFile(p, []byte(withUVConstraints(string(py), pins)), 0o644); err != nil {
		return err
	}
	if err := os.Rename(lock, lock+".committed"); err != nil {
		return err
	}
	err = h.relockUV(ctx, o, root, dir, uvBin, tool)
	_ = os.Remove(lock + ".committed")
	return err
}

// relockUV runs `uv lock` (the same uv release as the image) in a container
// of the project's own stand-in (uv wants an interpreter its requires-python
// allows, and downloads none here), against the mirror the pyproject now
// names. uv keeps the locked versions that the index still offers. The
// whole tree (root) is mounted, the lock's folder dir the working one: its
// path dependencies may be sibling folders.
func (h *harness) relockUV(ctx context.Context, o *offline, root, dir, uvBin string, tool baseRef) error {
	rel, err := filepath.Rel(root, dir)
	if err != nil || !within(root, dir) {
		return fmt.Errorf("lock folder %s is outside %s", dir, root)
	}
	var img string
	if tool.Layout == "" {
		img, err = h.toolImage(ctx, o)
	} else {
		img, err = h.podmanBase(ctx, tool)
	}
	if err != nil {
		return err
	}
	cache := filepath.Join(o.cache, "uv-cache")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return err
	}
	_, err = runCmd(ctx, "", "podman", append(append([]string{"run", "--rm"}, o.RunArgs()...),
		"-v", uvBin+":/usr/local/bin/uv:ro", "-v", root+":/src", "-v", cache+":/root/.cache/uv",
		// The stand-in's own interpreter, whatever patch release a
		// .python-version above the lock pins (unstract's root: 3.12.9):
		// the build's uv never sees that file, the relock's would.
		"-e", "UV_PYTHON_DOWNLOADS=never", "-e", "UV_PYTHON=python3", "-w", path.Join("/src", filepath.ToSlash(rel)), img,
		// The second lock proves the first is what the build's --locked
		// accepts: a relock over the committed lock can keep its fork markers
		// (saleor's PyPy environment), which the build's uv then re-resolves.
		"sh", "-c", "uv lock --no-progress && uv lock --locked --no-progress")...)
	return err
}
