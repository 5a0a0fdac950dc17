#!/usr/bin/env bash
# Starts (start DIR) or stops (stop DIR) the real PostgreSQL and Redis servers the tests use,
# and the S3-compatible server (s3rver, tools/s3rver), on loopback, with all their files inside DIR. PostgreSQL refuses to run as root, so it runs
# as the dedicated system user `megatron-test`.
# After `start`, DIR/env holds the MEGATRON_TEST_* variables for the tests.
set -euo pipefail
action="$1"; dir="$2"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
user=megatron-test
here="$(cd "$(dirname "$0")/.." && pwd)"

# shellcheck source=scripts/free_port.sh
source "$here/scripts/free_port.sh"

# The S3-compatible server (node, tools/s3rver). Optional: when it cannot start, PostgreSQL and
# Redis still serve and only the S3 tests fail (they name the missing MEGATRON_TEST_S3_URL).
start_s3rver() {
  local s3dir="$here/tools/s3rver" s3_port
  if ! "$s3dir/install.sh" >"$dir/s3rver-install.log" 2>&1 </dev/null; then
    echo "test-services: s3rver not installed (see $dir/s3rver-install.log)" >&2; return 0
  fi
  s3_port=$(free_port)
  mkdir -p "$dir/s3"
  nohup node "$s3dir/serve.js" "$s3_port" "$dir/s3" megatron-test \
    >"$dir/s3rver.log" 2>&1 </dev/null &
  echo $! >"$dir/s3rver.pid"
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.1
  done
  if ! curl -s -o /dev/null "http://127.0.0.1:$s3_port/"; then
    echo "test-services: s3rver did not start:" >&2; tail -n 20 "$dir/s3rver.log" >&2; return 0
  fi
  # s3rver's fixed credentials; the bucket exists from the start.
  cat >>"$dir/env" <<ENV
export MEGATRON_TEST_S3_URL=http://127.0.0.1:$s3_port
export MEGATRON_TEST_S3_ACCESS_KEY_ID=S3RVER
export MEGATRON_TEST_S3_SECRET_ACCESS_KEY=S3RVER
export MEGATRON_TEST_S3_BUCKET=megatron-test
export MEGATRON_TEST_S3_REGION=us-east-1
ENV
}

as_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

case "$action" in
start)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    chown "$user" "$dir"
  fi
  # PostgreSQL runs as $user: every parent of DIR must let it through. A DIR inside a private
  # (mode 700) directory, such as one made by mktemp -d, is the usual cause of "pg_ctl: could
  # not start server" (session 1 met it under the benchmark); say so instead of failing blind.
  if ! as_user test -w "$dir"; then
    echo "test-services: user $user cannot write $dir (is a parent directory private?)" >&2
    exit 1
  fi
  pg_port=$(free_port)
  if ! as_user "$pgbin/initdb" -D "$dir/pg" -U postgres -A trust --no-sync -E UTF8 \
      >"$dir/initdb.log" 2>&1 </dev/null; then
    echo "test-services: initdb failed:" >&2; tail -n 20 "$dir/initdb.log" >&2; exit 1
  fi
  # stdin from /dev/null and the server's output in pg.log: pg_ctl must not hold on to the
  # caller's terminal or pipes (nohup, CI, backgrounded subshells).
  if ! as_user "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir -c fsync=off -c max_connections=300" \
      start >/dev/null </dev/null; then
    echo "test-services: PostgreSQL did not start:" >&2; tail -n 20 "$dir/pg.log" >&2; exit 1
  fi
  redis_port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  cat >"$dir/env" <<ENV
export MEGATRON_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$pg_port/postgres
export MEGATRON_TEST_REDIS_URL=redis://127.0.0.1:$redis_port
ENV
  start_s3rver
  ;;
stop)
  [ -d "$dir/pg" ] && as_user "$pgbin/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  # Each server is waited for before the folder goes: a server still shutting down wrote into
  # it while rm ran ("Directory not empty"), which failed a CI run after all tests passed.
  for pidfile in "$dir/redis.pid" "$dir/s3rver.pid"; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
  ;;
*) echo "usage: test-services.sh start|stop DIR" >&2; exit 2 ;;
esac
