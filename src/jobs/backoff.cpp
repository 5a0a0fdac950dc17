#include "jobs/backoff.hpp"

#include <algorithm>

namespace megatron::jobs {

std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int failure,
                                        std::mt19937_64& rng) {
    long long d = policy.base.count();
    for (int i = 1; i < failure && d < policy.max.count(); ++i) d *= 2;
    d = std::max<long long>(1, std::min<long long>(d, policy.max.count()));
    std::uniform_int_distribution<long long> pick(d / 2, d);
    return std::chrono::milliseconds(pick(rng));
}

}  // namespace megatron::jobs
