// Buttons and menus end to end: the user picker after search_user finds several people, the
// legacy interactive_message buttons and menus (callback_id = command, value
// "<workspace_id>-<user_id>"), and the Block Kit Pause button of the "Bot is not paused"
// warning. Opening a channel invites the agent who asked.
#include "e2e/slack_relay/clocked_relay_test.hpp"

#include <algorithm>

namespace megatron::test {
namespace {

namespace json = boost::json;

class InteractiveStories : public ClockedRelayTest {
  protected:
    bool is_member(const std::string& channel_id, const std::string& user) {
        auto view = sim_.channel(channel_id);
        return view &&
               std::find(view->members.begin(), view->members.end(), user) != view->members.end();
    }

    // A legacy attachment action, as Slack sends interactive_message payloads.
    slack_sim::SentRequest legacy_click(const std::string& channel_id, const std::string& command,
                                        json::object action) {
        return sim_.interactive(channel_id, agent_,
                                {{"type", "interactive_message"},
                                 {"callback_id", command},
                                 {"attachment_id", "1"},
                                 {"action_ts", "1700000000.123456"},
                                 {"message_ts", "1700000000.000100"},
                                 {"actions", json::array{std::move(action)}}});
    }
};

TEST_P(InteractiveStories, SeveralMatchesGiveAMenuAndPickingOneOpensTheChannel) {
    search_finds_carla({json::object{{"username", "carl"},
                                     {"platform_user_id", "U0CARL"},
                                     {"platform_team_id", customer_team_}}});
    sim_.post_as_user(customer_dm_, customer_, "I need a person");
    auto asked = sim_.slash_command(lobby_, agent_, "/megatron", "open car");
    ASSERT_EQ(asked.answer.status, 200);
    ASSERT_TRUE(
        eventually([&] { return replied(asked.response_url, "Several users match *car*"); }));
    EXPECT_FALSE(channel_of_customer());  // nothing opened before the pick

    // The menu lists both; each option names its customer as "<workspace>-<user>".
    auto menu = sim_.response_url_posts(asked.response_url).back().as_object();
    const auto& accessory = menu.at("blocks").as_array().at(0).at("accessory").as_object();
    EXPECT_EQ(accessory.at("type").as_string(), "static_select");
    const auto& options = accessory.at("options").as_array();
    ASSERT_EQ(options.size(), 2u);
    json::object carla_option;
    for (const auto& o : options) {
        if (o.at("value").as_string() == target()) carla_option = o.as_object();
    }
    ASSERT_FALSE(carla_option.empty());

    auto picked = sim_.interactive(
        lobby_, agent_,
        {{"type", "block_actions"},
         {"actions", json::array{json::object{{"type", "static_select"},
                                              {"action_id", accessory.at("action_id")},
                                              {"block_id", "pick"},
                                              {"selected_option", carla_option}}}}});
    EXPECT_EQ(picked.answer.status, 200);
    ASSERT_TRUE(
        eventually([&] { return replied(picked.response_url, "Go to slack conversation"); }));
    auto channel = channel_of_customer();
    ASSERT_TRUE(channel);
    EXPECT_EQ(sim_.channel(channel->platform_channel_id)->name, "zz-carla_acme");
    // The agent who picked is invited, and the customer's conversation is imported.
    EXPECT_TRUE(is_member(channel->platform_channel_id, agent_));
    EXPECT_TRUE(
        eventually([&] { return has_text_part(channel->platform_channel_id, "I need a person"); }));
}

TEST_P(InteractiveStories, OpenInvitesTheAgentAndImportsTheHistoryWithTimeStamps) {
    sim_.post_as_user(customer_dm_, customer_, "hello bot");
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    EXPECT_TRUE(is_member(channel_id, agent_));
    ASSERT_GE(sim_.calls("conversations.invite").size(), 1u);
    // The imported message starts a time-stamp group: "*[Mon DD HH:MM AM]*\n<text>".
    ASSERT_TRUE(eventually([&] { return has_text_part(channel_id, "hello bot"); }));
    for (auto& m : sim_.messages(channel_id)) {
        if (m.text.find("hello bot") == std::string::npos) continue;
        EXPECT_TRUE(m.text.starts_with("*[")) << m.text;
        EXPECT_NE(m.text.find("]*\nhello bot"), std::string::npos) << m.text;
        EXPECT_EQ(m.username, "carla");
    }

    // A second agent opening the same channel is invited too; the first one again is harmless
    // (Slack answers already_in_channel).
    auto bob = sim_.add_user(support_team_, {.name = "bob", .real_name = "Bob Agent"});
    sim_.add_member(lobby_, bob);
    auto by_bob = sim_.slash_command(lobby_, bob, "/megatron", "open carla");
    ASSERT_TRUE(
        eventually([&] { return replied(by_bob.response_url, "Go to slack conversation"); }));
    EXPECT_TRUE(is_member(channel_id, bob));
    auto again = sim_.slash_command(lobby_, agent_, "/megatron", "open carla");
    ASSERT_TRUE(
        eventually([&] { return replied(again.response_url, "Go to slack conversation"); }));
    EXPECT_TRUE(is_member(channel_id, agent_));
}

TEST_P(InteractiveStories, LegacyButtonsAndMenusCarryTheCommandInCallbackId) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());

    // The original's "Pause Bot" attachment button.
    auto pause = legacy_click(
        channel_id, "pause",
        {{"name", "pause"}, {"type", "button"}, {"value", target()}, {"text", "Pause Bot"}});
    EXPECT_EQ(pause.answer.status, 200);
    ASSERT_TRUE(
        eventually([&] { return replied(pause.response_url, "Bot *paused* for user: carla."); }));
    ASSERT_EQ(bot_app_.commands("pause").size(), 1u);
    EXPECT_TRUE(bot_app_.commands("pause")[0].at("paused").as_bool());
    EXPECT_TRUE(channel_of_customer()->is_paused);
    EXPECT_TRUE(eventually([&] { return customer_was_told("I've been paused"); }));

    // A legacy menu (selected_options) with callback_id "unpause|<anything>".
    auto unpause =
        legacy_click(channel_id, "unpause|menu",
                     {{"name", "unpause"},
                      {"type", "select"},
                      {"selected_options", json::array{json::object{{"value", target()}}}}});
    EXPECT_EQ(unpause.answer.status, 200);
    ASSERT_TRUE(eventually(
        [&] { return replied(unpause.response_url, "Bot *unpaused* for user: carla."); }));
    EXPECT_FALSE(channel_of_customer()->is_paused);

    // A button naming a workspace Megatron does not know.
    auto stranger = legacy_click(
        channel_id, "pause", {{"name", "pause"}, {"type", "button"}, {"value", "T0NOPE-U0NOPE"}});
    EXPECT_EQ(stranger.answer.status, 200);
    EXPECT_TRUE(eventually(
        [&] { return replied(stranger.response_url, "Customer workspace not found."); }));
    EXPECT_EQ(bot_app_.commands("pause").size(), 2u);
}

TEST_P(InteractiveStories, ThePauseButtonOfTheNotPausedWarningPauses) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    ASSERT_TRUE(sim_.user_says(channel_id, agent_, "Hi Carla").delivered());
    ASSERT_TRUE(eventually([&] { return count_text(channel_id, "Bot is not paused.") == 1; }));
    auto button = button_in(channel_id, "Bot is not paused.", "pause|");
    ASSERT_TRUE(button);
    EXPECT_EQ(button->value, target());

    auto clicked = click(channel_id, *button);
    EXPECT_EQ(clicked.answer.status, 200);
    ASSERT_TRUE(
        eventually([&] { return replied(clicked.response_url, "Bot *paused* for user: carla."); }));
    auto pauses = bot_app_.commands("pause");
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_TRUE(pauses[0].at("paused").as_bool());
    EXPECT_EQ(pauses[0].at("channel_id").as_string(), customer_dm_);
    EXPECT_TRUE(channel_of_customer()->is_paused);
    EXPECT_TRUE(eventually([&] { return customer_was_told("I've been paused"); }));
    // The answer carries the toggle: now an Unpause button.
    auto answer = sim_.response_url_posts(clicked.response_url).back();
    EXPECT_NE(json::serialize(answer).find("unpause|" + target()), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, InteractiveStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
