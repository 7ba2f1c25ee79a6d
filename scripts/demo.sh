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

# Blame-language lint: the sample is blameless (exit 0); the draft under
# examples/blame is not (exit 1 = findings, which is the point of the demo).
echo
build/cli/pmkit lint "$sample"
build/cli/pmkit lint examples/blame/draft.md || [[ $? == 1 ]]
