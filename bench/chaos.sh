#!/usr/bin/env bash
# Chaos on the whole relay, one command:  bench/chaos.sh
# A burst of CHAOS_MESSAGES (2,000) messages across CHAOS_CUSTOMERS (100) customers in both
# directions (customer -> engagement channel through /megatron/incoming/, agent -> customer
# through signed Events API messages), on PostgreSQL + Redis with two `serve --no-workers` and
# two `worker` processes, paced over CHAOS_BURST_SECONDS (40). During the burst:
#   - Slack (the simulator) answers 429 with Retry-After for a stretch, later 503 for another;
#   - one serve and one worker are killed with kill -9 (and started again a little later);
#   - PostgreSQL restarts; Redis restarts (append-only file with fsync always, as a queue that
#     must not lose accepted work runs it);
#   - the bot app's command_url never answers: `/megatron do` commands in every tenth
#     channel time out against it (10 s each) while that channel's messages queue behind them.
# The client retries every message on the other serve until it is accepted (the customer ts,
# event_id and response_url make retries idempotent). Then the queue drains and every channel
# is read back: 0 lost, 0 duplicated, 0 out of order per channel, no dead job, no process that
# died on its own; otherwise the script exits 1 naming the ids (docs/chaos.md).
#
# Binaries: CHAOS_MEGATRON, CHAOS_SIM, CHAOS_DRIVER, CHAOS_SETUP (the test command's short run
# passes its own build's); without them the release build in build/bench-release is made.
set -euo pipefail
# Measured without the browser playground (it would run: nothing is configured at start-up).
export MEGATRON_PLAYGROUND=off
cd "$(dirname "$0")/.."
root="$PWD"
messages="${CHAOS_MESSAGES:-2000}"
customers="${CHAOS_CUSTOMERS:-100}"
burst_seconds="${CHAOS_BURST_SECONDS:-40}"
drain_seconds="${CHAOS_DRAIN_SECONDS:-180}"

# shellcheck source=bench/lib.sh
source bench/lib.sh
if [ -z "${CHAOS_MEGATRON:-}" ]; then
  scripts/install-deps.sh
  build=$(build_release megatron slack-sim megatron-chaos megatron-bench-setup)
  CHAOS_MEGATRON="$build/src/cli/megatron"
  CHAOS_SIM="$build/tools/slack_sim/slack-sim"
  CHAOS_DRIVER="$build/bench/chaos/megatron-chaos"
  CHAOS_SETUP="$build/bench/setup/megatron-bench-setup"
fi
megatron="$CHAOS_MEGATRON"

work="$(mktemp -d /tmp/megatron-chaos.XXXXXX)"
services="/tmp/mchaos-svc.$$"  # outside $work: PostgreSQL runs as another user
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
declare -A pid_of=()
cleanup() {
  for name in "${!pid_of[@]}"; do kill "${pid_of[$name]}" 2>/dev/null || true; done
  [ -n "${burst_pid:-}" ] && kill "$burst_pid" 2>/dev/null || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  scripts/test-services.sh stop "$services" >/dev/null 2>&1 || true
  if [ "${CHAOS_KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
t0=$(date +%s.%N)
log() { echo "[chaos +$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%5.1f", b-a}')s] $*" >&2; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u megatron-test -- "$@"; else "$@"; fi; }

# --- services: PostgreSQL (test-services.sh), a durable Redis, the Slack simulator, the bot app
scripts/test-services.sh start "$services" >/dev/null
# shellcheck disable=SC1091
source "$services/env"
pg_port="$(echo "$MEGATRON_TEST_POSTGRES_URL" | sed 's/.*:\([0-9]*\)\/.*/\1/')"
"$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres chaos
redis_port=$(free_port)
start_redis() {
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work" --appendonly yes \
    --appendfsync always --save "" --daemonize yes --pidfile "$work/redis.pid" \
    --logfile "$work/redis.log"
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
}
start_redis

"$CHAOS_SETUP" sim-config --channels "$customers" >"$work/sim.json"
start_sim "$CHAOS_SIM" "$work/sim.json" "$work"
pid_of[sim]=$sim_pid
"$CHAOS_DRIVER" blackhole --port-file "$work/blackhole.port" &
pid_of[blackhole]=$!
for _ in $(seq 50); do [ -s "$work/blackhole.port" ] && break; sleep 0.1; done

# --- Megatron: configuration shared by the four processes
signing_secret="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/chaos"
export REDIS_URL="redis://127.0.0.1:$redis_port" MEGATRON_REDIS_PREFIX=chaos
export SLACK_API_URL="$sim_url/api/" SLACK_SIGNING_SECRET="$signing_secret"
export MEGATRON_LISTEN_ADDRESS=127.0.0.1 MEGATRON_LOG_LEVEL="${CHAOS_LOG_LEVEL:-warn}"
# A killed worker's jobs come back after the lease; retries back off quickly but long enough
# to outlast the outages below (attempts * backoff > the longest stretch).
export MEGATRON_JOB_LEASE_MS=5000 MEGATRON_JOB_BACKOFF_BASE_MS=250 MEGATRON_JOB_BACKOFF_MAX_MS=4000
export MEGATRON_JOB_MAX_ATTEMPTS=20 MEGATRON_HTTP_THREADS=4 MEGATRON_WORKERS=8
"$megatron" migrate >/dev/null
token=$("$megatron" admin org create --name Chaos \
  --command-url "http://127.0.0.1:$(cat "$work/blackhole.port")/megatron/commands" |
  sed -n 's/.*token[^:]*: \([0-9a-f]\{40\}\).*/\1/p')
"$megatron" admin integration add --org Chaos --team-id TSUPPORT --bot-token xoxb-bench-support >/dev/null
"$megatron" admin workspace add --org Chaos --team-id TCUSTOMER --name "Chaos Customers" \
  --domain chaos-customers --bot-token xoxb-bench-customer >/dev/null
"$CHAOS_SETUP" channels --database-url "$DATABASE_URL" --org Chaos --channels "$customers"

declare -A port_of=()
start_serve() {  # start_serve <name>
  [ -n "${port_of[$1]:-}" ] || port_of[$1]=$(free_port)
  DJANGO_PORT="${port_of[$1]}" "$megatron" serve --no-workers >>"$work/$1.log" 2>&1 &
  pid_of[$1]=$!
  wait_http "http://127.0.0.1:${port_of[$1]}/healthz"
}
start_worker() {  # start_worker <name>
  "$megatron" worker >>"$work/$1.log" 2>&1 &
  pid_of[$1]=$!
}
start_serve serve1; start_serve serve2; start_worker worker1; start_worker worker2
log "sim $sim_url, serve on ${port_of[serve1]} and ${port_of[serve2]}, redis $redis_port, pg $pg_port"

# --- the burst, and the faults at fixed points of it
tag="c$$"
CHAOS_SIGNING_SECRET="$signing_secret" "$CHAOS_DRIVER" burst \
  --url "http://127.0.0.1:${port_of[serve1]}" --url "http://127.0.0.1:${port_of[serve2]}" \
  --token "$token" --sim-url "$sim_url" --tag "$tag" --customers "$customers" \
  --messages "$messages" --burst-seconds "$burst_seconds" \
  --accepted-file "$work/accepted.txt" >"$work/burst.out" 2>"$work/burst.err" &
burst_pid=$!
at() {  # at <fraction of the burst>: sleeps until then
  local left
  left=$(awk -v a="$burst_start" -v f="$1" -v d="$burst_seconds" -v n="$(date +%s.%N)" \
    'BEGIN { l = a + f * d - n; printf "%.3f", (l > 0 ? l : 0) }')
  sleep "$left"
}
fault() { curl -fs -X POST "$sim_url/_sim/faults" -H 'Content-Type: application/json' -d "$1" >/dev/null; }
burst_start=$(date +%s.%N)
unexpected_deaths=()
# A process that is gone although nobody killed it (a crash under the faults) is a failure.
check_alive() {
  for name in serve1 serve2 worker1 worker2; do
    kill -0 "${pid_of[$name]}" 2>/dev/null || { unexpected_deaths+=("$name"); log "$name DIED"; start_${name%[12]} "$name"; }
  done
}
at 0.10; log "Slack: 429 stretch"; fault '{"kind":"rate_limited","times":60,"retry_after":1}'
at 0.20; log "kill -9 serve1"; kill -9 "${pid_of[serve1]}"; wait "${pid_of[serve1]}" 2>/dev/null || true
at 0.25; log "kill -9 worker1"; kill -9 "${pid_of[worker1]}"; wait "${pid_of[worker1]}" 2>/dev/null || true
at 0.35; log "start serve1, worker1 again"; start_serve serve1; start_worker worker1
at 0.45; log "PostgreSQL restart"
as_pg "$pgbin/pg_ctl" -D "$services/pg" -l "$services/pg.log" -m fast -w -t 60 restart >/dev/null </dev/null
check_alive
at 0.55; log "Slack: 503 stretch"; fault '{"kind":"server_error","status":503,"times":40}'
at 0.65; log "Redis restart"
redis-cli -p "$redis_port" shutdown >/dev/null 2>&1 || true
for _ in $(seq 100); do [ -f "$work/redis.pid" ] && kill -0 "$(cat "$work/redis.pid")" 2>/dev/null || break; sleep 0.1; done
start_redis
check_alive
burst_status=0
wait "$burst_pid" || burst_status=$?
cat "$work/burst.out"
log "burst done (status $burst_status)"

# --- drain, then the check
drained=0
for _ in $(seq $((drain_seconds * 2))); do
  rows=$("$megatron" admin jobs list --status queued --status running --status retrying \
    --limit 1 2>/dev/null | wc -l)
  if [ "$rows" -le 1 ]; then drained=1; break; fi
  sleep 0.5
done
check_alive
log "queue drained: $drained"
dead=$("$megatron" admin jobs list --status dead 2>/dev/null | tail -n +2)
"$CHAOS_DRIVER" check --sim-url "$sim_url" --tag "$tag" --customers "$customers" \
  --accepted-file "$work/accepted.txt" | tee "$work/check.out" || true

failed=0
[ "$burst_status" -eq 0 ] || { echo "FAIL: messages never accepted (see never_accepted above)"; failed=1; }
grep -q '^chaos_check=pass' "$work/check.out" || { echo "FAIL: lost, duplicated or out of order ids above"; failed=1; }
[ "$drained" -eq 1 ] || { echo "FAIL: the queue did not drain in $drain_seconds s"; failed=1; }
[ -z "$dead" ] || { echo "FAIL: dead jobs:"; echo "$dead"; failed=1; }
if [ ${#unexpected_deaths[@]} -gt 0 ]; then
  echo "FAIL: processes died on their own: ${unexpected_deaths[*]}"
  for name in "${unexpected_deaths[@]}"; do echo "--- $name.log"; tail -n 20 "$work/$name.log"; done
  failed=1
fi
grep -h "terminate\|ERROR: AddressSanitizer\|runtime error" "$work"/*.log 2>/dev/null | head -n 5 &&
  { echo "FAIL: a process reported a crash or undefined behaviour"; failed=1; } || true
if [ "$failed" -ne 0 ]; then CHAOS_KEEP=1; echo "chaos=FAIL"; exit 1; fi
echo "chaos=pass"
