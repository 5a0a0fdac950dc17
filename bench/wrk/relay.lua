-- wrk script for the relay throughput rows: POST /megatron/incoming/ or /megatron/outgoing/
-- spread over the benchmark's customers (UC000000.. as megatron-bench-setup names them).
-- Environment: BENCH_TOKEN, BENCH_TAG, BENCH_PATH (incoming|outgoing), BENCH_CHANNELS,
-- BENCH_TS_BASE (unique per phase: the customer ts is Megatron's idempotency key).
-- Texts are "bench <tag> <customer>:<thread>-<counter> 0" so megatron-bench-load check can
-- find every delivered copy.
local token = os.getenv("BENCH_TOKEN")
local tag = os.getenv("BENCH_TAG")
local path = os.getenv("BENCH_PATH") or "incoming"
local channels = tonumber(os.getenv("BENCH_CHANNELS") or "1000")
local ts_base = tonumber(os.getenv("BENCH_TS_BASE") or "2000000")

local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  wrk.method = "POST"
  wrk.path = "/megatron/" .. path .. "/"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "MegatronToken " .. token
end

function request()
  counter = counter + 1
  -- Customers in turn, offset per thread so threads do not march on the same channels.
  local n = (counter * 7 + thread_number * 131) % channels
  local id = string.format("%d:%d-%d", n, thread_number, counter)
  local ts = string.format("%d.%06d", ts_base + thread_number * 1000 + math.floor(counter / 1000000),
                           counter % 1000000)
  local user = string.format("UC%06d", n)
  local text = "bench " .. tag .. " " .. id .. " 0"
  local body
  if path == "incoming" then
    body = string.format('{"message":{"user":"%s","ts":"%s","text":"%s"}}', user, ts, text)
  else
    body = string.format('{"user":"%s","ts":"%s","message":{"text":"%s"}}', user, ts, text)
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  -- Parsed by bench/run.sh. Requests in flight at the end are neither counted here nor lost:
  -- the check allows up to one per connection more deliveries than answered requests.
  io.write(string.format("completed=%d\n", summary.requests))
  io.write(string.format("errors=%d\n", summary.errors.status + summary.errors.connect +
                         summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("duration_s=%.3f\n", summary.duration / 1e6))
  io.write(string.format("wrk_p50_ms=%.3f\nwrk_p99_ms=%.3f\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000))
end
