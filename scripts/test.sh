#!/usr/bin/env bash
# The README's second command: set up a fresh Debian 12 machine and run every
# test. In order:
#   1. build (build/) and ctest: C++ (GoogleTest), the C99 ABI test, the CLI
#      test and the Python binding's tests (pytest, incl. google.protobuf
#      interop);
#   2. install test: examples built against the installed copy via CMake and
#      pkg-config, the CLI, and the pip-installed Python package;
#   3. ABI check (symbol list + abidiff against capi/abi/);
#   4. the Python tests again under valgrind's memcheck (errors and leaks of
#      the library loaded through ctypes); schema check (buf lint, buf
#      breaking against the previous commit);
#   5. the C++/C/CLI tests again under AddressSanitizer + UBSan (build-asan/)
#      and under ThreadSanitizer (build-tsan/), incl. the 8-thread stress tests;
#   6. every libFuzzer target for a short bounded time (build-fuzz/).
# Set PMKIT_FUZZ_SECONDS to change step 6's time per target (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

step() { printf '\n=== %s\n' "$*"; }

step "setup"
scripts/bootstrap.sh

step "build and unit tests"
scripts/build.sh
ctest --test-dir build --output-on-failure --progress --parallel "$jobs"

step "install test"
scripts/install_test.sh build

step "ABI check"
scripts/check_abi.sh build

step "Python tests under valgrind memcheck"
scripts/python_memcheck.sh build

step "schema check"
scripts/check_schema.sh

step "sanitizers: AddressSanitizer + UndefinedBehaviorSanitizer"
PMKIT_BUILD_DIR=build-asan scripts/build.sh -DPMKIT_SANITIZE=address,undefined \
  -DPMKIT_BUILD_BENCHMARKS=OFF -DPMKIT_BUILD_PYTHON=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --progress --parallel "$jobs"

step "sanitizers: ThreadSanitizer"
PMKIT_BUILD_DIR=build-tsan scripts/build.sh -DPMKIT_SANITIZE=thread \
  -DPMKIT_BUILD_BENCHMARKS=OFF -DPMKIT_BUILD_PYTHON=OFF
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp \
  ctest --test-dir build-tsan --output-on-failure --progress --parallel "$jobs"

step "fuzzing (bounded)"
scripts/fuzz.sh "${PMKIT_FUZZ_SECONDS:-20}"

step "all checks passed"
