#!/usr/bin/env bash
# Installs what pmkit needs on Debian 12: compilers and build tools, the
# libraries (protobuf, abseil, GoogleTest, Google Benchmark), Python's
# pytest and protobuf for the bindings' tests, abigail-tools for the ABI
# check, valgrind for the Python tests' memcheck, clang's runtime for libFuzzer and the sanitizers, and the pinned buf
# (npm) for schema checks. Idempotent, and fast when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git
  clang libclang-rt-14-dev
  libprotobuf-dev protobuf-compiler libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-pytest python3-protobuf python3-setuptools python3-venv python3-pip
  abigail-tools valgrind bc tzdata nodejs npm
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$package")
  fi
done
# Node and npm may come from outside Debian (e.g. a preinstalled Node); accept
# any working npm rather than installing Debian's beside it.
if command -v npm >/dev/null 2>&1; then
  filtered=()
  for package in "${missing[@]}"; do
    [[ "$package" == nodejs || "$package" == npm ]] || filtered+=("$package")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# buf, pinned in tools/package-lock.json.
if [[ ! -x tools/node_modules/.bin/buf ]]; then
  echo "bootstrap: installing buf (npm, pinned)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi
