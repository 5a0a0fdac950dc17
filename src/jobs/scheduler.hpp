#pragma once
// Periodic jobs that run once per period across all processes. Every process runs a
// Scheduler; the one holding the "scheduler" lease enqueues each task's job for the current
// period. The job's idempotency key names the period, so even two leaders (a lapsed lease
// still at work) cannot make a period run twice; a dead leader's lease lapses after
// `lease_ttl` and another process takes over well within one period.
#include "jobs/lease.hpp"
#include "jobs/queue.hpp"
#include "util/clock.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace megatron::jobs {

struct PeriodicTask {
    std::string name;  // also the job's kind's ordering key: "scheduler:<name>"
    std::string kind;  // the job kind enqueued once per period
    std::chrono::milliseconds period{60000};
};

struct SchedulerOptions {
    std::string process_id;
    std::chrono::milliseconds tick{1000};
    std::chrono::milliseconds lease_ttl{5000};
};

class Scheduler {
  public:
    Scheduler(JobQueue& queue, LeaseStore& leases, const Clock& clock, SchedulerOptions options,
              std::vector<PeriodicTask> tasks);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    void start();
    void stop();  // gives the lease up so another process takes over at once
    // One round: take or renew the lease and enqueue what is due. True when leading.
    bool tick();

  private:
    void run();
    // True while the lease this process holds has time to spare after the next tick.
    bool lease_outlives_next_tick() const;

    JobQueue& queue_;
    LeaseStore& leases_;
    const Clock& clock_;
    SchedulerOptions options_;
    std::vector<PeriodicTask> tasks_;
    std::map<std::string, std::int64_t> enqueued_period_;  // task -> last period enqueued here
    std::int64_t leading_until_ms_ = 0;  // the held lease ends no earlier (0: not held)
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::thread thread_;
};

inline constexpr const char* kSchedulerLease = "scheduler";

// The idempotency key of `task`'s job for the period starting at `period_start_ms`.
std::string periodic_job_key(const std::string& task, std::int64_t period_start_ms);

}  // namespace megatron::jobs
