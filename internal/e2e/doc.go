// Package e2e is the end-to-end build harness: every example project is run
// through `pydock init --yes`, built with BuildKit from a cold cache, run, and
// checked against the rules IM001–IM006 (builds, turns healthy, runs as UID
// 1001, stops on SIGTERM, carries no compiler/uv/poetry/.env, re-uses the
// dependency layer after a source change).
//
// The tests live behind the e2e build tag; run them through run.sh:
//
//	bash internal/e2e/run.sh test          # make e2e
//	bash internal/e2e/run.sh bench-images  # make bench-images
//
// PYDOCK_E2E_BACKEND=offline (default) provisions BuildKit, podman, stand-in
// python base images and a local wheel index from Debian's archive;
// PYDOCK_E2E_BACKEND=docker uses a real Docker engine with registry access.
package e2e
