// Megatron's buttons and menus round-trip: what the builders render, clicked the way Slack
// reports clicks (block_actions), parses back to the same command and customer.
#include "platforms/slack/blocks/megatron_actions.hpp"
#include "platforms/slack/interpreter/interactive.hpp"
#include "support/fixtures.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace megatron::slack::interpreter {
namespace {

namespace json = boost::json;
using namespace blocks;  // the builders live in the Block Kit leaf

// The payload Slack sends when `element` (a button) is clicked, or `option` of it is chosen.
std::string click(const json::object& element, const json::value& option = nullptr) {
    auto payload =
        test::fixture_json("slack/interactive/block_actions_button__bolt-python.json").as_object();
    json::object action{{"action_id", element.at("action_id")},
                        {"block_id", "blk"},
                        {"type", element.at("type")},
                        {"action_ts", "1700000000.000100"}};
    if (option.is_null()) {
        action["text"] = element.at("text");
        action["value"] = element.at("value");
    } else {
        action["selected_option"] = option;
    }
    payload["actions"] = json::array{action};
    return "payload=" + strings::url_encode(json::serialize(payload));
}

const json::object& only_element(const json::object& actions_block) {
    EXPECT_EQ(actions_block.at("type").as_string(), "actions");
    const auto& elements = actions_block.at("elements").as_array();
    EXPECT_EQ(elements.size(), 1u);
    return elements.front().as_object();
}

const ActionTarget kCustomer{"T0CUST", "U0CUST"};

TEST(MegatronActions, PauseAndUnpauseButtonsRoundTrip) {
    for (bool paused : {false, true}) {
        SCOPED_TRACE(paused);
        auto block = pause_toggle_block(kCustomer, paused);
        auto action = parse_interactive_body(click(only_element(block)));
        ASSERT_TRUE(action) << action.error().message();
        EXPECT_EQ(action->command, paused ? kUnpauseCommand : kPauseCommand);
        EXPECT_EQ(action->action_type, ActionType::Button);
        EXPECT_EQ(action->target, kCustomer);
    }
}

TEST(MegatronActions, OpenChannelButtonRoundTrips) {
    auto block = open_channel_block(kCustomer);
    const auto& button = only_element(block);
    EXPECT_EQ(button.at("text").at("text").as_string(), "Open engagement channel");
    auto action = parse_interactive_body(click(button));
    ASSERT_TRUE(action);
    EXPECT_EQ(action->command, kOpenCommand);
    EXPECT_EQ(action->target, kCustomer);
}

TEST(MegatronActions, UserSelectRoundTripsEveryOption) {
    std::vector<UserChoice> choices{{"alice (acme)", {"T1", "U1"}},
                                    {"alice (globex)", {"T2", "U2"}}};
    auto block = user_select_block(kClearContextCommand, "Whose context?", choices);
    const auto& select = block.at("accessory").as_object();
    EXPECT_EQ(select.at("type").as_string(), "static_select");
    const auto& options = select.at("options").as_array();
    ASSERT_EQ(options.size(), 2u);
    for (std::size_t i = 0; i < options.size(); ++i) {
        auto action = parse_interactive_body(click(select, options[i]));
        ASSERT_TRUE(action) << action.error().message();
        EXPECT_EQ(action->command, kClearContextCommand);
        EXPECT_EQ(action->action_type, ActionType::Select);
        EXPECT_EQ(action->target, choices[i].target);
    }
}

TEST(MegatronActions, SelectRespectsSlacksLimits) {
    std::vector<UserChoice> many;
    for (int i = 0; i < 130; ++i) {
        many.push_back({std::string(90, 'x'), {"T" + std::to_string(i), "U" + std::to_string(i)}});
    }
    auto block = user_select_block(kOpenCommand, "Who?", many);
    const auto& options = block.at("accessory").at("options").as_array();
    EXPECT_EQ(options.size(), 100u);
    EXPECT_EQ(options[0].at("text").at("text").as_string().size(), 75u);
}

TEST(MegatronActions, ActionIdsAreUniquePerCustomer) {
    auto a = action_button(kPauseCommand, "Pause", {"T1", "U1"});
    auto b = action_button(kPauseCommand, "Pause", {"T1", "U2"});
    EXPECT_NE(a.at("action_id"), b.at("action_id"));
    EXPECT_LE(a.at("action_id").as_string().size(), 255u);  // Slack's action_id limit
}

}  // namespace
}  // namespace megatron::slack::interpreter
