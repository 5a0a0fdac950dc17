#pragma once
// The work queue in the database (the embedded default): SQLite serialises claims with
// BEGIN IMMEDIATE; PostgreSQL lets many workers claim at once with FOR UPDATE SKIP LOCKED.
#include "jobs/queue.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

namespace megatron::jobs {

class DbQueue final : public JobQueue {
  public:
    DbQueue(storage::Database& db, const Clock& clock);

    QueueResult<Enqueued> enqueue(const NewJob& job) override;
    QueueResult<std::optional<Job>> claim(const std::string& worker_id,
                                          std::chrono::milliseconds lease) override;
    QueueResult<void> complete(const Job& job, const std::string& result,
                               const CompletionWrites& writes = {}) override;
    QueueResult<JobStatus> retry_later(const Job& job, std::chrono::milliseconds delay,
                                       const std::string& error, int max_failures) override;
    QueueResult<void> rate_limited(const Job& job, std::chrono::milliseconds delay) override;
    QueueResult<void> delay_key(const std::string& ordering_key,
                                std::chrono::milliseconds delay) override;
    QueueResult<void> dead_letter(const Job& job, const std::string& error) override;
    QueueResult<void> release(const Job& job) override;

    QueueResult<std::vector<Job>> list(const std::vector<JobStatus>& statuses, int limit) override;
    QueueResult<std::optional<Job>> find(std::int64_t id) override;
    QueueResult<void> retry_dead(std::int64_t id) override;
    QueueResult<void> drop_dead(std::int64_t id) override;
    QueueResult<JobCounts> counts() override;

    // Used by the Redis back end, which keeps results and dead jobs in the database too.
    storage::Database& database() { return db_; }

  private:
    // Updates the job only while `job` still holds its lease; NotFound otherwise.
    QueueResult<void> update_claimed(const Job& job, const std::string& set_sql,
                                     std::vector<storage::Value> params);

    storage::Database& db_;
    const Clock& clock_;
};

// Storage errors as queue errors (NotFound stays NotFound; the rest is Unavailable/Invalid).
QueueError to_queue_error(const storage::StorageError& error);

}  // namespace megatron::jobs
