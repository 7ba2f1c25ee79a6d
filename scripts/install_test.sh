#!/usr/bin/env bash
# Installs pmkit from BUILD_DIR into a temporary prefix and builds the C and
# C++ examples against the installed copy through CMake (find_package) and
# pkg-config, runs them on the sample, and pip-installs the assembled Python
# package into a virtual environment and runs the Python example.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=$(cd "${1:-build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
sample="$root/examples/sample/postmortem.textproto"

# Runs a command and checks its standard output holds a line matching
# PATTERN. (Not `cmd | grep -q`: grep exiting early would SIGPIPE the command.)
expect_line() {
  local pattern=$1
  shift
  "$@" >"$work/output"
  grep -q -- "$pattern" "$work/output" || {
    echo "install_test: FAIL: '$*' printed no line matching '$pattern'" >&2
    exit 1
  }
}

cmake --install "$build_dir" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib*/ | head -n 1)
libdir=${libdir%/}

# CMake consumer.
cmake -S examples -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
expect_line '^## Timeline' "$work/cmake-build/embed" "$sample"
expect_line '^JSON: ' "$work/cmake-build/summarize" "$sample"
echo "install_test: CMake consumers (pmkit::pmkit, pmkit::core) OK"

# pkg-config consumer, C ABI only.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -std=c99 -pedantic -Werror examples/c/embed.c -o "$work/embed-pc" \
  $(pkg-config --cflags --libs pmkit) -Wl,-rpath,"$libdir"
expect_line '^## Action items' "$work/embed-pc" "$sample"
echo "install_test: pkg-config consumer OK"

# The installed CLI.
expect_line '^## Lessons learned' "$prefix/bin/pmkit" render "$sample"
echo "install_test: installed CLI OK"

# pip install of the assembled package (offline: no build isolation).
if [[ -d "$build_dir/python" ]]; then
  /usr/bin/python3 -m venv --system-site-packages "$work/venv"
  "$work/venv/bin/pip" install --quiet --no-build-isolation --no-deps --no-index \
    "$build_dir/python" >/dev/null
  (cd "$work" && expect_line '^## Summary' "$work/venv/bin/python" \
    "$root/examples/python/render.py" "$sample")
  echo "install_test: pip-installed Python package OK"
fi
