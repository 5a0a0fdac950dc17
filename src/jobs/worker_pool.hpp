#pragma once
// N worker threads that claim jobs, run their handler and report the outcome to the queue.
// Different ordering keys run in parallel; the queue keeps one key's jobs one at a time.
// stop() lets every thread finish the job it is running (handlers are bounded by their
// own timeouts), then joins them; a job claimed but not started is handed back.
#include "jobs/backoff.hpp"
#include "jobs/handler.hpp"
#include "jobs/queue.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace megatron::jobs {

struct WorkerOptions {
    int threads = 4;
    std::chrono::milliseconds lease{60000};
    std::chrono::milliseconds poll{200};  // idle wait between claims
    int max_failures = 8;                 // retryable failures before a job is dead
    BackoffPolicy backoff;
    std::string process_id;  // names this process's workers in claims and logs
};

class WorkerPool {
  public:
    WorkerPool(JobQueue& queue, const HandlerRegistry& handlers, WorkerOptions options);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void start();
    void stop();
    // Cuts an idle wait short (a job was just enqueued in this process).
    void wake();

  private:
    void run(int index);
    // Returns false when no job was ready.
    bool run_one(const std::string& worker_id,
                 std::map<std::string, std::unique_ptr<JobHandler>>& handlers,
                 std::mt19937_64& rng);
    void idle_wait();

    JobQueue& queue_;
    const HandlerRegistry& registry_;
    WorkerOptions options_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::thread> threads_;
};

// A process id for claims and leases: host, pid and a random part (pids repeat).
std::string make_process_id();

}  // namespace megatron::jobs
