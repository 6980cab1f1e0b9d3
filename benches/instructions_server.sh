#!/usr/bin/env bash
# `bodyguard server`'s re-check of a 1 MB securities file, in instructions: the loop of
# `examples/server_loop.rs` (the edits of `benches/server.rs`, each from `didChange` to the
# `publishDiagnostics` that follows) counted by valgrind's callgrind, every thread counted.
# Instruction counts do not drift with the machine's load the way times do.
#
# Installs nothing. Needs valgrind (apt-get install valgrind); builds the example in release
# mode.
#
# Usage: benches/instructions_server.sh [--n N] [EXE]
#   --n N   edits counted (default 10)
#   EXE     a server_loop binary to count instead of building one (e.g. an older commit's)
# The loop runs with N edits and with none; the difference divided by N is one re-check,
# without start-up and the first check on open.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=10
EXE=
while [ $# -gt 0 ]; do
  case "$1" in
    --n) N=$2; shift 2 ;;
    *) EXE=$1; shift ;;
  esac
done
if ! command -v valgrind >/dev/null 2>&1; then
  echo "SKIPPED: valgrind is missing (apt-get install valgrind): no instruction counted" >&2
  exit 2
fi
if [ -z "$EXE" ]; then
  cargo build --quiet --release --example server_loop
  EXE=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/server_loop
fi
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$EXE" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
with=$(count "$N")
without=$(count 0)
echo "valgrind $(valgrind --version | sed 's/valgrind-//'): $(( (with - without) / N )) instructions per re-check ($N edits)"
