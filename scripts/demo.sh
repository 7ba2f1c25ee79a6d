#!/usr/bin/env bash
# The README's first command: set up a fresh Debian 12 machine, build pmkit,
# and run the main job on the bundled sample postmortem.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
sample=examples/sample/postmortem.textproto
mkdir -p out
build/cli/pmkit convert "$sample" -o out/postmortem.json
build/cli/pmkit render "$sample" -o out/postmortem.md
echo "pmkit: rendered $sample -> out/postmortem.md (also converted to out/postmortem.json)"
echo
cat out/postmortem.md
# Action items: follow-through of the sample's action items as of today.
build/cli/pmkit actions report "$sample" -o out/actions.md
echo
echo "pmkit: action-item follow-through of $sample -> out/actions.md"
echo
cat out/actions.md
echo
# Timeline merging: the bundled exports of the same incident (Slack, PagerDuty,
# Alertmanager, syslog, responder notes) merged into one timeline with its
# lifecycle metrics. Exit 1 means "merged, with unreadable records listed";
# checkout-api.log holds one such line on purpose.
timeline_status=0
build/cli/pmkit timeline merge examples/timeline/* --time-zone Europe/Berlin \
  --year 2024 >out/timeline.txt || timeline_status=$?
[[ "$timeline_status" -le 1 ]] || exit "$timeline_status"
build/cli/pmkit timeline merge examples/timeline/* --time-zone Europe/Berlin \
  --year 2024 --format json -o out/timeline.json 2>/dev/null || [[ $? -eq 1 ]]
echo "pmkit: merged examples/timeline/* -> out/timeline.txt (proto3 JSON: out/timeline.json)"
cat out/timeline.txt
echo
echo "pmkit: validating $sample against the default policy (pmkit rules lists the rules)"
build/cli/pmkit validate "$sample"

# Blame-language lint: the sample is blameless (exit 0); the draft under
# examples/blame is not (exit 1 = findings, which is the point of the demo).
echo
build/cli/pmkit lint "$sample"
build/cli/pmkit lint examples/blame/draft.md || [[ $? == 1 ]]
