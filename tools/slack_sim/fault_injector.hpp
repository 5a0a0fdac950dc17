#pragma once
// Faults injected on demand: each rule matches a method (or "*") and optionally one token,
// fires a number of times, then disappears. Checked on every Web API call, so the common
// no-fault case costs one atomic load.
#include <boost/json/object.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace megatron::slack_sim {

enum class FaultKind {
    RateLimited,          // HTTP 429, Retry-After, {"ok":false,"error":"ratelimited"}
    ServerError,          // HTTP `status` (5xx) with an HTML-ish body, as Slack's edge does
    Slow,                 // wait `delay`, then answer normally
    DropConnection,       // hang up without answering; the call has no effect
    DropAfterProcessing,  // perform the call, then hang up (the client cannot know it worked)
    SlowAfterProcessing,  // perform the call, then wait `delay` before answering (others see
                          // its effect, e.g. the message and its events, before the caller)
    SlackError,           // HTTP 200 {"ok":false,"error": error}
};

struct Fault {
    FaultKind kind = FaultKind::ServerError;
    std::string method = "*";  // Web API method name, or "*" for all
    std::string token;         // only calls made with this token; empty = any
    int times = 1;             // how many calls it affects; -1 = until cleared
    int retry_after_seconds = 1;
    int status = 500;
    std::chrono::milliseconds delay{0};
    std::string error;    // for SlackError
    std::string warning;  // for SlackError: also sent as "warning" and response_metadata.warnings
    // When positive, the rule ends this long after it is added, however many times are left
    // ("Slack answers 429 for 10 s"); `expires` is set by FaultInjector::add.
    std::chrono::milliseconds lasts{0};
    std::chrono::steady_clock::time_point expires = std::chrono::steady_clock::time_point::max();
};

// JSON form used by the control API: {"kind":"rate_limited","method":"chat.postMessage",
// "times":2,"retry_after":1,"status":503,"delay_ms":500,"error":"msg_too_long","token":"...",
// "lasts_ms":10000}
std::optional<Fault> fault_from_json(const boost::json::object& json);
boost::json::object fault_to_json(const Fault& fault);

class FaultInjector {
  public:
    void add(Fault fault);
    void clear();
    // The first rule matching this call, consumed once.
    std::optional<Fault> take(const std::string& method, const std::string& token);
    std::vector<Fault> active() const;

  private:
    void drop_expired();  // with mutex_ held

    mutable std::mutex mutex_;
    std::vector<Fault> rules_;
    std::atomic<bool> any_{false};
};

}  // namespace megatron::slack_sim
