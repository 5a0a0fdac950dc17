#include "metrics/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace megatron::metrics {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;

namespace {

// Seconds, from a millisecond relay to a minute-long backlog.
const Histogram::BucketBoundaries& latency_buckets() {
    static const Histogram::BucketBoundaries buckets{
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    return buckets;
}

std::string str(std::string_view s) {
    return std::string(s);
}

}  // namespace

struct Metrics::Families {
    Family<Counter>& http_requests;
    Family<Histogram>& http_duration;
    Family<Histogram>& relay_delivery;
    Family<Counter>& job_retries;
    Family<Counter>& jobs_dead;
    Family<Counter>& slack_calls;
    Family<Counter>& slack_rate_limit_wait;
    Family<Counter>& app_commands;
    Family<Gauge>& queue_depth;
    Family<Gauge>& queue_oldest;
};

Metrics::Metrics(std::string_view version) : registry_(std::make_shared<prometheus::Registry>()) {
    auto& r = *registry_;
    families_ = std::make_unique<Families>(Families{
        prometheus::BuildCounter()
            .Name("megatron_http_requests_total")
            .Help("HTTP requests answered, by route and status")
            .Register(r),
        prometheus::BuildHistogram()
            .Name("megatron_http_request_duration_seconds")
            .Help("Time to answer an HTTP request, by route")
            .Register(r),
        prometheus::BuildHistogram()
            .Name("megatron_relay_delivery_seconds")
            .Help("From a message's acceptance to Slack's answer, by direction")
            .Register(r),
        prometheus::BuildCounter()
            .Name("megatron_job_retries_total")
            .Help("Jobs put back to run again later, by kind")
            .Register(r),
        prometheus::BuildCounter()
            .Name("megatron_jobs_dead_total")
            .Help("Jobs that failed for good, by kind")
            .Register(r),
        prometheus::BuildCounter()
            .Name("megatron_slack_calls_total")
            .Help("Slack Web API calls, by method and error (ok on success)")
            .Register(r),
        prometheus::BuildCounter()
            .Name("megatron_slack_rate_limit_wait_seconds_total")
            .Help("Time waited on Slack's Retry-After, by method")
            .Register(r),
        prometheus::BuildCounter()
            .Name("megatron_app_commands_total")
            .Help("App Commands sent to bot apps, by command and outcome")
            .Register(r),
        prometheus::BuildGauge()
            .Name("megatron_queue_depth")
            .Help("Jobs queued or waiting to retry, by kind")
            .Register(r),
        prometheus::BuildGauge()
            .Name("megatron_queue_oldest_age_seconds")
            .Help("Age of the oldest job waiting to run, by kind")
            .Register(r),
    });
    prometheus::BuildGauge()
        .Name("megatron_build_info")
        .Help("Always 1; the labels name the build")
        .Register(r)
        .Add({{"version", str(version)}})
        .Set(1);
}

Metrics::~Metrics() = default;

void Metrics::http_request(std::string_view route, int status, std::chrono::duration<double> took) {
    families_->http_requests.Add({{"route", str(route)}, {"status", std::to_string(status)}})
        .Increment();
    families_->http_duration.Add({{"route", str(route)}}, latency_buckets()).Observe(took.count());
}

void Metrics::relay_delivered(std::string_view direction, std::chrono::duration<double> took) {
    families_->relay_delivery.Add({{"direction", str(direction)}}, latency_buckets())
        .Observe(took.count());
}

void Metrics::job_retried(std::string_view kind) {
    families_->job_retries.Add({{"kind", str(kind)}}).Increment();
}

void Metrics::job_dead(std::string_view kind) {
    families_->jobs_dead.Add({{"kind", str(kind)}}).Increment();
}

void Metrics::slack_call(std::string_view method, std::string_view error) {
    families_->slack_calls.Add({{"method", str(method)}, {"error", str(error)}}).Increment();
}

void Metrics::slack_rate_limit_wait(std::string_view method, std::chrono::duration<double> waited) {
    families_->slack_rate_limit_wait.Add({{"method", str(method)}}).Increment(waited.count());
}

void Metrics::app_command(std::string_view command, std::string_view outcome) {
    families_->app_commands.Add({{"command", str(command)}, {"outcome", str(outcome)}}).Increment();
}

void Metrics::set_queue_sampler(QueueSampler sampler) {
    std::lock_guard lock(sample_mutex_);
    sampler_ = std::move(sampler);
}

void Metrics::sample_queue() {
    std::lock_guard lock(sample_mutex_);
    if (!sampler_) return;
    auto sample = sampler_();
    if (!sample) return;
    // A kind whose jobs all ran is absent from the sample: it reads 0, not its last depth.
    for (const auto& kind : sampled_kinds_) {
        families_->queue_depth.Add({{"kind", kind}}).Set(0);
        families_->queue_oldest.Add({{"kind", kind}}).Set(0);
    }
    for (const auto& depth : *sample) {
        sampled_kinds_.insert(depth.kind);
        families_->queue_depth.Add({{"kind", depth.kind}}).Set(static_cast<double>(depth.waiting));
        families_->queue_oldest.Add({{"kind", depth.kind}}).Set(depth.oldest_age_seconds);
    }
}

std::string Metrics::exposition() {
    sample_queue();
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry_->Collect());
    return out.str();
}

}  // namespace megatron::metrics
