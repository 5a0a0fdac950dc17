#pragma once
// N worker threads that claim jobs, run their handler and report the outcome to the queue.
// Different ordering keys run in parallel; the queue keeps one key's jobs one at a time.
// stop() lets every thread finish the job it is running (handlers are bounded by their
// own timeouts), then joins them; a job claimed but not started is handed back.
//
// Idle workers wake at once when a job is enqueued in this process (the queue's on_new_work)
// or, through the queue's WorkListener, in another process. Only one idle worker at a time
// looks at the queue every `poll` (for delayed retries, lapsed leases and, on SQLite, other
// processes' jobs); the others look every `kSleeperPolls` polls as a safety net, so an idle
// server does not query its database (threads x 1/poll) times a second.
// A heartbeat thread renews the lease of every job running longer than a third of the lease,
// so a slow job is never claimed a second time while it still runs.
#include "jobs/backoff.hpp"
#include "jobs/handler.hpp"
#include "jobs/queue.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace megatron::jobs {

// How many poll intervals an idle worker that is not the poller sleeps.
inline constexpr int kSleeperPolls = 25;
// What the workers tell about the jobs they run, for whoever counts them (the metrics, in
// src/metrics): this layer knows nothing of Prometheus. Called from every worker thread.
class JobObserver {
  public:
    virtual ~JobObserver() = default;
    // The handler finished `job` (Slack answered), just before its completion is recorded.
    virtual void job_done(const Job& job) = 0;
    // `job` was put back to run later: a retryable failure, or a rate limit holding its key.
    virtual void job_retried(const Job& job) = 0;
    // `job` failed for good (too many failures, a fatal error, a kind without a handler).
    virtual void job_dead(const Job& job) = 0;
};

struct WorkerOptions {
    int threads = 4;
    std::chrono::milliseconds lease{60000};
    std::chrono::milliseconds poll{200};  // idle wait between claims
    int max_failures = 8;                 // retryable failures before a job is dead
    BackoffPolicy backoff;
    std::string process_id;  // names this process's workers in claims and logs
};

// It is also the queue's LocalDispatcher (set by jobs::Runtime): an enqueue that finds an idle
// worker and a free key stores its job leased and hands it to that worker directly.
class WorkerPool final : public LocalDispatcher {
  public:
    WorkerPool(JobQueue& queue, const HandlerRegistry& handlers, WorkerOptions options);
    ~WorkerPool() override;
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void start();
    void stop();
    // Cuts an idle wait short (a job was just enqueued). Safe from any thread.
    void wake();
    // Set before start(); not owned, outlives the pool; null: nobody is told.
    void set_observer(JobObserver* observer) { observer_ = observer; }

    // LocalDispatcher: any thread (the producers').
    bool reserve() override;
    void hand(Job job) override;
    void unreserve() override;
    const std::string& dispatch_id() const override { return dispatch_id_; }
    std::chrono::milliseconds lease() const override { return options_.lease; }

  private:
    struct Running {
        Job job;
        std::chrono::steady_clock::time_point started;
    };

    struct Handed {
        Job job;
        std::chrono::steady_clock::time_point at;
    };

    void run(int index);
    // A job handed over by an enqueue, if one waits.
    std::optional<Job> take_handed();
    // Runs `next` (a job claimed with the previous completion) or claims one; false when no
    // job was ready. Leaves in `next` the job claimed together with this one's completion.
    bool run_one(int index, const std::string& worker_id,
                 std::map<std::string, std::unique_ptr<JobHandler>>& handlers, std::mt19937_64& rng,
                 std::optional<Job>& next);
    // The handler's outcome; an exception it throws becomes a Retry carrying its text.
    static JobOutcome run_guarded(JobHandler& handler, const Job& job);
    // Waits for a wake() newer than `seen`, a stop, or the poll interval (the poller) or
    // kSleeperPolls of them (every other idle worker).
    void idle_wait(std::uint64_t seen);
    void listen_loop();
    void heartbeat_loop();
    void finish_outcome(const Job& job, JobHandler& handler, JobOutcome& result,
                        const std::string& worker_id, std::mt19937_64& rng,
                        std::optional<Job>& next);
    // A job put back to run later, or parked as dead: the observer (metrics) is told, then the
    // handler's retrying / failed_for_good hook runs (null handler: a kind without one). A
    // hook's throw is logged, never propagated.
    void retried(const Job& job, JobHandler& handler, std::chrono::milliseconds delay);
    void dead(const Job& job, JobHandler* handler, const std::string& error);

    JobQueue& queue_;
    const HandlerRegistry& registry_;
    WorkerOptions options_;
    JobObserver* observer_ = nullptr;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable stopped_;  // the heartbeat's sleep; never takes a worker's wake
    std::uint64_t wakes_ = 0;      // guarded by mutex_; a wake between claim and wait is not lost
    bool poller_present_ = false;  // guarded by mutex_: an idle worker polls at `poll`
    int idle_ = 0;                 // guarded by mutex_: workers in idle_wait
    int reserved_ = 0;             // guarded by mutex_: held by reserve(), not yet taken
    std::deque<Handed> handed_;    // guarded by mutex_
    std::string dispatch_id_;      // claimed_by of the jobs stored leased for a hand-over
    std::vector<std::thread> threads_;
    std::unique_ptr<WorkListener> listener_;
    std::thread listener_thread_;
    std::mutex running_mutex_;
    std::map<int, Running> running_;  // worker index -> the job it runs (for heartbeats)
    std::thread heartbeat_thread_;
};

// A process id for claims and leases: host, pid and a random part (pids repeat).
std::string make_process_id();

}  // namespace megatron::jobs
