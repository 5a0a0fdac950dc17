// The scheduled tasks of what agents see (issue 19), end to end with Megatron's test clock:
// the one @here reminder of a help request nobody claims (also with two Megatron processes
// ticking on one database, and when Slack's answer to the reminder is lost), the idle archive
// closing a claimed request on its post, and hand-back to the bot with and without a Keep paused
// click or an agent's message; on SQLite and on PostgreSQL + Redis.
#include "commands/outreach/help_request_stories.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"

#include <thread>

namespace megatron::test {
namespace {

namespace json = boost::json;

class AgentTaskStories : public HelpRequestStories {
  protected:
    // Gives the scheduler (1 s ticks) and the workers time to act on the current minute, for
    // the checks that something did NOT happen.
    static void let_a_tick_pass() { std::this_thread::sleep_for(std::chrono::seconds(3)); }

    // The replies in the thread of `ts` in the lobby.
    std::vector<slack_sim::Message> replies_under(const std::string& ts) {
        std::vector<slack_sim::Message> found;
        for (auto& m : sim_.messages(lobby_)) {
            if (m.thread_ts == ts && m.ts != ts) found.push_back(m);
        }
        return found;
    }

    std::vector<bool> pauses_sent() {
        std::vector<bool> paused;
        for (const auto& c : bot_app_.commands("pause")) paused.push_back(c.at("paused").as_bool());
        return paused;
    }
};

TEST_P(AgentTaskStories, AnUnclaimedRequestGetsOneHereReminderInItsThread) {
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    advance_clock(4 * kMinute);
    let_a_tick_pass();
    EXPECT_TRUE(replies_under(ts).empty());

    advance_clock(2 * kMinute);
    ASSERT_TRUE(eventually([&] { return replies_under(ts).size() == 1; }));
    EXPECT_EQ(replies_under(ts).front().text,
              "<!here> Nobody has claimed this help request in 5 min.");
    // Later minutes add nothing.
    advance_clock(5 * kMinute);
    let_a_tick_pass();
    advance_clock(5 * kMinute);
    let_a_tick_pass();
    EXPECT_EQ(replies_under(ts).size(), 1u);
}

// Slack posts the reminder but its answer is lost (as when the process dies between the post
// and the job's completion): the retry finds the reminder in the thread (conversations.replies
// look-back, with the post's idempotency key in its metadata) and posts nothing more.
TEST_P(AgentTaskStories, AReminderWhoseAnswerWasLostIsNotPostedTwice) {
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    sim_.inject({.kind = slack_sim::FaultKind::DropAfterProcessing, .method = "chat.postMessage"});
    advance_clock(6 * kMinute);
    ASSERT_TRUE(eventually([&] { return replies_under(ts).size() == 1; }));
    // The retry waits out its backoff on Megatron's clock.
    advance_clock(kMinute);
    ASSERT_TRUE(eventually([&] { return !sim_.calls("conversations.replies").empty(); }));
    let_a_tick_pass();
    advance_clock(kMinute);
    let_a_tick_pass();
    ASSERT_EQ(replies_under(ts).size(), 1u);
    EXPECT_EQ(replies_under(ts).front().text,
              "<!here> Nobody has claimed this help request in 5 min.");
}

TEST_P(AgentTaskStories, AClaimedRequestGetsNoReminder) {
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    claim(agent_, ts);
    ASSERT_TRUE(eventually([&] { return status_of(ts).starts_with("In progress"); }));
    advance_clock(6 * kMinute);
    let_a_tick_pass();
    advance_clock(6 * kMinute);
    let_a_tick_pass();
    EXPECT_TRUE(replies_under(ts).empty());
}

// The idle archive closes the claimed request's engagement after 36 quiet hours: the post says
// so in place, and its buttons go, as when an agent closes the channel.
TEST_P(AgentTaskStories, TheIdleArchiveClosesTheHelpRequestOnItsPost) {
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    claim(agent_, ts);
    ASSERT_TRUE(eventually([&] { return status_of(ts).starts_with("In progress"); }));
    advance_clock(37 * 60 * kMinute);
    ASSERT_TRUE(eventually([&] { return channel_of_customer()->is_archived; }));
    ASSERT_TRUE(eventually([&] { return status_of(ts).starts_with("Closed"); }));
    EXPECT_EQ(status_of(ts), "Closed after 2220 min: the engagement was idle");
    EXPECT_TRUE(buttons_of(ts).empty());
    auto request = help_request(ts);
    ASSERT_TRUE(request);
    EXPECT_TRUE(request->closed_at.has_value());
}

// Two Megatron processes on one database and queue: both run schedulers and workers, and the
// request is still reminded once.
TEST_P(AgentTaskStories, TwoProcessesRemindOnce) {
    auto second = std::make_unique<MegatronServer>(env_);
    ASSERT_TRUE(second->process().running());
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    auto advance_both = [&](std::int64_t seconds) {
        advance_clock(seconds);
        auto answer = second->request("POST", "/megatron/test/clock",
                                      json::serialize(json::object{{"advance_seconds", seconds}}),
                                      {{"Content-Type", "application/json"}});
        EXPECT_EQ(answer.status, 200) << answer.body;
    };
    advance_both(6 * kMinute);
    ASSERT_TRUE(eventually([&] { return replies_under(ts).size() == 1; }));
    for (int i = 0; i < 3; ++i) {
        advance_both(kMinute);
        let_a_tick_pass();
    }
    EXPECT_EQ(replies_under(ts).size(), 1u);
}

class HandBackStories : public AgentTaskStories {
  protected:
    static constexpr int kHandBackMinutes = 4;
    static constexpr const char* kHandedBack = "Handed back to the bot after 4 min of silence";

    // carla's channel, paused, in an organization that hands back after 4 quiet minutes.
    std::string paused_channel() {
        set_org(false, kHandBackMinutes);
        auto channel = open_channel_for_carla();
        EXPECT_FALSE(channel.empty());
        pause_in(channel);
        return channel;
    }

    std::string warning() const {
        return commands::scheduled::hand_back_warning_text(kHandBackMinutes);
    }
};

TEST_P(HandBackStories, AQuietPausedChannelIsWarnedAndThenHandedBack) {
    auto channel = paused_channel();
    advance_clock(2 * kMinute);
    let_a_tick_pass();
    EXPECT_EQ(count_text(channel, warning()), 0);

    advance_clock(kMinute);  // 3 quiet minutes: one minute before
    ASSERT_TRUE(eventually([&] { return count_text(channel, warning()) == 1; }));
    auto keep = button_in(channel, warning(), "keep-paused|");
    ASSERT_TRUE(keep);
    EXPECT_EQ(keep->value, target());
    EXPECT_TRUE(channel_of_customer()->is_paused);

    advance_clock(kMinute);  // 4 quiet minutes
    ASSERT_TRUE(eventually([&] { return count_text(channel, kHandedBack) == 1; }));
    // The unpause is written with the job's completion, after the post.
    EXPECT_TRUE(eventually([&] { return !channel_of_customer()->is_paused; }));
    EXPECT_EQ(pauses_sent(), (std::vector<bool>{true, false}));
    ASSERT_TRUE(eventually([&] { return audit("hand-back").size() == 1; }));
    EXPECT_EQ(audit("hand-back").front().via, storage::audit_via::kScheduledTask);
    // Once: later minutes add nothing.
    advance_clock(5 * kMinute);
    let_a_tick_pass();
    EXPECT_EQ(count_text(channel, kHandedBack), 1);
    EXPECT_EQ(count_text(channel, warning()), 1);
}

TEST_P(HandBackStories, KeepPausedStartsTheTimerAgain) {
    auto channel = paused_channel();
    advance_clock(3 * kMinute);
    ASSERT_TRUE(eventually([&] { return count_text(channel, warning()) == 1; }));
    auto keep = button_in(channel, warning(), "keep-paused|");
    ASSERT_TRUE(keep);
    auto clicked = click(channel, *keep);
    ASSERT_TRUE(eventually([&] { return replied(clicked.response_url, "stays paused"); }));

    advance_clock(kMinute);  // would have been the hand-back
    let_a_tick_pass();
    EXPECT_EQ(count_text(channel, kHandedBack), 0);
    EXPECT_TRUE(channel_of_customer()->is_paused);
    ASSERT_TRUE(eventually([&] { return audit("keep-paused").size() == 1; }));

    // A full quiet period after the click: a second warning, then the hand-back.
    advance_clock(2 * kMinute);
    ASSERT_TRUE(eventually([&] { return count_text(channel, warning()) == 2; }));
    advance_clock(kMinute);
    ASSERT_TRUE(eventually([&] { return count_text(channel, kHandedBack) == 1; }));
    // The unpause is written with the job's completion, after the post.
    EXPECT_TRUE(eventually([&] { return !channel_of_customer()->is_paused; }));
}

TEST_P(HandBackStories, AnAgentsMessageStartsTheTimerAgain) {
    auto channel = paused_channel();
    advance_clock(3 * kMinute);
    ASSERT_TRUE(eventually([&] { return count_text(channel, warning()) == 1; }));
    agent_writes(channel, "still looking into it");
    ASSERT_TRUE(eventually([&] { return dm_count("still looking into it") == 1; }));

    advance_clock(kMinute);
    let_a_tick_pass();
    EXPECT_EQ(count_text(channel, kHandedBack), 0);
    EXPECT_TRUE(channel_of_customer()->is_paused);
}

TEST_P(HandBackStories, OffByDefault) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    pause_in(channel);
    advance_clock(60 * kMinute);
    let_a_tick_pass();
    EXPECT_EQ(count_text(channel, kHandedBack), 0);
    EXPECT_TRUE(channel_of_customer()->is_paused);
}

INSTANTIATE_TEST_SUITE_P(Backends, AgentTaskStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, HandBackStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
