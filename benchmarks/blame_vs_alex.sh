#!/usr/bin/env bash
# Compares `pmkit lint` with alex (npm package "alex", an inclusive-language
# linter) on the same ~1 MiB English corpus, in the same run, and prints the
# throughput ratio. alex is installed into a scratch directory with npm.
#
#   benchmarks/blame_vs_alex.sh [BUILD_DIR]      (default: build)
#
# Both tools are timed as whole processes (start-up, reading, output), best
# of 3 runs each. The corpus comes from benchmarks/blame_corpus.py.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
PMKIT="$BUILD/cli/pmkit"
WORK="${PMKIT_ALEX_DIR:-$ROOT/build/alex-compare}"
mkdir -p "$WORK"
CORPUS="$WORK/corpus.txt"
python3 "$ROOT/benchmarks/blame_corpus.py" "$CORPUS" --mib 1
if [[ ! -x "$WORK/node_modules/.bin/alex" ]]; then
  (cd "$WORK" && npm install --silent --no-audit --no-fund alex@11 >/dev/null)
fi
ALEX="$WORK/node_modules/.bin/alex"

source "$ROOT/benchmarks/timing.sh"

size=$(stat -c %s "$CORPUS")
mib=$(echo "$size / 1048576" | bc -l)
t_pmkit=$(best_of_3 "$PMKIT" lint --format json "$CORPUS")
t_alex=$(best_of_3 "$ALEX" --text "$CORPUS")
printf 'corpus: %d bytes\n' "$size"
printf 'pmkit lint: %.3f s  (%.1f MiB/s, whole process)\n' "$t_pmkit" "$(echo "$mib / $t_pmkit" | bc -l)"
printf 'alex:       %.3f s  (%.2f MiB/s, whole process)\n' "$t_alex" "$(echo "$mib / $t_alex" | bc -l)"
printf 'ratio: pmkit is %.0fx faster than alex\n' "$(echo "$t_alex / $t_pmkit" | bc -l)"
