# Helpers the bench scripts share (sourced by run.sh, chaos.sh, soak.sh).

# shellcheck source=scripts/free_port.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/free_port.sh"

# wait_http <url>: until it answers 2xx (30 s at most).
wait_http() {
  for _ in $(seq 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "nothing answers at $1" >&2; return 1
}

# build_release <target...>: the release build in build/bench-release (benchmarks on, tests
# off), through scripts/build.sh and its ccache set-up (a fresh clone builds from the cache);
# echoes its directory.
build_release() {
  local build="$PWD/build/bench-release"
  MEGATRON_BUILD_DIR="$build" MEGATRON_CMAKE_ARGS="-DMEGATRON_TESTS=OFF -DMEGATRON_BENCH=ON" \
    scripts/build.sh release "$@" >&2
  echo "$build"
}

# start_sim <sim-binary> <config.json> <work-dir>: starts slack-sim in the background (its pid
# in $sim_pid) and sets $sim_url. It answers at once and keeps every message for the checks.
start_sim() {
  "$1" --port 0 --threads 2 --config "$2" --max-recorded-calls 1000 --log-level warn \
    >"$3/sim.out" 2>&1 &
  sim_pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$3/sim.out" && break; sleep 0.1; done
  sim_url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$3/sim.out" | head -n 1)"
}
