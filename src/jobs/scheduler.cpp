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
    auto leading = leases_.acquire(kSchedulerLease, options_.process_id, options_.lease_ttl);
    if (!leading) {
        spdlog::warn("scheduler: cannot take the lease: {}", leading.error().message);
        return false;
    }
    if (!*leading) {
        enqueued_period_.clear();  // another process leads; forget what we did
        return false;
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

}  // namespace megatron::jobs
