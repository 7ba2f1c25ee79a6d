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

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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
check "stop names the file once" contains last.err "pmkit: $EX/checkout-api.log: line 7"

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

# Ordered line-oriented files stream through the merge (never held whole);
# what is printed must not depend on it. Standard input is always imported
# whole, so it is the reference.
printf '%s\n' "2024-03-14T21:00:02Z b" "" "garbage" "2024-03-14T21:00:03Z c" \
  "2024-03-14T21:00:03Z c" >ordered.log
printf '%s\n' "2024-03-14T21:00:05Z late" "2024-03-14T21:00:01Z early" >unordered.log
check "streamed log" exits 1 "$PMKIT" timeline merge ordered.log unordered.log
cp last.out streamed.out
check "streamed malformed line" contains last.err "ordered.log: line 3"
check "unordered log is sorted" bash -c "head -1 streamed.out | grep -q 'early'"
check "imported log" exits 1 bash -c "\"\$0\" timeline merge - unordered.log <ordered.log >imported.out" "$PMKIT"
sed -i 's/stdin:/ordered.log:/g' imported.out
check "streamed equals imported" same imported.out streamed.out
check "streamed stop on error" exits 2 "$PMKIT" timeline merge --stop-on-error unordered.log ordered.log
check "stop prints nothing" same last.out /dev/null
check "stop names the line" contains last.err "ordered.log: line 3"

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
