#!/usr/bin/env bash
# Start/stop the two daemons the offline backend needs:
#   - buildkitd, with its own --root and socket inside the cache;
#   - python3 -m http.server serving the repacked wheel indexes on 127.0.0.1.
# Their PIDs and addresses go to $CACHE/services.env (sourced by run.sh and
# read by the Go test); `stop` kills exactly those PIDs, nothing else.
# Usage: services.sh start|stop|status
set -euo pipefail

CACHE="${PYDOCK_E2E_CACHE:-$HOME/.cache/pydock-e2e}"
BUILDKIT_VERSION="${PYDOCK_E2E_BUILDKIT_VERSION:-v0.34.2}"
BK="$CACHE/buildkit-$BUILDKIT_VERSION"
STATE="$CACHE/services.env"
SOCK="$CACHE/buildkitd.sock"

log() { printf '[services] %s\n' "$*" >&2; }
die() {
	log "FAILED: $*"
	exit 1
}

# alive PID NAME: the PID exists and is still the program we started (PIDs
# get reused, and we must never kill someone else's process).
alive() {
	[ -n "${1:-}" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "$2"
}

status() {
	[ -f "$STATE" ] || return 1
	# shellcheck disable=SC1090
	. "$STATE"
	alive "${BUILDKITD_PID:-}" buildkitd && alive "${INDEX_PID:-}" http.server
}

start() {
	if status; then
		log "already running: buildkitd pid $BUILDKITD_PID at $BUILDKIT_HOST, index pid $INDEX_PID at $INDEX_BASE_URL"
		return
	fi
	[ -f "$STATE" ] && stop
	[ -x "$BK/buildkitd" ] || die "no $BK/buildkitd: run provision.sh first"
	mkdir -p "$CACHE/buildkit-root"
	rm -f "$SOCK"
	# setsid: its own session, so a Ctrl-C in the test terminal does not
	# kill it half-way; run.sh stops it through the recorded PID.
	setsid "$BK/buildkitd" --root "$CACHE/buildkit-root" --addr "unix://$SOCK" \
		--oci-worker=true --containerd-worker=false </dev/null >"$CACHE/buildkitd.log" 2>&1 &
	local bkpid=$!
	local port
	port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
	setsid python3 -m http.server --bind 127.0.0.1 --directory "$CACHE" "$port" \
		</dev/null >"$CACHE/index-server.log" 2>&1 &
	local ixpid=$!
	cat >"$STATE" <<EOF
BUILDKITD_PID=$bkpid
BUILDKIT_HOST=unix://$SOCK
BUILDCTL=$BK/buildctl
INDEX_PID=$ixpid
INDEX_BASE_URL=http://127.0.0.1:$port
PYDOCK_E2E_CACHE=$CACHE
EOF
	local i
	for i in $(seq 1 60); do
		if "$BK/buildctl" --addr "unix://$SOCK" debug workers >/dev/null 2>&1 &&
			python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1])" "http://127.0.0.1:$port/" 2>/dev/null; then
			log "buildkitd pid $bkpid at unix://$SOCK; index pid $ixpid at http://127.0.0.1:$port (state: $STATE)"
			return
		fi
		alive "$bkpid" buildkitd || break
		sleep 0.5
	done
	tail -n 20 "$CACHE/buildkitd.log" >&2 || true
	stop
	die "services did not come up"
}

stop() {
	[ -f "$STATE" ] || {
		log "nothing to stop"
		return
	}
	# shellcheck disable=SC1090
	. "$STATE"
	local pid name
	for pair in "${BUILDKITD_PID:-}:buildkitd" "${INDEX_PID:-}:http.server"; do
		pid="${pair%%:*}"
		name="${pair#*:}"
		if alive "$pid" "$name"; then
			kill "$pid"
			for _ in $(seq 1 40); do alive "$pid" "$name" || break; sleep 0.25; done
			alive "$pid" "$name" && kill -9 "$pid"
			log "stopped $name (pid $pid)"
		fi
	done
	rm -f "$STATE" "$SOCK"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) if status; then cat "$STATE"; else
	log "not running"
	exit 1
fi ;;
*) die "usage: services.sh start|stop|status" ;;
esac
