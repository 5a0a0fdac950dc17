#!/usr/bin/env bash
# Soak, one command:  bench/soak.sh [MINUTES]   (default 30)
# Runs `megatron serve` (with its workers) against the Slack simulator and offers SOAK_RATE
# (500) customer messages per second, open loop, for MINUTES. Every 10 s it samples the
# server's resident memory, open descriptors, database size and queue depth into
# build/soak/samples.tsv. Fails (exit 1) if the mean RSS or descriptor count of the last
# window is more than 10% above the first window's (windows: 5 minutes, or a third of shorter
# runs; the first after 30 s of warm-up), and runs the exactly-once check on everything accepted.
# Back end: SOAK_BACKEND=sqlite (default) or postgres. Binaries: SOAK_MEGATRON, SOAK_SIM,
# SOAK_LOAD, SOAK_SETUP; without them the release build in build/bench-release is made.
set -euo pipefail
# Measured without the browser playground (it would run: nothing is configured at start-up).
export MEGATRON_PLAYGROUND=off
cd "$(dirname "$0")/.."
root="$PWD"
minutes="${1:-30}"
rate="${SOAK_RATE:-500}"
channels="${SOAK_CHANNELS:-1000}"
backend="${SOAK_BACKEND:-sqlite}"
out="$root/build/soak"
mkdir -p "$out"

# shellcheck source=bench/lib.sh
source bench/lib.sh
if [ -z "${SOAK_MEGATRON:-}" ]; then
  scripts/install-deps.sh
  build=$(build_release megatron slack-sim megatron-bench-setup megatron-bench-load)
  SOAK_MEGATRON="$build/src/cli/megatron"
  SOAK_SIM="$build/tools/slack_sim/slack-sim"
  SOAK_LOAD="$build/bench/megatron-bench-load"
  SOAK_SETUP="$build/bench/setup/megatron-bench-setup"
fi
megatron="$SOAK_MEGATRON"

work="$(mktemp -d /tmp/megatron-soak.XXXXXX)"
services="/tmp/msoak-svc.$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "$backend" = postgres ] && scripts/test-services.sh stop "$services" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[soak $(date -u +%H:%M:%S)] $*" >&2; }

"$SOAK_SETUP" sim-config --channels "$channels" >"$work/sim.json"
start_sim "$SOAK_SIM" "$work/sim.json" "$work"
pids+=("$sim_pid")

case "$backend" in
  sqlite) export DATABASE_URL="sqlite:///$work/soak.db" ;;
  postgres)
    scripts/test-services.sh start "$services" >/dev/null
    # shellcheck disable=SC1091
    source "$services/env"
    export DATABASE_URL="$MEGATRON_TEST_POSTGRES_URL" ;;
  *) echo "SOAK_BACKEND must be sqlite or postgres" >&2; exit 2 ;;
esac
port=$(free_port)
export DJANGO_PORT="$port" MEGATRON_LISTEN_ADDRESS=127.0.0.1 MEGATRON_LOG_LEVEL=warn
export SLACK_API_URL="$sim_url/api/"
token=$("$megatron" admin org create --name Soak | sed -n 's/.*token[^:]*: \([0-9a-f]\{40\}\).*/\1/p')
"$megatron" admin integration add --org Soak --team-id TSUPPORT --bot-token xoxb-bench-support >/dev/null
"$megatron" admin workspace add --org Soak --team-id TCUSTOMER --name "Soak Customers" \
  --domain soak-customers --bot-token xoxb-bench-customer >/dev/null
"$SOAK_SETUP" channels --database-url "$DATABASE_URL" --org Soak --channels "$channels"
"$megatron" serve >"$work/megatron.log" 2>&1 &
server=$!
pids+=("$server")
wait_http "http://127.0.0.1:$port/healthz"

db_bytes() {
  if [ "$backend" = sqlite ]; then
    du -cb "$work"/soak.db* 2>/dev/null | tail -n 1 | cut -f1
  else
    psql "$DATABASE_URL" -Atc "select pg_database_size(current_database())"
  fi
}
queue_depth() {
  "$megatron" admin jobs list --status queued --status running --status retrying \
    --limit 100000 2>/dev/null | tail -n +2 | wc -l
}
sample() {  # seconds-since-start rss_kb fds db_bytes queue_depth
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$(awk '/VmRSS/ {print $2}' "/proc/$server/status")" \
    "$(ls "/proc/$server/fd" | wc -l)" "$(db_bytes)" "$(queue_depth)"
}

log "offering $rate msg/s for $minutes min ($backend), samples in $out/samples.tsv"
start=$(date +%s.%N)
"$SOAK_LOAD" rate --url "http://127.0.0.1:$port" --token "$token" --tag soak --rate "$rate" \
  --seconds $((minutes * 60)) --channels "$channels" --threads 64 --ts-base 2000000 \
  >"$work/load.out" &
load=$!
pids+=("$load")
printf 'seconds\trss_kb\tfds\tdb_bytes\tqueue_depth\n' >"$out/samples.tsv"
begin=$(date +%s)
while kill -0 "$load" 2>/dev/null; do
  sample $(( $(date +%s) - begin )) >>"$out/samples.tsv"
  kill -0 "$server" 2>/dev/null || { log "the server died"; tail -n 20 "$work/megatron.log"; exit 1; }
  sleep 10
done
wait "$load"
cat "$work/load.out"

# Drain, then the exactly-once check over every accepted message.
for _ in $(seq 1200); do [ "$(queue_depth)" -eq 0 ] && break; sleep 0.5; done
accepted=$(sed -n 's/^accepted=//p' "$work/load.out")
sent=$(sed -n 's/^sent=//p' "$work/load.out")
once=0
"$SOAK_LOAD" check --sim-url "$sim_url" --channels "$channels" --tag soak --since "$start" \
  --expected-min "$accepted" --expected-max "$sent" >"$out/check.out" || once=1
cat "$out/check.out"

# Growth: mean of the first window against the mean of the last. The first window starts
# after a 30 s warm-up (the server opens its database connections and thread pools on the
# first requests: 14 descriptors idle, ~170 under load), and the last one ends at the last
# sample (a server slower than the offered rate makes the load run longer than MINUTES).
window=$(( minutes * 60 / 3 < 300 ? minutes * 60 / 3 : 300 ))
verdict=$(awk -F'\t' -v w="$window" -v warm=30 '
  NR > 1 { t[NR] = $1; r[NR] = $2; f[NR] = $3; if ($1 > last) last = $1 }
  END {
    for (i in t) {
      if (t[i] >= warm && t[i] < warm + w) { r1 += r[i]; f1 += f[i]; n1++ }
      if (t[i] > last - w) { r2 += r[i]; f2 += f[i]; n2++ }
    }
    if (n1 == 0 || n2 == 0) { print "too_short"; exit }
    rg = (r2 / n2) / (r1 / n1) - 1; fg = (f2 / n2) / (f1 / n1) - 1
    printf "rss_first_mb=%.1f rss_last_mb=%.1f rss_growth_pct=%.1f fds_first=%.1f fds_last=%.1f fds_growth_pct=%.1f %s\n",
      r1 / n1 / 1024, r2 / n2 / 1024, rg * 100, f1 / n1, f2 / n2, fg * 100,
      (rg > 0.10 || fg > 0.10) ? "soak=FAIL" : "soak=pass"
  }' "$out/samples.tsv")
echo "$verdict"
echo "db_bytes_end=$(db_bytes)"
case "$verdict" in *soak=pass*) [ "$once" -eq 0 ] && exit 0 ;; esac
exit 1
