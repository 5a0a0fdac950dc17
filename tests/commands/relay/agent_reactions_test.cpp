// Reactions reach the customer (issue 19.3): an agent's reaction on the mirror of a customer's
// message is made by the bot on the customer's original message, and taking it back takes it
// back; reactions on other messages stay in the support workspace. SQLite and PostgreSQL +
// Redis.
#include "commands/relay/agent_view_test.hpp"

#include <chrono>
#include <thread>

namespace megatron::test {
namespace {

class AgentReactionStories : public AgentViewTest {
  protected:
    // Carla writes to the bot and the bot app reports it; the ts of her message in the DM.
    std::string carla_says(const std::string& channel, const std::string& text) {
        auto ts = sim_.post_as_user(customer_dm_, customer_, text);
        EXPECT_EQ(customer_writes(text, ts).status, 200);
        EXPECT_TRUE(eventually([&] { return !ts_of(channel, text).empty(); }));
        return ts;
    }

    // The reactions the customer workspace's bot made (reactions.add/remove with its token).
    std::size_t customer_side_calls(const std::string& method) {
        std::size_t n = 0;
        for (const auto& call : sim_.calls(method)) n += call.workspace_id == customer_team_;
        return n;
    }
};

TEST_P(AgentReactionStories, AReactionOnTheCustomersMessageIsAddedAndRemovedForThem) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    auto original = carla_says(channel, "is my order shipped?");
    auto mirror = ts_of(channel, "is my order shipped?");
    ASSERT_FALSE(mirror.empty());

    sim_.user_reacts(channel, agent_, mirror, "eyes");
    ASSERT_TRUE(eventually(
        [&] { return reactions_on(customer_dm_, original) == std::vector<std::string>{"eyes"}; }));
    // The bot made it, in the customer's workspace.
    auto dm_message = message_at(customer_dm_, original);
    ASSERT_TRUE(dm_message);
    EXPECT_EQ(dm_message->reactions.front().second,
              std::vector<std::string>{sim_.bot_user_id(customer_team_)});

    sim_.user_reacts(channel, agent_, mirror, "eyes", false);
    ASSERT_TRUE(eventually([&] { return reactions_on(customer_dm_, original).empty(); }));
}

// The agent reacts the moment the mirror appears, while Slack has not yet answered the post
// that made it: Megatron has no mapping for the mirror yet, and the reaction still reaches
// the customer once the mirror job has stored it.
TEST_P(AgentReactionStories, AReactionOnAMirrorNotYetRecordedStillReachesTheCustomer) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    sim_.inject({.kind = slack_sim::FaultKind::SlowAfterProcessing,
                 .method = "chat.postMessage",
                 .delay = std::chrono::milliseconds(1500)});
    auto original = carla_says(channel, "where is my parcel?");
    auto mirror = ts_of(channel, "where is my parcel?");
    ASSERT_FALSE(mirror.empty());

    sim_.user_reacts(channel, agent_, mirror, "eyes");
    EXPECT_TRUE(eventually(
        [&] { return reactions_on(customer_dm_, original) == std::vector<std::string>{"eyes"}; }));
}

TEST_P(AgentReactionStories, ReactionsOnOtherMessagesStayInternal) {
    auto channel = open_channel_for_carla();
    ASSERT_FALSE(channel.empty());
    auto ts = agent_writes(channel, "let me check that");
    ASSERT_TRUE(eventually([&] { return dm_count("let me check that") == 1; }));
    // Another agent's thumbs-up on the agent's message, and one on a message that is not
    // mirrored at all (a plain note in the channel).
    sim_.user_reacts(channel, agent_, ts, "thumbsup");
    auto note = sim_.post_as_user(channel, agent_, "internal note");
    sim_.user_reacts(channel, agent_, note, "pray");
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    EXPECT_EQ(customer_side_calls("reactions.add"), 0u);
    for (const auto& m : sim_.messages(customer_dm_)) EXPECT_TRUE(m.reactions.empty()) << m.text;
}

INSTANTIATE_TEST_SUITE_P(Backends, AgentReactionStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
