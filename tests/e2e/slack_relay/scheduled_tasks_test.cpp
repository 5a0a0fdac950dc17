// Scheduled tasks end to end, driven over HTTP with Megatron's test clock: the "Paused"
// reminder (once per quiet period, its Unpause button), archiving idle channels, and the
// daily profile refresh. Also: the clock route exists only in megatron-test mode.
#include "e2e/slack_relay/clocked_relay_test.hpp"

#include <thread>

namespace megatron::test {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;

class ScheduledTasks : public ClockedRelayTest {
  protected:
    int reminders(const std::string& channel_id) { return count_text(channel_id, "Paused"); }

    // Gives the scheduler (1 s ticks) and the workers time to act on the current minute, for
    // the checks that something did NOT happen.
    static void let_a_tick_pass() { std::this_thread::sleep_for(std::chrono::seconds(3)); }
};

TEST_P(ScheduledTasks, TestClockMovesForwardOnly) {
    auto before = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    auto now = advance_clock(2 * kHour);
    EXPECT_GE(now, before + 2 * kHour);
    auto backwards =
        megatron_->request("POST", "/megatron/test/clock/", R"({"advance_seconds": -5})",
                           {{"Content-Type", "application/json"}});
    EXPECT_EQ(backwards.status, 400);
    // Issue #15: bounded (a year per move, ten years in all); INT64_MAX used to overflow.
    for (const char* too_far :
         {R"({"advance_seconds": 9223372036854775807})", R"({"advance_seconds": 31708801})"}) {
        auto answer = megatron_->request("POST", "/megatron/test/clock/", too_far,
                                         {{"Content-Type", "application/json"}});
        EXPECT_EQ(answer.status, 400) << too_far;
    }
    auto nonsense = megatron_->request("POST", "/megatron/test/clock/", "not json",
                                       {{"Content-Type", "application/json"}});
    EXPECT_EQ(nonsense.status, 400);
    // Slack's signatures still verify against the real time after the move.
    auto challenge = signed_post("/megatron/slack/event/",
                                 R"({"token":"x","challenge":"c-1","type":"url_verification"})",
                                 "application/json");
    EXPECT_EQ(challenge.status, 200);
}

TEST_P(ScheduledTasks, PausedReminderOncePerQuietPeriodAndItsUnpauseButton) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    pause_in(channel_id);
    EXPECT_EQ(reminders(channel_id), 0);

    // Not yet 3 minutes quiet: nothing.
    advance_clock(2 * kMinute);
    let_a_tick_pass();
    EXPECT_EQ(reminders(channel_id), 0);

    // 3 minutes quiet: one reminder with an Unpause button.
    advance_clock(2 * kMinute);
    ASSERT_TRUE(eventually([&] { return reminders(channel_id) == 1; }));
    auto button = button_in(channel_id, "Paused", "unpause|");
    ASSERT_TRUE(button);
    EXPECT_EQ(button->value, target());

    // More quiet minutes in the same quiet period: no second reminder.
    advance_clock(5 * kMinute);
    let_a_tick_pass();
    advance_clock(5 * kMinute);
    let_a_tick_pass();
    EXPECT_EQ(reminders(channel_id), 1);

    // New activity (the agent writes to the customer), then quiet again: a new reminder.
    auto said = sim_.user_says(channel_id, agent_, "Still there, Carla?");
    ASSERT_TRUE(said.delivered());
    ASSERT_TRUE(eventually([&] { return customer_was_told("Still there, Carla?"); }));
    advance_clock(4 * kMinute);
    ASSERT_TRUE(eventually([&] { return reminders(channel_id) == 2; }));
    let_a_tick_pass();
    EXPECT_EQ(reminders(channel_id), 2);

    // The reminder's Unpause button unpauses: the bot app is told, then the customer.
    auto clicked = click(channel_id, *button_in(channel_id, "Paused", "unpause|"));
    EXPECT_EQ(clicked.answer.status, 200);
    ASSERT_TRUE(eventually(
        [&] { return replied(clicked.response_url, "Bot *unpaused* for user: carla."); }));
    auto pauses = bot_app_.commands("pause");
    ASSERT_EQ(pauses.size(), 2u);
    EXPECT_FALSE(pauses.back().at("paused").as_bool());
    EXPECT_EQ(pauses.back().at("user_id").as_string(), customer_);
    EXPECT_FALSE(channel_of_customer()->is_paused);
    EXPECT_TRUE(eventually([&] { return customer_was_told("I've been unpaused"); }));

    // Unpaused channels are never reminded.
    advance_clock(10 * kMinute);
    let_a_tick_pass();
    EXPECT_EQ(reminders(channel_id), 2);
}

TEST_P(ScheduledTasks, IdleChannelsAreUnpausedAndArchivedAfter36Hours) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    pause_in(channel_id);

    // 35 hours idle: still open.
    advance_clock(35 * kHour);
    let_a_tick_pass();
    EXPECT_FALSE(channel_of_customer()->is_archived);
    EXPECT_FALSE(sim_.channel(channel_id)->is_archived);

    // 36 hours and more: unpaused through the bot app, archived in Slack and in Megatron.
    advance_clock(2 * kHour);
    ASSERT_TRUE(eventually([&] { return channel_of_customer()->is_archived; }));
    EXPECT_TRUE(sim_.channel(channel_id)->is_archived);
    auto pauses = bot_app_.commands("pause");
    ASSERT_EQ(pauses.size(), 2u);
    EXPECT_TRUE(pauses[0].at("paused").as_bool());
    EXPECT_FALSE(pauses[1].at("paused").as_bool());
    EXPECT_EQ(pauses[1].at("channel_id").as_string(), customer_dm_);
    EXPECT_EQ(pauses[1].at("team_id").as_string(), customer_team_);
    EXPECT_FALSE(channel_of_customer()->is_paused);
    EXPECT_EQ(sim_.call_count("conversations.archive"), 1u);

    // The customer's next message is no longer tracked.
    auto later = customer_writes("hello again?", "1700000100.000100");
    EXPECT_EQ(later.status, 200);
    auto answer = json::parse(later.body).as_object();
    EXPECT_EQ(answer.at("track").as_bool(), false);

    // Later hours do not archive (or unpause) again.
    advance_clock(2 * kHour);
    let_a_tick_pass();
    EXPECT_EQ(sim_.call_count("conversations.archive"), 1u);
    EXPECT_EQ(bot_app_.commands("pause").size(), 2u);

    // Reopening starts a new idle period: the next hour does not archive it again.
    auto reopen = sim_.slash_command(lobby_, agent_, "/megatron", "open carla");
    ASSERT_TRUE(
        eventually([&] { return replied(reopen.response_url, "Go to slack conversation"); }));
    EXPECT_FALSE(channel_of_customer()->is_archived);
    advance_clock(2 * kHour);
    let_a_tick_pass();
    EXPECT_FALSE(channel_of_customer()->is_archived);
    EXPECT_FALSE(sim_.channel(channel_id)->is_archived);
}

TEST_P(ScheduledTasks, AnUnpausedIdleChannelIsArchivedWithoutAnAppCommand) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    advance_clock(37 * kHour);
    ASSERT_TRUE(eventually([&] { return channel_of_customer()->is_archived; }));
    EXPECT_TRUE(sim_.channel(channel_id)->is_archived);
    EXPECT_TRUE(bot_app_.commands("pause").empty());
}

TEST_P(ScheduledTasks, ProfilesAreRefreshedDaily) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto mirrored_as = [&](const std::string& text) -> std::optional<std::string> {
        for (auto& m : sim_.messages(channel_id)) {
            if (m.text == text) return m.username;
        }
        return std::nullopt;
    };
    ASSERT_EQ(customer_writes("first", "1700000200.000100").status, 200);
    ASSERT_TRUE(eventually([&] { return mirrored_as("first").has_value(); }));
    EXPECT_EQ(*mirrored_as("first"), "carla");

    // The agent writes once so the agent's profile is cached too.
    ASSERT_TRUE(sim_.user_says(channel_id, agent_, "before the refresh").delivered());
    ASSERT_TRUE(eventually([&] { return customer_was_told("before the refresh"); }));

    // Carla and the agent change their display names in Slack; the caches still hold the old.
    sim_.add_user(customer_team_, {.id = customer_,
                                   .name = "carla",
                                   .real_name = "Carla Customer",
                                   .display_name = "Carla Renamed"});
    sim_.add_user(support_team_, {.id = agent_,
                                  .name = "alice",
                                  .real_name = "Alice Agent",
                                  .display_name = "Alice Renamed"});
    ASSERT_EQ(customer_writes("second", "1700000300.000100").status, 200);
    ASSERT_TRUE(eventually([&] { return mirrored_as("second").has_value(); }));
    EXPECT_EQ(*mirrored_as("second"), "carla");

    // A day later the refresh has run: new names everywhere.
    advance_clock(25 * kHour);
    storage::Store store(*db_);
    ASSERT_TRUE(eventually([&] {
        auto user = store.find_platform_user(workspace_id_, customer_);
        return user && *user && (*user)->profile.display_name == "Carla Renamed";
    }));
    ASSERT_EQ(customer_writes("third", "1700000400.000100").status, 200);
    ASSERT_TRUE(eventually([&] { return mirrored_as("third").has_value(); }));
    EXPECT_EQ(*mirrored_as("third"), "Carla Renamed");

    ASSERT_TRUE(sim_.user_says(channel_id, agent_, "after the refresh").delivered());
    ASSERT_TRUE(eventually([&] {
        for (auto& m : sim_.messages(customer_dm_)) {
            if (m.text != "after the refresh" || !m.attachments.is_array()) continue;
            for (const auto& a : m.attachments.as_array()) {
                const auto* footer = a.as_object().if_contains("footer");
                if (footer && footer->is_string() && footer->as_string() == "sent by Alice Renamed")
                    return true;
            }
        }
        return false;
    }));
}

INSTANTIATE_TEST_SUITE_P(Backends, ScheduledTasks,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

// Outside megatron-test mode there is no clock to move.
class NoTestClock : public SlackRelayTest {};

TEST_P(NoTestClock, TheClockRouteIsAbsent) {
    for (const char* path : {"/megatron/test/clock", "/megatron/test/clock/"}) {
        auto answer = megatron_->request("POST", path, R"({"advance_seconds": 3600})",
                                         {{"Content-Type", "application/json"}});
        EXPECT_EQ(answer.status, 404) << path;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, NoTestClock, ::testing::Values(Backend::Sqlite),
                         [](const auto&) { return "Sqlite"; });

}  // namespace
}  // namespace megatron::test
