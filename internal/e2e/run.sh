#!/usr/bin/env bash
# Entry points for the Makefile:
#   bash internal/e2e/run.sh test          # make e2e: IM001–IM006 per example + summary table
#   bash internal/e2e/run.sh bench-images  # make bench-images: pydock vs naive Dockerfile
# PYDOCK_E2E_BACKEND=offline (default) provisions and starts everything it
# needs and stops what it started, even on failure; =docker uses a real
# Docker engine with registry access (no provisioning).
# Other knobs: PYDOCK_E2E_CACHE (default ~/.cache/pydock-e2e), PYDOCK_E2E_OUT
# (summary.json, bench.json, build logs), PYDOCK_E2E_ONLY=ex1,ex2,
# PYDOCK_E2E_EXAMPLES=dir, PYDOCK_E2E_TIMEOUT (go test -timeout, default 40m).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export PYDOCK_E2E_CACHE="${PYDOCK_E2E_CACHE:-$HOME/.cache/pydock-e2e}"
export PYDOCK_E2E_OUT="${PYDOCK_E2E_OUT:-$PYDOCK_E2E_CACHE/out}"
BACKEND="${PYDOCK_E2E_BACKEND:-offline}"
TIMEOUT="${PYDOCK_E2E_TIMEOUT:-40m}"

mode="${1:-}"
case "$mode" in
test) run='^TestExamples$' ;;
bench-images)
	run='^TestBenchImages$'
	export PYDOCK_E2E_BENCH=1
	;;
*)
	echo "usage: run.sh test|bench-images" >&2
	exit 2
	;;
esac

T0=$SECONDS
if [ "$BACKEND" = offline ]; then
	# No `|| true`: a machine that cannot provision fails the run loudly.
	bash "$HERE/provision.sh" all
	started=0
	if ! bash "$HERE/services.sh" status >/dev/null 2>&1; then
		bash "$HERE/services.sh" start
		started=1
	fi
	cleanup() {
		# Stop only what this run started.
		if [ "$started" = 1 ]; then bash "$HERE/services.sh" stop || true; fi
	}
	trap cleanup EXIT
	trap 'exit 130' INT TERM
fi
mkdir -p "$PYDOCK_E2E_OUT"
echo "[run] provisioning and services ready after $((SECONDS - T0)) s; running go test -tags e2e -run '$run'" >&2
cd "$REPO"
set +e
go test -tags e2e -count=1 -timeout "$TIMEOUT" -run "$run" -v ./internal/e2e 2>&1 | tee "$PYDOCK_E2E_OUT/go-test-$mode.log"
rc=${PIPESTATUS[0]}
set -e
echo "[run] $mode finished in $((SECONDS - T0)) s (exit $rc); logs in $PYDOCK_E2E_OUT" >&2
exit "$rc"
