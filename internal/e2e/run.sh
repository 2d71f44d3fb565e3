#!/usr/bin/env bash
# Entry points for the Makefile:
#   bash internal/e2e/run.sh test   # make e2e: every example built, run and checked,
#                                   # side by side with its naive Dockerfile; summary tables
# PYDOCK_E2E_BACKEND=offline (default) provisions and starts everything it
# needs and stops what it started, even on failure; =docker uses a real
# Docker engine with registry access (no provisioning).
# Other knobs: PYDOCK_E2E_CACHE (default ~/.cache/pydock-e2e), PYDOCK_E2E_OUT
# (summary.json, bench.json, build logs), PYDOCK_E2E_ONLY=ex1,ex2,
# PYDOCK_E2E_EXAMPLES=dir, PYDOCK_E2E_TIMEOUT (go test -timeout, default 40m),
# PYDOCK_E2E_BUDGET (seconds the whole run may take, provisioning on a new
# machine included; default 2700 = 45 min, half of CI's 90 minutes).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export PYDOCK_E2E_CACHE="${PYDOCK_E2E_CACHE:-$HOME/.cache/pydock-e2e}"
export PYDOCK_E2E_OUT="${PYDOCK_E2E_OUT:-$PYDOCK_E2E_CACHE/out}"
BACKEND="${PYDOCK_E2E_BACKEND:-offline}"
TIMEOUT="${PYDOCK_E2E_TIMEOUT:-40m}"
BUDGET="${PYDOCK_E2E_BUDGET:-2700}"

mode="${1:-}"
case "$mode" in
test) run='^(TestExamples|TestToolProvisioning)$' ;;
*)
	echo "usage: run.sh test" >&2
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
took=$((SECONDS - T0))
echo "[run] $mode finished in $took s of a $BUDGET s budget (exit $rc); logs in $PYDOCK_E2E_OUT" >&2
if [ "$rc" = 0 ] && [ "$took" -gt "$BUDGET" ]; then
	echo "[run] FAILED: over the time budget ($took s > $BUDGET s, PYDOCK_E2E_BUDGET)" >&2
	exit 1
fi
exit "$rc"
