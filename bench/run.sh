#!/usr/bin/env bash
# The benchmark, in one command:  bench/run.sh
# Builds Megatron in release mode (build/bench-release), starts the Slack simulator, PostgreSQL
# and Redis on loopback, and measures on each back end (SQLite; PostgreSQL; PostgreSQL + Redis):
#   - latency at a fixed offered rate (open-loop megatron-bench-load rate, incoming messages),
#     first at first contact (cold caches: every customer's profile fetched), then steady
#   - relay throughput with wrk (64 connections, 1,000 engagement channels) on
#     /megatron/incoming/ and /megatron/outgoing/, and agent -> customer (signed Events API
#     messages on /megatron/slack/event/ until the customer's DM has the post;
#     megatron-bench-load events, closed loop, 64 connections)
#   - resident memory idle after start-up and at the end of the load
#   - server CPU per relay in every phase (CPU seconds of the Megatron process, plus PostgreSQL's
#     and Redis's processes when they are the back end, divided by the relays delivered), and
#     Megatron's CPU while idle (BENCH_IDLE_SECONDS, 60) after start-up
# and the same load against the ceiling (megatron-bench-ceiling). After every phase it checks
# that every accepted message was posted exactly once, in its customer's channel.
# Prints one markdown table, also written to bench/results/<date>-<commit>.md.
# Knobs (environment): BENCH_SECONDS (20), BENCH_RATE (1000), BENCH_LATENCY_SECONDS (10),
# BENCH_CHANNELS (1000), BENCH_CONNECTIONS (64), BENCH_BACKENDS ("sqlite postgres postgres+redis"),
# BENCH_PROFILE (a directory: perf call graphs of Megatron in every throughput phase; perf
# options in BENCH_PERF_ARGS, e.g. "-F 200 --call-graph dwarf,16384"),
# BENCH_SKIP_CEILING=1 (profiling runs: Megatron only; ratios then print as "-"),
# BENCH_IDLE_SECONDS (60: how long Megatron's idle CPU is sampled),
# BENCH_RETENTION_BACKLOG (0; N: after the incoming phase, N message mappings and N/4 event ids
# 30 days old are stored and the incoming phase runs again (the control: a database as large,
# nothing to prune), then as many 120 days old and the incoming phase once more while the hourly
# retention prune (MEGATRON_RETAIN_DAYS=90) works through them; the scheduler's hour is then 6 s
# in every phase of the run, so the prune runs several times in one phase).
# BENCH_BUILD_DIR (a build to use as it is, not configured or built here: e.g. a quick
# functional run on build/sanitize configured with -DMEGATRON_BENCH=ON; figures from it are
# not benchmarks), BENCH_PHASES ("ceiling channels threads": which runs to make; "threads" alone measures
# threads mode only): "threads" is threads mode (issue 21), the BENCH_CHANNELS customers as
# threads of ONE support channel, with its incoming and agent -> customer relays/s in rows of
# their own next to channel mode's (an engagement, not the Slack channel, is the ordering
# key, so the threads must not serialize).
set -euo pipefail
# Measured without the browser playground (it would run: nothing is configured at start-up).
export MEGATRON_PLAYGROUND=off
cd "$(dirname "$0")/.."
root="$PWD"
seconds="${BENCH_SECONDS:-20}"
rate="${BENCH_RATE:-1000}"
latency_seconds="${BENCH_LATENCY_SECONDS:-10}"
idle_seconds="${BENCH_IDLE_SECONDS:-60}"
channels="${BENCH_CHANNELS:-1000}"
connections="${BENCH_CONNECTIONS:-64}"
backends="${BENCH_BACKENDS:-sqlite postgres postgres+redis}"
retention_rows="${BENCH_RETENTION_BACKLOG:-0}"
phases="${BENCH_PHASES:-ceiling channels threads}"
# shellcheck source=bench/lib.sh
source bench/lib.sh
has_phase() { case " $phases " in *" $1 "*) return 0 ;; esac; return 1; }
build="${BENCH_BUILD_DIR:-$root/build/bench-release}"

if [ -z "${BENCH_BUILD_DIR:-}" ]; then
  scripts/install-deps.sh
  build=$(build_release megatron slack-sim megatron-bench-setup megatron-bench-ceiling \
    megatron-bench-load)
fi
megatron="$build/src/cli/megatron"
sim_bin="$build/tools/slack_sim/slack-sim"
setup_bin="$build/bench/setup/megatron-bench-setup"
ceiling_bin="$build/bench/megatron-bench-ceiling"
load_bin="$build/bench/megatron-bench-load"

work="$(mktemp -d /tmp/megatron-bench.XXXXXX)"
# Outside $work: mktemp makes $work private, and PostgreSQL runs as another user.
services="/tmp/mbench-svc.$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/test-services.sh stop "$services" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
value() { grep "^$1=" "$2" | tail -n 1 | cut -d= -f2; }  # key=value line of a result file

# --- CPU accounting, in clock ticks (utime + stime from /proc/<pid>/stat).
# The server's cost is its own process plus the database and queue processes it uses: a relay
# that moves work into PostgreSQL has not become cheaper.
ticks_per_s="$(getconf CLK_TCK)"
proc_ticks() {  # proc_ticks <pid> [with-reaped-children]
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
  # Fields after the command name "(...)", which may hold spaces: utime is the 12th of them.
  echo "${stat##*) }" | awk -v kids="${2:-}" '{ print $12 + $13 + (kids ? $14 + $15 : 0) }'
}
# PostgreSQL: the postmaster with the CPU of the backends it has reaped, plus the live ones.
pg_ticks() {
  local postmaster total child
  postmaster="$(head -n 1 "$services/pg/postmaster.pid" 2>/dev/null)" || { echo 0; return; }
  total=$(proc_ticks "$postmaster" 1)
  for child in $(pgrep -P "$postmaster"); do total=$((total + $(proc_ticks "$child"))); done
  echo "$total"
}
cpu_pids=""      # the pids whose CPU is the server's in the current phase
cpu_postgres=0   # 1 when PostgreSQL is the back end
server_ticks() {
  local total=0 pid
  for pid in $cpu_pids; do total=$((total + $(proc_ticks "$pid"))); done
  [ "$cpu_postgres" = 1 ] && total=$((total + $(pg_ticks)))
  echo "$total"
}
# cpu_per_relay <label> <ticks-before>: writes cpu_us_per_relay to $work/<label>.cpu, from the
# relays the exactly-once check counted (so a phase is charged for its whole drain).
cpu_per_relay() {
  local ticks delivered
  ticks=$(( $(server_ticks) - $2 ))
  delivered=$(value delivered "$work/$1.check")
  awk -v t="$ticks" -v hz="$ticks_per_s" -v n="${delivered:-0}" \
    'BEGIN { if (n > 0) printf "cpu_us_per_relay=%.0f\n", t / hz * 1e6 / n }' >"$work/$1.cpu"
}

# --- the simulator (answers at once; no per-channel rate limit; keeps messages for the check)
"$setup_bin" sim-config --channels "$channels" >"$work/sim.json"
start_sim "$sim_bin" "$work/sim.json" "$work"
pids+=("$sim_pid")
log "slack-sim at $sim_url"

scripts/test-services.sh start "$services" >/dev/null
# shellcheck disable=SC1091
source "$services/env"
pg_url="$MEGATRON_TEST_POSTGRES_URL"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# Waits until the queue has nothing queued, running or retrying (or 600 s: a slow back end
# can be minutes behind a 20 s burst; stopping earlier would make the exactly-once check
# count jobs still queued as lost).
# The retention prune's own jobs (a run takes minutes on a backlog) are not the load's work.
drain() {
  for _ in $(seq 1200); do
    local rows
    rows=$("$megatron" admin jobs list --status queued --status running --status retrying \
      --limit 500 2>/dev/null | tail -n +2 | grep -vc "scheduled.prune_retention" || true)
    [ "$rows" -eq 0 ] && return 0
    sleep 0.5
  done
  log "queue not drained after 600 s"
}

# check <tag> <min> <max> <since> <out> [--dms]: exactly-once check; fails the run when it fails.
check() {
  if ! "$load_bin" check --sim-url "$sim_url" --channels "$channels" --tag "$1" \
      --expected-min "$2" --expected-max "$3" --since "$4" "${@:6}" >"$5"; then
    cat "$5" >&2
    log "EXACTLY-ONCE CHECK FAILED for $1"
    exactly_once_failed=1
  fi
}
exactly_once_failed=0
check_where=""   # "--threads": the exactly-once check reads threads mode's threads
events_where=""  # "--threads": the agent's events are replies in the customers' threads
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# This run's Slack signing secret (Megatron verifies the agent -> customer phase's events).
signing_secret="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# wrk_phase <label> <url> <path> <token> <ts-base>: throughput; writes $work/<label>.{wrk,check}
wrk_phase() {
  local label="$1" url="$2" path="$3" token="$4" ts_base="$5"
  local start ticks
  start=$(date +%s.%N)
  ticks=$(server_ticks)
  profile "$label"
  BENCH_TOKEN="$token" BENCH_TAG="$label" BENCH_PATH="$path" BENCH_CHANNELS="$channels" \
    BENCH_TS_BASE="$ts_base" wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 10s \
    -s bench/wrk/relay.lua "$url" >"$work/$label.wrk" 2>&1
  [ "$label" = "${label#ceiling}" ] && drain
  sleep 0.5
  local completed errors
  completed=$(value completed "$work/$label.wrk")
  errors=$(value errors "$work/$label.wrk")
  # shellcheck disable=SC2086
  check "$label" $((completed - errors)) $((completed + connections)) "$start" "$work/$label.check" \
    $check_where
  cpu_per_relay "$label" "$ticks"
  log "$label: $(value relays_per_s "$work/$label.check") relays/s," \
    "$(value cpu_us_per_relay "$work/$label.cpu") us CPU/relay," \
    "exactly_once=$(value exactly_once "$work/$label.check")"
}

# profile <label>: with BENCH_PROFILE=<dir>, perf records Megatron (call graphs) during a
# throughput phase into <dir>/<label>.perf.data (read with perf report -i ...).
megatron_pid=""
profile() {
  [ -n "${BENCH_PROFILE:-}" ] && [ -n "$megatron_pid" ] && [ "$1" = "${1#ceiling}" ] || return 0
  mkdir -p "$BENCH_PROFILE"
  # shellcheck disable=SC2086
  perf record ${BENCH_PERF_ARGS:--F 499 -g} -p "$megatron_pid" -o "$BENCH_PROFILE/$1.perf.data" -- sleep "$seconds" \
    >/dev/null 2>&1 &
}

# events_phase <label> <url> <ts-base>: agent -> customer throughput (signed Events API
# messages from the engagement channels until the customer's DM has the post), closed loop.
events_phase() {
  local label="$1" url="$2" ts_base="$3"
  local start ticks
  start=$(date +%s.%N)
  ticks=$(server_ticks)
  profile "$label"
  # shellcheck disable=SC2086
  BENCH_SIGNING_SECRET="$signing_secret" "$load_bin" events --url "$url" --tag "$label" \
    --seconds "$seconds" --channels "$channels" --connections "$connections" \
    --ts-base "$ts_base" $events_where >"$work/$label.events"
  [ "$label" = "${label#ceiling}" ] && drain
  sleep 0.5
  # Every request was answered before the client stopped: accepted <= delivered <= sent.
  check "$label" "$(value accepted "$work/$label.events")" "$(value completed "$work/$label.events")" \
    "$start" "$work/$label.check" --dms
  cpu_per_relay "$label" "$ticks"
  log "$label: $(value relays_per_s "$work/$label.check") relays/s," \
    "$(value cpu_us_per_relay "$work/$label.cpu") us CPU/relay," \
    "exactly_once=$(value exactly_once "$work/$label.check")"
}

# latency_phase <label> <url> <token> <ts-base>
latency_phase() {
  local label="$1" url="$2" token="$3" ts_base="$4"
  local ticks
  ticks=$(server_ticks)
  "$load_bin" rate --url "$url" --token "$token" --tag "$label" --rate "$rate" \
    --seconds "$latency_seconds" --channels "$channels" --threads "$connections" \
    --ts-base "$ts_base" >"$work/$label.rate"
  [ "$label" = "${label#ceiling}" ] && drain
  sleep 0.5
  local accepted
  accepted=$(value accepted "$work/$label.rate")
  check "$label" "$accepted" "$(value sent "$work/$label.rate")" 0 "$work/$label.check"
  cpu_per_relay "$label" "$ticks"
  log "$label: ack p99 $(value ack_p99_ms "$work/$label.rate") ms," \
    "delivery p99 $(value delivery_p99_ms "$work/$label.check") ms," \
    "$(value cpu_us_per_relay "$work/$label.cpu") us CPU/relay"
}

# retention_phase <name> <url> <token> <database-url>: with BENCH_RETENTION_BACKLOG, the
# incoming phase after storing a backlog too young to prune (the control), then again while the
# hourly prune deletes an old backlog of the same size; the rows it pruned from the start of
# that phase to the end of its drain go to $work/<name>-incoming-pruning.pruned.
retention_phase() {
  [ "$retention_rows" -gt 0 ] || return 0
  local name="$1" url="$2" token="$3" database_url="$4" before after age
  for age in 30 120; do
    log "$name: storing a backlog of $retention_rows rows $age days old"
    "$setup_bin" backlog --database-url "$database_url" --channels "$channels" \
      --rows "$retention_rows" --days-old "$age"
    [ "$age" = 30 ] && wrk_phase "$name-incoming-backlog" "$url" incoming "$token" 8800000
  done
  before=$("$setup_bin" backlog-count --database-url "$database_url" --days-old 120 | cut -d= -f2)
  wrk_phase "$name-incoming-pruning" "$url" incoming "$token" 9000000
  after=$("$setup_bin" backlog-count --database-url "$database_url" --days-old 120 | cut -d= -f2)
  echo "pruned=$((before - after))" >"$work/$name-incoming-pruning.pruned"
  log "$name: $((before - after)) of $before old rows pruned during the phase, $after left"
  # The next phases measure without pruning: the rest of the backlog goes first (15 min at most).
  local start left=$after
  start=$(date +%s)
  while [ "$left" -gt 0 ] && [ $(( $(date +%s) - start )) -lt 900 ]; do
    sleep 5
    left=$("$setup_bin" backlog-count --database-url "$database_url" --days-old 120 | cut -d= -f2)
  done
  echo "seconds=$(( $(date +%s) - start ))" >"$work/$name-backlog-rest.wait"
  log "$name: the rest of the backlog pruned in $(( $(date +%s) - start )) s, $left left"
}

# run_megatron <backend> [threads]: channel mode's phases, or threads mode's (one support
# channel, a thread per customer: incoming and agent -> customer throughput).
run_megatron() {
  local backend="$1" mode="${2:-channels}" name
  name="${backend//+/-}"
  [ "$mode" = threads ] && name="$name-threads"
  local port database_url
  port=$(free_port)
  export SLACK_API_URL="${sim_url}/api/"
  export DJANGO_PORT="$port" MEGATRON_LISTEN_ADDRESS=127.0.0.1 MEGATRON_LOG_LEVEL=warn
  export SLACK_SIGNING_SECRET="$signing_secret"
  unset REDIS_URL MEGATRON_REDIS_PREFIX
  case "$backend" in
    sqlite) database_url="sqlite:///$work/megatron-$name.db" ;;
    postgres|postgres+redis)
      "$pgbin/createdb" -h 127.0.0.1 -p "$(echo "$pg_url" | sed 's/.*:\([0-9]*\)\/.*/\1/')" \
        -U postgres "bench_${name//-/_}"
      database_url="${pg_url%/*}/bench_${name//-/_}" ;;
  esac
  if [ "$backend" = "postgres+redis" ]; then
    export REDIS_URL="$MEGATRON_TEST_REDIS_URL" MEGATRON_REDIS_PREFIX="bench-$name"
  fi
  export DATABASE_URL="$database_url"
  unset MEGATRON_SCHEDULER_MINUTE_MS MEGATRON_RETAIN_DAYS
  if [ "$retention_rows" -gt 0 ]; then
    export MEGATRON_SCHEDULER_MINUTE_MS=100 MEGATRON_RETAIN_DAYS=90  # an "hour" of 6 s
  fi

  local token
  token=$("$megatron" admin org create --name Bench | sed -n 's/.*token[^:]*: \([0-9a-f]\{40\}\).*/\1/p')
  "$megatron" admin integration add --org Bench --team-id TSUPPORT \
    --bot-token xoxb-bench-support >/dev/null
  "$megatron" admin workspace add --org Bench --team-id TCUSTOMER --name "Bench Customers" \
    --domain bench-customers --bot-token xoxb-bench-customer >/dev/null
  "$setup_bin" "$mode" --database-url "$database_url" --org Bench --channels "$channels"

  "$megatron" serve >"$work/megatron-$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  megatron_pid="$pid"
  if ! wait_http "http://127.0.0.1:$port/healthz"; then
    tail -n 30 "$work/megatron-$name.log" >&2
    exit 1
  fi
  sleep 2
  cpu_pids="$pid"
  cpu_postgres=0
  case "$backend" in postgres|postgres+redis) cpu_postgres=1 ;; esac
  [ "$backend" = "postgres+redis" ] && cpu_pids="$pid $(cat "$services/redis.pid")"
  local url="http://127.0.0.1:$port"
  if [ "$mode" = threads ]; then
    check_where="--threads" events_where="--threads"
    wrk_phase "$name-incoming" "$url" incoming "$token" 9000000
    events_phase "$name-agent" "$url" 9500000
    check_where="" events_where=""
    kill "$pid"; wait "$pid" 2>/dev/null || true
    megatron_pid=""
    cpu_pids=""
    return
  fi
  echo "$(rss_mb "$pid")" >"$work/$name.rss_idle"
  log "megatron on $backend: idle RSS $(cat "$work/$name.rss_idle") MB"
  # Idle CPU: Megatron alone, no traffic; a server that waits on nothing should sleep.
  local idle_start
  idle_start=$(proc_ticks "$pid")
  sleep "$idle_seconds"
  awk -v t="$(( $(proc_ticks "$pid") - idle_start ))" -v hz="$ticks_per_s" -v s="$idle_seconds" \
    'BEGIN { printf "%.2f", t / hz / s * 100 }' >"$work/$name.cpu_idle"
  log "megatron on $backend: idle CPU $(cat "$work/$name.cpu_idle")% of a core"
  # Twice: first contact (every customer's first message of the run: Megatron fetches and
  # stores each profile, its caches are cold), then the steady state the other rows measure.
  # Measured together, the first second's 1,000 profile fetches were the whole delivery tail.
  latency_phase "$name-first-contact" "$url" "$token" 2000000
  latency_phase "$name-latency" "$url" "$token" 3000000
  wrk_phase "$name-incoming" "$url" incoming "$token" 4000000
  retention_phase "$name" "$url" "$token" "$database_url"
  wrk_phase "$name-outgoing" "$url" outgoing "$token" 5000000
  events_phase "$name-agent" "$url" 5500000
  echo "$(rss_mb "$pid")" >"$work/$name.rss_end"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  megatron_pid=""
  cpu_pids=""
}

run_ceiling() {
  "$ceiling_bin" --port 0 --threads "$connections" --slack-api-url "${sim_url}/api/" \
    >"$work/ceiling.out" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do grep -q "listening" "$work/ceiling.out" && break; sleep 0.1; done
  local port url
  port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/ceiling.out")
  url="http://127.0.0.1:$port"
  sleep 1
  echo "$(rss_mb "$pid")" >"$work/ceiling.rss_idle"
  cpu_pids="$pid"; cpu_postgres=0
  latency_phase ceiling-latency "$url" none 6000000
  wrk_phase ceiling-incoming "$url" incoming none 7000000
  wrk_phase ceiling-outgoing "$url" outgoing none 8000000
  events_phase ceiling-agent "$url" 8500000
  echo "$(rss_mb "$pid")" >"$work/ceiling.rss_end"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  cpu_pids=""
}

if [ "${BENCH_SKIP_CEILING:-0}" = 1 ] || ! has_phase ceiling; then
  for f in latency.rate latency.check incoming.check outgoing.check agent.check \
    latency.cpu incoming.cpu outgoing.cpu agent.cpu; do
    : >"$work/ceiling-$f"
  done
  echo "" >"$work/ceiling.rss_idle"; echo "" >"$work/ceiling.rss_end"
else
  run_ceiling
fi
if has_phase channels; then
  for b in $backends; do run_megatron "$b"; done
fi
if has_phase threads; then
  for b in $backends; do run_megatron "$b" threads; done
fi

# --- the table
# "-dirty" when the build included uncommitted changes (a shared work tree): the figures then
# belong to no commit.
commit="$(git describe --always --dirty --abbrev=7 2>/dev/null || echo unknown)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "") printf "%.2f", a / b; else printf "-" }'; }
cell() {  # value (ratio to the ceiling)
  local v="$1" c="$2"
  [ -z "$v" ] && { printf 'n/a'; return; }
  # No ceiling figure (threads mode, or BENCH_PHASES without ceiling): the value alone.
  [ -z "$c" ] || [ "$c" = n/a ] && { printf '%s' "$v"; return; }
  printf '%s (%sx)' "$v" "$(ratio "$v" "$c")"
}
row() {  # row <title> <key> <file-suffix> [unit]
  local title="$1" key="$2" suffix="$3"
  local c
  c=$(value "$key" "$work/ceiling-$suffix" 2>/dev/null || true)
  printf '| %s | %s |' "$title" "${c:-n/a}"
  for b in $backends; do
    local v
    v=$(value "$key" "$work/${b//+/-}-$suffix" 2>/dev/null || true)
    printf ' %s |' "$(cell "$v" "$c")"
  done
  printf '\n'
}
rss_row() {
  local title="$1" what="$2" c
  c=$(cat "$work/ceiling.$what")
  printf '| %s | %s |' "$title" "$c"
  for b in $backends; do
    printf ' %s |' "$(cell "$(cat "$work/${b//+/-}.$what" 2>/dev/null || true)" "$c")"
  done
  printf '\n'
}
idle_row() {  # the ceiling has nothing to wait for, so no idle figure
  printf '| Megatron CPU while idle (%s s), %% of a core | - |' "$idle_seconds"
  for b in $backends; do printf ' %s |' "$(cat "$work/${b//+/-}.cpu_idle" 2>/dev/null || echo n/a)"; done
  printf '\n'
}
once_row() {
  printf '| exactly-once check (every phase) | %s |' "$(grep -h '^exactly_once=' "$work"/ceiling-*.check | sort -u | cut -d= -f2 | paste -sd/)"
  for b in $backends; do
    printf ' %s |' "$(grep -h '^exactly_once=' "$work/${b//+/-}"-*.check 2>/dev/null | sort -u | cut -d= -f2 | paste -sd/)"
  done
  printf '\n'
}
table="$work/table.md"
{
  echo "## Megatron benchmark, $(date -u +%Y-%m-%d\ %H:%M) UTC, commit $commit"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)," \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); load average before: $load_before, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Load: ${connections} connections, ${channels} engagement channels, ${seconds} s per throughput" \
    "phase (wrk); latency at ${rate} msg/s offered for ${latency_seconds} s (open loop)."
  echo "Figures in parentheses are ratios to the ceiling (a minimal forwarder, no storage/queue/checks)."
  echo "Server CPU per relay: CPU seconds of the Megatron process (with PostgreSQL's processes, and"
  echo "Redis's, where they are the back end) from the start of a phase to the end of its drain,"
  echo "divided by the relays delivered."
  if [ "$retention_rows" -gt 0 ]; then
    echo "Retention run: the scheduler's hour is 6 s (MEGATRON_SCHEDULER_MINUTE_MS=100) in every phase;"
    echo "MEGATRON_RETAIN_DAYS=90; each backlog (message mappings and, a quarter as many, event ids;"
    echo "30 days old for the control, 120 for the pruning) was stored just before its phase."
  fi
  echo
  printf '| figure | ceiling |'; for b in $backends; do printf ' Megatron %s |' "$b"; done; printf '\n'
  printf '|---|---|'; for _ in $backends; do printf -- '---|'; done; printf '\n'
  row "relay incoming, relays/s" relays_per_s incoming.check
  if [ "$retention_rows" -gt 0 ]; then
    row "relay incoming beside a ${retention_rows}-row backlog too young to prune, relays/s" \
      relays_per_s incoming-backlog.check
    row "relay incoming while pruning a ${retention_rows}-row backlog, relays/s" relays_per_s \
      incoming-pruning.check
    row "backlog rows pruned during that phase" pruned incoming-pruning.pruned
    row "seconds until the rest of the backlog was pruned (no load)" seconds backlog-rest.wait
  fi
  row "relay outgoing, relays/s" relays_per_s outgoing.check
  row "agent -> customer (signed events -> DM), relays/s" relays_per_s agent.check
  if has_phase threads; then
    row "threads mode, ${channels} threads in 1 channel: relay incoming, relays/s" relays_per_s \
      threads-incoming.check
    row "threads mode, ${channels} threads in 1 channel: agent -> customer, relays/s" relays_per_s \
      threads-agent.check
    row "threads mode: server CPU per relay, incoming, us" cpu_us_per_relay threads-incoming.cpu
  fi
  row "ack p50 ms at ${rate}/s" ack_p50_ms latency.rate
  row "ack p99 ms at ${rate}/s" ack_p99_ms latency.rate
  row "ack p99.9 ms at ${rate}/s" ack_p999_ms latency.rate
  row "delivery p50 ms at ${rate}/s" delivery_p50_ms latency.check
  row "delivery p99 ms at ${rate}/s" delivery_p99_ms latency.check
  row "delivery p99.9 ms at ${rate}/s" delivery_p999_ms latency.check
  row "first contact (cold caches, every profile fetched): ack p99 ms at ${rate}/s" ack_p99_ms \
    first-contact.rate
  row "first contact: delivery p99 ms at ${rate}/s" delivery_p99_ms first-contact.check
  row "server CPU per relay, incoming, us" cpu_us_per_relay incoming.cpu
  if [ "$retention_rows" -gt 0 ]; then
    row "server CPU per relay, incoming beside the young backlog, us" cpu_us_per_relay \
      incoming-backlog.cpu
    row "server CPU per relay, incoming while pruning, us" cpu_us_per_relay incoming-pruning.cpu
  fi
  row "server CPU per relay, outgoing, us" cpu_us_per_relay outgoing.cpu
  row "server CPU per relay, agent -> customer, us" cpu_us_per_relay agent.cpu
  row "server CPU per relay at ${rate}/s, us" cpu_us_per_relay latency.cpu
  idle_row
  rss_row "RSS idle, MB" rss_idle
  rss_row "RSS end of load, MB" rss_end
  once_row
} >"$table"
mkdir -p bench/results
cp "$table" "bench/results/$(date -u +%Y-%m-%d)-$commit.md"
cat "$table"
if [ "$exactly_once_failed" -ne 0 ]; then
  echo "exactly-once check FAILED (see above): the throughput figures do not count" >&2
  exit 1
fi
