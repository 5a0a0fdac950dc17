#pragma once
// A JobQueue that forwards to a real one and counts the claims made through it: how often
// idle workers look at the database is behaviour (an idle server should sleep), and this is
// where it shows.
#include "jobs/queue.hpp"

#include <atomic>

namespace megatron::jobs::test {

class CountingQueue final : public JobQueue {
  public:
    explicit CountingQueue(JobQueue& inner) : inner_(inner) {}

    int claims() const { return claims_.load(); }

    QueueResult<Enqueued> enqueue(const NewJob& job) override {
        auto enqueued = inner_.enqueue(job);
        if (enqueued && !enqueued->duplicate) signal_new_work();
        return enqueued;
    }
    QueueResult<std::optional<Job>> claim(const std::string& worker_id,
                                          std::chrono::milliseconds lease) override {
        ++claims_;
        return inner_.claim(worker_id, lease);
    }
    QueueResult<void> complete(const Job& job, const std::string& result,
                               const CompletionWrites& writes) override {
        return inner_.complete(job, result, writes);
    }
    QueueResult<JobStatus> retry_later(const Job& job, std::chrono::milliseconds delay,
                                       const std::string& error, int max_failures) override {
        return inner_.retry_later(job, delay, error, max_failures);
    }
    QueueResult<void> rate_limited(const Job& job, std::chrono::milliseconds delay) override {
        return inner_.rate_limited(job, delay);
    }
    QueueResult<void> delay_key(const std::string& key, std::chrono::milliseconds delay) override {
        return inner_.delay_key(key, delay);
    }
    QueueResult<void> dead_letter(const Job& job, const std::string& error) override {
        return inner_.dead_letter(job, error);
    }
    QueueResult<void> release(const Job& job) override { return inner_.release(job); }
    QueueResult<void> renew(const Job& job, std::chrono::milliseconds lease) override {
        return inner_.renew(job, lease);
    }
    QueueResult<std::int64_t> prune_done(std::int64_t before_ms, int batch) override {
        return inner_.prune_done(before_ms, batch);
    }
    QueueResult<std::vector<Job>> list(const std::vector<JobStatus>& statuses, int limit) override {
        return inner_.list(statuses, limit);
    }
    QueueResult<std::optional<Job>> find(std::int64_t id) override { return inner_.find(id); }
    QueueResult<void> retry_dead(std::int64_t id) override { return inner_.retry_dead(id); }
    QueueResult<void> drop_dead(std::int64_t id) override { return inner_.drop_dead(id); }
    QueueResult<JobCounts> counts() override { return inner_.counts(); }
    QueueResult<std::vector<WaitingJobs>> waiting_by_kind() override {
        return inner_.waiting_by_kind();
    }
    QueueResult<std::int64_t> forget_key(const std::string& ordering_key) override {
        return inner_.forget_key(ordering_key);
    }

  private:
    JobQueue& inner_;
    std::atomic<int> claims_{0};
};

}  // namespace megatron::jobs::test
