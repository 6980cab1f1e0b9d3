#!/usr/bin/env bash
# The cost of writing findings: bodyguard over 10,000 bodies of which 6,297 have findings
# (12,353 findings with every rule on), in every output format, against `--statistics`
# (the same check, only a count per rule printed).
#
# Installs nothing. Needs python3, a release build of bodyguard and the data
# (python3 benches/generate.py --dense).
#
# Usage: benches/findings.sh [--runs N] [DIR]
#        benches/findings.sh --instructions [--every K] [DIR]
#   --runs N        rounds (default 15, after 2 warm-up rounds); each round runs every
#                   format once, in turn, so a machine whose speed drifts during the
#                   measurement weighs on every format alike (hyperfine would run all the
#                   runs of one command before the next)
#   --instructions  count instructions (valgrind's callgrind, needs valgrind) instead of
#                   timing: deterministic, so the ratios hold on a busy machine. bodyguard
#                   runs on one core (taskset), so on one thread
#   --every K       with --instructions, one file in K of DIR (default 10: 1,000 files)
#   DIR             the bodies (default benches/data/dense)
# Prints the median wall time, the CPU time (user + system, less sensitive to a busy
# machine) and each format's ratio to `--statistics`, with the size of its output; or, with
# --instructions, each format's instructions and their ratio to `--statistics`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=15
DIR=$ROOT/benches/data/dense
INSTRUCTIONS=0
EVERY=10
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --instructions) INSTRUCTIONS=1; shift ;;
    --every) EVERY=$2; shift 2 ;;
    *) DIR=$1; shift ;;
  esac
done
BG=${BODYGUARD:-${CARGO_TARGET_DIR:-$ROOT/target}/release/bodyguard}
FORMATS=("--statistics" "--format json" "--format json-lines" "--format sarif"
         "--format github" "--format junit" "")

if [ $INSTRUCTIONS = 1 ]; then
  missing=0
  command -v valgrind >/dev/null 2>&1 || {
    echo "SKIPPED: valgrind is missing (apt-get install valgrind): no instruction counted" >&2
    missing=1
  }
  command -v taskset >/dev/null 2>&1 || { echo "missing: taskset (util-linux)" >&2; missing=1; }
  [ -x "$BG" ] || { echo "missing: $BG (cargo build --release)" >&2; missing=1; }
  [ -d "$DIR" ] || { echo "missing: $DIR (python3 benches/generate.py --dense)" >&2; missing=1; }
  [ $missing = 0 ] || exit 2
  CUT=$(mktemp -d)
  trap 'rm -rf "$CUT"' EXIT
  (cd "$DIR" && find . -name '*.json' | sort | awk -v k="$EVERY" 'NR % k == 1 || k == 1') |
    while read -r f; do
      mkdir -p "$CUT/$(dirname "$f")"
      cp "$DIR/$f" "$CUT/$f"
    done
  echo "files: $(find "$CUT" -name '*.json' | wc -l), one in $EVERY of $DIR; one thread (taskset -c 0)"
  echo
  echo "| output | instructions | ÷ --statistics | output size |"
  echo "|---|---|---|---|"
  base=
  for args in "${FORMATS[@]}"; do
    # Word splitting of $args is wanted: "--format json" is two arguments.
    # shellcheck disable=SC2086
    n=$( (cd "$CUT" && taskset -c 0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$BG" check $args . 2>&1 >/dev/null || true) | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    # shellcheck disable=SC2086
    size=$( (cd "$CUT" && "$BG" check $args . || true) | wc -c)
    base=${base:-$n}
    awk -v a="${args:-human (code frames)}" -v n="$n" -v b="$base" -v s="$size" \
      'BEGIN { printf "| %s | %d | %.3f× | %.1f MB |\n", a, n, n / b, s / 1e6 }'
  done
  exit 0
fi
missing=0
[ -x "$BG" ] || { echo "missing: $BG (cargo build --release)" >&2; missing=1; }
[ -d "$DIR" ] || { echo "missing: $DIR (python3 benches/generate.py --dense)" >&2; missing=1; }
[ $missing = 0 ] || exit 2

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "files: $(find "$DIR" -name '*.json' | wc -l) in $DIR; $RUNS rounds"
python3 - "$BG" "$DIR" "$RUNS" <<'PY'
import os, statistics, sys, time
bg, d, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
formats = [("--statistics", ["--statistics"]), ("--format json", ["--format", "json"]),
           ("--format json-lines", ["--format", "json-lines"]), ("--format sarif", ["--format", "sarif"]),
           ("--format github", ["--format", "github"]), ("--format junit", ["--format", "junit"]),
           ("human (code frames)", [])]
devnull = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]

def run(args):
    """Wall and CPU (user + system) seconds of one run, output to /dev/null."""
    start = time.perf_counter()
    pid = os.posix_spawn(bg, [bg, "check", *args, d], os.environ, file_actions=devnull)
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime

times = {name: [] for name, _ in formats}
for r in range(rounds + 2):
    for name, args in formats:
        t = run(args)
        if r >= 2:
            times[name].append(t)

def size(args):
    r, w = os.pipe()
    pid = os.posix_spawn(bg, [bg, "check", *args, d], os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, w, 1),
                                       (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    os.close(w)
    n = 0
    while chunk := os.read(r, 1 << 16):
        n += len(chunk)
    os.close(r)
    os.waitpid(pid, 0)
    return n

base_wall = statistics.median(t[0] for t in times["--statistics"])
base_cpu = statistics.median(t[1] for t in times["--statistics"])
print()
print("| output | median (ms) | ÷ --statistics | CPU (ms) | ÷ --statistics | output size |")
print("|---|---|---|---|---|---|")
for name, args in formats:
    wall = statistics.median(t[0] for t in times[name])
    cpu = statistics.median(t[1] for t in times[name])
    print(f"| {name} | {wall * 1000:.0f} | {wall / base_wall:.2f}× | "
          f"{cpu * 1000:.0f} | {cpu / base_cpu:.2f}× | {size(args) / 1e6:.1f} MB |")
PY
