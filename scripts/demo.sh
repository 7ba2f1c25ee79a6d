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
echo
echo "pmkit: validating $sample against the default policy (pmkit rules lists the rules)"
build/cli/pmkit validate "$sample"
