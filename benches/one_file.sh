#!/usr/bin/env bash
# One body, one process: what a pre-commit hook on a one-file commit or an editor's save hook
# pays. bodyguard (every rule on) side by side with `cat` of the same file (the floor: start a
# process, read, write) and the JSON Schema validators on the same file and committed schema.
#
# Installs nothing. Needs hyperfine and a release build of bodyguard; jsonschema-cli
# (cargo install jsonschema-cli) and check-jsonschema (pip install check-jsonschema) are timed
# when present, and named as missing otherwise.
#
# Usage: benches/one_file.sh [--runs N] [FILE KIND]...
#   --runs N    hyperfine runs per command (default 200, after 20 warm-up runs)
#   FILE KIND   the bodies to time (default: a Kuzzle profile, a securities file and a
#               Customer Insights profile type from fixtures/valid/)
# Prints the median of each command, and its ratio to bodyguard's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=200
FILES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    *) FILES+=("$1" "$2"); shift 2 ;;
  esac
done
if [ ${#FILES[@]} = 0 ]; then
  FILES=(fixtures/valid/kuzzle-profile/editor-restricted.json kuzzle-profile
         fixtures/valid/kuzzle-securities/shop.json kuzzle-securities
         fixtures/valid/ci-profile-type/contact-hub.json ci-profile-type)
fi

BG=${BODYGUARD:-$ROOT/target/release/bodyguard}
command -v hyperfine >/dev/null 2>&1 || { echo "missing: hyperfine" >&2; exit 2; }
[ -x "$BG" ] || { echo "missing: $BG (cargo build --release)" >&2; exit 2; }
PEERS=()
for tool in jsonschema-cli check-jsonschema; do
  if command -v "$tool" >/dev/null 2>&1; then PEERS+=("$tool"); else echo "missing: $tool (not timed)" >&2; fi
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| file | bodyguard (all rules) | cat | jsonschema-cli | check-jsonschema |"
echo "|---|---|---|---|---|"
i=0
while [ $i -lt ${#FILES[@]} ]; do
  f=${FILES[$i]} k=${FILES[$((i + 1))]}
  i=$((i + 2))
  s=$ROOT/schemas/$k.schema.json
  cmds=(-n bodyguard "$BG check $f" -n cat "cat $f")
  for p in "${PEERS[@]}"; do
    case $p in
      jsonschema-cli) cmds+=(-n jsonschema-cli "jsonschema-cli validate --assert-format $s -i $f") ;;
      check-jsonschema) cmds+=(-n check-jsonschema "check-jsonschema --schemafile $s $f") ;;
    esac
  done
  # -N: no shell in between; -i: a body with findings exits 1.
  hyperfine -N -i --warmup 20 --runs "$RUNS" --export-json /tmp/bodyguard-one-file.json \
    "${cmds[@]}" >/dev/null 2>&1
  python3 - "$f" "$(stat -c %s "$f")" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open("/tmp/bodyguard-one-file.json"))["results"]}
bg = r["bodyguard"]
def cell(name):
    if name not in r:
        return "missing"
    return f"{r[name] * 1000:.2f} ms ({r[name] / bg:.2f}×)"
print(f"| `{sys.argv[1]}` ({sys.argv[2]} B) | {bg * 1000:.2f} ms | {cell('cat')} | {cell('jsonschema-cli')} | {cell('check-jsonschema')} |")
PY
done
echo
echo "(medians of $RUNS runs; in parentheses, the ratio to bodyguard's median)"
