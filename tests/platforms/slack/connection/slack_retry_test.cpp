// The client's behaviour when Slack misbehaves: 429 with Retry-After, 5xx, slow answers,
// dropped and refused connections, and which requests may be repeated.
#include "platforms/slack/connection/methods.hpp"
#include "sim_fixture.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

namespace megatron::slack::testing {
namespace {

using namespace std::chrono_literals;
using slack_sim::FaultKind;

class SlackRetryTest : public SimFixture {};

TEST_F(SlackRetryTest, RateLimitWaitsForRetryAfterThenSucceeds) {
    sim_.inject({.kind = FaultKind::RateLimited,
                 .method = "chat.postMessage",
                 .times = 2,
                 .retry_after_seconds = 2});
    auto posted = post_message(*client_, creds(), {.channel = dm_, .text = "patience"});
    ASSERT_TRUE(posted) << posted.error().describe();
    EXPECT_EQ(sleeps(), (std::vector<std::chrono::milliseconds>{2000ms, 2000ms}));
    EXPECT_EQ(sim_.call_count("chat.postMessage"), 3u);
    EXPECT_EQ(sim_.messages(dm_).size(), 1u);
}

TEST_F(SlackRetryTest, RateLimitWithTheRealSleeperWaitsAndSucceeds) {
    WebApiClientOptions options;
    options.base_url = sim_.api_url();
    WebApiClient client(options);  // default sleeper: really waits the Retry-After second
    sim_.inject({.kind = FaultKind::RateLimited, .method = "users.info", .retry_after_seconds = 1});
    auto user = user_info(client, creds(), carla_);
    ASSERT_TRUE(user) << user.error().describe();
    EXPECT_EQ(sim_.call_count("users.info"), 2u);
}

TEST_F(SlackRetryTest, PostsPacedBySlacksPerChannelLimitAllLandInOrder) {
    sim_.limit_posts_per_channel(2.0, 1);
    WebApiClientOptions options;
    options.base_url = sim_.api_url();
    WebApiClient client(options);  // the real sleeper honours Retry-After
    for (int i = 0; i < 3; ++i) {
        auto posted =
            post_message(client, creds(), {.channel = dm_, .text = "n" + std::to_string(i)});
        ASSERT_TRUE(posted) << posted.error().describe();
    }
    auto stored = sim_.messages(dm_);
    ASSERT_EQ(stored.size(), 3u);
    EXPECT_EQ(stored[2].text, "n2");
    std::size_t limited = 0;
    for (const auto& c : sim_.calls("chat.postMessage")) limited += c.error == "ratelimited";
    EXPECT_GE(limited, 1u);
}

TEST_F(SlackRetryTest, RateLimitIsHandedBackWithRetryAfterWhenTheCallerWillNotWait) {
    auto no_wait = make_client(RetryPolicy::no_wait());
    sim_.inject(
        {.kind = FaultKind::RateLimited, .method = "chat.postMessage", .retry_after_seconds = 7});
    auto posted = post_message(*no_wait, creds(), {.channel = dm_, .text = "later"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, SlackErrorCode::RateLimited);
    ASSERT_TRUE(posted.error().retry_after);
    EXPECT_EQ(*posted.error().retry_after, 7s);
    EXPECT_EQ(posted.error().http_status, 429);
    EXPECT_TRUE(posted.error().is_transient());
    EXPECT_FALSE(posted.error().outcome_unknown);  // a 429 was not carried out
    EXPECT_TRUE(sleeps().empty());
    EXPECT_TRUE(sim_.messages(dm_).empty());
}

TEST_F(SlackRetryTest, RateLimitLongerThanTheWaitBudgetIsNotWaitedFor) {
    auto policy = default_policy();
    policy.max_total_wait = 3s;
    auto client = make_client(policy);
    sim_.inject(
        {.kind = FaultKind::RateLimited, .method = "users.info", .retry_after_seconds = 30});
    auto user = user_info(*client, creds(), carla_);
    ASSERT_FALSE(user);
    EXPECT_EQ(user.error().code, SlackErrorCode::RateLimited);
    EXPECT_EQ(*user.error().retry_after, 30s);
    EXPECT_TRUE(sleeps().empty());
}

TEST_F(SlackRetryTest, ServerErrorsAreRetriedWithCappedJitteredBackoffForSafeRequests) {
    sim_.inject({.kind = FaultKind::ServerError,
                 .method = "conversations.history",
                 .times = 3,
                 .status = 503});
    auto history = conversation_history(*client_, creds(), {.channel = dm_});
    ASSERT_TRUE(history) << history.error().describe();
    auto waits = sleeps();
    ASSERT_EQ(waits.size(), 3u);
    // base 10 ms, doubling, capped at 40 ms; each wait is jittered within [d/2, d].
    EXPECT_GE(waits[0], 5ms);
    EXPECT_LE(waits[0], 10ms);
    EXPECT_GE(waits[1], 10ms);
    EXPECT_LE(waits[1], 20ms);
    EXPECT_GE(waits[2], 20ms);
    EXPECT_LE(waits[2], 40ms);
    EXPECT_EQ(sim_.call_count("conversations.history"), 4u);
}

TEST_F(SlackRetryTest, ServerErrorsStopAfterMaxAttempts) {
    sim_.inject(
        {.kind = FaultKind::ServerError, .method = "users.info", .times = -1, .status = 502});
    auto user = user_info(*client_, creds(), carla_);
    ASSERT_FALSE(user);
    EXPECT_EQ(user.error().code, SlackErrorCode::ServerError);
    EXPECT_EQ(user.error().http_status, 502);
    EXPECT_EQ(user.error().attempts, 4);
    EXPECT_EQ(sim_.call_count("users.info"), 4u);
}

TEST_F(SlackRetryTest, AServerErrorOnAPostIsNotRepeated) {
    sim_.inject({.kind = FaultKind::ServerError, .method = "chat.postMessage", .status = 500});
    auto posted = post_message(*client_, creds(), {.channel = dm_, .text = "once"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, SlackErrorCode::ServerError);
    EXPECT_TRUE(posted.error().outcome_unknown);
    EXPECT_EQ(sim_.call_count("chat.postMessage"), 1u);
}

TEST_F(SlackRetryTest, ATimeoutOnASafeRequestIsRetried) {
    auto client = make_client(default_policy(), nullptr, 1000ms);
    sim_.inject({.kind = FaultKind::Slow, .method = "users.info", .delay = 2500ms});
    auto user = user_info(*client, creds(), carla_);
    ASSERT_TRUE(user) << user.error().describe();
    EXPECT_EQ(sleeps().size(), 1u);
}

TEST_F(SlackRetryTest, ATimeoutOnAPostIsReportedAsOutcomeUnknownAndNotRepeated) {
    auto client = make_client(default_policy(), nullptr, 1000ms);
    sim_.inject({.kind = FaultKind::Slow, .method = "chat.postMessage", .delay = 2500ms});
    auto posted = post_message(*client, creds(), {.channel = dm_, .text = "did it land?"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, SlackErrorCode::Timeout);
    EXPECT_TRUE(posted.error().outcome_unknown);
    // The slow answer still posts; the client must not have posted a second copy.
    for (int i = 0; i < 100 && sim_.messages(dm_).empty(); ++i) std::this_thread::sleep_for(50ms);
    EXPECT_EQ(sim_.messages(dm_).size(), 1u);
    EXPECT_EQ(sim_.call_count("chat.postMessage"), 1u);
}

TEST_F(SlackRetryTest, ADroppedConnectionIsRetriedForSafeRequests) {
    sim_.inject({.kind = FaultKind::DropConnection, .method = "conversations.open", .times = 2});
    auto opened = open_conversation(*client_, creds(), carla_);
    ASSERT_TRUE(opened) << opened.error().describe();
    EXPECT_EQ(opened->channel_id, dm_);
    EXPECT_EQ(sim_.call_count("conversations.open"), 3u);
}

TEST_F(SlackRetryTest, APostWhoseAnswerIsLostIsNotRepeatedAndCanBeFoundByItsMetadata) {
    sim_.inject({.kind = FaultKind::DropAfterProcessing, .method = "chat.postMessage"});
    PostMessage message{.channel = dm_, .text = "exactly once"};
    message.metadata = MessageMetadata{"megatron_post", {{"idempotency_key", "job-7"}}};
    auto posted = post_message(*client_, creds(), message);
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, SlackErrorCode::ConnectionFailed);
    EXPECT_TRUE(posted.error().outcome_unknown);
    EXPECT_EQ(sim_.call_count("chat.postMessage"), 1u);

    // What a queue does next: look for the key before posting again.
    auto history =
        conversation_history(*client_, creds(), {.channel = dm_, .include_all_metadata = true});
    ASSERT_TRUE(history);
    ASSERT_EQ(history->messages.size(), 1u);
    ASSERT_TRUE(history->messages[0].metadata);
    EXPECT_EQ(history->messages[0].metadata->event_payload.at("idempotency_key"), "job-7");
}

TEST_F(SlackRetryTest, ALostAnswerOnAWarmConnectionIsNotResentByTheHttpLayer) {
    // Warm the keep-alive pool first: libcurl would silently re-send a request whose reused
    // connection dies before answering, which is the duplicate this must avoid.
    ASSERT_TRUE(user_info(*client_, creds(), carla_));
    ASSERT_TRUE(post_message(*client_, creds(), {.channel = dm_, .text = "warm-up"}));
    ASSERT_TRUE(user_info(*client_, creds(), carla_));
    sim_.inject({.kind = FaultKind::DropAfterProcessing, .method = "chat.postMessage"});
    auto posted = post_message(*client_, creds(), {.channel = dm_, .text = "only once"});
    ASSERT_FALSE(posted);
    EXPECT_TRUE(posted.error().outcome_unknown);
    EXPECT_EQ(sim_.call_count("chat.postMessage"), 2u);
    ASSERT_EQ(sim_.messages(dm_).size(), 2u);
    EXPECT_EQ(sim_.messages(dm_).back().text, "only once");
}

TEST_F(SlackRetryTest, ARefusedConnectionIsRetriedEvenForPostsBecauseNothingWasSent) {
    auto closed_port = test::free_port();
    WebApiClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(closed_port) + "/api/";
    options.retry = default_policy();
    options.retry.max_attempts = 3;
    std::vector<std::chrono::milliseconds> waits;
    options.sleep = [&](std::chrono::milliseconds d) { waits.push_back(d); };
    WebApiClient client(options);
    auto posted = post_message(client, creds(), {.channel = dm_, .text = "anyone?"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, SlackErrorCode::ConnectionFailed);
    EXPECT_EQ(posted.error().attempts, 3);
    EXPECT_FALSE(posted.error().outcome_unknown);
    EXPECT_EQ(waits.size(), 2u);
}

TEST_F(SlackRetryTest, BackoffDelaysAreCappedAndJittered) {
    RetryPolicy policy;
    policy.base_delay = 100ms;
    policy.max_delay = 1000ms;
    std::mt19937_64 rng(42);
    for (int retry = 1; retry <= 12; ++retry) {
        auto ceiling = std::min<std::int64_t>(100LL << std::min(retry - 1, 20), 1000);
        for (int i = 0; i < 50; ++i) {
            auto d = backoff_delay(policy, retry, rng).count();
            EXPECT_GE(d, ceiling / 2) << retry;
            EXPECT_LE(d, ceiling) << retry;
        }
    }
    EXPECT_EQ(backoff_delay(RetryPolicy::no_wait(), 3, rng), 0ms);
}

}  // namespace
}  // namespace megatron::slack::testing
