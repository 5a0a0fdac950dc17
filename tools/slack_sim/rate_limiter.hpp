#pragma once
// Slack's chat.postMessage limit, on demand: "generally one message per second per channel",
// with short bursts allowed. A token bucket per channel; an empty bucket answers 429 with the
// whole seconds until the next token as Retry-After. Off unless a test turns it on, so
// benchmarks can post at full speed.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace megatron::slack_sim {

class ChannelRateLimiter {
  public:
    // per_second <= 0 turns the limit off.
    void configure(double per_second, int burst);
    // nullopt when the post may go ahead (a token is taken); else the Retry-After seconds.
    std::optional<int> take(const std::string& channel);

  private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point updated;
    };
    std::mutex mutex_;
    double per_second_ = 0;
    int burst_ = 1;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace megatron::slack_sim
