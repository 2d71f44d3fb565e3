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

// nodeImage serves ref from the node stand-in of its major (provision.sh
// node MAJOR: the official binary, npm, corepack and Yarn 1 as the image
// has them), provisioned on first use.
func (h *harness) nodeImage(ctx context.Context, o *offline, ref string) (baseRef, error) {
	m := nodeRef.FindStringSubmatch(ref)
	if m == nil {
		return baseRef{}, fmt.Errorf("%s is not a node:<major>-<suite>-slim image", ref)
	}
	rev := regexp.MustCompile(`(?m)^NODE_REV=(\d+)$`).FindStringSubmatch(readFileString(filepath.Join(h.repo, "internal", "e2e", "provision.sh")))
	if rev == nil {
		return baseRef{}, fmt.Errorf("provision.sh sets no NODE_REV")
	}
	dir := filepath.Join(o.cache, "node-"+m[1]+"-trixie-r"+rev[1])
	if _, err := os.Stat(filepath.Join(dir, ".done")); err != nil {
		out, err := runCmd(ctx, "", "bash", filepath.Join(h.repo, "internal", "e2e", "provision.sh"), "node", m[1])
		if err != nil {
			return baseRef{}, fmt.Errorf("provisioning %s: %w\n%s", ref, err, out)
		}
	}
	d, err := layoutDigest(filepath.Join(dir, "layout"))
	if err != nil {
		return baseRef{}, err
	}
	return baseRef{Ref: ref, Layout: filepath.Join(dir, "layout"), Digest: d}, nil
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
