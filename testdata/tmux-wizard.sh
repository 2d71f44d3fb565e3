#!/usr/bin/env bash
# Drives `pydock init` in a real terminal (tmux): Enter through every
# question must give the same files as --yes, and Ctrl-C must exit 130 with
# nothing written. Usage: testdata/tmux-wizard.sh PYDOCK_BINARY
set -euo pipefail
bin=$(realpath "$1")
command -v tmux >/dev/null || { echo "tmux-wizard: tmux not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'tmux kill-session -t pydock-wizard 2>/dev/null || true; rm -rf "$work"' EXIT
mkproj() {
  mkdir -p "$1"
  printf 'flask>=3\ngunicorn>=22\n' >"$1/requirements.txt"
  printf 'from flask import Flask\n\napp = Flask(__name__)\n' >"$1/app.py"
}
run() { # run DIR KEYS...: start the wizard in tmux, send keys, wait for the exit code
  local dir=$1; shift
  tmux kill-session -t pydock-wizard 2>/dev/null || true
  tmux new-session -d -s pydock-wizard -x 120 -y 40 "'$bin' init '$dir'; echo \$? >'$dir.exit'; sleep 60"
  for _ in $(seq 50); do tmux capture-pane -p -t pydock-wizard | grep -q 'Package manager' && break; sleep 0.1; done
  for k in "$@"; do tmux send-keys -t pydock-wizard "$k"; sleep 0.3; done
  for _ in $(seq 100); do [ -s "$dir.exit" ] && break; sleep 0.1; done
  cat "$dir.exit"
}
mkproj "$work/yes/app"; "$bin" init --yes "$work/yes/app" >/dev/null 2>&1
# The same folder name: the image label carries it.
mkproj "$work/enter/app"
code=$(run "$work/enter/app" Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter)
[ "$code" = 0 ] || { echo "tmux-wizard: Enter-through exited $code" >&2; exit 1; }
for f in Dockerfile .dockerignore compose.yaml health.py; do
  cmp "$work/yes/app/$f" "$work/enter/app/$f" || { echo "tmux-wizard: $f differs from --yes" >&2; exit 1; }
done
mkproj "$work/abort/app"
code=$(run "$work/abort/app" Enter C-c)
[ "$code" = 130 ] || { echo "tmux-wizard: Ctrl-C exited $code, want 130" >&2; exit 1; }
[ ! -e "$work/abort/app/Dockerfile" ] || { echo "tmux-wizard: Ctrl-C wrote files" >&2; exit 1; }
echo "tmux-wizard: Enter-through equals --yes; Ctrl-C exits 130 and writes nothing"
