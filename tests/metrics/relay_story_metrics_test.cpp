// The metrics and the logs of a relay story, on the real `megatron serve` with Slack simulated:
// the three directions delivered (one after a 429 Retry-After), a message that dies, one held
// back by a long Retry-After. Then /metrics, read with Prometheus's reference parser, counts
// each of them; and the JSON log has one object a line, carries each request's id into its
// job's lines, and holds no token, secret or message text. On SQLite, PostgreSQL and
// PostgreSQL + Redis.
#include "e2e/relay_world.hpp"
#include "metrics/parsed_metrics.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <sstream>

namespace megatron::test {
namespace {

namespace json = boost::json;

constexpr const char* kSigningSecret = "story-signing-secret-0123456789";
constexpr const char* kCustomerKind = "relay.mirror_customer_message";
// What people write in the story: none of it may reach the log.
constexpr const char* kFirstText = "my card was declined";
constexpr const char* kBotText = "let me check that for you";
constexpr const char* kAgentText = "Hi Carla, an agent here";
constexpr const char* kDyingText = "this one Slack finds too long";
constexpr const char* kHeldText = "still waiting on my refund";

class RelayStoryObserved : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        world = std::make_unique<RelayWorld>(
            GetParam(), std::map<std::string, std::string>{{"SLACK_SIGNING_SECRET", kSigningSecret},
                                                           {"MEGATRON_LOG_FORMAT", "json"},
                                                           {"MEGATRON_LOG_LEVEL", "info"}});
        ASSERT_FALSE(world->unavailable()) << world->unavailable_reason();
        alice =
            world->sim.add_user(world->support_team, {.name = "alice", .real_name = "Alice Agent"});
        world->sim.add_member(world->zz_carla, alice);
        world->sim.connect_app(world->support_team,
                               {.events_url = world->megatron_url("/megatron/slack/event/"),
                                .signing_secret = kSigningSecret,
                                .echo_bot_messages = false});
    }
    void TearDown() override { world.reset(); }

    // POST with the organization's token and our own X-Request-Id; the answer must name it.
    void post(const std::string& path, const json::object& body, const std::string& request_id) {
        auto answer = world->server().request("POST", path, json::serialize(body),
                                              {{"Content-Type", "application/json"},
                                               {"Authorization", "MegatronToken " + world->token},
                                               {"X-Request-Id", request_id}});
        ASSERT_EQ(answer.status, 200) << answer.body;
        EXPECT_EQ(answer.header("x-request-id"), request_id);
    }
    void customer_says(const std::string& text, const std::string& ts,
                       const std::string& request_id) {
        post("/megatron/incoming/",
             {{"message", json::object{{"user", world->carla}, {"text", text}, {"ts", ts}}}},
             request_id);
    }

    json::object scrape() {
        auto answer = world->server().request("GET", "/metrics");
        EXPECT_EQ(answer.status, 200);
        return parsed_metrics(answer.body);
    }
    // A sample's value, or -1 while it is absent (no failure: the caller may be waiting).
    static double value(const json::object& parsed, const std::string& key) {
        const auto* samples = parsed.if_contains("samples");
        const auto* v = samples == nullptr ? nullptr : samples->as_object().if_contains(key);
        return v == nullptr ? -1 : v->to_number<double>();
    }
    bool scrape_shows(const std::string& key, double expected) {
        return RelayWorld::eventually([&] { return value(scrape(), key) == expected; });
    }

    // The story up to the held-back message: three directions delivered (the first after a
    // 1 s Retry-After), and a customer message Slack refuses for good.
    void deliver_and_kill() {
        world->sim.inject({.kind = slack_sim::FaultKind::RateLimited,
                           .method = "chat.postMessage",
                           .retry_after_seconds = 1});
        customer_says(kFirstText, "1700000000.000100", "story-incoming-1");
        ASSERT_TRUE(RelayWorld::eventually(
            [&] { return world->sim.messages(world->zz_carla).size() == 1; }));

        post("/megatron/outgoing/",
             {{"user", world->carla},
              {"message", json::object{{"text", kBotText}}},
              {"ts", "1700000000.000200"}},
             "story-outgoing-1");
        ASSERT_TRUE(RelayWorld::eventually(
            [&] { return world->sim.messages(world->zz_carla).size() == 2; }));

        ASSERT_TRUE(world->sim.user_says(world->zz_carla, alice, kAgentText).delivered());
        ASSERT_TRUE(RelayWorld::eventually(
            [&] { return world->sim.messages(world->carla_dm).size() == 1; }));
        // The agent's job also warns the channel that the bot is not paused: done only then.
        ASSERT_TRUE(scrape_shows("megatron_relay_delivery_seconds_count{direction=agent}", 1));

        world->sim.inject({.kind = slack_sim::FaultKind::SlackError,
                           .method = "chat.postMessage",
                           .error = "msg_too_long"});
        customer_says(kDyingText, "1700000000.000300", "story-incoming-dies");
        ASSERT_TRUE(
            scrape_shows("megatron_jobs_dead_total{kind=" + std::string(kCustomerKind) + "}", 1));
    }

    // A customer message whose post Slack answers with Retry-After: 60: it waits in the queue.
    void hold_one_back() {
        world->sim.inject({.kind = slack_sim::FaultKind::RateLimited,
                           .method = "chat.postMessage",
                           .retry_after_seconds = 60});
        customer_says(kHeldText, "1700000000.000400", "story-incoming-held");
    }

    std::unique_ptr<RelayWorld> world;
    std::string alice;
};

TEST_P(RelayStoryObserved, MetricsCountDeliveriesSlackCallsRateLimitsDeadJobsAndTheQueue) {
    deliver_and_kill();
    auto p = scrape();
    // One delivery each way; the refused message is not a delivery.
    EXPECT_EQ(value(p, "megatron_relay_delivery_seconds_count{direction=incoming}"), 1);
    EXPECT_EQ(value(p, "megatron_relay_delivery_seconds_count{direction=outgoing}"), 1);
    EXPECT_EQ(value(p, "megatron_relay_delivery_seconds_count{direction=agent}"), 1);
    // The first message waited out the 1 s Retry-After between acceptance and Slack's answer.
    EXPECT_GE(value(p, "megatron_relay_delivery_seconds_sum{direction=incoming}"), 1.0);
    EXPECT_EQ(value(p, "megatron_relay_delivery_seconds_bucket{direction=incoming,le=0.5}"), 0);

    // Slack calls by method and error, the 429 with the wait it asked for.
    EXPECT_EQ(value(p, "megatron_slack_calls_total{error=ratelimited,method=chat.postMessage}"), 1);
    EXPECT_EQ(value(p, "megatron_slack_calls_total{error=msg_too_long,method=chat.postMessage}"),
              1);
    EXPECT_EQ(value(p, "megatron_slack_calls_total{error=ok,method=chat.postMessage}"),
              static_cast<double>(world->sim.calls("chat.postMessage").size() - 2));
    EXPECT_GE(value(p, "megatron_slack_calls_total{error=ok,method=chat.postMessage}"), 3);
    EXPECT_EQ(value(p, "megatron_slack_calls_total{error=ok,method=users.info}"),
              static_cast<double>(world->sim.calls("users.info").size()));
    EXPECT_EQ(value(p, "megatron_slack_rate_limit_wait_seconds_total{method=chat.postMessage}"), 1);

    // The 429 put the job back once; the refused one died.
    EXPECT_EQ(value(p, "megatron_job_retries_total{kind=" + std::string(kCustomerKind) + "}"), 1);
    EXPECT_EQ(value(p, "megatron_jobs_dead_total{kind=" + std::string(kCustomerKind) + "}"), 1);
    // Nothing waits now (absent, or 0 when a scrape saw one of the jobs before it ran).
    EXPECT_LE(value(p, "megatron_queue_depth{kind=" + std::string(kCustomerKind) + "}"), 0);

    hold_one_back();
    std::string depth = "megatron_queue_depth{kind=" + std::string(kCustomerKind) + "}";
    ASSERT_TRUE(scrape_shows(depth, 1));
    p = scrape();
    auto age =
        value(p, "megatron_queue_oldest_age_seconds{kind=" + std::string(kCustomerKind) + "}");
    EXPECT_GE(age, 0);
    EXPECT_LT(age, 60);
    EXPECT_EQ(value(p, "megatron_slack_rate_limit_wait_seconds_total{method=chat.postMessage}"),
              61);
    EXPECT_EQ(value(p, "megatron_slack_calls_total{error=ratelimited,method=chat.postMessage}"), 2);
    EXPECT_EQ(value(p, "megatron_job_retries_total{kind=" + std::string(kCustomerKind) + "}"), 2);
    EXPECT_EQ(p.at("types").as_object().at("megatron_queue_depth"), "gauge");
    EXPECT_EQ(p.at("types").as_object().at("megatron_relay_delivery_seconds"), "histogram");
}

// The JSON lines of the server's output (all of them must be JSON objects).
std::vector<json::object> log_lines(const std::string& output) {
    std::vector<json::object> lines;
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        boost::system::error_code ec;
        auto value = json::parse(line, ec);
        EXPECT_FALSE(ec) << "not JSON: " << line;
        if (ec) continue;
        EXPECT_TRUE(value.is_object()) << line;
        if (value.is_object()) lines.push_back(value.as_object());
    }
    return lines;
}

std::string field(const json::object& line, std::string_view key) {
    const auto* v = line.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

TEST_P(RelayStoryObserved, JsonLogCarriesRequestIdsIntoJobsAndNoSecretsOrTexts) {
    deliver_and_kill();
    hold_one_back();
    ASSERT_TRUE(scrape_shows("megatron_queue_depth{kind=" + std::string(kCustomerKind) + "}", 1));
    auto output = world->server().process().output();
    auto lines = log_lines(output);
    ASSERT_FALSE(lines.empty());

    for (const auto& line : lines) {
        EXPECT_FALSE(field(line, "time").empty()) << json::serialize(line);
        EXPECT_FALSE(field(line, "level").empty()) << json::serialize(line);
        EXPECT_TRUE(line.contains("message")) << json::serialize(line);
    }
    // The jobs' own lines (a worker's, while it ran the job) carry the id of the HTTP request
    // that accepted the message.
    auto request_of = [&](std::string_view words) {
        std::vector<std::string> ids;
        for (const auto& line : lines) {
            if (field(line, "message").find(words) != std::string::npos)
                ids.push_back(field(line, "request_id"));
        }
        return ids;
    };
    EXPECT_EQ(request_of("failed for good"), std::vector<std::string>{"story-incoming-dies"});
    auto rate_limited = request_of("rate limited");
    EXPECT_NE(std::find(rate_limited.begin(), rate_limited.end(), "story-incoming-1"),
              rate_limited.end())
        << output;
    EXPECT_NE(std::find(rate_limited.begin(), rate_limited.end(), "story-incoming-held"),
              rate_limited.end())
        << output;

    // Nothing secret, nothing anybody wrote.
    for (std::string needle :
         {std::string(kSupportToken), std::string(kCustomerToken), std::string(kSigningSecret),
          world->token, std::string(kFirstText), std::string(kBotText), std::string(kAgentText),
          std::string(kDyingText), std::string(kHeldText)}) {
        EXPECT_EQ(output.find(needle), std::string::npos) << "the log shows: " << needle;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, RelayStoryObserved, ::testing::ValuesIn(available_backends()),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
}  // namespace megatron::test
