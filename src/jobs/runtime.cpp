#include "jobs/runtime.hpp"

#include "jobs/db_queue.hpp"
#include "jobs/handlers/post_message.hpp"
#include "jobs/redis_queue.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace megatron::jobs {

std::unique_ptr<JobQueue> open_queue(const config::Config& config, storage::Database& db,
                                     const Clock& clock) {
    if (!config.redis_url.empty()) {
        return std::make_unique<RedisQueue>(config.redis_url, config.jobs.redis_prefix, db, clock);
    }
    return std::make_unique<DbQueue>(db, clock);
}

Runtime::Runtime(const config::Config& config, storage::Database& db, const Clock& clock)
    : config_(config),
      clock_(clock),
      process_id_(make_process_id()),
      queue_(open_queue(config, db, clock)),
      leases_(std::make_unique<DbLeaseStore>(db, clock)),
      bot_tokens_(db) {
    std::string api_url = config.slack_api_url;
    handlers_.add(kPostMessageKind, [this, api_url] {
        return std::make_unique<PostMessageHandler>(bot_tokens_, api_url);
    });
    for (const char* kind : {kEveryMinuteKind, kEveryHourKind, kEveryDayKind}) {
        handlers_.add(kind, [] {
            return std::make_unique<FunctionHandler>([](const Job& job) -> JobOutcome {
                return outcome::Done{job.payload, {}};
            });
        });
    }
}

Runtime::~Runtime() {
    stop();
}

void Runtime::start(RuntimeRoles roles) {
    const auto& s = config_.jobs;
    if (roles.workers) {
        WorkerOptions options;
        options.threads = config_.worker_threads;
        options.lease = std::chrono::milliseconds(s.lease_ms);
        options.poll = std::chrono::milliseconds(s.poll_ms);
        options.max_failures = s.max_attempts;
        options.backoff = {std::chrono::milliseconds(s.backoff_base_ms),
                           std::chrono::milliseconds(s.backoff_max_ms)};
        options.process_id = process_id_;
        workers_ = std::make_unique<WorkerPool>(*queue_, handlers_, options);
        workers_->start();
    }
    if (roles.scheduler) {
        std::chrono::milliseconds minute(s.scheduler_minute_ms);
        // Tick often enough that a lapsed lease is taken over well within one "minute".
        auto tick = std::min<std::chrono::milliseconds>(std::chrono::seconds(1), minute / 6);
        SchedulerOptions options{process_id_, tick, tick * 3};
        std::vector<PeriodicTask> tasks{{"minute", kEveryMinuteKind, minute},
                                        {"hour", kEveryHourKind, minute * 60},
                                        {"day", kEveryDayKind, minute * 60 * 24}};
        scheduler_ = std::make_unique<Scheduler>(*queue_, *leases_, clock_, options, tasks);
        scheduler_->start();
    }
    spdlog::info("jobs: {} started (workers: {}, scheduler: {})", process_id_,
                 roles.workers ? config_.worker_threads : 0, roles.scheduler ? "on" : "off");
}

void Runtime::stop() {
    if (scheduler_) scheduler_->stop();
    if (workers_) workers_->stop();
    scheduler_.reset();
    workers_.reset();
}

}  // namespace megatron::jobs
