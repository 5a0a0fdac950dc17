// docs/agent-guide.md shows the Block Kit JSON of Megatron's messages to agents; each example
// marked <!-- blocks: NAME --> must be exactly what the code builds, so the guide stays true.
// Also the words of the failure note for the errors the guide names.
#include "commands/relay/delivery_marks.hpp"
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

TEST(AgentGuide, EveryBlockKitExampleIsWhatTheCodeSends) {
    auto examples = guide_examples();
    const std::map<std::string, json::value> built{
        {"failure_note",
         commands::relay::failure_note_blocks("the message is too long for Slack", 42)},
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
    using commands::relay::plain_reason;
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

}  // namespace
}  // namespace megatron::test
