#pragma once
// How long the client itself keeps trying. A request handler may wait a little; a queue
// worker may prefer RetryPolicy::no_wait() and hand the job back to the queue with the
// error's retry_after instead of blocking its thread.
#include <chrono>
#include <cstdint>
#include <random>

namespace megatron::slack {

struct RetryPolicy {
    int max_attempts = 4;  // including the first
    std::chrono::milliseconds base_delay{250};
    std::chrono::milliseconds max_delay{8000};
    // The total the client may sleep across retries (Retry-After waits included); a wait that
    // would go past it is not taken and the last error is returned instead.
    std::chrono::milliseconds max_total_wait{30000};
    // Whether to sleep for Retry-After on 429 at all (false: return RateLimited at once).
    bool wait_on_rate_limit = true;

    // One attempt, no sleeping: every failure goes straight back to the caller.
    static RetryPolicy no_wait() { return {1, {}, {}, std::chrono::milliseconds(0), false}; }
};

// Capped exponential backoff with jitter: a uniformly random delay in [d/2, d], where
// d = min(max_delay, base_delay * 2^(retry - 1)). `retry` counts from 1. The jitter keeps
// many workers that failed together from retrying together.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::mt19937_64& rng);

}  // namespace megatron::slack
