// The metrics registry, read back through Prometheus's own text parser.
#include "metrics/metrics.hpp"
#include "metrics/parsed_metrics.hpp"

namespace megatron::metrics {
namespace {

using test::metric_sample;
using test::parsed_metrics;

TEST(Metrics, EveryFamilyParsesWithTheValuesRecorded) {
    Metrics m("1.2.3");
    m.http_request("/megatron/incoming/", 200, std::chrono::milliseconds(3));
    m.http_request("/megatron/incoming/", 200, std::chrono::milliseconds(30));
    m.http_request("/megatron/incoming/", 401, std::chrono::milliseconds(1));
    m.relay_delivered("incoming", std::chrono::milliseconds(12));
    m.job_retried("relay.incoming");
    m.job_dead("relay.incoming");
    m.slack_call("chat.postMessage", "ok");
    m.slack_call("chat.postMessage", "ratelimited");
    m.slack_rate_limit_wait("chat.postMessage", std::chrono::seconds(2));
    m.app_command("pause", "ok");
    m.set_queue_sampler([] { return std::vector<QueueDepth>{{"relay.incoming", 4, 1.5}}; });

    auto p = parsed_metrics(m.exposition());
    EXPECT_EQ(
        metric_sample(p, "megatron_http_requests_total{route=/megatron/incoming/,status=200}"), 2);
    EXPECT_EQ(
        metric_sample(p, "megatron_http_requests_total{route=/megatron/incoming/,status=401}"), 1);
    EXPECT_EQ(
        metric_sample(p, "megatron_http_request_duration_seconds_count{route=/megatron/incoming/}"),
        3);
    EXPECT_EQ(
        metric_sample(
            p, "megatron_http_request_duration_seconds_bucket{le=0.005,route=/megatron/incoming/}"),
        2);
    EXPECT_EQ(metric_sample(p, "megatron_relay_delivery_seconds_count{direction=incoming}"), 1);
    EXPECT_EQ(metric_sample(p, "megatron_job_retries_total{kind=relay.incoming}"), 1);
    EXPECT_EQ(metric_sample(p, "megatron_jobs_dead_total{kind=relay.incoming}"), 1);
    EXPECT_EQ(
        metric_sample(p, "megatron_slack_calls_total{error=ratelimited,method=chat.postMessage}"),
        1);
    EXPECT_EQ(
        metric_sample(p, "megatron_slack_rate_limit_wait_seconds_total{method=chat.postMessage}"),
        2);
    EXPECT_EQ(metric_sample(p, "megatron_app_commands_total{command=pause,outcome=ok}"), 1);
    EXPECT_EQ(metric_sample(p, "megatron_queue_depth{kind=relay.incoming}"), 4);
    EXPECT_EQ(metric_sample(p, "megatron_queue_oldest_age_seconds{kind=relay.incoming}"), 1.5);
    EXPECT_EQ(metric_sample(p, "megatron_build_info{version=1.2.3}"), 1);
    const auto& types = p.at("types").as_object();
    EXPECT_EQ(types.at("megatron_http_requests"), "counter");
    EXPECT_EQ(types.at("megatron_relay_delivery_seconds"), "histogram");
    EXPECT_EQ(types.at("megatron_queue_depth"), "gauge");
}

TEST(Metrics, AKindThatEmptiedReadsZero) {
    Metrics m("1");
    int scrape = 0;
    m.set_queue_sampler([&] {
        return ++scrape == 1 ? std::vector<QueueDepth>{{"files.transfer", 3, 9}}
                             : std::vector<QueueDepth>{};
    });
    EXPECT_EQ(
        metric_sample(parsed_metrics(m.exposition()), "megatron_queue_depth{kind=files.transfer}"),
        3);
    auto second = parsed_metrics(m.exposition());
    EXPECT_EQ(metric_sample(second, "megatron_queue_depth{kind=files.transfer}"), 0);
    EXPECT_EQ(metric_sample(second, "megatron_queue_oldest_age_seconds{kind=files.transfer}"), 0);
}

}  // namespace
}  // namespace megatron::metrics
