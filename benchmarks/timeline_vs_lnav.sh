#!/usr/bin/env bash
# Compares `pmkit timeline merge` with `lnav -n` (a log viewer that merges
# log files by timestamp) and with GNU `sort -m` (which parses nothing) on
# the same three application logs of 200,000 RFC 3339 lines each, in the
# same run, and prints the ratios. Installs lnav with apt-get when missing
# (needs root).
#
#   benchmarks/timeline_vs_lnav.sh [BUILD_DIR]      (default: build)
#
# Each tool runs as a whole process (start-up, reading, merging, printing
# every merged line to /dev/null), best of 3 runs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
PMKIT="$BUILD/cli/pmkit"
WORK="${PMKIT_LNAV_DIR:-$BUILD/lnav-compare}"
mkdir -p "$WORK"
if ! command -v lnav >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "lnav is not installed; run as root or: apt-get install lnav" >&2
    exit 2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lnav >/dev/null
fi

python3 - "$WORK" <<'PY'
import datetime, random, sys
random.seed(11)
for f in range(3):
    t = 1710452832000 + f * 7
    with open(f"{sys.argv[1]}/app{f}.log", "w") as out:
        for i in range(200000):
            t += random.randrange(40)
            d = datetime.datetime.fromtimestamp(t / 1000, datetime.timezone.utc)
            out.write(d.strftime("%Y-%m-%dT%H:%M:%S.") +
                      f"{t % 1000:03d}Z app-{f} INFO request {i} handled in "
                      f"{random.randrange(500)} ms\n")
PY
LOGS=("$WORK/app0.log" "$WORK/app1.log" "$WORK/app2.log")

source "$ROOT/benchmarks/timing.sh"

t_pmkit=$(best_of_3 "$PMKIT" timeline merge "${LOGS[@]}")
t_lnav=$(best_of_3 lnav -n "${LOGS[@]}")
t_sort=$(best_of_3 sort -m "${LOGS[@]}")
printf 'inputs: 3 x 200000 lines, %d bytes\n' "$(cat "${LOGS[@]}" | wc -c)"
printf 'pmkit timeline merge: %.3f s\n' "$t_pmkit"
printf 'lnav -n:              %.3f s\n' "$t_lnav"
printf 'sort -m:              %.3f s\n' "$t_sort"
printf 'ratio: pmkit is %.1fx faster than lnav; sort -m is %.1fx faster than pmkit\n' \
  "$(echo "$t_lnav / $t_pmkit" | bc -l)" "$(echo "$t_pmkit / $t_sort" | bc -l)"
