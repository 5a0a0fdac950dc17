#pragma once
// A sleep that a stop request ends early. The simulator waits minutes in places (Slack's
// event redelivery schedule, slow-answer faults); a plain sleep_for there would hold a test's
// teardown for as long, because stopping the simulator joins the threads that wait.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace megatron::slack_sim {

// Waits `duration` unless `stop` is requested first. True when the whole wait ran, false
// when it was cut short (or `stop` was already requested). A default token never stops.
inline bool sleep_unless_stopped(const std::stop_token& stop,
                                 std::chrono::steady_clock::duration duration) {
    if (stop.stop_requested()) return false;
    if (duration <= std::chrono::steady_clock::duration::zero()) return true;
    // condition_variable_any wakes on the stop request itself (it registers a stop_callback).
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, duration, [] { return false; });
    return !stop.stop_requested();
}

}  // namespace megatron::slack_sim
