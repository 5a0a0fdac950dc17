// Capped exponential backoff with jitter for retryable job failures.
#include "jobs/backoff.hpp"

#include <gtest/gtest.h>

#include <set>

namespace megatron::jobs {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, DoublesPerFailureWithinHalfToFullOfTheStepAndStopsAtTheCap) {
    BackoffPolicy policy{100ms, 1000ms};
    std::mt19937_64 rng(42);
    const std::chrono::milliseconds steps[] = {100ms, 200ms, 400ms, 800ms, 1000ms, 1000ms};
    for (int failure = 1; failure <= 6; ++failure) {
        auto step = steps[failure - 1];
        for (int i = 0; i < 200; ++i) {
            auto d = backoff_delay(policy, failure, rng);
            EXPECT_GE(d, step / 2) << "failure " << failure;
            EXPECT_LE(d, step) << "failure " << failure;
        }
    }
    EXPECT_LE(backoff_delay(policy, 1000, rng), 1000ms) << "no overflow for many failures";
}

TEST(Backoff, JitterSpreadsWorkersThatFailedTogether) {
    BackoffPolicy policy{1000ms, 60000ms};
    std::mt19937_64 rng(7);
    std::set<long long> delays;
    for (int i = 0; i < 50; ++i) delays.insert(backoff_delay(policy, 3, rng).count());
    EXPECT_GT(delays.size(), 25u);
}

}  // namespace
}  // namespace megatron::jobs
