#!/usr/bin/env bash
# Drives `pydock init` in a real terminal (tmux): Enter through every
# question must give the same files as --yes; Ctrl-C, and SIGINT or SIGTERM
# from outside (timeout, systemd, an IDE's stop button, CI cancellation) at
# the first question, must exit 130 / 130 / 143 promptly with nothing
# written. Usage: testdata/tmux-wizard.sh PYDOCK_BINARY
set -euo pipefail
bin=$(realpath "$1")
command -v tmux >/dev/null || { echo "tmux-wizard: tmux not installed" >&2; exit 1; }
work=$(mktemp -d)
session=pydock-wizard-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "tmux-wizard: $*" >&2; exit 1; }
mkproj() {
  mkdir -p "$1"
  printf 'flask>=3\ngunicorn>=22\n' >"$1/requirements.txt"
  printf 'from flask import Flask\n\napp = Flask(__name__)\n' >"$1/app.py"
}
# start DIR: run the wizard in tmux (the shell's pid, which exec makes
# pydock's, goes to DIR.pid) and wait for the first question.
start() {
  local dir=$1
  tmux kill-session -t "$session" 2>/dev/null || true
  tmux new-session -d -s "$session" -x 120 -y 40 \
    "sh -c 'echo \$\$ >\"$dir.pid\"; exec \"$bin\" init \"$dir\"'; echo \$? >'$dir.exit'; sleep 60"
  for _ in $(seq 50); do tmux capture-pane -p -t "$session" | grep -q 'Package manager' && return; sleep 0.1; done
  fail "the wizard did not show its first question"
}
# finish DIR: wait up to 5 s for the exit code and print it.
finish() {
  for _ in $(seq 50); do [ -s "$1.exit" ] && break; sleep 0.1; done
  [ -s "$1.exit" ] || fail "pydock init is still running 5 s later (hung)"
  cat "$1.exit"
}
keys() { # keys DIR KEYS...: answer with keys, then wait for the exit code
  local dir=$1; shift
  start "$dir"
  for k in "$@"; do tmux send-keys -t "$session" "$k"; sleep 0.3; done
  finish "$dir"
}
signal() { # signal DIR SIG: send SIG to pydock at the first question
  start "$1"
  kill -s "$2" "$(cat "$1.pid")"
  finish "$1"
}
nothing_written() {
  [ -z "$(ls -A "$1" | grep -v -e '^requirements.txt$' -e '^app.py$')" ] || fail "$2 wrote: $(ls -A "$1" | tr '\n' ' ')"
}
mkproj "$work/yes/app"; "$bin" init --yes "$work/yes/app" >/dev/null 2>&1
# The same folder name: the image label carries it.
mkproj "$work/enter/app"
code=$(keys "$work/enter/app" Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter)
[ "$code" = 0 ] || fail "Enter-through exited $code"
for f in Dockerfile .dockerignore compose.yaml health.py; do
  cmp "$work/yes/app/$f" "$work/enter/app/$f" || fail "$f differs from --yes"
done
mkproj "$work/abort/app"
code=$(keys "$work/abort/app" Enter C-c)
[ "$code" = 130 ] || fail "Ctrl-C exited $code, want 130"
nothing_written "$work/abort/app" Ctrl-C
mkproj "$work/int/app"
code=$(signal "$work/int/app" INT)
[ "$code" = 130 ] || fail "SIGINT exited $code, want 130"
nothing_written "$work/int/app" SIGINT
mkproj "$work/term/app"
code=$(signal "$work/term/app" TERM)
[ "$code" = 143 ] || fail "SIGTERM exited $code, want 143"
nothing_written "$work/term/app" SIGTERM
echo "tmux-wizard: Enter-through equals --yes; Ctrl-C and SIGINT exit 130, SIGTERM 143, nothing written"
