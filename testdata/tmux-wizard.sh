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
session=wizard
# A server of our own (no user config), kept up by an idle session: when
# the last session ends the server exits, racing the next new-session.
sock=pydock-wizard-$$
tmux() { command tmux -L "$sock" -f /dev/null "$@"; }
trap 'tmux kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
tmux new-session -d -s idle "sleep 600"
fail() { echo "tmux-wizard: $*" >&2; exit 1; }
mkproj() {
  mkdir -p "$1"
  printf 'flask>=3\ngunicorn>=22\n' >"$1/requirements.txt"
  printf 'from flask import Flask\n\napp = Flask(__name__)\n' >"$1/app.py"
}
# start DIR [REDIRECT]: run the wizard in tmux (the shell's pid, which exec
# makes pydock's, goes to DIR.pid) and wait for the first question.
start() {
  local dir=$1 redirect=${2:-}
  tmux kill-session -t "$session" 2>/dev/null || true
  tmux new-session -d -s "$session" -x 120 -y 40 \
    "sh -c 'echo \$\$ >\"$dir.pid\"; exec \"$bin\" init \"$dir\" $redirect'; echo \$? >'$dir.exit'; sleep 60"
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
# Esc ends a filter of a list, not the whole form.
mkproj "$work/filter/app"
start "$work/filter/app"
for k in / p i Escape; do tmux send-keys -t "$session" "$k"; sleep 0.3; done
sleep 0.5
[ ! -s "$work/filter/app.exit" ] || fail "Esc after a filter ended the form (exit $(cat "$work/filter/app.exit"))"
tmux send-keys -t "$session" C-c
code=$(finish "$work/filter/app")
[ "$code" = 130 ] || fail "Ctrl-C after a filter exited $code, want 130"
# stdout to a file: the form is on stderr, so it still asks.
mkproj "$work/log/app"
start "$work/log/app" ">\"$work/log/out.txt\""
tmux send-keys -t "$session" C-c
code=$(finish "$work/log/app")
[ "$code" = 130 ] || fail "init >log.txt: Ctrl-C exited $code, want 130"
[ ! -s "$work/log/out.txt" ] || fail "init >log.txt: the form went to stdout"
echo "tmux-wizard: Enter-through equals --yes; Ctrl-C and SIGINT exit 130, SIGTERM 143, nothing written; Esc ends a filter, not the form; init >file still asks"
