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
