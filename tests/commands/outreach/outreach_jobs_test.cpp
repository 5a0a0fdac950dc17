// Outreach job payloads survive the queue, and the messages Megatron composes carry what
// their readers expect: the help request's button parses back (through the Slack
// interpreter) into the "open" command for the right customer.
#include "commands/outreach/outreach_jobs.hpp"
#include "commands/outreach/outreach_messages.hpp"
#include "platforms/slack/interpreter/interactive.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace megatron::commands::outreach {
namespace {

namespace json = boost::json;

TEST(OutreachJobs, DirectMessageRoundTrips) {
    DirectMessageJob job{
        7, "U0CARLA", {"hello", json::array{json::object{{"text", "a"}}}, json::value()}};
    auto back = payload::read<DirectMessageJob>(payload::write(job));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->workspace_id, 7);
    EXPECT_EQ(back->user, "U0CARLA");
    EXPECT_EQ(back->message.text, "hello");
    EXPECT_EQ(back->message.attachments, job.message.attachments);
    EXPECT_TRUE(back->message.blocks.is_null());
    EXPECT_EQ(dm_ordering_key(7, "U0CARLA"), "dm:7:U0CARLA");
}

TEST(OutreachJobs, EphemeralNoticeAndHelpRequestRoundTrip) {
    EphemeralNoticeJob notice{3, "C0ZZ", "U0AGENT", {"wait", json::value(), json::value()}};
    auto n = payload::read<EphemeralNoticeJob>(payload::write(notice));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->integration_id, 3);
    EXPECT_EQ(n->channel, "C0ZZ");
    EXPECT_EQ(n->user, "U0AGENT");
    EXPECT_EQ(n->message.text, "wait");

    HelpRequestJob help{4, "CHELP", "carla@co", "T0CUST", "U0CARLA"};
    auto h = payload::read<HelpRequestJob>(payload::write(help));
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->integration_id, 4);
    EXPECT_EQ(h->channel, "CHELP");
    EXPECT_EQ(h->requester, "carla@co");
    EXPECT_EQ(h->workspace_platform_id, "T0CUST");
    EXPECT_EQ(h->user, "U0CARLA");
}

TEST(OutreachJobs, PayloadsMissingWhatTheHandlerNeedsAreRejected) {
    EXPECT_FALSE(payload::read<DirectMessageJob>("not json").has_value());
    EXPECT_FALSE(payload::read<DirectMessageJob>(R"({"workspace_id": 1})").has_value());
    EXPECT_FALSE(
        payload::read<DirectMessageJob>(R"({"workspace_id": "1", "user": "U1"})").has_value());
    EXPECT_FALSE(
        payload::read<EphemeralNoticeJob>(R"({"integration_id": 1, "channel": "C1"})").has_value());
    EXPECT_FALSE(
        payload::read<HelpRequestJob>(R"({"integration_id": 1, "channel": "C1", "user": "U1"})")
            .has_value());
}

TEST(OutreachMessages, FeedbackButtonsFollowTheMessagesOwnAttachments) {
    OutreachMessage plain{"hi", json::value(), json::value()};
    add_feedback_buttons(plain);
    ASSERT_TRUE(plain.attachments.is_array());
    ASSERT_EQ(plain.attachments.as_array().size(), 1u);
    EXPECT_EQ(plain.attachments.as_array()[0].at("callback_id"), "BF");

    OutreachMessage with{"hi", json::array{json::object{{"text", "first"}}}, json::value()};
    add_feedback_buttons(with);
    const auto& list = with.attachments.as_array();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].at("text"), "first");
    const auto& actions = list[1].at("actions").as_array();
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].at("name"), "feedback-positive");
    EXPECT_EQ(actions[1].at("name"), "feedback-negative");
}

TEST(OutreachMessages, TheHelpRequestButtonIsAnOpenActionForTheCustomer) {
    auto message = help_request_message({1, "CHELP", "carla@customer-co", "T0CUST", "U0CARLA"});
    EXPECT_EQ(message.text, "🆘 *carla@customer-co* requested some help!");
    ASSERT_TRUE(message.blocks.is_array());
    const json::object* button = nullptr;
    for (const auto& block : message.blocks.as_array()) {
        if (block.at("type") == "actions") button = &block.at("elements").as_array()[0].as_object();
    }
    ASSERT_NE(button, nullptr);
    EXPECT_EQ(button->at("text").at("text"), "Open engagement channel");

    // A click on it, as Slack sends it, is the "open" command for carla in T0CUST.
    json::object clicked = *button;
    clicked["block_id"] = "b1";
    json::object payload{{"type", "block_actions"},
                         {"user", json::object{{"id", "U0AGENT"}, {"team_id", "TSUP"}}},
                         {"team", json::object{{"id", "TSUP"}}},
                         {"channel", json::object{{"id", "CHELP"}}},
                         {"response_url", "https://hooks.example/1"},
                         {"actions", json::array{clicked}}};
    auto action = slack::interpreter::parse_interactive_object(payload);
    ASSERT_TRUE(action.has_value());
    EXPECT_EQ(action->command, "open");
    ASSERT_TRUE(action->target.has_value());
    EXPECT_EQ(action->target->workspace_id, "T0CUST");
    EXPECT_EQ(action->target->user_id, "U0CARLA");

    // Without a name, the customer's id stands in.
    EXPECT_EQ(help_request_message({1, "CHELP", "", "T0CUST", "U0CARLA"}).text,
              "🆘 *U0CARLA* requested some help!");
}

// Issue #15: a name from outside is escaped, so it cannot ping the channel or fake a link.
TEST(OutreachMessages, TheRequestersNameCannotPingOrLink) {
    auto message =
        help_request_message({1, "CHELP", "<!channel> & <http://evil|x>", "T0CUST", "U0CARLA"});
    EXPECT_EQ(message.text,
              "🆘 *&lt;!channel&gt; &amp; &lt;http://evil|x&gt;* requested some help!");
}

}  // namespace
}  // namespace megatron::commands::outreach
