// GET /metrics on the real server: the requests it answered are counted by route pattern and
// status, the exposition parses with Prometheus's reference parser, and a metrics token is
// enforced.
#include "cli/megatron_process.hpp"
#include "metrics/parsed_metrics.hpp"

#include <gtest/gtest.h>

namespace megatron::test {
namespace {

TEST(MetricsScrape, RequestsAreCountedByRouteAndStatus) {
    MegatronServer server;
    ASSERT_EQ(server.request("GET", "/healthz").status, 200);
    ASSERT_EQ(server.request("GET", "/healthz").status, 200);
    ASSERT_EQ(server.request("GET", "/megatron/nothing-here/").status, 404);
    ASSERT_EQ(server.request("POST", "/megatron/incoming/", "{}").status, 401);

    auto scrape = server.request("GET", "/metrics");
    ASSERT_EQ(scrape.status, 200);
    EXPECT_NE(scrape.header("content-type").find("version=0.0.4"), std::string::npos);
    auto p = parsed_metrics(scrape.body);
    EXPECT_EQ(metric_sample(p, "megatron_http_requests_total{route=/healthz,status=200}"), 2);
    EXPECT_EQ(metric_sample(p, "megatron_http_requests_total{route=unmatched,status=404}"), 1);
    EXPECT_EQ(
        metric_sample(p, "megatron_http_requests_total{route=/megatron/incoming/,status=401}"), 1);
    EXPECT_EQ(metric_sample(p, "megatron_http_request_duration_seconds_count{route=/healthz}"), 2);
    EXPECT_EQ(p.at("types").as_object().at("megatron_build_info"), "gauge");
}

TEST(MetricsScrape, ATokenIsRequiredWhenOneIsSet) {
    MegatronServer server(
        std::map<std::string, std::string>{{"MEGATRON_METRICS_TOKEN", "scrape-secret"}});
    EXPECT_EQ(server.request("GET", "/metrics").status, 401);
    EXPECT_EQ(server.request("GET", "/metrics", {}, {{"Authorization", "Bearer wrong"}}).status,
              401);
    auto ok = server.request("GET", "/metrics", {}, {{"Authorization", "Bearer scrape-secret"}});
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body.find("scrape-secret"), std::string::npos);
    EXPECT_EQ(server.process().output().find("scrape-secret"), std::string::npos);
}

}  // namespace
}  // namespace megatron::test
