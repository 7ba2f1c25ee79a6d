# Shared harness of the CLI tests (tests/cli/*_test.sh): sourced, not run.
#
# Environment:
#   PMKIT_CLI         path to the pmkit binary (required)
#   PMKIT_SOURCE_DIR  the source tree, for examples/ (optional)
#
# Each check is `check NAME COMMAND...`: it passes when COMMAND exits 0. The
# helpers below (exits, contains, ...) are such commands. finish prints
# "N passed, M failed" and exits nonzero if any check failed.
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
starts_with() { [[ "$(head -c "${#2}" "$1")" == "$2" ]]; }

# finish: prints the tally and exits with the suite's status.
finish() {
  echo "$passed passed, $failed failed"
  if [[ "$failed" -ne 0 ]]; then
    exit 1
  fi
  exit 0
}
