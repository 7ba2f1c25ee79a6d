#!/usr/bin/env bash
# End-to-end tests of `pmkit timeline merge` and `pmkit timeline metrics`.
#
# Environment:
#   PMKIT_CLI         path to the pmkit binary (required)
#   PMKIT_SOURCE_DIR  the source tree, for examples/sample (optional)
#
# Each check is `check NAME COMMAND...`: it passes when COMMAND exits 0.
# The helpers below (exits, contains, ...) are such commands. At the end the
# script prints "N passed, M failed" and exits nonzero if any check failed.
set -euo pipefail

: "${PMKIT_CLI:?set PMKIT_CLI to the pmkit binary}"
PMKIT_SOURCE_DIR="${PMKIT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
PMKIT="$PMKIT_CLI"
if [[ ! -x "$PMKIT" ]]; then
  echo "not an executable: $PMKIT" >&2
  exit 2
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

passed=0
failed=0

# check NAME COMMAND...: runs COMMAND; passes when it exits 0.
check() {
  local name="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name" >&2
    echo "  command: $*" >&2
    if [[ -s "$WORK/last.out" ]]; then
      echo "  stdout: $(head -c 600 "$WORK/last.out")" >&2
    fi
    if [[ -s "$WORK/last.err" ]]; then
      echo "  stderr: $(head -c 600 "$WORK/last.err")" >&2
    fi
  fi
}

# run CMD...: runs CMD with stdout/stderr in last.out/last.err; sets $status.
status=0
run() {
  : >"$WORK/last.out"
  : >"$WORK/last.err"
  status=0
  "$@" >"$WORK/last.out" 2>"$WORK/last.err" || status=$?
}

# exits CODE CMD...: CMD exits with CODE (outputs kept in last.out/last.err).
exits() {
  local want="$1"
  shift
  run "$@"
  if [[ "$status" -ne "$want" ]]; then
    echo "  exit status $status, expected $want" >&2
    return 1
  fi
}

# fails CMD...: CMD exits nonzero.
fails() {
  run "$@"
  if [[ "$status" -eq 0 ]]; then
    echo "  exit status 0, expected a failure" >&2
    return 1
  fi
}

# contains FILE TEXT: FILE contains TEXT (fixed string).
contains() { grep -qF -- "$2" "$1"; }
# lacks FILE TEXT: FILE does not contain TEXT.
lacks() { ! grep -qF -- "$2" "$1"; }
# same FILE1 FILE2: byte-identical.
same() { cmp -s -- "$1" "$2"; }
# lines_at_most FILE N: FILE has at most N newline characters.
lines_at_most() { [[ "$(wc -l <"$1")" -le "$2" ]]; }
# no_temp_files DIR: no leftover "*.tmp-*" files from atomic writes.
no_temp_files() {
  local leftovers
  leftovers="$(find "$1" -name '*.tmp-*' -print)"
  if [[ -n "$leftovers" ]]; then
    echo "  leftover temporary files: $leftovers" >&2
    return 1
  fi
}
# feed FILE CMD...: runs CMD with FILE on standard input.
feed() {
  local file="$1"
  shift
  "$@" <"$file"
}
# copy SRC DST: like cp, but an empty DST instead of aborting the script
# when SRC is missing (an earlier check has already failed then).
copy() { cp -- "$1" "$2" 2>/dev/null || : >"$2"; }
# line_count FILE: number of lines, 0 when FILE is missing.
line_count() { if [[ -f "$1" ]]; then wc -l <"$1"; else echo 0; fi; }
# starts_with FILE TEXT: the first bytes of FILE are TEXT.

EX="$PMKIT_SOURCE_DIR/examples/timeline"
ALL=("$EX/slack-inc-2231.json" "$EX/pagerduty-Q3F8K2M7ZP1RXA.json"
     "$EX/alertmanager-webhooks.jsonl" "$EX/checkout-api.log"
     "$EX/responder-notes.csv")
TZ_ARGS=(--time-zone Europe/Berlin --year 2024)

check "help" exits 0 "$PMKIT" timeline --help
check "help lists merge" contains last.out "timeline merge INPUT"
check "help via pmkit help" exits 0 "$PMKIT" help timeline
check "no subcommand" exits 2 "$PMKIT" timeline
check "unknown subcommand" exits 2 "$PMKIT" timeline split x
check "no inputs" exits 2 "$PMKIT" timeline merge
check "bad option" exits 2 "$PMKIT" timeline merge --frobnicate "$EX/checkout-api.log"
check "bad format" exits 2 "$PMKIT" timeline merge --format xml "$EX/checkout-api.log"
check "bad input format" exits 2 "$PMKIT" timeline merge --input-format xml "$EX/checkout-api.log"
check "missing file" exits 2 "$PMKIT" timeline merge "$WORK/nope.log"
check "bad zone" exits 2 "$PMKIT" timeline merge --time-zone Mars/Base "$EX/checkout-api.log"
check "bad offset" exits 2 "$PMKIT" timeline merge --offset foo "$EX/checkout-api.log"
check "offset for unknown source" exits 2 "$PMKIT" timeline merge --offset nope=3 "$EX/checkout-api.log"

# The bundled sources: merged, with the malformed log line reported (exit 1).
check "merge examples" exits 1 "$PMKIT" timeline merge "${TZ_ARGS[@]}" "${ALL[@]}"
check "summary shows folded provenance" contains last.out "from alertmanager-webhooks.jsonl:1, alertmanager-webhooks.jsonl:2, slack-inc-2231.json:2"
check "malformed line on stderr" contains last.err "checkout-api.log: line 7"
check "summary counts" contains last.out "23 records -> 20 events"
check "gap reported" contains last.out "gap: 12h38m of silence"

check "merge json" exits 1 "$PMKIT" timeline merge --format json "${TZ_ARGS[@]}" "${ALL[@]}"
check "json events" contains last.out '"events": ['
check "json provenance" contains last.out '"foldedDuplicate": true'
check "json import issue" contains last.out '"line": "7"'
cp last.out forward.json
# Determinism: reversed input order gives identical output.
check "merge reversed" exits 1 "$PMKIT" timeline merge --format json "${TZ_ARGS[@]}" \
  "$EX/responder-notes.csv" "$EX/checkout-api.log" "$EX/alertmanager-webhooks.jsonl" \
  "$EX/pagerduty-Q3F8K2M7ZP1RXA.json" "$EX/slack-inc-2231.json"
check "order-independent" same last.out forward.json

check "stop on error" exits 2 "$PMKIT" timeline merge --stop-on-error "${TZ_ARGS[@]}" "$EX/checkout-api.log"
check "stop names line" contains last.err "line 7"

check "input-format override" exits 0 "$PMKIT" timeline merge --input-format pagerduty "$EX/pagerduty-Q3F8K2M7ZP1RXA.json"
check "wrong forced format" exits 1 "$PMKIT" timeline merge --input-format csv --format json "$EX/responder-notes.csv" "$EX/alertmanager-webhooks.jsonl"

check "declared offset" exits 0 "$PMKIT" timeline merge --format json --offset responder-notes.csv=-60 "$EX/responder-notes.csv"
check "offset applied" contains last.out '"2024-03-14T21:46:12.318Z"'

check "estimate skew" exits 1 "$PMKIT" timeline merge --estimate-skew "${TZ_ARGS[@]}" "${ALL[@]}"
check "skew reported" contains last.out "clock offset"

check "metrics" exits 1 "$PMKIT" timeline metrics "${TZ_ARGS[@]}" "${ALL[@]}"
check "metrics ttd" contains last.out "time_to_detect: 15m2.682s"
check "metrics tta" contains last.out "time_to_acknowledge: 7m25s"
check "metrics bounds" contains last.out "between 2h38m47.682s and 2h40m47.682s"
check "metrics json" exits 1 "$PMKIT" timeline metrics --format json "${TZ_ARGS[@]}" "${ALL[@]}"
check "metrics json kind" contains last.out "LIFECYCLE_METRIC_KIND_TIME_TO_RESOLVE"
check "metrics unknown" exits 0 "$PMKIT" timeline metrics "$EX/slack-inc-2231.json"
check "metrics says unknown" contains last.out "unknown: no MILESTONE_STARTED milestone"

check "metrics of the sample postmortem" exits 0 "$PMKIT" timeline metrics "$PMKIT_SOURCE_DIR/examples/sample/postmortem.textproto"
check "sample ttd" contains last.out "time_to_detect: 15m2.682s"

cp "$PMKIT_SOURCE_DIR/examples/sample/postmortem.textproto" pm.textproto
check "merge into postmortem" exits 1 "$PMKIT" timeline merge --into pm.textproto --format text "${TZ_ARGS[@]}" "${ALL[@]}"
check "into keeps title" contains last.out 'title: "2024-03-14 card checkout outage'
check "into has merged provenance" contains last.out 'source: "postmortem"'
check "into output parses" exits 0 bash -c "\"$PMKIT\" timeline merge --into pm.textproto --format binary ${TZ_ARGS[*]} ${ALL[*]} -o merged.binpb 2>/dev/null; \"$PMKIT\" convert merged.binpb --to json -o merged.json"
check "log forced as slack is an input error" exits 2 "$PMKIT" timeline merge --input-format slack /dev/null "$EX/checkout-api.log"
check "error names the line" contains last.err "checkout-api.log: line 5: malformed JSON document"

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
