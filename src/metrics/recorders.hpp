#pragma once
// The metrics behind the lower layers' observer interfaces: the Slack client's calls, the App
// Command client's commands, the workers' jobs, and the queue's depth read at each scrape.
// Those layers know only their interfaces; the application makes one of each and hands them
// down. All are thread-safe (Metrics is) and must outlive whatever observes through them.
#include "app_commands/call_observer.hpp"
#include "jobs/queue.hpp"
#include "jobs/worker_pool.hpp"
#include "metrics/metrics.hpp"
#include "platforms/slack/connection/call_observer.hpp"
#include "util/clock.hpp"

#include <functional>
#include <optional>
#include <string_view>

namespace megatron::metrics {

class SlackCallRecorder final : public slack::CallObserver {
  public:
    explicit SlackCallRecorder(Metrics& metrics) : metrics_(metrics) {}
    void call_finished(std::string_view method, std::string_view error) override;
    void rate_limited(std::string_view method, std::chrono::seconds retry_after) override;

  private:
    Metrics& metrics_;
};

class AppCommandRecorder final : public app_commands::CallObserver {
  public:
    explicit AppCommandRecorder(Metrics& metrics) : metrics_(metrics) {}
    void command_finished(std::string_view command, std::string_view outcome) override;

  private:
    Metrics& metrics_;
};

// A job kind's relay direction ("incoming", "outgoing", "agent"), nullopt for other kinds.
using DirectionOf = std::function<std::optional<std::string_view>(std::string_view kind)>;

// Retries and dead jobs by kind; the relay's delivery latency, from the job's creation (the
// message's acceptance) to the handler's success (Slack's answer), by direction. `clock` is
// the queue's, the one created_at was read from.
class JobRecorder final : public jobs::JobObserver {
  public:
    JobRecorder(Metrics& metrics, const Clock& clock, DirectionOf direction_of)
        : metrics_(metrics), clock_(clock), direction_of_(std::move(direction_of)) {}
    void job_done(const jobs::Job& job) override;
    void job_retried(const jobs::Job& job) override;
    void job_dead(const jobs::Job& job) override;

  private:
    Metrics& metrics_;
    const Clock& clock_;
    DirectionOf direction_of_;
};

// The queue's waiting jobs by kind, read when Prometheus scrapes (one bounded query); a queue
// that cannot answer leaves the gauges as they were sampled last.
QueueSampler queue_sampler(jobs::JobQueue& queue, const Clock& clock);

}  // namespace megatron::metrics
