// The simulator's conversations.invite, through the real Web API client: Slack's errors
// (already_in_channel, user_not_found, channel_not_found, cant_invite_self, is_archived,
// not_in_channel, method_not_supported_for_channel_type) and membership after success.
#include "platforms/slack/connection/methods.hpp"
#include "sim_fixture.hpp"

namespace megatron::slack::testing {
namespace {

class ConversationsInviteTest : public SimFixture {
  protected:
    Expected<boost::json::object, SlackError> invite(const std::string& channel,
                                                     const std::string& users) {
        return client_->call(
            creds(),
            {"conversations.invite", Replay::Safe, {{"channel", channel}, {"users", users}}});
    }
    std::vector<std::string> members(const std::string& channel) {
        return sim_.channel(channel)->members;
    }
    static bool contains(const std::vector<std::string>& list, const std::string& id) {
        return std::find(list.begin(), list.end(), id) != list.end();
    }
};

TEST_F(ConversationsInviteTest, InvitedPeopleBecomeMembers) {
    auto dora = sim_.add_user(team_, {.name = "dora"});
    auto eve = sim_.add_user(team_, {.name = "eve"});
    ASSERT_FALSE(contains(members(channel_), dora));
    auto invited = invite(channel_, dora + "," + eve);
    ASSERT_TRUE(invited) << invited.error().describe();
    EXPECT_EQ(invited->at("channel").at("id").as_string(), channel_);
    EXPECT_TRUE(contains(members(channel_), dora));
    EXPECT_TRUE(contains(members(channel_), eve));
}

TEST_F(ConversationsInviteTest, SlacksErrors) {
    auto already = invite(channel_, carla_);  // carla is a member already
    ASSERT_FALSE(already);
    EXPECT_EQ(already.error().error, "already_in_channel");

    auto nobody = invite(channel_, "U0NOBODY");
    ASSERT_FALSE(nobody);
    EXPECT_EQ(nobody.error().error, "user_not_found");
    EXPECT_EQ(nobody.error().code, SlackErrorCode::UserNotFound);

    auto other_team = sim_.add_workspace({.id = "T0OTHER", .bot_token = "xoxb-other"});
    auto stranger = sim_.add_user(other_team, {.name = "stranger"});
    auto foreign = invite(channel_, stranger);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().error, "user_not_found");

    auto self = invite(channel_, sim_.bot_user_id(team_));
    ASSERT_FALSE(self);
    EXPECT_EQ(self.error().error, "cant_invite_self");

    auto missing = invite("C0MISSING", carla_);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, SlackErrorCode::ChannelNotFound);

    auto dm = invite(dm_, carla_);
    ASSERT_FALSE(dm);
    EXPECT_EQ(dm.error().error, "method_not_supported_for_channel_type");

    auto dora = sim_.add_user(team_, {.name = "dora"});
    auto outside = sim_.add_channel(team_, {.name = "outside", .bot_is_member = false});
    auto not_in = invite(outside, dora);
    ASSERT_FALSE(not_in);
    EXPECT_EQ(not_in.error().code, SlackErrorCode::NotInChannel);

    auto archived = sim_.add_channel(team_, {.name = "old", .is_archived = true});
    auto closed = invite(archived, dora);
    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().code, SlackErrorCode::IsArchived);
    EXPECT_FALSE(contains(members(archived), dora));

    // One bad user fails the whole call (no force): nobody is added.
    auto mixed = invite(channel_, dora + ",U0NOBODY");
    ASSERT_FALSE(mixed);
    EXPECT_EQ(mixed.error().error, "user_not_found");
    EXPECT_FALSE(contains(members(channel_), dora));
}

TEST_F(ConversationsInviteTest, ForceInvitesTheValidOnes) {
    auto dora = sim_.add_user(team_, {.name = "dora"});
    auto forced = client_->call(
        creds(), {"conversations.invite",
                  Replay::Safe,
                  {{"channel", channel_}, {"users", dora + ",U0NOBODY"}, {"force", "true"}}});
    ASSERT_TRUE(forced) << forced.error().describe();
    EXPECT_TRUE(contains(members(channel_), dora));
    ASSERT_TRUE(forced->contains("errors"));
    EXPECT_EQ(forced->at("errors").as_array().at(0).at("error").as_string(), "user_not_found");
}

}  // namespace
}  // namespace megatron::slack::testing
