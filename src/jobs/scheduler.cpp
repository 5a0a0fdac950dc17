#include "jobs/scheduler.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace megatron::jobs {

std::string periodic_job_key(const std::string& task, std::int64_t period_start_ms) {
    return fmt::format("scheduler:{}:{}", task, period_start_ms);
}

Scheduler::Scheduler(JobQueue& queue, LeaseStore& leases, const Clock& clock,
                     SchedulerOptions options, std::vector<PeriodicTask> tasks)
    : queue_(queue),
      leases_(leases),
      clock_(clock),
      options_(std::move(options)),
      tasks_(std::move(tasks)) {}

Scheduler::~Scheduler() {
    stop();
}

void Scheduler::start() {
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void Scheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
        leading_until_ms_ = 0;  // a restart takes the lease again before it leads
        auto released = leases_.release(kSchedulerLease, options_.process_id);
        if (!released)
            spdlog::warn("scheduler: cannot release lease: {}", released.error().message);
    }
}

void Scheduler::run() {
    while (!stopping_) {
        tick();
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, options_.tick, [this] { return stopping_.load(); });
    }
}

bool Scheduler::tick() {
    if (!lease_outlives_next_tick()) {
        auto before = clock_.now_millis();
        auto leading = leases_.acquire(kSchedulerLease, options_.process_id, options_.lease_ttl);
        if (!leading) {
            spdlog::warn("scheduler: cannot take the lease: {}", leading.error().message);
            leading_until_ms_ = 0;
            return false;
        }
        if (!*leading) {
            enqueued_period_.clear();  // another process leads; forget what we did
            leading_until_ms_ = 0;
            return false;
        }
        // No later than the lease really ends: its end was computed after `before`.
        leading_until_ms_ = before + options_.lease_ttl.count();
    }
    auto now = clock_.now_millis();
    for (const auto& task : tasks_) {
        auto period = task.period.count();
        std::int64_t start = now / period * period;
        auto seen = enqueued_period_.find(task.name);
        if (seen != enqueued_period_.end() && seen->second == start) continue;
        auto enqueued = queue_.enqueue(NewJob{task.kind, "scheduler:" + task.name,
                                              periodic_job_key(task.name, start),
                                              fmt::format(R"({{"period_start_ms":{}}})", start)});
        if (!enqueued) {
            spdlog::warn("scheduler: cannot enqueue {}: {}", task.name, enqueued.error().message);
            continue;
        }
        enqueued_period_[task.name] = start;
        if (!enqueued->duplicate) spdlog::debug("scheduler: {} for period {}", task.name, start);
    }
    return true;
}

bool Scheduler::lease_outlives_next_tick() const {
    // Renewing a lease held with time to spare is a write a tick that changes nothing (an idle
    // server's main work). It is renewed once it would have less than a quarter of its time
    // left at the next tick, so it never lapses while this process is alive.
    auto left = leading_until_ms_ - clock_.now_millis();
    return left > options_.tick.count() + options_.lease_ttl.count() / 4;
}

}  // namespace megatron::jobs
