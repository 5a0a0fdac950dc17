#pragma once
// What the Web API client tells about its calls, for whoever counts them (the metrics, in
// src/metrics): this layer knows nothing of Prometheus. Called from the calling thread; an
// implementation shared by every worker's client must be thread-safe.
#include <chrono>
#include <string_view>

namespace megatron::slack {

class CallObserver {
  public:
    virtual ~CallObserver() = default;
    // One HTTP exchange with Slack ended: `error` is "ok", Slack's error code as the client
    // names it (errors.hpp's to_string: "ratelimited", "channel_not_found", ...) or the
    // transport's failure ("timeout", "connection_failed", "server_error"). A call the client
    // repeats (a 429 waited out, a 5xx retried) is reported once per attempt.
    virtual void call_finished(std::string_view method, std::string_view error) = 0;
    // Slack answered 429 and asked for `retry_after`: waited out in the client, or by the job
    // queue holding the job's ordering key back that long.
    virtual void rate_limited(std::string_view method, std::chrono::seconds retry_after) = 0;
};

}  // namespace megatron::slack
