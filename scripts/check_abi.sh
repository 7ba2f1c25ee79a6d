#!/usr/bin/env bash
# Checks libpmkit's ABI against the stored baseline:
#  1. exported symbols: only pmkit_* functions, exactly those listed in
#     capi/abi/symbols.txt (nothing removed, nothing added without saying so);
#  2. abidiff of the library's ABI description against capi/abi/libpmkit.abi,
#     failing on any non-zero exit (any change, compatible or not).
# After an intended addition: scripts/check_abi.sh BUILD_DIR --update, then
# review and commit the baseline diff.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
library="$build_dir/capi/libpmkit.so"
baseline_symbols=capi/abi/symbols.txt
baseline_abi=capi/abi/libpmkit.abi
[[ -f "$library" ]] || { echo "check_abi: $library not built" >&2; exit 2; }

exported=$(nm -D --defined-only "$library" | awk '$2 != "A" {print $3}' | sed 's/@.*//' | sort)
current_abi=$(mktemp)
trap 'rm -f "$current_abi"' EXIT
abidw --no-corpus-path --headers-dir capi --out-file "$current_abi" "$library"

if [[ "${2:-}" == "--update" ]]; then
  echo "$exported" > "$baseline_symbols"
  cp "$current_abi" "$baseline_abi"
  echo "check_abi: baseline updated; review and commit capi/abi/"
  exit 0
fi

status=0
foreign=$(grep -v '^pmkit_' <<<"$exported" || true)
if [[ -n "$foreign" ]]; then
  echo "check_abi: FAIL: symbols exported that are not pmkit_*:" >&2
  echo "$foreign" >&2
  status=1
fi
if ! diff -u "$baseline_symbols" <(echo "$exported") >&2; then
  echo "check_abi: FAIL: exported symbols differ from $baseline_symbols (- removed, + added)" >&2
  status=1
fi
# Opaque handles may change layout (see the suppression file); the file
# must name exactly the header's handles, so a struct with public fields
# can never hide behind it.
suppressions=capi/abi/opaque_handles.suppr
handles=$(sed -n 's/^typedef struct \(pmkit_[a-z_]*\) \1;$/\1/p' capi/pmkit.h | sort | paste -sd'|')
suppressed=$(sed -n 's/^ *name_regexp = \^pmkit_(\(.*\))\$$/\1/p' "$suppressions" | tr '|' '\n' |
             sed 's/^/pmkit_/' | sort | paste -sd'|')
if [[ "$handles" != "$suppressed" ]]; then
  echo "check_abi: FAIL: $suppressions names \"$suppressed\", the header's handles are \"$handles\"" >&2
  status=1
fi
if ! abidiff --no-show-locs --suppressions "$suppressions" "$baseline_abi" "$current_abi" >&2; then
  echo "check_abi: FAIL: abidiff reports ABI changes against $baseline_abi" >&2
  status=1
fi
if [[ $status -eq 0 ]]; then
  echo "check_abi: OK ($(wc -l <<<"$exported") pmkit_* symbols, abidiff clean)"
fi
exit $status
