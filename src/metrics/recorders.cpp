#include "metrics/recorders.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace megatron::metrics {

void SlackCallRecorder::call_finished(std::string_view method, std::string_view error) {
    metrics_.slack_call(method, error);
}

void SlackCallRecorder::rate_limited(std::string_view method, std::chrono::seconds retry_after) {
    metrics_.slack_rate_limit_wait(method, retry_after);
}

void AppCommandRecorder::command_finished(std::string_view command, std::string_view outcome) {
    metrics_.app_command(command, outcome);
}

void JobRecorder::job_done(const jobs::Job& job) {
    auto direction = direction_of_ ? direction_of_(job.kind) : std::nullopt;
    // A job from before created_at was recorded (0) has no acceptance time to measure from.
    if (!direction || job.created_at_ms <= 0) return;
    auto took = std::max<std::int64_t>(0, clock_.now_millis() - job.created_at_ms);
    metrics_.relay_delivered(*direction, std::chrono::milliseconds(took));
}

void JobRecorder::job_retried(const jobs::Job& job) {
    metrics_.job_retried(job.kind);
}

void JobRecorder::job_dead(const jobs::Job& job) {
    metrics_.job_dead(job.kind);
}

QueueSampler queue_sampler(jobs::JobQueue& queue, const Clock& clock) {
    return [&queue, &clock]() -> std::optional<std::vector<QueueDepth>> {
        auto waiting = queue.waiting_by_kind();
        if (!waiting) {
            spdlog::warn("metrics: cannot read the queue's depth: {}", waiting.error().message);
            return std::nullopt;
        }
        auto now = clock.now_millis();
        std::vector<QueueDepth> depths;
        for (const auto& w : *waiting) {
            double age =
                w.oldest_created_ms > 0
                    ? static_cast<double>(std::max<std::int64_t>(0, now - w.oldest_created_ms)) /
                          1000.0
                    : 0.0;
            depths.push_back({w.kind, w.count, age});
        }
        return depths;
    };
}

}  // namespace megatron::metrics
