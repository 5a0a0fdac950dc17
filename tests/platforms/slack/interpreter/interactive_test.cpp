// Interactive payloads: every fixture in tests/fixtures/slack/interactive, Megatron's own
// buttons and menus (legacy and Block Kit), and malformed bodies.
#include "platforms/slack/interpreter/interactive.hpp"
#include "platforms/slack/interpreter/slash_command.hpp"
#include "support/fixtures.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace megatron::slack::interpreter {
namespace {

namespace json = boost::json;

std::string as_form(const std::string& payload_json) {
    return "payload=" + strings::url_encode(payload_json);
}

std::string sample(const std::string& name) {
    return test::fixture_text("slack/interactive/" + name);
}

TEST(InteractiveSamples, EverySampleParsesFromItsFormBody) {
    auto files = test::fixture_files("slack/interactive");
    ASSERT_EQ(files.size(), 9u);
    for (const auto& file : files) {
        SCOPED_TRACE(file.filename().string());
        auto action = parse_interactive_body(as_form(test::fixture_text(file)));
        ASSERT_TRUE(action) << action.error().message();
        EXPECT_FALSE(action->user_id.empty());
        auto name = file.filename().string();
        if (name.starts_with("block_actions")) {
            EXPECT_EQ(action->kind, InteractionKind::BlockActions);
        } else if (name.starts_with("interactive_message")) {
            EXPECT_EQ(action->kind, InteractionKind::InteractiveMessage);
        } else if (name.starts_with("message_action")) {
            EXPECT_EQ(action->kind, InteractionKind::MessageAction);
        } else {
            EXPECT_EQ(action->kind, InteractionKind::Other);
            EXPECT_EQ(action->type, "view_submission");
        }
    }
}

// Threads mode (issue 21): a message shortcut names the message it was used on and its thread.
TEST(InteractiveSamples, MessageShortcutNamesTheMessageAndItsThread) {
    auto action = parse_interactive_body(as_form(sample("message_action__bolt-js-types.json")));
    ASSERT_TRUE(action) << action.error().message();
    EXPECT_EQ(action->kind, InteractionKind::MessageAction);
    EXPECT_EQ(action->callback_id, "megatron_do");
    EXPECT_EQ(action->channel_id, "C111");
    EXPECT_EQ(action->user_id, "W111");
    EXPECT_EQ(action->team_id, "T111");
    EXPECT_EQ(action->message_ts, "1700000400.000200");
    EXPECT_EQ(action->message_thread_ts, "1700000300.000100");
    EXPECT_EQ(action->message_text, "// refund 20");
    EXPECT_FALSE(action->response_url.empty());
    auto no_message = json::parse(sample("message_action__bolt-js-types.json")).as_object();
    no_message.erase("message");
    auto refused = parse_interactive_body(as_form(json::serialize(no_message)));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("message"), std::string::npos);
}

TEST(InteractiveSamples, BlockActionsButton) {
    auto action = parse_interactive_body(as_form(sample("block_actions_button__bolt-python.json")));
    ASSERT_TRUE(action);
    EXPECT_EQ(action->team_id, "T111");
    EXPECT_EQ(action->team_domain, "workspace-domain");
    EXPECT_EQ(action->user_id, "W111");
    EXPECT_EQ(action->user_name, "primary-owner");
    EXPECT_EQ(action->channel_id, "C111");
    EXPECT_EQ(action->message_ts, "111.222");
    EXPECT_EQ(action->response_url, "https://hooks.slack.com/actions/T111/111/random-value");
    EXPECT_EQ(action->action_id, "a");
    EXPECT_EQ(action->block_id, "b");
    EXPECT_EQ(action->command, "a");
    EXPECT_EQ(action->action_type, ActionType::Button);
    EXPECT_EQ(action->value, "click_me_123");
    EXPECT_FALSE(action->target);  // not one of Megatron's "<workspace>-<user>" values
}

TEST(InteractiveSamples, LegacySelect) {
    auto action =
        parse_interactive_body(as_form(sample("interactive_message_select__bolt-python.json")));
    ASSERT_TRUE(action);
    EXPECT_EQ(action->callback_id, "pick_channel_for_fun");
    EXPECT_EQ(action->command, "pick_channel_for_fun");
    EXPECT_EQ(action->action_type, ActionType::Select);
    EXPECT_EQ(action->value, "C111");
    EXPECT_EQ(action->channel_id, "C222");
    EXPECT_EQ(action->user_name, "gbelson");
    EXPECT_EQ(action->message_ts, "1520965348.000538");
}

// A legacy button as the original rendered it (formatting.get_pause_warning).
TEST(MegatronButtons, LegacyUnpauseButton) {
    json::object payload{
        {"type", "interactive_message"},
        {"callback_id", "unpause"},
        {"actions", json::array{json::object{
                        {"name", "unpause"}, {"type", "button"}, {"value", "T0CUST-U0CUST"}}}},
        {"team", json::object{{"id", "T0SUPPORT"}, {"domain", "support"}}},
        {"channel", json::object{{"id", "C0ENG"}, {"name", "zz-alice_acme"}}},
        {"user", json::object{{"id", "U0AGENT"}, {"name", "agent"}}},
        {"response_url", "https://hooks.slack.com/actions/T0SUPPORT/1/abc"},
    };
    auto action = parse_interactive_body(as_form(json::serialize(payload)));
    ASSERT_TRUE(action) << action.error().message();
    EXPECT_EQ(action->kind, InteractionKind::InteractiveMessage);
    EXPECT_EQ(action->command, "unpause");
    EXPECT_EQ(action->action_type, ActionType::Button);
    ASSERT_TRUE(action->target);
    EXPECT_EQ(*action->target, (ActionTarget{"T0CUST", "U0CUST"}));
}

// The original's user-picking menu: callback_id "<command>", a select whose options carry
// "<workspace>-<user>" (commands/parsing.py _disambiguate_response).
TEST(MegatronButtons, LegacyUserSelectMenu) {
    json::object payload{
        {"type", "interactive_message"},
        {"callback_id", "open|disambiguate"},
        {"actions", json::array{json::object{
                        {"name", "user_select"},
                        {"type", "select"},
                        {"selected_options", json::array{json::object{{"value", "T1-U2"}}}}}}},
        {"team", json::object{{"id", "T0SUPPORT"}}},
        {"channel", json::object{{"id", "C0ENG"}}},
        {"user", json::object{{"id", "U0AGENT"}}},
        {"response_url", "https://hooks.slack.com/actions/x"},
    };
    auto action = parse_interactive_payload(json::serialize(payload));
    ASSERT_TRUE(action);
    EXPECT_EQ(action->command, "open");
    EXPECT_EQ(action->action_type, ActionType::Select);
    EXPECT_EQ(action->value, "T1-U2");
    EXPECT_EQ(*action->target, (ActionTarget{"T1", "U2"}));
}

TEST(MegatronButtons, BlockKitButtonsAndStaticSelect) {
    auto sample_payload = json::parse(sample("block_actions_button__bolt-python.json")).as_object();
    struct Case {
        json::object action;
        std::string command;
        ActionType type;
        ActionTarget target;
    };
    std::vector<Case> cases{
        {{{"action_id", "pause"}, {"type", "button"}, {"value", "T9-U9"}},
         "pause",
         ActionType::Button,
         {"T9", "U9"}},
        {{{"action_id", "unpause|T9-U9"}, {"type", "button"}, {"value", "T9-U9"}},
         "unpause",
         ActionType::Button,
         {"T9", "U9"}},
        {{{"action_id", "open"}, {"type", "button"}, {"value", "T8-U8"}},
         "open",
         ActionType::Button,
         {"T8", "U8"}},
        {{{"action_id", "open"},
          {"type", "static_select"},
          {"selected_option", json::object{{"value", "T7-U7"}}}},
         "open",
         ActionType::Select,
         {"T7", "U7"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(json::serialize(c.action));
        auto payload = sample_payload;
        payload["actions"] = json::array{c.action};
        auto action = parse_interactive_body(as_form(json::serialize(payload)));
        ASSERT_TRUE(action) << action.error().message();
        EXPECT_EQ(action->kind, InteractionKind::BlockActions);
        EXPECT_EQ(action->command, c.command);
        EXPECT_EQ(action->action_type, c.type);
        ASSERT_TRUE(action->target);
        EXPECT_EQ(*action->target, c.target);
    }
}

TEST(ActionTargets, ParseAndFormat) {
    EXPECT_EQ(parse_action_target("T1-U2"), (ActionTarget{"T1", "U2"}));
    EXPECT_EQ(format_action_target({"T1", "U2"}), "T1-U2");
    for (auto bad : {"", "-", "T1-", "-U2", "T1U2", "T1-U2-X", "click_me_123"}) {
        EXPECT_FALSE(parse_action_target(bad)) << bad;
    }
}

TEST(MalformedInteractive, TypedErrorsNotCrashes) {
    auto base = json::parse(sample("block_actions_button__bolt-python.json")).as_object();
    struct Case {
        std::string body;
        ParseError::Kind kind;
        std::string field;
    };
    auto without = [&](std::initializer_list<std::string_view> keys) {
        auto p = base;
        for (auto k : keys) p.erase(k);
        return as_form(json::serialize(p));
    };
    auto with = [&](std::string_view key, json::value v) {
        auto p = base;
        p[key] = std::move(v);
        return as_form(json::serialize(p));
    };
    std::vector<Case> cases{
        {"", ParseError::Kind::MissingField, "payload"},
        {"token=x", ParseError::Kind::MissingField, "payload"},
        {"payload=%7Bnot%20json", ParseError::Kind::InvalidJson, "payload"},
        {"payload=%5B1%2C2%5D", ParseError::Kind::InvalidJson, "payload"},
        {without({"type"}), ParseError::Kind::MissingField, "type"},
        {without({"user"}), ParseError::Kind::MissingField, "user"},
        {with("user", "U1"), ParseError::Kind::WrongType, "user"},
        {with("user", json::object{{"name", "x"}}), ParseError::Kind::MissingField, "user.id"},
        {without({"actions"}), ParseError::Kind::MissingField, "actions"},
        {with("actions", json::array{}), ParseError::Kind::MissingField, "actions[0]"},
        {with("actions", "button"), ParseError::Kind::WrongType, "actions"},
        {with("actions", json::array{1}), ParseError::Kind::WrongType, "actions[0]"},
        {with("actions", json::array{json::object{{"type", "button"}}}),
         ParseError::Kind::MissingField, "actions[0].action_id"},
        {with("channel", json::array{}), ParseError::Kind::WrongType, "channel"},
        {with("team", 5), ParseError::Kind::WrongType, "team"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.body);
        auto action = parse_interactive_body(c.body);
        ASSERT_FALSE(action);
        EXPECT_EQ(action.error().kind, c.kind);
        EXPECT_EQ(action.error().field, c.field);
    }
    // Legacy payloads need callback_id, response_url and a channel.
    auto legacy = json::parse(sample("interactive_message_select__bolt-python.json")).as_object();
    for (auto [key, field] :
         {std::pair{"callback_id", "callback_id"}, std::pair{"response_url", "response_url"},
          std::pair{"channel", "channel.id"}}) {
        SCOPED_TRACE(key);
        auto p = legacy;
        p.erase(key);
        auto action = parse_interactive_payload(json::serialize(p));
        ASSERT_FALSE(action);
        EXPECT_EQ(action.error().kind, ParseError::Kind::MissingField);
        EXPECT_EQ(action.error().field, field);
    }
}

TEST(InteractiveSamples, BlockActionsInAViewHaveNoChannel) {
    auto action = parse_interactive_payload(sample("block_actions_with_confirm__java-sdk.json"));
    ASSERT_TRUE(action);
    EXPECT_EQ(action->kind, InteractionKind::BlockActions);
    EXPECT_TRUE(action->channel_id.empty());
    EXPECT_TRUE(action->response_url.empty());
}

TEST(MalformedInteractive, TeamFallsBackToTheUsersTeam) {
    auto payload = json::parse(sample("block_actions_button__bolt-python.json")).as_object();
    payload.erase("team");
    auto action = parse_interactive_payload(json::serialize(payload));
    ASSERT_TRUE(action);
    EXPECT_EQ(action->team_id, "T111");
}

// java-slack-sdk "shapes": every field seen in real payloads, values blanked; filled with
// placeholders they parse, so no field Slack may add trips the parsers.
void fill_blanks(json::value& v) {
    if (v.is_string() && v.as_string().empty()) {
        v = "v1";
    } else if (v.is_array()) {
        for (auto& item : v.as_array()) fill_blanks(item);
    } else if (v.is_object()) {
        for (auto& [k, item] : v.as_object()) fill_blanks(item);
    }
}

json::value shape(const std::string& name) {
    auto v = test::fixture_json("slack/shapes/" + name);
    fill_blanks(v);
    return v;
}

TEST(InteractiveShapes, EveryFieldSeenInRealPayloadsIsTolerated) {
    auto legacy = parse_interactive_payload(json::serialize(
        shape("app-backend__interactive-components__AttachmentActionPayload.json")));
    ASSERT_TRUE(legacy) << legacy.error().message();
    EXPECT_EQ(legacy->kind, InteractionKind::InteractiveMessage);
    auto view = parse_interactive_payload(
        json::serialize(shape("app-backend__views__ViewSubmissionPayload.json")));
    ASSERT_TRUE(view) << view.error().message();
    EXPECT_EQ(view->kind, InteractionKind::Other);
    auto slash = parse_slash_command_object(
        shape("app-backend__slash-commands__SlashCommandPayload.json").as_object());
    ASSERT_TRUE(slash) << slash.error().message();
    EXPECT_EQ(slash->team_id, "v1");
}

}  // namespace
}  // namespace megatron::slack::interpreter
