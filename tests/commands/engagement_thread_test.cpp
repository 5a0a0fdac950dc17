// Threads mode's parent message (commands/engagement_thread): what it says in each state, its
// buttons, and the note prefix rule.
#include "commands/engagement_thread.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace megatron::commands {
namespace {

namespace json = boost::json;

ThreadParent carla() {
    storage::Profile profile;
    profile.platform_id = "UCARLA";
    profile.username = "carla";
    profile.display_name = "Carla <!channel>";
    profile.profile_image = "https://avatars.example/carla.png";
    return {profile, "Acme", "TCUSTOMER", "UCARLA"};
}

std::vector<std::string> action_ids(const json::array& blocks) {
    std::vector<std::string> ids;
    for (const auto& e : blocks.back().at("elements").as_array()) {
        ids.emplace_back(e.at("action_id").as_string());
    }
    return ids;
}

TEST(ThreadParent, ShowsTheCustomerEscapedTheirAvatarAndTheButtonsOfEachState) {
    auto parent = carla();
    EXPECT_EQ(thread_parent_text(parent),
              "Carla &lt;!channel&gt; (Acme): :robot_face: The bot is answering");
    auto blocks = thread_parent_blocks(parent);
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(blocks[0].at("accessory").at("image_url").as_string(),
              "https://avatars.example/carla.png");
    EXPECT_EQ(action_ids(blocks),
              (std::vector<std::string>{"pause|TCUSTOMER-UCARLA", "close|TCUSTOMER-UCARLA",
                                        "clear-context|TCUSTOMER-UCARLA"}));

    parent.paused = true;
    parent.paused_by = "UALICE";
    EXPECT_NE(thread_parent_text(parent).find("Bot paused by <@UALICE>"), std::string::npos);
    EXPECT_EQ(action_ids(thread_parent_blocks(parent)).front(), "unpause|TCUSTOMER-UCARLA");

    parent.closed = true;
    EXPECT_NE(thread_parent_text(parent).find("Closed"), std::string::npos);
    EXPECT_EQ(action_ids(thread_parent_blocks(parent)),
              std::vector<std::string>{"open|TCUSTOMER-UCARLA"});
}

TEST(ThreadParent, NotesStartWithThePrefix) {
    EXPECT_TRUE(is_internal_note("// she is a VIP", "//"));
    EXPECT_FALSE(is_internal_note("see https://x.example//y", "//"));
    EXPECT_FALSE(is_internal_note("anything", ""));
    storage::Channel thread;
    thread.platform_channel_id = "CSUPPORT";
    thread.thread_ts = "100.1";
    auto post = post_into(thread);
    EXPECT_EQ(post.channel, "CSUPPORT");
    EXPECT_EQ(post.thread_ts, "100.1");
}

}  // namespace
}  // namespace megatron::commands
