#!/usr/bin/env bash
# Two bodyguard binaries side by side, in instructions: the 10,000-body run of
# `benches/compare.sh` (one invocation per kind, every rule on, then schema only) and one
# file, each counted by valgrind's callgrind. Instruction counts do not drift with the
# machine's load the way times do: a change that costs 3 % shows as 3 %, on a busy machine too.
#
# Installs nothing. Needs valgrind and the generated data (python3 benches/generate.py --small).
#
# Usage: benches/instructions_cli.sh BEFORE AFTER
#   BEFORE, AFTER   two bodyguard binaries (e.g. a release build of an older commit, and
#                   target/release/bodyguard)
# Prints a table: instructions of each binary per workload and the ratio AFTER ÷ BEFORE.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[ $# = 2 ] || { echo "usage: benches/instructions_cli.sh BEFORE AFTER" >&2; exit 2; }
BEFORE=$1
AFTER=$2
if ! command -v valgrind >/dev/null 2>&1; then
  echo "SKIPPED: valgrind is missing (apt-get install valgrind): no instruction counted" >&2
  exit 2
fi
DATA=$ROOT/benches/data/many
[ -d "$DATA" ] || { echo "missing: $DATA (run python3 benches/generate.py --small)" >&2; exit 2; }
KINDS="kuzzle-profile kuzzle-role kuzzle-securities ci-profile-type ci-connector"
SCHEMA_CODES="--select schema/type --select schema/required --select schema/unknown-key --select schema/enum --select schema/constraint"
ONE=$ROOT/fixtures/valid/kuzzle-profile/editor-restricted.json

# Instructions of one command, every thread counted.
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
# Sum over the five kinds of `BIN check --kind K [ARGS] DATA/K`.
per_kind() {
  local bin=$1 total=0 k n
  shift
  for k in $KINDS; do
    # shellcheck disable=SC2086
    n=$(count "$bin" check --kind "$k" "$@" "$DATA/$k")
    total=$((total + n))
  done
  echo "$total"
}
row() {
  local name=$1 b=$2 a=$3
  awk -v n="$name" -v b="$b" -v a="$a" \
    'BEGIN { printf "| %s | %.1f M | %.1f M | %.3f× |\n", n, b / 1e6, a / 1e6, a / b }'
}

echo "valgrind $(valgrind --version | sed 's/valgrind-//'); $(find "$DATA" -name '*.json' | wc -l) bodies"
echo
echo "| workload | before | after | after ÷ before |"
echo "|---|---|---|---|"
# shellcheck disable=SC2086
row "10,000 bodies, all rules" "$(per_kind "$BEFORE")" "$(per_kind "$AFTER")"
# shellcheck disable=SC2086
row "10,000 bodies, schema only" "$(per_kind "$BEFORE" $SCHEMA_CODES)" "$(per_kind "$AFTER" $SCHEMA_CODES)"
row "one file (a Kuzzle profile)" "$(count "$BEFORE" check "$ONE")" "$(count "$AFTER" check "$ONE")"
