// Package e2e is the end-to-end build harness: every example project is run
// through `pydock init --yes`, built with BuildKit from a cold cache, run, and
// checked against the rules IM001–IM006 (builds, turns healthy, runs as UID
// 1001, stops on SIGTERM, carries no compiler/uv/poetry/.env, re-uses the
// dependency layer after a source change), the security checks of issue #8
// and the CMD check of issue #10; its committed naive Dockerfile is built
// alongside for the size and rebuild comparison.
//
// The tests live behind the e2e build tag; run them through run.sh:
//
//	bash internal/e2e/run.sh test          # make e2e
//
// PYDOCK_E2E_BACKEND=offline (default) provisions BuildKit, podman, stand-in
// python base images, a wheel index repacked from Debian's archive, the uv
// image from the uv wheel and a local mirror of real packages from the
// package index; PYDOCK_E2E_BACKEND=docker uses a real Docker engine with
// registry access.
package e2e
