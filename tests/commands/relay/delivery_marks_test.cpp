// Delivery marks (issue 19.1) end to end: the reaction on the agent's own message that says
// how its relay to the customer went, the failure note with its Retry button, and Retry
// delivering at most once; on SQLite and on PostgreSQL + Redis.
#include "commands/relay/agent_view_test.hpp"

#include <chrono>
#include <thread>

namespace megatron::test {
namespace {

namespace json = boost::json;

constexpr const char* kQueued = "hourglass_flowing_sand";
constexpr const char* kDelivered = "white_check_mark";
constexpr const char* kFailed = "x";

class DeliveryMarkStories : public AgentViewTest {
  protected:
    // Slack answers `error` to the next post into the customer's DM.
    void next_dm_post_fails(const std::string& error, int times = 1) {
        sim_.inject({.kind = slack_sim::FaultKind::SlackError,
                     .method = "chat.postMessage",
                     .token = "xoxb-customer",
                     .times = times,
                     .error = error});
    }

    // The failure note in the thread of `ts`, if any.
    std::optional<slack_sim::Message> note_under(const std::string& channel,
                                                 const std::string& ts) {
        for (auto& m : sim_.messages(channel)) {
            if (m.thread_ts == ts && m.ts != ts) return m;
        }
        return std::nullopt;
    }

    slack_sim::SentRequest click_retry(const std::string& channel, const std::string& ts) {
        auto note = note_under(channel, ts);
        EXPECT_TRUE(note);
        auto retry = button_in(channel, note ? note->text : "", "retry_delivery|");
        EXPECT_TRUE(retry);
        return click(channel, retry.value_or(FoundAction{}));
    }
};

TEST_P(DeliveryMarkStories, ANormalRelayShowsOnlyTheDeliveredMark) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    auto ts = agent_writes(channel, "your refund is on its way");
    ASSERT_TRUE(eventually([&] { return dm_count("your refund is on its way") == 1; }));
    ASSERT_TRUE(eventually(
        [&] { return reactions_on(channel, ts) == std::vector<std::string>{kDelivered}; }));
    // No queued mark came and went: a quick relay is one reactions.add and nothing else.
    EXPECT_EQ(reaction_calls("reactions.add"), std::vector<std::string>{kDelivered});
    EXPECT_EQ(sim_.call_count("reactions.remove"), 0u);

    // An edit gets the same treatment; the mark stays one mark.
    sim_.user_edits(channel, ts, "your refund is on its way (3 days)");
    ASSERT_TRUE(
        eventually([&] { return customer_was_told("your refund is on its way (3 days)"); }));
    EXPECT_EQ(reactions_on(channel, ts), std::vector<std::string>{kDelivered});
}

TEST_P(DeliveryMarkStories, AFailedRelayGetsTheFailedMarkAndANoteInPlainWords) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    next_dm_post_fails("msg_too_long");
    auto ts = agent_writes(channel, "a very long answer");
    ASSERT_TRUE(eventually([&] { return note_under(channel, ts).has_value(); }));
    EXPECT_EQ(dm_count("a very long answer"), 0);
    EXPECT_TRUE(
        eventually([&] { return reactions_on(channel, ts) == std::vector<std::string>{kFailed}; }));
    auto note = note_under(channel, ts);
    EXPECT_EQ(note->text, "Not delivered to the customer: the message is too long for Slack.");
    EXPECT_TRUE(button_in(channel, note->text, "retry_delivery|"));
}

TEST_P(DeliveryMarkStories, RetryDeliversExactlyOnceHoweverOftenItIsClicked) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    // token_revoked asks the bot app for fresh credentials; none come, so the relay retries
    // until its attempts run out and is dead.
    next_dm_post_fails("token_revoked", -1);
    auto ts = agent_writes(channel, "please try again now");
    ASSERT_TRUE(eventually([&] { return note_under(channel, ts).has_value(); }));
    sim_.clear_faults();  // the workspace is fixed
    EXPECT_EQ(note_under(channel, ts)->text,
              "Not delivered to the customer: the customer's workspace revoked the bot's token.");

    // Two clicks, as from two agents at once: the job runs again once.
    auto first = click_retry(channel, ts);
    auto second = click_retry(channel, ts);
    EXPECT_EQ(first.answer.status, 200);
    EXPECT_EQ(second.answer.status, 200);
    ASSERT_TRUE(eventually([&] { return dm_count("please try again now") == 1; }));
    ASSERT_TRUE(eventually(
        [&] { return reactions_on(channel, ts) == std::vector<std::string>{kDelivered}; }));
    // The note says who retried it and loses its button.
    ASSERT_TRUE(eventually([&] {
        auto note = note_under(channel, ts);
        return note &&
               note->text == "Delivered to the customer after <@" + agent_ + "> retried it.";
    }));
    EXPECT_FALSE(button_in(channel, note_under(channel, ts)->text, "retry_delivery|"));

    // A third click on the old button (a stale Slack client) re-queues nothing.
    click(channel, FoundAction{"retry_delivery|x", "actions", "0"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(dm_count("please try again now"), 1);
}

TEST_P(DeliveryMarkStories, ARetryFromAnotherWorkspaceIsRefused) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    next_dm_post_fails("msg_too_long");
    auto ts = agent_writes(channel, "refused retry");
    ASSERT_TRUE(eventually([&] { return note_under(channel, ts).has_value(); }));
    auto button = button_in(channel, note_under(channel, ts)->text, "retry_delivery|");
    ASSERT_TRUE(button);
    // The same job id clicked in the lobby (not the note's channel): nothing runs again.
    auto sent = click(lobby_, *button);
    EXPECT_EQ(sent.answer.status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(dm_count("refused retry"), 0);
    EXPECT_EQ(reactions_on(channel, ts), std::vector<std::string>{kFailed});
}

// A deletion's message is gone, so it has no mark; its failure note goes into the channel.
TEST_P(DeliveryMarkStories, AFailedDeletionIsNotedInTheChannel) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    auto ts = agent_writes(channel, "oops, wrong customer");
    ASSERT_TRUE(eventually([&] { return dm_count("oops, wrong customer") == 1; }));
    sim_.inject({.kind = slack_sim::FaultKind::SlackError,
                 .method = "chat.delete",
                 .token = "xoxb-customer",
                 .times = 1,
                 .error = "cant_delete_message"});
    sim_.user_deletes(channel, ts);
    ASSERT_TRUE(eventually([&] {
        return has_text_part(channel, "Not delivered to the customer: Slack did not take it");
    }));
    EXPECT_EQ(dm_count("oops, wrong customer"), 1);
}

// An agent's files (issue 19.1, point 3): the same marks, note and Retry as a message.
TEST_P(DeliveryMarkStories, AnAgentsFilesGetTheSameMarksNoteAndRetry) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    auto shared = sim_.user_shares_files(
        channel, agent_, "your receipt",
        {{.name = "receipt.png", .mimetype = "image/png", .content = std::string(2000, 'r')}});
    ASSERT_TRUE(shared.delivered());
    auto ts = ts_of(channel, "your receipt");
    ASSERT_FALSE(ts.empty());
    ASSERT_TRUE(eventually([&] { return !sim_.shared_files(customer_dm_).empty(); }));
    ASSERT_TRUE(eventually(
        [&] { return reactions_on(channel, ts) == std::vector<std::string>{kDelivered}; }));

    // The customer's workspace takes no files: the failed mark, the note, and Retry once the
    // workspace is fixed.
    sim_.inject({.kind = slack_sim::FaultKind::SlackError,
                 .method = "files.completeUploadExternal",
                 .token = "xoxb-customer",
                 .times = 1,
                 .error = "file_uploads_disabled"});
    sim_.user_shares_files(
        channel, agent_, "and the invoice",
        {{.name = "invoice.png", .mimetype = "image/png", .content = std::string(3000, 'i')}});
    auto second = ts_of(channel, "and the invoice");
    ASSERT_FALSE(second.empty());
    ASSERT_TRUE(eventually([&] { return note_under(channel, second).has_value(); }));
    EXPECT_EQ(note_under(channel, second)->text,
              "Not delivered to the customer: the customer's workspace does not take files.");
    EXPECT_TRUE(eventually(
        [&] { return reactions_on(channel, second) == std::vector<std::string>{kFailed}; }));
    EXPECT_EQ(sim_.shared_files(customer_dm_).size(), 1u);
    click_retry(channel, second);
    ASSERT_TRUE(eventually([&] { return sim_.shared_files(customer_dm_).size() == 2; }));
    ASSERT_TRUE(eventually(
        [&] { return reactions_on(channel, second) == std::vector<std::string>{kDelivered}; }));
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryMarkStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

// Retries that take a while: the queued mark shows while the relay waits, then gives way to
// the delivered mark. Backoff long enough that two failures last over 2 s.
class SlowDeliveryStories : public DeliveryMarkStories {
  protected:
    void adjust_environment(std::map<std::string, std::string>& env) override {
        DeliveryMarkStories::adjust_environment(env);
        env["MEGATRON_JOB_BACKOFF_BASE_MS"] = "1500";
        env["MEGATRON_JOB_BACKOFF_MAX_MS"] = "3000";
    }
};

TEST_P(SlowDeliveryStories, ARetriedRelayShowsTheQueuedMarkThenTheDeliveredOne) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    sim_.inject({.kind = slack_sim::FaultKind::ServerError,
                 .method = "chat.postMessage",
                 .token = "xoxb-customer",
                 .times = 2,
                 .status = 503});
    auto ts = agent_writes(channel, "slow but sure");
    ASSERT_TRUE(
        eventually([&] { return reactions_on(channel, ts) == std::vector<std::string>{kQueued}; }));
    ASSERT_TRUE(eventually([&] { return dm_count("slow but sure") == 1; }));
    ASSERT_TRUE(eventually(
        [&] { return reactions_on(channel, ts) == std::vector<std::string>{kDelivered}; }));
    EXPECT_EQ(reaction_calls("reactions.remove"), std::vector<std::string>{kQueued});
    EXPECT_FALSE(note_under(channel, ts));
}

INSTANTIATE_TEST_SUITE_P(Backends, SlowDeliveryStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

// MEGATRON_MARKS chooses the emoji.
class ConfiguredMarkStories : public DeliveryMarkStories {
  protected:
    void adjust_environment(std::map<std::string, std::string>& env) override {
        DeliveryMarkStories::adjust_environment(env);
        env["MEGATRON_MARKS"] = "delivered=:heavy_check_mark:,failed=warning";
    }
};

TEST_P(ConfiguredMarkStories, TheConfiguredEmojiAreUsed) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    auto ts = agent_writes(channel, "configured");
    ASSERT_TRUE(eventually(
        [&] { return reactions_on(channel, ts) == std::vector<std::string>{"heavy_check_mark"}; }));
    next_dm_post_fails("msg_too_long");
    auto failed = agent_writes(channel, "configured failure");
    ASSERT_TRUE(eventually(
        [&] { return reactions_on(channel, failed) == std::vector<std::string>{"warning"}; }));
}

INSTANTIATE_TEST_SUITE_P(Backends, ConfiguredMarkStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
