#pragma once
// Capped exponential backoff with full-range jitter for retryable job failures.
#include <chrono>
#include <random>

namespace megatron::jobs {

struct BackoffPolicy {
    std::chrono::milliseconds base{1000};
    std::chrono::milliseconds max{300000};
};

// A delay drawn uniformly from [d/2, d], d = min(max, base * 2^(failure - 1)); `failure`
// counts from 1. The jitter spreads out workers that failed together (a Slack outage).
std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int failure,
                                        std::mt19937_64& rng);

}  // namespace megatron::jobs
