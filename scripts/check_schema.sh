#!/usr/bin/env bash
# Schema checks with the pinned buf: lint (style + every element documented),
# and breaking-change detection (wire and JSON) against the schema as it was
# on the previous commit of main.
set -euo pipefail
cd "$(dirname "$0")/.."
buf=tools/node_modules/.bin/buf
[[ -x $buf ]] || { echo "check_schema: buf missing; run scripts/bootstrap.sh" >&2; exit 2; }

$buf lint proto
echo "check_schema: buf lint OK"

against=${PMKIT_BREAKING_AGAINST:-HEAD~1}
if ! git rev-parse --verify --quiet "$against^{commit}" >/dev/null; then
  echo "check_schema: no commit $against to compare with (first commit or shallow clone); buf breaking skipped"
  exit 0
fi
if ! git cat-file -e "$against:proto/buf.yaml" 2>/dev/null; then
  echo "check_schema: $against has no schema yet; buf breaking skipped"
  exit 0
fi
$buf breaking proto --against ".git#ref=$(git rev-parse "$against"),subdir=proto"
echo "check_schema: buf breaking against $against OK"
