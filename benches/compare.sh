#!/usr/bin/env bash
# Side-by-side timing of bodyguard and other JSON Schema validators on the same work.
#
# Installs nothing. Needs (see README.md, "Performance"):
#   hyperfine, check-jsonschema (pip), ajv-cli + ajv-formats (npm, in benches/node_modules),
#   jsonschema-cli (cargo install), a release build of bodyguard, and the generated data
#   (python3 benches/generate.py).
#
# Usage: benches/compare.sh [--runs N] [--big]
#   --runs N   hyperfine runs per command (default 5)
#   --big      also time the 10 MB securities file, and measure peak memory (max RSS) on the
#              50 MB one
#
# Every tool validates the 10,000 bodies of benches/data/many against the committed
# schemas/, one invocation per kind (five per measured command). "bodyguard (schema only)"
# runs just the schema pass (--select schema/...); "bodyguard (all rules)" is the normal run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=5
BIG=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --big) BIG=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

BG=${BODYGUARD:-$ROOT/target/release/bodyguard}
AJV=$ROOT/benches/node_modules/.bin/ajv
DATA=$ROOT/benches/data
KINDS="kuzzle-profile kuzzle-role kuzzle-securities ci-profile-type ci-connector"

missing=0
for tool in hyperfine check-jsonschema jsonschema-cli "$AJV" "$BG"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "missing: $tool" >&2
    missing=1
  fi
done
[ -d "$DATA/many" ] || { echo "missing: $DATA/many (run python3 benches/generate.py)" >&2; missing=1; }
[ $missing = 0 ] || exit 2

SCHEMA_CODES="--select schema/type --select schema/required --select schema/unknown-key --select schema/enum --select schema/constraint"

# One shell command that runs a tool once per kind. $k is the kind, $s its schema file.
per_kind() {
  local template=$1 out="" k
  for k in $KINDS; do
    local cmd=${template//\$k/$k}
    cmd=${cmd//\$s/$ROOT/schemas/$k.schema.json}
    out+="$cmd >/dev/null 2>&1; "
  done
  echo "${out}true"
}

BG_SCHEMA=$(per_kind "$BG check --kind \$k $SCHEMA_CODES $DATA/many/\$k")
BG_ALL=$(per_kind "$BG check --kind \$k $DATA/many/\$k")
CJS=$(per_kind "check-jsonschema --schemafile \$s $DATA/many/\$k/*.json")
AJV_CMD=$(per_kind "$AJV validate --spec=draft7 --strict=false --all-errors -c ajv-formats -s \$s -d '$DATA/many/\$k/*.json'")
JSCLI=$(per_kind "jsonschema-cli validate --assert-format \$s \$(printf -- '-i %s ' $DATA/many/\$k/*.json)")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "files: $(find "$DATA/many" -name '*.json' | wc -l) in $DATA/many"
hyperfine --runs "$RUNS" --warmup 1 -i --export-json /tmp/bodyguard-compare.json --style basic \
  -n "bodyguard (schema only)" "$BG_SCHEMA" \
  -n "bodyguard (all rules)" "$BG_ALL" \
  -n "check-jsonschema" "$CJS" \
  -n "ajv-cli" "$AJV_CMD" \
  -n "jsonschema-cli" "$JSCLI"

ratios() {
  python3 - "$1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
schema, full = r[0]["mean"], r[1]["mean"]
print()
print("| command | mean (s) | ± (s) | ÷ bodyguard (schema only) | ÷ bodyguard (all rules) |")
print("|---|---|---|---|---|")
for x in r:
    print(f"| {x['command']} | {x['mean']:.3f} | {x['stddev'] or 0:.3f} | {x['mean'] / schema:.1f}× | {x['mean'] / full:.1f}× |")
EOF
}
ratios /tmp/bodyguard-compare.json

if [ $BIG = 1 ]; then
  f=$DATA/big/securities-10mb.json
  s=$ROOT/schemas/kuzzle-securities.schema.json
  echo
  echo "one file: $f ($(stat -c %s "$f") bytes)"
  hyperfine --runs "$RUNS" --warmup 1 -i --export-json /tmp/bodyguard-compare-big.json --style basic \
    -n "bodyguard (schema only)" "$BG check --kind kuzzle-securities $SCHEMA_CODES $f >/dev/null" \
    -n "bodyguard (all rules)" "$BG check --kind kuzzle-securities $f >/dev/null" \
    -n "check-jsonschema" "check-jsonschema --schemafile $s $f >/dev/null" \
    -n "ajv-cli" "$AJV validate --spec=draft7 --strict=false --all-errors -c ajv-formats -s $s -d $f >/dev/null" \
    -n "jsonschema-cli" "jsonschema-cli validate --assert-format $s -i $f >/dev/null"
  ratios /tmp/bodyguard-compare-big.json

  f=$DATA/big/securities-50mb.json
  size=$(stat -c %s "$f")
  echo
  echo "peak memory on $f ($size bytes), one run each:"
  echo
  echo "| command | peak RSS (MB) | ÷ file size |"
  echo "|---|---|---|"
  peak() {
    python3 - "$1" "$2" "$size" <<'EOF'
import resource, subprocess, sys
name, command, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"| {name} | {kb / 1024:.0f} | {kb * 1024 / size:.1f}× |")
EOF
  }
  peak "bodyguard (schema only)" "$BG check --kind kuzzle-securities $SCHEMA_CODES $f"
  peak "bodyguard (all rules)" "$BG check --kind kuzzle-securities $f"
  peak "check-jsonschema" "check-jsonschema --schemafile $s $f"
  peak "ajv-cli" "$AJV validate --spec=draft7 --strict=false --all-errors -c ajv-formats -s $s -d $f"
  peak "jsonschema-cli" "jsonschema-cli validate --assert-format $s -i $f"
fi
