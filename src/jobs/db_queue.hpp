#pragma once
// The work queue in the database (the embedded default): SQLite serialises claims with
// BEGIN IMMEDIATE; PostgreSQL lets many workers claim at once with FOR UPDATE SKIP LOCKED.
#include "jobs/queue.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"
#include "util/group_commit.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace megatron::jobs {

// The PostgreSQL NOTIFY channel an enqueue signals and listen() waits on.
inline constexpr const char* kJobsNotifyChannel = "megatron_jobs";

class DbQueue final : public JobQueue {
  public:
    // `postgres_url`: the server's URL (libpq form) for listen(); empty on SQLite.
    DbQueue(storage::Database& db, const Clock& clock, std::string postgres_url = {});

    std::unique_ptr<WorkListener> listen() override;

    QueueResult<Enqueued> enqueue(const NewJob& job) override;
    QueueResult<std::optional<Job>> claim(const std::string& worker_id,
                                          std::chrono::milliseconds lease) override;
    QueueResult<void> complete(const Job& job, const std::string& result,
                               const CompletionWrites& writes = {}) override;
    CompletedAndNext complete_and_claim(const Job& job, const std::string& result,
                                        const CompletionWrites& writes,
                                        const std::string& worker_id,
                                        std::chrono::milliseconds lease) override;
    QueueResult<JobStatus> retry_later(const Job& job, std::chrono::milliseconds delay,
                                       const std::string& error, int max_failures) override;
    QueueResult<void> rate_limited(const Job& job, std::chrono::milliseconds delay) override;
    QueueResult<void> delay_key(const std::string& ordering_key,
                                std::chrono::milliseconds delay) override;
    QueueResult<void> dead_letter(const Job& job, const std::string& error) override;
    QueueResult<void> release(const Job& job) override;
    QueueResult<void> renew(const Job& job, std::chrono::milliseconds lease) override;
    QueueResult<std::int64_t> prune_done(std::int64_t before_ms, int batch) override;

    QueueResult<std::vector<Job>> list(const std::vector<JobStatus>& statuses, int limit) override;
    QueueResult<std::optional<Job>> find(std::int64_t id) override;
    QueueResult<void> retry_dead(std::int64_t id) override;
    QueueResult<void> drop_dead(std::int64_t id) override;
    QueueResult<JobCounts> counts() override;
    QueueResult<std::vector<WaitingJobs>> waiting_by_kind() override;
    QueueResult<std::int64_t> forget_key(const std::string& ordering_key) override;

    // Used by the Redis back end, which keeps results and dead jobs in the database too.
    storage::Database& database() { return db_; }

  private:
    // An enqueue waiting to be stored by the group commit.
    struct PendingEnqueue {
        const NewJob* job = nullptr;
        std::string request_id;  // the job's, or the producer's current one
        Enqueued out;
        std::optional<QueueError> error = QueueError{QueueError::Kind::Unavailable, "not stored"};
        // SQLite: a worker of this process is held for the job (LocalDispatcher); it is
        // stored leased to `lease_to` when its key is free, and then `leased` is set.
        const LocalDispatcher* lease_to = nullptr;
        bool leased = false;
        std::int64_t stored_at = 0;
    };
    static constexpr std::size_t kMaxEnqueueBatch = 256;

    // The claim's statements inside an open transaction.
    storage::StorageResult<std::optional<Job>> claim_in(storage::Connection& conn,
                                                        const std::string& worker_id,
                                                        std::chrono::milliseconds lease,
                                                        std::int64_t now);
    // complete()'s statements inside an open transaction.
    storage::StorageResult<void> complete_in(storage::Connection& conn, const Job& job,
                                             const std::string& result,
                                             const CompletionWrites& writes, std::int64_t now);
    // Sets pending.out (and pending.leased when it was stored leased).
    storage::StorageResult<void> insert_job(storage::Connection& conn, PendingEnqueue& pending,
                                            std::int64_t now);
    // SQLite: stores the job (leased to `local`'s worker when one is idle and the key free)
    // and hands it over, or wakes the workers as usual.
    void enqueue_local(PendingEnqueue& me, LocalDispatcher* local);
    // PostgreSQL: a batch of several in one statement (see the .cpp).
    storage::StorageResult<void> insert_jobs(storage::Connection& conn,
                                             std::vector<PendingEnqueue*>& batch, std::int64_t now);
    // PostgreSQL: a transaction lock on each ordering key of the batch (see the .cpp).
    storage::StorageResult<void> lock_ordering_keys(storage::Connection& conn,
                                                    const std::vector<PendingEnqueue*>& batch);
    void store_batch(std::vector<PendingEnqueue*>& batch);

    // Updates the job only while `job` still holds its lease; NotFound otherwise.
    QueueResult<void> update_claimed(const Job& job, const std::string& set_sql,
                                     std::vector<storage::Value> params);

    storage::Database& db_;
    const Clock& clock_;
    std::string postgres_url_;
    std::string instance_;       // this queue object's pg_notify payload, so its listener skips it
    std::string claim_sql_;      // built once: it depends only on the dialect
    std::string claimable_sql_;  // the claim's search alone: the id of the next runnable job
    std::string leased_insert_sql_;  // SQLite: the insert that leases a free key's job
    GroupCommit<PendingEnqueue> enqueues_{kMaxEnqueueBatch,
                                          [this](auto& batch) { store_batch(batch); }};
};

}  // namespace megatron::jobs
