#include "jobs/worker_pool.hpp"

#include "util/request_context.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <random>
#include <utility>

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
    dispatch_id_ = options_.process_id + "/handed";
}

WorkerPool::~WorkerPool() {
    stop();
}

void WorkerPool::start() {
    stopping_ = false;
    for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { run(i); });
    listener_ = queue_.listen();
    if (listener_) listener_thread_ = std::thread([this] { listen_loop(); });
    heartbeat_thread_ = std::thread([this] { heartbeat_loop(); });
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    stopped_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
    if (listener_thread_.joinable()) listener_thread_.join();
    if (heartbeat_thread_.joinable()) heartbeat_thread_.join();
    listener_.reset();
    // Jobs handed over after the workers took their last: given back untouched.
    std::deque<Handed> left;
    {
        std::lock_guard lock(mutex_);
        left.swap(handed_);
        reserved_ = 0;
    }
    for (const auto& h : left) {
        if (!queue_.release(h.job)) spdlog::warn("jobs: cannot hand back job {}", h.job.id);
    }
}

bool WorkerPool::reserve() {
    std::lock_guard lock(mutex_);
    if (stopping_ || reserved_ >= idle_) return false;
    ++reserved_;
    return true;
}

void WorkerPool::unreserve() {
    std::lock_guard lock(mutex_);
    if (reserved_ > 0) --reserved_;
}

void WorkerPool::hand(Job job) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            handed_.push_back(Handed{std::move(job), std::chrono::steady_clock::now()});
            wake_.notify_one();
            return;
        }
        if (reserved_ > 0) --reserved_;
    }
    // Stopping: nobody will run it here; it is given back for the next claim.
    if (!queue_.release(job)) spdlog::warn("jobs: cannot hand back job {}", job.id);
}

std::optional<Job> WorkerPool::take_handed() {
    std::lock_guard lock(mutex_);
    if (handed_.empty()) return std::nullopt;
    Job job = std::move(handed_.front().job);
    handed_.pop_front();
    if (reserved_ > 0) --reserved_;
    return job;
}

void WorkerPool::wake() {
    {
        std::lock_guard lock(mutex_);
        ++wakes_;
    }
    wake_.notify_one();
}

void WorkerPool::idle_wait(std::uint64_t seen) {
    std::unique_lock lock(mutex_);
    // The first idle worker becomes the poller. When work takes it away, the next worker to
    // go idle (or a sleeper at its safety-net timeout) takes the role over.
    const bool polls = !poller_present_;
    poller_present_ = true;
    ++idle_;
    auto wait = polls ? options_.poll : options_.poll * kSleeperPolls;
    wake_.wait_for(lock, wait,
                   [&] { return stopping_.load() || wakes_ != seen || !handed_.empty(); });
    --idle_;
    if (polls) poller_present_ = false;
}

void WorkerPool::listen_loop() {
    // Short waits so stop() is not held up for long.
    const auto slice =
        std::min<std::chrono::milliseconds>(options_.poll, std::chrono::milliseconds(250));
    while (!stopping_) {
        if (listener_->wait(slice)) {
            {
                std::lock_guard lock(mutex_);
                ++wakes_;
            }
            wake_.notify_all();  // the notice may stand for many jobs
        }
    }
}

void WorkerPool::heartbeat_loop() {
    const auto every =
        std::max<std::chrono::milliseconds>(options_.lease / 3, std::chrono::milliseconds(10));
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        stopped_.wait_for(lock, every, [this] { return stopping_.load(); });
        if (stopping_) break;
        std::vector<Job> due;
        auto now = std::chrono::steady_clock::now();
        // Handed-over jobs not started yet are leased too (workers were all busy meanwhile).
        for (const auto& h : handed_) {
            if (now - h.at >= every) due.push_back(h.job);
        }
        lock.unlock();
        {
            std::lock_guard guard(running_mutex_);
            for (const auto& [index, r] : running_) {
                if (now - r.started >= every) due.push_back(r.job);
            }
        }
        for (const auto& job : due) {
            auto renewed = queue_.renew(job, options_.lease);
            if (!renewed && renewed.error().kind != QueueError::Kind::NotFound) {
                spdlog::warn("jobs: cannot renew the lease of job {}: {}", job.id,
                             renewed.error().message);
            }
        }
        lock.lock();
    }
}

void WorkerPool::run(int index) {
    std::string worker_id = fmt::format("{}/{}", options_.process_id, index);
    std::map<std::string, std::unique_ptr<JobHandler>> handlers;
    for (const auto& [kind, factory] : registry_.factories()) handlers[kind] = factory();
    std::random_device seed;
    std::mt19937_64 rng(seed());
    std::optional<Job> next;
    while (!stopping_ || next) {
        std::uint64_t seen = 0;
        {
            std::lock_guard lock(mutex_);
            seen = wakes_;
        }
        bool worked = false;
        try {
            worked = run_one(index, worker_id, handlers, rng, next);
        } catch (const std::exception& e) {
            // Last barrier: a throw outside a handler (the queue, a log call) must not end the
            // process; the job it concerned is claimed again when its lease runs out.
            spdlog::error("jobs: worker {} caught an exception: {}", index, e.what());
            next.reset();
        }
        if (!worked) idle_wait(seen);
    }
}

JobOutcome WorkerPool::run_guarded(JobHandler& handler, const Job& job) {
    // A throwing handler would otherwise call std::terminate, and the job, claimed again
    // after its lease, would crash every process in turn. It is an ordinary failure instead:
    // retried with backoff, dead after its attempts, the exception's text its last error.
    try {
        return handler.run(job);
    } catch (const std::exception& e) {
        return outcome::Retry{fmt::format("handler threw: {}", e.what()), std::nullopt};
    } catch (...) {
        return outcome::Retry{"handler threw an exception that is not a std::exception",
                              std::nullopt};
    }
}

bool WorkerPool::run_one(int index, const std::string& worker_id,
                         std::map<std::string, std::unique_ptr<JobHandler>>& handlers,
                         std::mt19937_64& rng, std::optional<Job>& next) {
    std::optional<Job> claimed = std::exchange(next, std::nullopt);
    if (!claimed) claimed = take_handed();
    if (!claimed) {
        auto fresh = queue_.claim(worker_id, options_.lease);
        if (!fresh) {
            spdlog::warn("jobs: cannot claim: {}", fresh.error().message);
            return false;
        }
        claimed = std::move(*fresh);
    }
    if (!claimed) return false;
    const Job& job = *claimed;
    // Its log lines (the worker's, the Slack client's) carry the id of the request it came from.
    request_context::Scope request(job.request_id);
    if (stopping_) {
        // Stopping before it started: hand it back rather than start work we may not finish.
        auto released = queue_.release(job);
        if (!released) spdlog::warn("jobs: cannot hand back job {}", job.id);
        return true;
    }
    auto handler = handlers.find(job.kind);
    if (handler == handlers.end()) {
        const std::string error = "no handler for kind " + job.kind;
        auto parked = queue_.dead_letter(job, error);
        if (!parked) spdlog::warn("jobs: cannot park job {}: {}", job.id, parked.error().message);
        if (parked) dead(job, nullptr, error);
        return true;
    }
    {
        std::lock_guard guard(running_mutex_);
        running_[index] = Running{job, std::chrono::steady_clock::now()};
    }
    JobOutcome result = run_guarded(*handler->second, job);
    {
        std::lock_guard guard(running_mutex_);
        running_.erase(index);
    }
    finish_outcome(job, *handler->second, result, worker_id, rng, next);
    return true;
}

namespace {

template <class Hook>
void run_hook(const Job& job, Hook&& hook) {
    try {
        hook();
    } catch (const std::exception& e) {
        spdlog::warn("jobs: the hook of job {} ({}) threw: {}", job.id, job.kind, e.what());
    }
}

}  // namespace

void WorkerPool::retried(const Job& job, JobHandler& handler, std::chrono::milliseconds delay) {
    if (observer_ != nullptr) observer_->job_retried(job);
    run_hook(job, [&] { handler.retrying(job, delay); });
}

void WorkerPool::dead(const Job& job, JobHandler* handler, const std::string& error) {
    if (observer_ != nullptr) observer_->job_dead(job);
    if (handler != nullptr) run_hook(job, [&] { handler->failed_for_good(job, error); });
}

void WorkerPool::finish_outcome(const Job& job, JobHandler& handler, JobOutcome& result,
                                const std::string& worker_id, std::mt19937_64& rng,
                                std::optional<Job>& next) {
    std::visit(
        [&](auto& o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, outcome::Done>) {
                if (observer_ != nullptr) observer_->job_done(job);
                if (stopping_) {
                    // No next claim while stopping: it would only be handed back.
                    auto done = queue_.complete(job, o.result, o.writes);
                    if (!done) {
                        spdlog::warn("jobs: job {} ran but could not be marked done: {}", job.id,
                                     done.error().message);
                    }
                    return;
                }
                auto both =
                    queue_.complete_and_claim(job, o.result, o.writes, worker_id, options_.lease);
                if (!both.completed) {
                    spdlog::warn("jobs: job {} ran but could not be marked done: {}", job.id,
                                 both.completed.error().message);
                }
                next = std::move(both.next);
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
                    dead(job, &handler, o.error);
                } else {
                    spdlog::info("jobs: job {} ({}) retries in {} ms: {}", job.id, job.kind,
                                 delay.count(), o.error);
                    retried(job, handler, delay);
                }
            } else if constexpr (std::is_same_v<T, outcome::RateLimited>) {
                auto held = queue_.rate_limited(job, o.retry_after);
                if (!held) {
                    spdlog::warn("jobs: cannot hold back key of job {}: {}", job.id,
                                 held.error().message);
                } else {
                    spdlog::info("jobs: rate limited; key {} waits {} ms", job.ordering_key,
                                 o.retry_after.count());
                    retried(job, handler, o.retry_after);
                }
            } else {
                auto parked = queue_.dead_letter(job, o.error);
                spdlog::error("jobs: job {} ({}) failed for good: {}", job.id, job.kind, o.error);
                if (!parked) {
                    spdlog::warn("jobs: cannot park job {}: {}", job.id, parked.error().message);
                    return;  // not parked: it runs again once its lease ends
                }
                dead(job, &handler, o.error);
            }
        },
        result);
}

}  // namespace megatron::jobs
