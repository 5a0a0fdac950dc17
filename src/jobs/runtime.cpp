#include "jobs/runtime.hpp"

#include "config/database_url.hpp"
#include "jobs/db_queue.hpp"
#include "jobs/redis_queue.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace megatron::jobs {
namespace {

WorkerOptions worker_options(const config::Config& config, const std::string& process_id) {
    const auto& s = config.jobs;
    WorkerOptions options;
    options.threads = config.worker_threads;
    options.lease = std::chrono::milliseconds(s.lease_ms);
    options.poll = std::chrono::milliseconds(s.poll_ms);
    options.max_failures = s.max_attempts;
    options.backoff = {std::chrono::milliseconds(s.backoff_base_ms),
                       std::chrono::milliseconds(s.backoff_max_ms)};
    options.process_id = process_id;
    return options;
}

}  // namespace

std::unique_ptr<JobQueue> open_queue(const config::Config& config, storage::Database& db,
                                     const Clock& clock) {
    if (!config.redis_url.empty()) {
        return std::make_unique<RedisQueue>(config.redis_url, config.jobs.redis_prefix, db, clock);
    }
    std::string postgres_url;
    if (auto url = config::parse_database_url(config.database_url);
        url && url->kind == config::DatabaseUrl::Kind::Postgres) {
        postgres_url = url->postgres_url;
    }
    return std::make_unique<DbQueue>(db, clock, postgres_url);
}

QueueResult<std::int64_t> prune_old_jobs(JobQueue& queue, const Clock& clock,
                                         std::chrono::hours retention) {
    auto before = clock.now_millis() - std::chrono::milliseconds(retention).count();
    std::int64_t total = 0;
    // Batches keep each write short (SQLite has one writer); a bound keeps one run finite.
    for (int round = 0; round < 10'000; ++round) {
        auto pruned = queue.prune_done(before, kPruneBatch);
        if (!pruned) return unexpected(pruned.error());
        total += *pruned;
        if (*pruned < kPruneBatch) break;
    }
    return total;
}

Runtime::Runtime(const config::Config& config, storage::Database& db, const Clock& clock)
    : config_(config),
      clock_(clock),
      process_id_(make_process_id()),
      queue_(open_queue(config, db, clock)),
      leases_(std::make_unique<DbLeaseStore>(db, clock)),
      workers_(
          std::make_unique<WorkerPool>(*queue_, handlers_, worker_options(config, process_id_))) {
    // An enqueue in this process (HTTP handlers, the scheduler, a job) wakes an idle worker.
    queue_->on_new_work([pool = workers_.get()] { pool->wake(); });
    for (const char* kind : {kEveryMinuteKind, kEveryHourKind, kEveryDayKind}) {
        handlers_.add(kind, [] {
            return std::make_unique<FunctionHandler>([](const Job& job) -> JobOutcome {
                return outcome::Done{job.payload, {}};
            });
        });
    }
    std::chrono::hours retention(config.jobs.retention_hours);
    handlers_.add(kPruneDoneKind, [this, retention] {
        return std::make_unique<FunctionHandler>([this, retention](const Job&) -> JobOutcome {
            auto pruned = prune_old_jobs(*queue_, clock_, retention);
            if (!pruned) return outcome::Retry{"cannot prune done jobs: " + pruned.error().message};
            if (*pruned > 0) spdlog::info("jobs: pruned {} done jobs", *pruned);
            return outcome::Done{fmt::format(R"({{"pruned":{}}})", *pruned), {}};
        });
    });
}

Runtime::~Runtime() {
    stop();
}

void Runtime::start(RuntimeRoles roles) {
    const auto& s = config_.jobs;
    if (roles.workers) {
        workers_->start();
        // SQLite's queue hands a job whose key is free straight to an idle worker.
        queue_->set_local_dispatcher(workers_.get());
    }
    if (roles.scheduler) {
        std::chrono::milliseconds minute(s.scheduler_minute_ms);
        // Tick often enough that a lapsed lease is taken over well within one "minute".
        auto tick = std::min<std::chrono::milliseconds>(std::chrono::seconds(1), minute / 6);
        SchedulerOptions options{process_id_, tick, tick * 3};
        std::vector<PeriodicTask> tasks{{"minute", kEveryMinuteKind, minute},
                                        {"hour", kEveryHourKind, minute * 60},
                                        {"day", kEveryDayKind, minute * 60 * 24},
                                        {"prune", kPruneDoneKind, minute * 60}};
        scheduler_ = std::make_unique<Scheduler>(*queue_, *leases_, clock_, options, tasks);
        scheduler_->start();
    }
    spdlog::info("jobs: {} started (workers: {}, scheduler: {})", process_id_,
                 roles.workers ? config_.worker_threads : 0, roles.scheduler ? "on" : "off");
}

void Runtime::stop() {
    if (scheduler_) scheduler_->stop();
    queue_->set_local_dispatcher(nullptr);  // before the workers stop (a late hand gives back)
    workers_->stop();  // kept (not reset): producers may still call wake() through the queue
    scheduler_.reset();
}

}  // namespace megatron::jobs
