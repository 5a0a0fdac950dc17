#pragma once
// Wall-clock time behind an interface, so scheduled tasks can be tested with a clock the
// test moves forward.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace megatron {

class Clock {
  public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
    std::int64_t now_seconds() const {
        return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
    }
    std::int64_t now_millis() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch())
            .count();
    }
};

class SystemClock final : public Clock {
  public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

// Real time plus an offset that tests advance (enabled only in test mode).
class OffsetClock final : public Clock {
  public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now() + std::chrono::seconds(offset_.load());
    }
    void advance(std::chrono::seconds by) { offset_ += by.count(); }

  private:
    std::atomic<std::int64_t> offset_{0};
};

}  // namespace megatron
