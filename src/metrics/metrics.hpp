#pragma once
// Megatron's Prometheus metrics (docs/metrics.md lists every one). One Metrics object is made
// by the application and handed, as a non-owning pointer, to the parts that record: the HTTP
// router, the Slack client, the App Command client, the workers. A part given nullptr records
// nothing, so tests and tools need no registry. Thread-safe: prometheus-cpp's families and
// metrics are.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace prometheus {
class Registry;
}

namespace megatron::metrics {

// The queue's state by job kind, read when Prometheus scrapes.
struct QueueDepth {
    std::string kind;
    std::int64_t waiting = 0;       // queued or retrying
    double oldest_age_seconds = 0;  // of the oldest waiting job; 0 when none
};
// nullopt when the queue could not be read: the gauges keep their last values.
using QueueSampler = std::function<std::optional<std::vector<QueueDepth>>()>;

class Metrics {
  public:
    explicit Metrics(std::string_view version);
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // One answered HTTP request; `route` is the pattern (/megatron/message/{user_id}/), never
    // the path, so label values stay few.
    void http_request(std::string_view route, int status, std::chrono::duration<double> took);
    // A relayed message from its acceptance to Slack's answer; direction is "incoming"
    // (customer -> channel), "outgoing" (bot -> channel) or "agent" (agent -> customer).
    void relay_delivered(std::string_view direction, std::chrono::duration<double> took);
    void job_retried(std::string_view kind);
    void job_dead(std::string_view kind);
    // One Slack Web API call; error is "ok" on success, else Slack's error code.
    void slack_call(std::string_view method, std::string_view error);
    // Time spent waiting out Slack's Retry-After.
    void slack_rate_limit_wait(std::string_view method, std::chrono::duration<double> waited);
    // One App Command sent to a bot app; outcome is "ok" or the failure's kind.
    void app_command(std::string_view command, std::string_view outcome);

    void set_queue_sampler(QueueSampler sampler);
    // The text exposition format (version 0.0.4), queue gauges sampled now.
    std::string exposition();

  private:
    struct Families;
    void sample_queue();

    std::shared_ptr<prometheus::Registry> registry_;
    std::unique_ptr<Families> families_;
    std::mutex sample_mutex_;  // scrapes may overlap
    QueueSampler sampler_;
    std::set<std::string> sampled_kinds_;
};

}  // namespace megatron::metrics
