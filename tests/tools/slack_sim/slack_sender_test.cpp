// The simulator acting as Slack toward Megatron: signatures match Slack's published vector,
// and events are retried as Slack retries them.
#include "slack_sim/slack_sender.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <mutex>
#include <stop_token>
#include <thread>

namespace megatron::slack_sim {
namespace {

using namespace std::chrono_literals;

TEST(SlackSignatureTest, MatchesSlacksPublishedVectorsAndRejectsTheAlteredOnes) {
    auto document = test::fixture_json("slack/signing_vectors.json");
    ASSERT_TRUE(document.is_object());
    auto vectors = document.at("vectors").as_array();
    int valid_seen = 0;
    int invalid_seen = 0;
    for (const auto& v : vectors) {
        const auto& o = v.as_object();
        if (!o.at("timestamp").is_string() || !o.at("signature").is_string())
            continue;  // absent headers
        auto computed = slack_signature(Secret(std::string(o.at("signing_secret").as_string())),
                                        std::string(o.at("timestamp").as_string()),
                                        std::string(o.at("body").as_string()));
        bool matches = crypto::constant_time_equal(computed, o.at("signature").as_string());
        auto reason =
            o.contains("reason") ? std::string(o.at("reason").as_string()) : std::string{};
        if (o.at("expected_valid").as_bool()) {
            EXPECT_TRUE(matches) << o.at("id").as_string();
            ++valid_seen;
        } else if (reason.find("older than") == std::string::npos) {
            // Invalid for a reason other than staleness: the signature itself must differ.
            EXPECT_FALSE(matches) << o.at("id").as_string();
            ++invalid_seen;
        }
    }
    EXPECT_GE(valid_seen, 1);
    EXPECT_GE(invalid_seen, 4);
}

// A stand-in for Megatron's Slack endpoints that checks signatures and can be told to be
// slow or failing for its first requests.
class Receiver {
  public:
    explicit Receiver(std::string secret) : secret_(std::move(secret)) {
        router_.add(
            http::Verb::post, "/megatron/slack/event/",
            [this](const http::Request& req, http::RequestContext&) {
                std::unique_lock lock(mutex_);
                Seen seen{std::string(req["X-Slack-Retry-Num"]),
                          std::string(req["X-Slack-Retry-Reason"]), verify(req), req.body(),
                          std::string(req[boost::beast::http::field::content_type])};
                seen_.push_back(seen);
                auto n = seen_.size();
                auto behaviour = n <= script_.size() ? script_[n - 1] : std::string("ok");
                lock.unlock();
                if (behaviour == "slow") std::this_thread::sleep_for(2000ms);
                if (behaviour == "fail")
                    return http::error_response(http::Status::internal_server_error, "boom");
                if (behaviour == "no_retry") {
                    auto res = http::error_response(http::Status::internal_server_error, "boom");
                    res.set("X-Slack-No-Retry", "1");
                    return res;
                }
                return http::text_response(http::Status::ok, "", "text/plain");
            });
        router_.add(
            http::Verb::post, "/megatron/slack/slash-command/",
            [this](const http::Request& req, http::RequestContext&) {
                std::lock_guard lock(mutex_);
                seen_.push_back({"", "", verify(req), req.body(),
                                 std::string(req[boost::beast::http::field::content_type])});
                return http::text_response(http::Status::ok, "", "text/plain");
            });
        server_ = std::make_unique<http::Server>(http::ServerOptions{"127.0.0.1", 0, 4}, router_);
        server_->start();
    }

    struct Seen {
        std::string retry_num;
        std::string retry_reason;
        bool signature_valid;
        std::string body;
        std::string content_type;
    };

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
    }
    void script(std::vector<std::string> s) { script_ = std::move(s); }
    std::vector<Seen> seen() {
        std::lock_guard lock(mutex_);
        return seen_;
    }

  private:
    bool verify(const http::Request& req) const {
        auto ts = std::string(req["X-Slack-Request-Timestamp"]);
        auto sig = std::string(req["X-Slack-Signature"]);
        auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        if (ts.empty() || std::llabs(now - std::stoll(ts)) > 300) return false;
        auto expected = "v0=" + crypto::hmac_sha256_hex(secret_, "v0:" + ts + ":" + req.body());
        return crypto::constant_time_equal(expected, sig);
    }

    std::string secret_;
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::mutex mutex_;
    std::vector<Seen> seen_;
    std::vector<std::string> script_;
};

constexpr const char* kSigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

EventRetryPolicy quick_policy() {
    EventRetryPolicy policy;
    policy.ack_timeout = 1000ms;
    policy.retry_delays = {0ms, 20ms, 20ms};
    return policy;
}

TEST(SlackSenderTest, AnAcknowledgedEventIsSentOnceSigned) {
    Receiver megatron(kSigningSecret);
    SlackSender slack{Secret(kSigningSecret)};
    auto event = event_callback("T0CUSTOMER", "A0MEGATRON", "U0BOT",
                                message_event("D0DM", "U0CARLA", "hi", "1700000000.000100", "im"));
    auto delivery = slack.send_event(megatron.url("/megatron/slack/event/"), event, quick_policy());
    EXPECT_TRUE(delivery.delivered());
    ASSERT_EQ(delivery.attempts.size(), 1u);
    auto seen = megatron.seen();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_TRUE(seen[0].signature_valid);
    EXPECT_EQ(seen[0].retry_num, "");
    EXPECT_EQ(seen[0].content_type, "application/json");
    auto body = boost::json::parse(seen[0].body).as_object();
    EXPECT_EQ(body.at("type"), "event_callback");
    EXPECT_EQ(body.at("team_id"), "T0CUSTOMER");
    EXPECT_EQ(body.at("event").at("type"), "message");
    EXPECT_EQ(body.at("event").at("channel_type"), "im");
    EXPECT_TRUE(body.at("event_id").as_string().starts_with("Ev"));
}

TEST(SlackSenderTest, ASlowOrFailingAnswerIsRetriedWithSlacksRetryHeaders) {
    Receiver megatron(kSigningSecret);
    megatron.script({"slow", "fail"});
    SlackSender slack{Secret(kSigningSecret)};
    auto event = event_callback(
        "T0CUSTOMER", "A0MEGATRON", "U0BOT",
        message_event("C0SUPPORT", "U0AGENT", "on it", "1700000000.000200", "channel"));
    auto delivery = slack.send_event(megatron.url("/megatron/slack/event/"), event, quick_policy());
    EXPECT_TRUE(delivery.delivered());
    ASSERT_EQ(delivery.attempts.size(), 3u);
    EXPECT_TRUE(delivery.attempts[0].timed_out);
    EXPECT_EQ(delivery.attempts[1].status, 500);
    auto seen = megatron.seen();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[1].retry_num, "1");
    EXPECT_EQ(seen[1].retry_reason, "http_timeout");
    EXPECT_EQ(seen[2].retry_num, "2");
    EXPECT_EQ(seen[2].retry_reason, "http_error");
    // The same event (same event_id) every time, each signed afresh.
    for (const auto& s : seen) {
        EXPECT_TRUE(s.signature_valid);
        EXPECT_EQ(boost::json::parse(s.body).at("event_id"), event.at("event_id"));
    }
}

TEST(SlackSenderTest, SlackGivesUpAfterThreeRetriesOrWhenToldNotToRetry) {
    Receiver megatron(kSigningSecret);
    megatron.script({"fail", "fail", "fail", "fail", "no_retry"});
    SlackSender slack{Secret(kSigningSecret)};
    auto event = event_callback("T0", "A0", "U0", message_event("D0", "U1", "x", "1.000001", "im"));
    auto delivery = slack.send_event(megatron.url("/megatron/slack/event/"), event, quick_policy());
    EXPECT_FALSE(delivery.delivered());
    EXPECT_EQ(delivery.attempts.size(), 4u);
    EXPECT_EQ(delivery.attempts.back().retry_num, 3);

    auto stopped = slack.send_event(megatron.url("/megatron/slack/event/"), event, quick_policy());
    EXPECT_FALSE(stopped.delivered());
    EXPECT_EQ(stopped.attempts.size(), 1u);  // the 5th request answered X-Slack-No-Retry: 1
}

TEST(SlackSenderTest, AnUnreachableAppIsRetriedAsConnectionFailed) {
    SlackSender slack{Secret(kSigningSecret)};
    auto url = "http://127.0.0.1:" + std::to_string(test::free_port()) + "/megatron/slack/event/";
    auto event = event_callback("T0", "A0", "U0", message_event("D0", "U1", "x", "1.000001", "im"));
    auto delivery = slack.send_event(url, event, quick_policy());
    ASSERT_EQ(delivery.attempts.size(), 4u);
    EXPECT_TRUE(delivery.attempts[0].connection_failed);
    EXPECT_EQ(delivery.attempts[1].retry_reason, "connection_failed");
}

TEST(SlackSenderTest, AStopRequestEndsTheWaitForSlacksNextRetry) {
    Receiver megatron(kSigningSecret);
    megatron.script({"fail", "fail"});
    SlackSender slack{Secret(kSigningSecret)};
    auto event = event_callback("T0", "A0", "U0", message_event("D0", "U1", "x", "1.000001", "im"));
    std::stop_source stop;
    // Asks to stop once the first try and the immediate retry failed: the sender is then in
    // Slack's one-minute wait (the default schedule).
    std::jthread stopper([&] {
        for (int i = 0; i < 3000 && megatron.seen().size() < 2; ++i)
            std::this_thread::sleep_for(10ms);
        stop.request_stop();
    });
    auto delivery =
        slack.send_event(megatron.url("/megatron/slack/event/"), event, {}, stop.get_token());
    EXPECT_TRUE(delivery.abandoned);
    EXPECT_FALSE(delivery.delivered());
    EXPECT_EQ(delivery.attempts.size(), 2u);
    EXPECT_EQ(megatron.seen().size(), 2u);
}

TEST(SlackSenderTest, AfterAStopRequestNothingIsSent) {
    Receiver megatron(kSigningSecret);
    SlackSender slack{Secret(kSigningSecret)};
    std::stop_source stop;
    stop.request_stop();
    auto event = event_callback("T0", "A0", "U0", message_event("D0", "U1", "x", "1.000001", "im"));
    auto delivery = slack.send_event(megatron.url("/megatron/slack/event/"), event, quick_policy(),
                                     stop.get_token());
    EXPECT_TRUE(delivery.abandoned);
    EXPECT_TRUE(delivery.attempts.empty());
    EXPECT_TRUE(megatron.seen().empty());
}

TEST(SlackSenderTest, SlashCommandsAndInteractivePayloadsAreSignedFormBodies) {
    Receiver megatron(kSigningSecret);
    SlackSender slack{Secret(kSigningSecret)};
    auto url = megatron.url("/megatron/slack/slash-command/");
    auto answer = slack.send_slash_command(url, {{"command", "/megatron"},
                                                 {"text", "open U0CARLA"},
                                                 {"user_id", "U0AGENT"},
                                                 {"channel_id", "C0SUPPORT"}});
    EXPECT_EQ(answer.status, 200);
    auto interactive = slack.send_interactive(url, boost::json::object{{"type", "block_actions"}});
    EXPECT_EQ(interactive.status, 200);
    auto stale =
        slack.send_signed(url, "command=%2Fx", "application/x-www-form-urlencoded", 1531420618);
    EXPECT_EQ(stale.status, 200);

    auto seen = megatron.seen();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_TRUE(seen[0].signature_valid);
    auto form = strings::parse_form(seen[0].body);
    EXPECT_EQ(form.at("command"), "/megatron");
    EXPECT_EQ(form.at("text"), "open U0CARLA");
    EXPECT_EQ(seen[0].content_type, "application/x-www-form-urlencoded");
    EXPECT_TRUE(seen[1].signature_valid);
    EXPECT_EQ(boost::json::parse(strings::parse_form(seen[1].body).at("payload")).at("type"),
              "block_actions");
    EXPECT_FALSE(seen[2].signature_valid);  // five-minute window: a 2018 timestamp is stale
}

}  // namespace
}  // namespace megatron::slack_sim
