//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// nodeRef is the official node image a generated front-end stage starts
// FROM (nodebuild.toml's Debian slim tags).
var nodeRef = regexp.MustCompile(`^node:(\d+)-(?:trixie|bookworm)-slim$`)

// nodeImage serves ref from the provisioned node stand-in (provision.sh
// node: Debian's node and npm, Yarn 1 where the official image has it):
// the build runs on Debian's node line, whatever major ref names.
func (h *harness) nodeImage(ctx context.Context, o *offline, ref string) (baseRef, error) {
	dirs, _ := filepath.Glob(filepath.Join(o.cache, "node-trixie-r*"))
	dir := ""
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, ".done")); err == nil && d > dir {
			dir = d
		}
	}
	if dir == "" || !nodeStandInCurrent(h.repo, dir) {
		out, err := runCmd(ctx, "", "bash", filepath.Join(h.repo, "internal", "e2e", "provision.sh"), "node")
		if err != nil {
			return baseRef{}, fmt.Errorf("provisioning %s: %w\n%s", ref, err, out)
		}
		return h.nodeImage(ctx, o, ref)
	}
	d, err := layoutDigest(filepath.Join(dir, "layout"))
	if err != nil {
		return baseRef{}, err
	}
	return baseRef{Ref: ref, Layout: filepath.Join(dir, "layout"), Digest: d}, nil
}

// nodeStandInCurrent reports whether dir is the revision provision.sh
// makes now (an older one lacks what a later revision added).
func nodeStandInCurrent(repo, dir string) bool {
	m := regexp.MustCompile(`(?m)^NODE_REV=(\d+)$`).FindStringSubmatch(readFileString(filepath.Join(repo, "internal", "e2e", "provision.sh")))
	return m != nil && filepath.Base(dir) == "node-trixie-r"+m[1]
}

// uvImageRef is the uv image the Dockerfile copies from ("" when none):
// a front end's node image may come first.
func (info dockerfileInfo) uvImageRef() string {
	for _, ref := range info.Others {
		if uvRef.MatchString(ref) {
			return ref
		}
	}
	return ""
}
