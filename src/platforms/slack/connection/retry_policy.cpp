#include "platforms/slack/connection/retry_policy.hpp"

#include <algorithm>

namespace megatron::slack {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry,
                                        std::mt19937_64& rng) {
    if (retry < 1) retry = 1;
    std::int64_t ceiling = policy.base_delay.count();
    for (int i = 1; i < retry && ceiling < policy.max_delay.count(); ++i) ceiling *= 2;
    ceiling = std::min<std::int64_t>(ceiling, policy.max_delay.count());
    if (ceiling <= 0) return std::chrono::milliseconds(0);
    std::uniform_int_distribution<std::int64_t> pick(ceiling / 2, ceiling);
    return std::chrono::milliseconds(pick(rng));
}

}  // namespace megatron::slack
