// docs/agent-guide.md shows the Block Kit JSON of Megatron's messages to agents; each example
// marked <!-- blocks: NAME --> must be exactly what the code builds, so the guide stays true.
// Also the words of the failure note for the errors the guide names.
#include "commands/delivery_marks.hpp"
#include "commands/help_request_post.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

namespace megatron::test {
namespace {

namespace json = boost::json;

// NAME -> the JSON of the fenced block after its <!-- blocks: NAME --> marker.
std::map<std::string, json::value> guide_examples() {
    std::ifstream in(fixtures_dir() / ".." / ".." / "docs" / "agent-guide.md");
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = text.str();
    std::map<std::string, json::value> examples;
    const std::string marker = "<!-- blocks: ";
    for (auto at = doc.find(marker); at != std::string::npos; at = doc.find(marker, at + 1)) {
        auto name_end = doc.find(" -->", at);
        auto fence = doc.find("```json\n", name_end);
        auto fence_end = doc.find("\n```", fence + 8);
        if (name_end == std::string::npos || fence == std::string::npos ||
            fence_end == std::string::npos) {
            ADD_FAILURE() << "a blocks marker without a ```json block after it";
            break;
        }
        auto name = doc.substr(at + marker.size(), name_end - at - marker.size());
        examples[name] = json::parse(doc.substr(fence + 8, fence_end - fence - 8));
    }
    return examples;
}

// carla's help request as the guide shows it: open, then claimed by alice 2 min later.
storage::HelpRequest guide_request(bool claimed) {
    storage::HelpRequest request;
    request.workspace_platform_id = "T0CUSTOMER";
    request.customer = "U0CARLA";
    request.requester = "carla@customer-co";
    request.requested_at = 1'700'000'000'000;
    if (claimed) {
        request.claimed_by = "U0ALICE";
        request.claimed_at = request.requested_at + 2 * 60'000 + 5'000;
    }
    return request;
}

TEST(AgentGuide, EveryBlockKitExampleIsWhatTheCodeSends) {
    auto examples = guide_examples();
    const std::map<std::string, json::value> built{
        {"failure_note", commands::failure_note_blocks("the message is too long for Slack", 42)},
        {"help_request", commands::help_request_blocks(guide_request(false))},
        {"help_request_claimed", commands::help_request_blocks(guide_request(true))},
        {"hand_back_warning",
         commands::scheduled::hand_back_warning_blocks(15, "T0CUSTOMER", "U0CARLA")},
    };
    EXPECT_EQ(examples.size(), built.size()) << "an example without a builder here, or lost";
    for (const auto& [name, blocks] : built) {
        ASSERT_TRUE(examples.contains(name)) << name << " is not in docs/agent-guide.md";
        EXPECT_EQ(examples.at(name), blocks)
            << name << ": the guide shows " << json::serialize(examples.at(name))
            << "\nthe code builds " << json::serialize(blocks);
    }
}

TEST(AgentGuide, FailureReasonsAreInPlainWords) {
    using commands::plain_reason;
    EXPECT_EQ(
        plain_reason("slack chat.postMessage failed: token_revoked, no fresh credentials yet"),
        "the customer's workspace revoked the bot's token");
    EXPECT_EQ(plain_reason("slack chat.postMessage failed: msg_too_long"),
              "the message is too long for Slack");
    EXPECT_EQ(plain_reason("slack chat.update failed: channel_not_found"),
              "the customer's conversation with the bot is gone");
    // Anything else still names what Slack said, without the rest of the log line.
    EXPECT_EQ(plain_reason("slack chat.delete failed: cant_delete_message, HTTP 200"),
              "Slack did not take it (cant_delete_message)");
}

// The texts the guide quotes.
TEST(AgentGuide, HelpRequestAndHandBackTextsAreTheGuides) {
    auto claimed = guide_request(true);
    EXPECT_EQ(commands::already_claimed_text(claimed),
              "<@U0ALICE> claimed this help request 2 min after it came in.");
    claimed.closed_by = "U0ALICE";
    claimed.closed_at = claimed.requested_at + 14 * 60'000;
    EXPECT_EQ(commands::help_request_status(claimed), "Closed by <@U0ALICE> after 14 min");
    EXPECT_TRUE(commands::help_request_blocks(claimed).size() == 2);  // no buttons once closed
    claimed.closed_by = commands::kClosedWhenIdle;
    claimed.closed_at = claimed.requested_at + 2220 * 60'000;
    EXPECT_EQ(commands::help_request_status(claimed),
              "Closed after 2220 min: the engagement was idle");
    EXPECT_EQ(commands::already_claimed_text(claimed),
              "This help request was closed: the engagement was idle.");
    EXPECT_EQ(commands::escalation_text(5),
              "<!here> Nobody has claimed this help request in 5 min.");
    EXPECT_EQ(commands::scheduled::handed_back_text(15),
              "Handed back to the bot after 15 min of silence");
}

}  // namespace
}  // namespace megatron::test
