// Slash command bodies (every fixture in tests/fixtures/slack/slash_commands) and the
// /megatron words typed after the command.
#include "platforms/slack/interpreter/slash_command.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>

namespace megatron::slack::interpreter {
namespace {

TEST(SlashCommandBody, EverySampleParses) {
    auto files = test::fixture_files("slack/slash_commands");
    ASSERT_EQ(files.size(), 5u);
    for (const auto& file : files) {
        SCOPED_TRACE(file.filename().string());
        auto cmd = parse_slash_command(test::fixture_text(file));
        ASSERT_TRUE(cmd) << cmd.error().message();
        EXPECT_FALSE(cmd->team_id.empty());
        EXPECT_FALSE(cmd->channel_id.empty());
        EXPECT_FALSE(cmd->user_id.empty());
        EXPECT_TRUE(cmd->response_url.starts_with("https://hooks.slack.com/commands/"));
        EXPECT_TRUE(cmd->command.starts_with("/"));
    }
}

TEST(SlashCommandBody, FieldsAreDecoded) {
    auto cmd = parse_slash_command(
        test::fixture_text("slack/slash_commands/slash_command_body__bolt-python.json"));
    ASSERT_TRUE(cmd);
    EXPECT_EQ(cmd->team_id, "T111");
    EXPECT_EQ(cmd->team_domain, "test-domain");
    EXPECT_EQ(cmd->enterprise_id, "E111");
    EXPECT_EQ(cmd->channel_id, "C111");
    EXPECT_EQ(cmd->channel_name, "random");
    EXPECT_EQ(cmd->user_id, "W111");
    EXPECT_EQ(cmd->user_name, "primary-owner");
    EXPECT_EQ(cmd->command, "/hello-world");
    EXPECT_EQ(cmd->text, "Hi");
    EXPECT_EQ(cmd->response_url, "https://hooks.slack.com/commands/T111/111/xxxxx");
    EXPECT_EQ(cmd->trigger_id, "111.111.xxx");
}

TEST(SlashCommandBody, EmptyTextIsFine) {
    auto cmd = parse_slash_command(
        test::fixture_text("slack/slash_commands/slash_command_body__slack-signing-docs.json"));
    ASSERT_TRUE(cmd);
    EXPECT_EQ(cmd->text, "");
    EXPECT_EQ(cmd->channel_id, "G8PSS9T3V");
}

TEST(SlashCommandBody, MissingRequiredFieldsAreNamed) {
    const std::string full =
        "team_id=T1&channel_id=C1&user_id=U1&command=%2Fmegatron&text=open&response_url=https%3A%"
        "2F%2Fx";
    ASSERT_TRUE(parse_slash_command(full));
    for (const std::string field : {"team_id", "channel_id", "user_id", "response_url"}) {
        SCOPED_TRACE(field);
        auto start = full.find(field + "=");
        auto end = full.find('&', start);
        auto body = full.substr(0, start) +
                    (end == std::string::npos ? std::string() : full.substr(end + 1));
        auto cmd = parse_slash_command(body);
        ASSERT_FALSE(cmd);
        EXPECT_EQ(cmd.error().kind, ParseError::Kind::MissingField);
        EXPECT_EQ(cmd.error().field, field);
        // Present but empty is as good as missing.
        auto emptied = full.substr(0, start) + field + "=" +
                       (end == std::string::npos ? std::string() : full.substr(end));
        EXPECT_FALSE(parse_slash_command(emptied));
    }
}

TEST(SlashCommandBody, GarbageNeverCrashes) {
    for (const std::string body : {"", "&&&", "=", "%", "%zz=%", "payload={}", "\xff\xfe"}) {
        auto cmd = parse_slash_command(body);
        EXPECT_FALSE(cmd);
    }
}

TEST(MegatronWords, ControlVerbsWithAndWithoutUser) {
    struct Case {
        std::string text;
        ControlVerb verb;
        std::optional<std::string> user;
    };
    for (const auto& c : std::vector<Case>{
             {"open", ControlVerb::Open, std::nullopt},
             {"open alice", ControlVerb::Open, "alice"},
             {"  close   bob  ", ControlVerb::Close, "bob"},
             {"pause", ControlVerb::Pause, std::nullopt},
             {"PAUSE carol", ControlVerb::Pause, "carol"},
             {"unpause dan", ControlVerb::Unpause, "dan"},
             {"clear-context", ControlVerb::ClearContext, std::nullopt},
             {"clear-context <@U123|erin>", ControlVerb::ClearContext, "erin"},
             {"open <@U999>", ControlVerb::Open, "U999"},
             {"open @frank", ControlVerb::Open, "frank"},
         }) {
        SCOPED_TRACE(c.text);
        auto parsed = parse_megatron_command(c.text);
        ASSERT_TRUE(parsed);
        const auto* control = std::get_if<ControlCommand>(&*parsed);
        ASSERT_NE(control, nullptr);
        EXPECT_EQ(control->verb, c.verb);
        EXPECT_EQ(control->target_user, c.user);
    }
}

TEST(MegatronWords, DoKeepsTheRestOfTheText) {
    auto parsed = parse_megatron_command("do  reset  the   flow now ");
    ASSERT_TRUE(parsed);
    const auto* d = std::get_if<DoCommand>(&*parsed);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->text, "reset  the   flow now");
}

TEST(MegatronWords, DoWithoutTextIsAnError) {
    auto parsed = parse_megatron_command("do   ");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, ParseError::Kind::InvalidValue);
    EXPECT_EQ(parsed.error().field, "text");
}

TEST(MegatronWords, TooManyUsers) {
    auto parsed = parse_megatron_command("open alice bob");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, ParseError::Kind::InvalidValue);
}

TEST(MegatronWords, UnknownAndEmpty) {
    auto unknown = parse_megatron_command("dance now");
    ASSERT_TRUE(unknown);
    ASSERT_TRUE(std::holds_alternative<UnknownCommand>(*unknown));
    EXPECT_EQ(std::get<UnknownCommand>(*unknown).word, "dance");
    auto empty = parse_megatron_command("   ");
    ASSERT_TRUE(empty);
    ASSERT_TRUE(std::holds_alternative<UnknownCommand>(*empty));
    EXPECT_EQ(std::get<UnknownCommand>(*empty).word, "");
    // "forward" is an internal command of the original, not something agents type.
    auto forward = parse_megatron_command("forward x");
    ASSERT_TRUE(forward);
    EXPECT_TRUE(std::holds_alternative<UnknownCommand>(*forward));
}

TEST(MegatronWords, HelpListsEveryCommand) {
    auto help = command_help_text();
    for (auto word : {"open", "close", "pause", "unpause", "clear-context", "do"}) {
        EXPECT_NE(help.find(std::string("/megatron ") + word), std::string::npos) << word;
    }
}

TEST(MegatronWords, VerbNamesRoundTrip) {
    for (auto verb : {ControlVerb::Open, ControlVerb::Close, ControlVerb::Pause,
                      ControlVerb::Unpause, ControlVerb::ClearContext}) {
        EXPECT_EQ(control_verb_from(to_string(verb)), verb);
    }
    EXPECT_EQ(control_verb_from("do"), std::nullopt);
}

}  // namespace
}  // namespace megatron::slack::interpreter
