#pragma once
// The durable work queue behind one interface; the back end (database or Redis Streams) is
// chosen by configuration (see open_queue.hpp).
//
// Guarantees every back end keeps:
// - enqueue() returns only after the job is durably stored;
// - jobs sharing an ordering key are claimed one at a time, in arrival order; a delayed key
//   (delay_key, a Slack 429) is not claimed before its time;
// - a claim is a lease: a job whose worker died is claimed again once the lease runs out;
// - complete() records the result in the same transaction that marks the job done, so a
//   handler can look for a recorded result before acting again.
#include "jobs/job.hpp"
#include "storage/sql.hpp"
#include "util/expected.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace megatron::jobs {

struct QueueError {
    enum class Kind { Unavailable, NotFound, Invalid };
    Kind kind = Kind::Unavailable;
    std::string message;  // for logs; never a payload or a secret
};

template <class T>
using QueueResult = Expected<T, QueueError>;

// Storage errors as queue errors (NotFound stays NotFound; the rest is Unavailable/Invalid):
// part of the interface because every back end (and the scheduler's leases) keeps some state
// in the database.
inline QueueError to_queue_error(const storage::StorageError& error) {
    using K = storage::StorageError::Kind;
    QueueError::Kind kind = QueueError::Kind::Unavailable;
    if (error.kind == K::NotFound) kind = QueueError::Kind::NotFound;
    if (error.kind == K::Invalid || error.kind == K::Conflict) kind = QueueError::Kind::Invalid;
    return {kind, error.message};
}

struct Enqueued {
    std::int64_t id = 0;
    bool duplicate = false;  // the idempotency key was already known: nothing new was stored
};

// Extra writes committed together with a job's completion (e.g. the mapping of a posted
// message's ts), so they exist exactly when the job counts as done.
using CompletionWrites = std::function<storage::StorageResult<void>(storage::Connection&)>;

struct JobCounts {
    std::int64_t queued = 0, running = 0, retrying = 0, done = 0, dead = 0;
};

// Jobs of one kind waiting to run (queued, or retrying after a failure), and when the oldest
// of them was enqueued (epoch ms).
struct WaitingJobs {
    std::string kind;
    std::int64_t count = 0;
    std::int64_t oldest_created_ms = 0;
};
// waiting_by_kind() looks at no more than this many unfinished jobs, oldest first, so a
// scrape stays cheap whatever the backlog (a deeper backlog reads as this many).
inline constexpr int kWaitingScanLimit = 10'000;

// A blocking wait for work that other processes enqueued (PostgreSQL LISTEN, a blocking
// Redis read), so a separate worker process starts a job in milliseconds, not a poll period.
class WorkListener {
  public:
    virtual ~WorkListener() = default;
    // Blocks until new work may be there (true) or `timeout` passed (false). A lost server
    // connection is reconnected on the next call; until then it waits out the timeout.
    virtual bool wait(std::chrono::milliseconds timeout) = 0;
};

// A consumer in this process (the worker pool) that takes a job leased to it in the
// transaction that stores the job: when the job's ordering key has nothing queued, running or
// delayed, there is no claim round and no trip through the database to a worker.
class LocalDispatcher {
  public:
    virtual ~LocalDispatcher() = default;
    // Holds an idle worker for one job; false when none is idle (the job is claimed as usual).
    virtual bool reserve() = 0;
    // The held worker runs `job`, stored as running, leased to dispatch_id() for lease().
    virtual void hand(Job job) = 0;
    // The held worker is not needed after all (the key was busy, the job a duplicate or not
    // stored).
    virtual void unreserve() = 0;
    virtual const std::string& dispatch_id() const = 0;
    virtual std::chrono::milliseconds lease() const = 0;
};

class JobQueue {
  public:
    virtual ~JobQueue() = default;

    // Called after every enqueue that stored a new job, in the producer's thread: the worker
    // pool of this process wakes at once. Set before producers or workers start.
    void on_new_work(std::function<void()> callback) { new_work_ = std::move(callback); }
    // Where a back end that can lease at enqueue (SQLite's) hands such jobs; null: nowhere.
    // The dispatcher must outlive its use: set null before it stops.
    void set_local_dispatcher(LocalDispatcher* dispatcher) { dispatcher_.store(dispatcher); }
    // A listener for work enqueued elsewhere; nullptr when the back end has none (SQLite:
    // another process's jobs are found by the idle poll).
    virtual std::unique_ptr<WorkListener> listen() { return nullptr; }

    virtual QueueResult<Enqueued> enqueue(const NewJob& job) = 0;
    // The next runnable job for `worker_id`, leased for `lease`; nullopt when none is ready.
    virtual QueueResult<std::optional<Job>> claim(const std::string& worker_id,
                                                  std::chrono::milliseconds lease) = 0;
    // Done, with `result` (JSON text) and any extra writes in the same transaction. Fails
    // with NotFound when the lease was lost (the job was claimed again elsewhere).
    virtual QueueResult<void> complete(const Job& job, const std::string& result,
                                       const CompletionWrites& writes = {}) = 0;
    // complete(), then claim() of the worker's next job: one transaction where the back end
    // can (one commit per job instead of two). `completed` fails as complete() would; `next`
    // is the next job (nullopt when none is ready, or when completing failed).
    struct CompletedAndNext {
        QueueResult<void> completed;
        std::optional<Job> next;
    };
    virtual CompletedAndNext complete_and_claim(const Job& job, const std::string& result,
                                                const CompletionWrites& writes,
                                                const std::string& worker_id,
                                                std::chrono::milliseconds lease) {
        CompletedAndNext out{complete(job, result, writes), std::nullopt};
        if (!out.completed) return out;
        auto claimed = claim(worker_id, lease);
        if (claimed) out.next = std::move(*claimed);
        return out;
    }
    // A retryable failure: runs again after `delay`, or is parked as dead once its failures
    // reach `max_failures`.
    virtual QueueResult<JobStatus> retry_later(const Job& job, std::chrono::milliseconds delay,
                                               const std::string& error, int max_failures) = 0;
    // A rate limit: hands the job back and holds its whole ordering key until `delay` passed.
    virtual QueueResult<void> rate_limited(const Job& job, std::chrono::milliseconds delay) = 0;
    // Holds every job of `ordering_key` back until `delay` has passed.
    virtual QueueResult<void> delay_key(const std::string& ordering_key,
                                        std::chrono::milliseconds delay) = 0;
    // Parks the job as dead with its error (a fatal error, or an unknown kind).
    virtual QueueResult<void> dead_letter(const Job& job, const std::string& error) = 0;
    // Hands a claimed job back untouched (graceful stop before it started).
    virtual QueueResult<void> release(const Job& job) = 0;
    // Extends the lease of a job still running (a heartbeat), so a long job is not claimed
    // again by another worker. NotFound when the lease was already lost.
    virtual QueueResult<void> renew(const Job& job, std::chrono::milliseconds lease) = 0;
    // Deletes at most `batch` done jobs that finished before `before_ms` (epoch ms); returns
    // how many went. Their idempotency keys are forgotten with them. Dead jobs stay.
    virtual QueueResult<std::int64_t> prune_done(std::int64_t before_ms, int batch) = 0;

    // --- administration (`megatron admin jobs`) ---
    // Jobs with the given statuses (all when empty), oldest first, at most `limit`.
    virtual QueueResult<std::vector<Job>> list(const std::vector<JobStatus>& statuses,
                                               int limit) = 0;
    virtual QueueResult<std::optional<Job>> find(std::int64_t id) = 0;
    // A dead job runs again (failures reset). NotFound when it is not dead.
    virtual QueueResult<void> retry_dead(std::int64_t id) = 0;
    // Removes a dead job for good. NotFound when it is not dead.
    virtual QueueResult<void> drop_dead(std::int64_t id) = 0;
    virtual QueueResult<JobCounts> counts() = 0;
    // Waiting jobs by kind (kinds with none are absent), over the oldest kWaitingScanLimit
    // unfinished jobs: what the metrics read at each scrape.
    virtual QueueResult<std::vector<WaitingJobs>> waiting_by_kind() = 0;
    // Deletes every job of `ordering_key` whatever its status, with its payload, result and
    // idempotency key, and lifts the key's delay: `admin customer forget` (no stored text of
    // the customer survives). A running job's worker then finds its lease lost. Finished jobs
    // are found by a scan (an admin's rare request, not the hot path). Returns how many went.
    virtual QueueResult<std::int64_t> forget_key(const std::string& ordering_key) = 0;

  protected:
    void signal_new_work() const {
        if (new_work_) new_work_();
    }
    LocalDispatcher* local_dispatcher() const { return dispatcher_.load(); }

  private:
    std::function<void()> new_work_;
    std::atomic<LocalDispatcher*> dispatcher_{nullptr};
};

}  // namespace megatron::jobs
