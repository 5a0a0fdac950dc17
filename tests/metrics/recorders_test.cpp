// The recorders behind the clients' observers, with real clients: Slack calls to the simulator
// counted per attempt with the Retry-After asked for, App Commands sent to a bot app on loopback
// (a real http::Server) counted by command and outcome, and the workers' relay jobs as delivery
// latencies by direction; read back with Prometheus's parser.
#include "metrics/recorders.hpp"
#include "app_commands/client.hpp"
#include "http/server.hpp"
#include "metrics/parsed_metrics.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "slack_sim/simulator.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace megatron::metrics {
namespace {

using test::metric_sample;
using test::parsed_metrics;

// A bot app that accepts pause on /ok/, answers refresh_workspace with ok=false on /refused/
// and 503 on /down/.
class BotApp {
  public:
    BotApp() {
        router_.add(http::Verb::post, "/ok/", [](const http::Request&, http::RequestContext&) {
            return http::text_response(http::Status::ok, "{}", "application/json");
        });
        router_.add(http::Verb::post, "/refused/", [](const http::Request&, http::RequestContext&) {
            return http::text_response(http::Status::ok, R"({"ok":false,"error":"no"})",
                                       "application/json");
        });
        router_.add(http::Verb::post, "/down/", [](const http::Request&, http::RequestContext&) {
            return http::text_response(http::Status::service_unavailable, "{}", "application/json");
        });
        http::ServerOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.threads = 1;
        server_ = std::make_unique<http::Server>(options, router_);
        server_->start();
    }
    ~BotApp() { server_->stop(); }
    app_commands::Endpoint endpoint(const std::string& path) const {
        return {"http://127.0.0.1:" + std::to_string(server_->port()) + path, Secret("token")};
    }

  private:
    http::Router router_;
    std::unique_ptr<http::Server> server_;
};

TEST(Recorders, SlackCallsAreCountedPerAttemptWithTheRetryAfterAsked) {
    slack_sim::Simulator sim;
    sim.start();
    sim.add_workspace({.id = "T1", .name = "Acme", .domain = "acme", .bot_token = "xoxb-acme"});
    auto channel = sim.add_channel("T1", {.name = "general"});
    Metrics metrics("1");
    SlackCallRecorder recorder(metrics);
    std::vector<std::chrono::milliseconds> slept;
    slack::WebApiClientOptions options;
    options.base_url = sim.api_url();
    options.observer = &recorder;
    options.sleep = [&](std::chrono::milliseconds d) { slept.push_back(d); };
    slack::WebApiClient client(options);

    // One call that the client repeats twice: a 429 (Retry-After: 3), a 503, then success.
    sim.inject({.kind = slack_sim::FaultKind::RateLimited,
                .method = "conversations.history",
                .retry_after_seconds = 3});
    sim.inject({.kind = slack_sim::FaultKind::ServerError,
                .method = "conversations.history",
                .status = 503});
    slack::ApiCall call{"conversations.history", slack::Replay::Safe, {{"channel", channel}}};
    ASSERT_TRUE(client.call({Secret("xoxb-acme"), {}}, call));
    // Slack's own error, and a token Slack does not know.
    EXPECT_FALSE(
        client.call({Secret("xoxb-acme"), {}},
                    {"conversations.history", slack::Replay::Safe, {{"channel", "CNONE"}}}));
    sim.stop();

    ASSERT_FALSE(slept.empty());
    EXPECT_EQ(slept.front(), std::chrono::seconds(3));
    auto p = parsed_metrics(metrics.exposition());
    const std::string m = "method=conversations.history}";
    EXPECT_EQ(metric_sample(p, "megatron_slack_calls_total{error=ratelimited," + m), 1);
    EXPECT_EQ(metric_sample(p, "megatron_slack_calls_total{error=server_error," + m), 1);
    EXPECT_EQ(metric_sample(p, "megatron_slack_calls_total{error=ok," + m), 1);
    EXPECT_EQ(metric_sample(p, "megatron_slack_calls_total{error=channel_not_found," + m), 1);
    EXPECT_EQ(metric_sample(p, "megatron_slack_rate_limit_wait_seconds_total{" + m), 3);
}

TEST(Recorders, AppCommandsAreCountedByCommandAndOutcome) {
    Metrics metrics("1");
    AppCommandRecorder recorder(metrics);
    BotApp bot;
    SystemClock clock;
    http::Client http;
    app_commands::ClientOptions options;
    options.observer = &recorder;
    app_commands::AppCommandClient client(http, clock, options);

    EXPECT_TRUE(client.pause(bot.endpoint("/ok/"), {"D1", "T1", "U1", true}));
    EXPECT_TRUE(client.pause(bot.endpoint("/ok/"), {"D1", "T1", "U1", false}));
    EXPECT_FALSE(client.pause(bot.endpoint("/down/"), {"D1", "T1", "U1", true}));
    EXPECT_FALSE(client.refresh_workspace(bot.endpoint("/refused/"), {"T1"}));
    EXPECT_FALSE(client.clear_context({"", Secret("token")}, {"U1"}));

    auto p = parsed_metrics(metrics.exposition());
    EXPECT_EQ(metric_sample(p, "megatron_app_commands_total{command=pause,outcome=ok}"), 2);
    EXPECT_EQ(metric_sample(p, "megatron_app_commands_total{command=pause,outcome=http_status}"),
              1);
    EXPECT_EQ(
        metric_sample(p, "megatron_app_commands_total{command=refresh_workspace,outcome=refused}"),
        1);
    EXPECT_EQ(metric_sample(
                  p, "megatron_app_commands_total{command=clear-context,outcome=no_command_url}"),
              1);
}

TEST(Recorders, RelayJobsBecomeDeliveryLatenciesByDirectionOthersOnlyCount) {
    Metrics metrics("1");
    OffsetClock clock;
    JobRecorder recorder(metrics, clock,
                         [](std::string_view kind) -> std::optional<std::string_view> {
                             if (kind == "relay.in") return "incoming";
                             return std::nullopt;
                         });
    jobs::Job relayed;
    relayed.kind = "relay.in";
    relayed.created_at_ms = clock.now_millis() - 3000;  // accepted 3 s ago
    recorder.job_done(relayed);
    jobs::Job other;
    other.kind = "files.transfer";
    other.created_at_ms = clock.now_millis() - 100;
    recorder.job_done(other);
    recorder.job_retried(other);
    recorder.job_dead(other);
    jobs::Job unknown_age;  // enqueued before created_at was recorded
    unknown_age.kind = "relay.in";
    recorder.job_done(unknown_age);

    auto p = parsed_metrics(metrics.exposition());
    EXPECT_EQ(metric_sample(p, "megatron_relay_delivery_seconds_count{direction=incoming}"), 1);
    EXPECT_GE(metric_sample(p, "megatron_relay_delivery_seconds_sum{direction=incoming}"), 3.0);
    EXPECT_EQ(metric_sample(p, "megatron_relay_delivery_seconds_bucket{direction=incoming,le=2.5}"),
              0);
    EXPECT_EQ(metric_sample(p, "megatron_relay_delivery_seconds_bucket{direction=incoming,le=5}"),
              1);
    EXPECT_EQ(metric_sample(p, "megatron_job_retries_total{kind=files.transfer}"), 1);
    EXPECT_EQ(metric_sample(p, "megatron_jobs_dead_total{kind=files.transfer}"), 1);
}

}  // namespace
}  // namespace megatron::metrics
