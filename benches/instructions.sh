#!/usr/bin/env bash
# The library's cost of one typical body, in instructions: a reused `Checker` checking the body
# against `serde_json::from_str::<serde_json::Value>` of the same bytes (the issue's target: at
# most 2×). Instruction counts (valgrind's callgrind) do not drift with the machine's load the
# way times do, so two runs, or two commits, compare to the instruction.
#
# Installs nothing. Needs valgrind (apt-get install valgrind); builds
# `examples/check_loop.rs` in release mode. The bodies are those of `benches/check.rs`.
#
# Usage: benches/instructions.sh [--n N] [--max-ratio R]
#   --n N          checks (and parses) counted per body (default 2000)
#   --max-ratio R  exit 1 when a body's ratio check ÷ serde_json is above R
# Each loop runs twice, with N calls and with none after one first call (the first call
# compiles the kind's schema); the difference, divided by N, is the cost of one call without
# the start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=2000
MAX=
while [ $# -gt 0 ]; do
  case "$1" in
    --n) N=$2; shift 2 ;;
    --max-ratio) MAX=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if ! command -v valgrind >/dev/null 2>&1; then
  echo "SKIPPED: valgrind is missing (apt-get install valgrind): no instruction counted" >&2
  exit 2
fi
cargo build --quiet --release --example check_loop
EXE=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/check_loop

# Instructions of one run of the loop: BODY MODE N.
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$EXE" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

echo "valgrind $(valgrind --version | sed 's/valgrind-//'), $N calls per body, start-up subtracted"
echo
echo "| body | check (instructions) | serde_json (instructions) | check ÷ serde_json |"
echo "|---|---|---|---|"
over=0
for body in kuzzle-profile ci-profile-type ci-connector; do
  check=$(( ($(count "$body" check "$N") - $(count "$body" check 0)) / N ))
  serde=$(( ($(count "$body" serde "$N") - $(count "$body" serde 0)) / N ))
  ratio=$(awk -v c="$check" -v s="$serde" 'BEGIN { printf "%.2f", c / s }')
  echo "| $body | $check | $serde | ${ratio}× |"
  if [ -n "$MAX" ] && awk -v r="$ratio" -v m="$MAX" 'BEGIN { exit !(r > m) }'; then
    over=1
  fi
done
if [ $over = 1 ]; then
  echo "above ${MAX}×" >&2
  exit 1
fi
