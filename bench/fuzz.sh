#!/usr/bin/env bash
# Fuzzing, one command:  bench/fuzz.sh [MINUTES] [TARGET...]
# Builds the fuzz targets (fuzz/*.cpp) with clang, libFuzzer, ASan and UBSan into build/fuzz
# and runs each one for MINUTES (default 10), at most BENCH_FUZZ_JOBS (default 2) at a time.
# Each run starts from the checked-in seed corpus fuzz/corpus/<target>/ and writes what it
# adds to build/fuzz/corpus/<target>/ (copy the interesting ones into the seeds; crashes
# must become seeds, they are the regression tests ctest replays as fuzz_replay.<target>).
# Crashes, leaks and broken properties land in build/fuzz/findings/<target>/; the summary
# (executions, coverage, findings per target) in build/fuzz/summary.md. Exits non-zero when
# any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
minutes="${1:-10}"
shift || true
all_targets=(http_request bot_app_api slack_payloads slack_signature text_rules connection_urls)
targets=("${@:-${all_targets[@]}}")
jobs="${BENCH_FUZZ_JOBS:-2}"
build="$root/build/fuzz"

scripts/install-deps.sh
# libFuzzer ships with clang's runtime libraries (Debian: libclang-rt-14-dev); a bench-only
# dependency, so the normal build and test command do not need it.
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ -n "${missing[*]:-}" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMEGATRON_SANITIZE=ON \
  -DMEGATRON_FUZZ=ON -DMEGATRON_TESTS=OFF "${launcher[@]}" >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=(--target "megatron-fuzz-$t"); done
cmake --build "$build" -j "$(nproc)" "${build_targets[@]}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# fuzz_one <target>: one libFuzzer run of MINUTES; its log is build/fuzz/logs/<target>.log.
fuzz_one() {
  local t="$1"
  mkdir -p "$build/corpus/$t" "$build/findings/$t" "$build/logs"
  local started=$SECONDS
  "$build/fuzz/megatron-fuzz-$t" "$build/corpus/$t" "fuzz/corpus/$t" \
    -max_total_time=$((minutes * 60)) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/findings/$t/" \
    >"$build/logs/$t.log" 2>&1 || true
  # A finding stops the run early: the summary reports the time it really ran.
  echo $((SECONDS - started)) >"$build/logs/$t.seconds"
}

running=0
for t in "${targets[@]}"; do
  echo "[fuzz $(date -u +%H:%M:%S)] $t for $minutes min" >&2
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait || true

# The summary: libFuzzer's final statistics and what it left in findings/.
summary="$build/summary.md"
found=0
{
  echo "| target | ran (s) | executions | exec/s | coverage (edges) | corpus | findings |"
  echo "|---|---|---|---|---|---|---|"
  for t in "${targets[@]}"; do
    log="$build/logs/$t.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    corpus=$(find "$build/corpus/$t" -type f | wc -l)
    findings=$(find "$build/findings/$t" -type f | wc -l)
    [ "$findings" -gt 0 ] && found=1
    echo "| $t | $(cat "$build/logs/$t.seconds") | ${execs:-?} | ${rate:-?} | ${cov:-?} | $corpus | $findings |"
  done
} >"$summary"
cat "$summary"
if [ "$found" -ne 0 ]; then
  echo "fuzzing found something: see $build/findings/ and $build/logs/" >&2
  exit 1
fi
