#pragma once
// What tells the simulator's waiting threads that it is stopping. Simulator::stop() trips it
// so event deliveries between redeliveries and slow-answer faults give up at once instead of
// holding the stop (and a test's teardown) for minutes; start() rearms it after a restart.
#include <mutex>
#include <stop_token>

namespace megatron::slack_sim {

class ShutdownSwitch {
  public:
    // The token of the current run; requested when trip() is called.
    std::stop_token token() const {
        std::lock_guard lock(mutex_);
        return source_.get_token();
    }
    void trip() {
        std::lock_guard lock(mutex_);
        source_.request_stop();
    }
    // A fresh token for waits started from now on; tokens handed out before stay tripped.
    void rearm() {
        std::lock_guard lock(mutex_);
        if (source_.stop_requested()) source_ = std::stop_source{};
    }

  private:
    mutable std::mutex mutex_;
    std::stop_source source_;
};

}  // namespace megatron::slack_sim
