#!/usr/bin/env bash
# Configures and builds one flavour of Megatron.
#   scripts/build.sh release [target...]   -> build/release   (optimised, what `serve` runs)
#   scripts/build.sh sanitize [target...]  -> build/sanitize  (ASan + UBSan, what the tests run)
# With no target, everything (including the tests) is built. MEGATRON_BUILD_DIR names another
# build directory (bench/run.sh: build/bench-release); MEGATRON_CMAKE_ARGS adds CMake options.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour="${1:-release}"
case "$flavour" in
  release)  flags=(-DCMAKE_BUILD_TYPE=Release -DMEGATRON_SANITIZE=OFF) ;;
  sanitize) flags=(-DCMAKE_BUILD_TYPE=Debug -DMEGATRON_SANITIZE=ON) ;;
  *) echo "build.sh: unknown flavour '$flavour' (release or sanitize)" >&2; exit 2 ;;
esac
shift || true
targets=()
for t in "$@"; do targets+=(--target "$t"); done
# ccache, when installed, makes rebuilds and other checkouts of the same sources cheap; paths
# inside the checkout are hashed relative to it, and not the build directory itself (which
# debug information names), so two clones share one cache.
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
  flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
dir="${MEGATRON_BUILD_DIR:-build/$flavour}"
cmake -S . -B "$dir" -G Ninja "${flags[@]}" ${MEGATRON_CMAKE_ARGS:-} >/dev/null
cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
