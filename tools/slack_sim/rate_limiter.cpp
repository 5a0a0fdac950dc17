#include "rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace megatron::slack_sim {

void ChannelRateLimiter::configure(double per_second, int burst) {
    std::lock_guard lock(mutex_);
    per_second_ = per_second;
    burst_ = std::max(1, burst);
    buckets_.clear();
}

std::optional<int> ChannelRateLimiter::take(const std::string& channel) {
    std::lock_guard lock(mutex_);
    if (per_second_ <= 0) return std::nullopt;
    auto now = std::chrono::steady_clock::now();
    auto [it, fresh] = buckets_.try_emplace(channel, Bucket{static_cast<double>(burst_), now});
    Bucket& b = it->second;
    if (!fresh) {
        std::chrono::duration<double> elapsed = now - b.updated;
        b.tokens = std::min<double>(burst_, b.tokens + elapsed.count() * per_second_);
        b.updated = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return std::nullopt;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second_)));
}

}  // namespace megatron::slack_sim
