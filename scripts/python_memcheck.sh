#!/usr/bin/env bash
# Runs the Python binding's tests under valgrind's memcheck: the library is
# loaded through ctypes into a stock python3, where the sanitizer builds
# cannot reach it. Fails on any memory error or definitely-lost block
# (Python's own allocations are passed through malloc and filtered with
# Debian's python3 suppressions; "possibly lost" is Python's interpreter
# state at exit and is not counted).
#
#   scripts/python_memcheck.sh [BUILD_DIR]      (default: build; ~1.5 min)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
status=0
PYTHONMALLOC=malloc PYTHONPATH="$build_dir/python" PMKIT_SOURCE_DIR="$PWD" \
  valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite --error-exitcode=99 \
    --suppressions=/usr/lib/valgrind/python3.supp --num-callers=40 \
    --log-file="$log_dir/memcheck.%p.log" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider bindings/python/tests || status=$?
if [[ $status -ne 0 ]]; then
  cat "$log_dir"/memcheck.*.log >&2
  echo "python_memcheck: FAIL (exit $status)" >&2
  exit 1
fi
grep -h "ERROR SUMMARY" "$log_dir"/memcheck.*.log | head -1
echo "python_memcheck: OK"
