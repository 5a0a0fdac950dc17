#pragma once
// Everything a process needs to work the queue: the queue chosen by configuration, the
// handlers, the worker pool and the scheduler. `megatron serve` starts it in-process (unless
// --no-workers); `megatron worker` starts it without HTTP. Producers in the same process
// enqueue through queue() (and workers are woken at once).
#include "config/config.hpp"
#include "jobs/handler.hpp"
#include "jobs/lease.hpp"
#include "jobs/queue.hpp"
#include "jobs/scheduler.hpp"
#include "jobs/worker_pool.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <memory>
#include <string>
#include <vector>

namespace megatron::jobs {

struct RuntimeRoles {
    bool workers = true;
    bool scheduler = true;
};

// Job kinds of the built-in periodic tasks ("every minute, hour, day"); later features
// (unpause reminder, channel archiving, profile refresh) register handlers for them.
inline constexpr const char* kEveryMinuteKind = "scheduler.minute";
inline constexpr const char* kEveryHourKind = "scheduler.hour";
inline constexpr const char* kEveryDayKind = "scheduler.day";
// Hourly: deletes done jobs older than MEGATRON_JOB_RETENTION_HOURS, in batches.
inline constexpr const char* kPruneDoneKind = "jobs.prune_done";
inline constexpr int kPruneBatch = 1000;

class Runtime {
  public:
    Runtime(const config::Config& config, storage::Database& db, const Clock& clock);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Add handlers (replacing built-in ones) before start().
    HandlerRegistry& handlers() { return handlers_; }
    JobQueue& queue() { return *queue_; }
    // Who is told of jobs done, retried and dead (the metrics); set before start().
    void observe_jobs(JobObserver* observer) { workers_->set_observer(observer); }
    const std::string& process_id() const { return process_id_; }

    void start(RuntimeRoles roles = {});
    // Graceful: the scheduler gives up its lease; each worker finishes its current job.
    void stop();

  private:
    const config::Config& config_;
    const Clock& clock_;
    std::string process_id_;
    std::unique_ptr<JobQueue> queue_;
    std::unique_ptr<LeaseStore> leases_;
    HandlerRegistry handlers_;
    // Made up front (started only with the workers role) so an enqueue can always wake it.
    std::unique_ptr<WorkerPool> workers_;
    std::unique_ptr<Scheduler> scheduler_;
};

// Deletes done jobs older than `retention` in batches of kPruneBatch; how many went.
QueueResult<std::int64_t> prune_old_jobs(JobQueue& queue, const Clock& clock,
                                         std::chrono::hours retention);

// The queue DATABASE_URL / REDIS_URL select.
std::unique_ptr<JobQueue> open_queue(const config::Config& config, storage::Database& db,
                                     const Clock& clock);

}  // namespace megatron::jobs
