// Claimable help requests (issue 19.2) end to end: the get-a-human post's Claim button, the
// post updated in place, the channel opened with the claimer invited, the bot paused when the
// organization wants it, a second claim refused with an ephemeral, closing shown on the post,
// and the one @here reminder of a request nobody claims; on SQLite and on PostgreSQL + Redis.
#include "commands/outreach/help_request_stories.hpp"

#include <algorithm>
#include <future>
#include <thread>

namespace megatron::test {
namespace {

TEST_P(HelpRequestStories, TheRequestCarriesClaimNextToOpen) {
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    EXPECT_EQ(buttons_of(ts), (std::vector<std::string>{"open|" + target(), "claim|" + target()}));
    EXPECT_EQ(status_of(ts), "");
}

TEST_P(HelpRequestStories, TwoAgentsClaimingAtOnceOneWinsAndTheOtherIsToldWho) {
    auto bob = add_agent("bob");
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    advance_clock(2 * kMinute);
    // Both click at the same moment.
    auto alice_click = std::async(std::launch::async, [&] { return claim(agent_, ts); });
    auto bob_click = std::async(std::launch::async, [&] { return claim(bob, ts); });
    EXPECT_TRUE(alice_click.get().answer.acknowledged());
    EXPECT_TRUE(bob_click.get().answer.acknowledged());

    std::string winner;
    ASSERT_TRUE(eventually([&] {
        auto request = help_request(ts);
        if (request && request->claimed_by) winner = *request->claimed_by;
        return !winner.empty() &&
               status_of(ts) == "In progress — <@" + winner + ">, 2 min after the request";
    })) << status_of(ts);
    const auto loser = winner == agent_ ? bob : agent_;
    // The loser, and only the loser, is told who has it, in a message only they see.
    ASSERT_TRUE(eventually([&] { return ephemerals_for(loser).size() == 1; }));
    EXPECT_EQ(ephemerals_for(loser).front().text,
              "<@" + winner + "> claimed this help request 2 min after it came in.");
    // The winner is only told where the channel is.
    ASSERT_TRUE(eventually([&] { return ephemerals_for(winner).size() == 1; }));
    EXPECT_NE(ephemerals_for(winner).front().text.find("Go to slack conversation"),
              std::string::npos);
    // The channel is open and the winner is in it; the Claim button is gone.
    std::optional<storage::Channel> channel;
    ASSERT_TRUE(eventually([&] { return (channel = channel_of_customer()).has_value(); }));
    ASSERT_TRUE(eventually([&] {
        auto in_slack = sim_.channel(channel->platform_channel_id);
        return in_slack && std::ranges::count(in_slack->members, winner) == 1;
    }));
    EXPECT_EQ(std::ranges::count(sim_.channel(channel->platform_channel_id)->members, loser), 0);
    EXPECT_EQ(buttons_of(ts), std::vector<std::string>{"open|" + target()});
    // One claim in the audit log, through a button.
    ASSERT_TRUE(eventually([&] { return audit("claim").size() == 1; }));
    EXPECT_EQ(audit("claim").front().actor, winner);
    EXPECT_EQ(audit("claim").front().via, storage::audit_via::kButton);
    // Without auto_pause_on_claim the bot keeps answering.
    EXPECT_FALSE(channel_of_customer()->is_paused);
    EXPECT_TRUE(bot_app_.commands("pause").empty());
}

TEST_P(HelpRequestStories, ClaimPausesTheBotWhenTheOrganizationWantsIt) {
    set_org(true);
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    claim(agent_, ts);
    ASSERT_TRUE(eventually([&] {
        auto channel = channel_of_customer();
        return channel && channel->is_paused;
    }));
    ASSERT_EQ(bot_app_.commands("pause").size(), 1u);
    EXPECT_EQ(bot_app_.commands("pause").front().at("paused"), true);
    EXPECT_TRUE(eventually([&] { return customer_was_told("I've been paused"); }));
    ASSERT_TRUE(eventually([&] { return audit("pause").size() == 1; }));
    EXPECT_EQ(audit("claim").size(), 1u);
    EXPECT_EQ(status_of(ts), "In progress — <@" + agent_ + ">, 0 min after the request");
}

TEST_P(HelpRequestStories, ClaimingAgainUnarchivesAClosedCustomersChannel) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto close = sim_.slash_command(channel_id, agent_, "/megatron", "close");
    ASSERT_TRUE(eventually([&] { return channel_of_customer()->is_archived; }));
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    claim(agent_, ts);
    ASSERT_TRUE(eventually([&] { return !channel_of_customer()->is_archived; }));
    EXPECT_FALSE(sim_.channel(channel_id)->is_archived);
}

TEST_P(HelpRequestStories, ClosingTheChannelShowsWhoClosedItOnThePost) {
    auto ts = carla_asks_for_help();
    ASSERT_FALSE(ts.empty());
    claim(agent_, ts);
    ASSERT_TRUE(eventually([&] { return status_of(ts).starts_with("In progress"); }));
    std::optional<storage::Channel> channel;
    ASSERT_TRUE(eventually([&] { return (channel = channel_of_customer()).has_value(); }));
    advance_clock(14 * kMinute);
    auto close = sim_.slash_command(channel->platform_channel_id, agent_, "/megatron", "close");
    ASSERT_EQ(close.answer.status, 200);
    ASSERT_TRUE(eventually([&] {
        return status_of(ts) == "Closed by <@" + agent_ + "> after 14 min";
    })) << status_of(ts);
    EXPECT_TRUE(buttons_of(ts).empty());
    // A claim on the closed request is refused too.
    claim(agent_, ts);
    ASSERT_TRUE(eventually([&] {
        auto told = ephemerals_for(agent_);
        return !told.empty() &&
               told.back().text == "This help request was closed by <@" + agent_ + ">.";
    }));
}

INSTANTIATE_TEST_SUITE_P(Backends, HelpRequestStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
