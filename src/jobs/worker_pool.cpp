#include "jobs/worker_pool.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <random>

namespace megatron::jobs {

std::string make_process_id() {
    std::array<char, 256> host{};
    gethostname(host.data(), host.size() - 1);
    std::random_device random;
    return fmt::format("{}-{}-{:08x}", host.data(), getpid(), random());
}

WorkerPool::WorkerPool(JobQueue& queue, const HandlerRegistry& handlers, WorkerOptions options)
    : queue_(queue), registry_(handlers), options_(std::move(options)) {
    if (options_.process_id.empty()) options_.process_id = make_process_id();
}

WorkerPool::~WorkerPool() {
    stop();
}

void WorkerPool::start() {
    stopping_ = false;
    for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { run(i); });
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

void WorkerPool::wake() {
    wake_.notify_one();
}

void WorkerPool::idle_wait() {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.poll, [this] { return stopping_.load(); });
}

void WorkerPool::run(int index) {
    std::string worker_id = fmt::format("{}/{}", options_.process_id, index);
    std::map<std::string, std::unique_ptr<JobHandler>> handlers;
    for (const auto& [kind, factory] : registry_.factories()) handlers[kind] = factory();
    std::random_device seed;
    std::mt19937_64 rng(seed());
    while (!stopping_) {
        if (!run_one(worker_id, handlers, rng)) idle_wait();
    }
}

bool WorkerPool::run_one(const std::string& worker_id,
                         std::map<std::string, std::unique_ptr<JobHandler>>& handlers,
                         std::mt19937_64& rng) {
    auto claimed = queue_.claim(worker_id, options_.lease);
    if (!claimed) {
        spdlog::warn("jobs: cannot claim: {}", claimed.error().message);
        return false;
    }
    if (!*claimed) return false;
    const Job& job = **claimed;
    if (stopping_) {
        // Stopping before it started: hand it back rather than start work we may not finish.
        auto released = queue_.release(job);
        if (!released) spdlog::warn("jobs: cannot hand back job {}", job.id);
        return true;
    }
    auto handler = handlers.find(job.kind);
    if (handler == handlers.end()) {
        auto parked = queue_.dead_letter(job, "no handler for kind " + job.kind);
        if (!parked) spdlog::warn("jobs: cannot park job {}: {}", job.id, parked.error().message);
        return true;
    }
    JobOutcome result = handler->second->run(job);
    std::visit(
        [&](auto& o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, outcome::Done>) {
                auto done = queue_.complete(job, o.result, o.writes);
                if (!done) {
                    spdlog::warn("jobs: job {} ran but could not be marked done: {}", job.id,
                                 done.error().message);
                }
            } else if constexpr (std::is_same_v<T, outcome::Retry>) {
                auto delay =
                    o.after.value_or(backoff_delay(options_.backoff, job.failures + 1, rng));
                auto status = queue_.retry_later(job, delay, o.error, options_.max_failures);
                if (!status) {
                    spdlog::warn("jobs: cannot reschedule job {}: {}", job.id,
                                 status.error().message);
                } else if (*status == JobStatus::Dead) {
                    spdlog::error("jobs: job {} ({}) is dead after {} failures: {}", job.id,
                                  job.kind, job.failures + 1, o.error);
                } else {
                    spdlog::info("jobs: job {} ({}) retries in {} ms: {}", job.id, job.kind,
                                 delay.count(), o.error);
                }
            } else if constexpr (std::is_same_v<T, outcome::RateLimited>) {
                auto held = queue_.rate_limited(job, o.retry_after);
                if (!held) {
                    spdlog::warn("jobs: cannot hold back key of job {}: {}", job.id,
                                 held.error().message);
                } else {
                    spdlog::info("jobs: rate limited; key {} waits {} ms", job.ordering_key,
                                 o.retry_after.count());
                }
            } else {
                auto parked = queue_.dead_letter(job, o.error);
                spdlog::error("jobs: job {} ({}) failed for good: {}", job.id, job.kind, o.error);
                if (!parked) {
                    spdlog::warn("jobs: cannot park job {}: {}", job.id, parked.error().message);
                }
            }
        },
        result);
    return true;
}

}  // namespace megatron::jobs
