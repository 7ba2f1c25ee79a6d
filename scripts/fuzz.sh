#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + AddressSanitizer +
# UndefinedBehaviorSanitizer in build-fuzz/ and runs each for SECONDS
# (default 30). Fails on any crash, leak, timeout or out-of-memory; the
# reproducer lands in .fuzz-artifacts/. New corpus entries go to
# .fuzz-artifacts/corpus-<target>/, the committed seeds stay untouched.
#
#   scripts/fuzz.sh            # 30 s per target
#   scripts/fuzz.sh 3600       # an hour per target
#
# Targets: tests/fuzz/<name>_fuzzer.cc, seeds in tests/fuzz/corpus/<name>/,
# dictionary tests/fuzz/<name>.dict (else the shared pmkit.dict).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build_dir=${PMKIT_FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPMKIT_FUZZ=ON -DPMKIT_SANITIZE=address,undefined \
  -DPMKIT_BUILD_TESTS=OFF -DPMKIT_BUILD_BENCHMARKS=OFF -DPMKIT_BUILD_PYTHON=OFF >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)" --target pmkit_fuzzers

mkdir -p .fuzz-artifacts
targets=$(cd tests/fuzz && ls *_fuzzer.cc | sed 's/_fuzzer\.cc$//')
for target in $targets; do
  corpus=.fuzz-artifacts/corpus-$target
  mkdir -p "$corpus"
  log=.fuzz-artifacts/$target.log
  echo "fuzz: $target for ${seconds}s"
  seeds=tests/fuzz/corpus/$target
  dict=tests/fuzz/$target.dict
  [[ -f $dict ]] || dict=tests/fuzz/pmkit.dict
  if ! "$build_dir/tests/fuzz/pmkit_${target}_fuzzer" "$corpus" "$seeds" \
      -dict="$dict" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
      -artifact_prefix=.fuzz-artifacts/ >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz: $target FAILED (log: $log)" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz: $target OK: $runs executions in ${seconds}s"
done
