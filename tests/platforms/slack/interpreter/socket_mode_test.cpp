// Socket Mode envelopes: every fixture in tests/fixtures/slack/socket_mode, acks, bad envelopes.
#include "platforms/slack/interpreter/socket_mode.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace megatron::slack::interpreter {
namespace {

namespace json = boost::json;

std::string sample(const std::string& name) {
    return test::fixture_text("slack/socket_mode/" + name);
}

TEST(SocketModeSamples, EveryEnvelopeParses) {
    const std::map<std::string, EnvelopeType> expected{
        {"disconnect_too_many_websockets__python-slack-sdk.json", EnvelopeType::Disconnect},
        {"events_api__java-sdk.json", EnvelopeType::EventsApi},
        {"events_api_app_mention__python-slack-sdk.json", EnvelopeType::EventsApi},
        {"events_api_message__python-slack-sdk.json", EnvelopeType::EventsApi},
        {"events_api_message_retry_attempt1_timeout__python-slack-sdk.json",
         EnvelopeType::EventsApi},
        {"hello__java-sdk.json", EnvelopeType::Hello},
        {"hello__python-slack-sdk.json", EnvelopeType::Hello},
        {"interactive__java-sdk.json", EnvelopeType::Interactive},
        {"interactive_shortcut__python-slack-sdk.json", EnvelopeType::Interactive},
        {"slash_commands__java-sdk.json", EnvelopeType::SlashCommands},
        {"slash_commands__python-slack-sdk.json", EnvelopeType::SlashCommands},
    };
    int checked = 0;
    for (const auto& file : test::fixture_files("slack/socket_mode")) {
        auto name = file.filename().string();
        if (name.starts_with("ack_")) continue;  // what the app sends, see AckMatchesTheSample
        SCOPED_TRACE(name);
        auto it = expected.find(name);
        ASSERT_NE(it, expected.end()) << "no expectation for " << name;
        auto envelope = parse_socket_envelope(test::fixture_text(file));
        ASSERT_TRUE(envelope) << envelope.error().message();
        EXPECT_EQ(envelope->type, it->second);
        bool needs_ack =
            it->second != EnvelopeType::Hello && it->second != EnvelopeType::Disconnect;
        EXPECT_EQ(envelope->envelope_id.empty(), !needs_ack);
        ++checked;
    }
    EXPECT_EQ(checked, static_cast<int>(expected.size()));
}

TEST(SocketModeSamples, MessageEventInside) {
    auto envelope = parse_socket_envelope(sample("events_api_message__python-slack-sdk.json"));
    ASSERT_TRUE(envelope);
    const auto& body = std::get<EventsApiBody>(envelope->payload);
    const auto& callback = std::get<EventCallback>(body);
    EXPECT_FALSE(callback.event_id.empty());
    EXPECT_TRUE(std::holds_alternative<AgentMessage>(callback.event));
    EXPECT_EQ(envelope->retry_attempt, 0);
}

TEST(SocketModeSamples, RetriesAreReported) {
    auto envelope = parse_socket_envelope(
        sample("events_api_message_retry_attempt1_timeout__python-slack-sdk.json"));
    ASSERT_TRUE(envelope);
    EXPECT_EQ(envelope->retry_attempt, 1);
    EXPECT_EQ(envelope->retry_reason, "timeout");
}

TEST(SocketModeSamples, SlashCommandInside) {
    auto envelope = parse_socket_envelope(sample("slash_commands__python-slack-sdk.json"));
    ASSERT_TRUE(envelope);
    EXPECT_TRUE(envelope->accepts_response_payload);
    const auto& cmd = std::get<SlashCommand>(envelope->payload);
    EXPECT_EQ(cmd.team_id, "T111");
    EXPECT_EQ(cmd.channel_id, "C111");
    EXPECT_EQ(cmd.command, "/hello-socket-mode");
}

TEST(SocketModeSamples, InteractiveInside) {
    auto envelope = parse_socket_envelope(sample("interactive__java-sdk.json"));
    ASSERT_TRUE(envelope);
    const auto& action = std::get<InteractiveAction>(envelope->payload);
    EXPECT_EQ(action.kind, InteractionKind::BlockActions);
    auto shortcut = parse_socket_envelope(sample("interactive_shortcut__python-slack-sdk.json"));
    ASSERT_TRUE(shortcut);
    EXPECT_EQ(std::get<InteractiveAction>(shortcut->payload).kind, InteractionKind::Other);
}

TEST(SocketModeSamples, DisconnectReason) {
    auto envelope =
        parse_socket_envelope(sample("disconnect_too_many_websockets__python-slack-sdk.json"));
    ASSERT_TRUE(envelope);
    EXPECT_EQ(envelope->disconnect_reason, "too_many_websockets");
}

TEST(SocketModeAck, AckMatchesTheSample) {
    auto expected = json::parse(sample("ack_with_payload__python-slack-sdk.json")).as_object();
    auto ack = json::parse(
        socket_mode_ack(expected.at("envelope_id").as_string(), expected.at("payload")));
    EXPECT_EQ(ack, expected);
    EXPECT_EQ(json::parse(socket_mode_ack("abc")), (json::object{{"envelope_id", "abc"}}));
}

TEST(SocketModeErrors, BadEnvelopesNamePayloadFields) {
    struct Case {
        std::string body;
        ParseError::Kind kind;
        std::string field;
    };
    std::vector<Case> cases{
        {"", ParseError::Kind::InvalidJson, ""},
        {R"({"envelope_id":"e"})", ParseError::Kind::MissingField, "type"},
        {R"({"type":"events_api","payload":{}})", ParseError::Kind::MissingField, "envelope_id"},
        {R"({"type":"events_api","envelope_id":"e"})", ParseError::Kind::MissingField, "payload"},
        {R"({"type":"events_api","envelope_id":"e","payload":[]})", ParseError::Kind::WrongType,
         "payload"},
        {R"({"type":"events_api","envelope_id":"e","payload":{"type":"event_callback"}})",
         ParseError::Kind::MissingField, "payload.event_id"},
        {R"({"type":"slash_commands","envelope_id":"e","payload":{"team_id":"T"}})",
         ParseError::Kind::MissingField, "payload.channel_id"},
        {R"({"type":"interactive","envelope_id":"e","payload":{"type":"block_actions"}})",
         ParseError::Kind::MissingField, "payload.user"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.body);
        auto envelope = parse_socket_envelope(c.body);
        ASSERT_FALSE(envelope);
        EXPECT_EQ(envelope.error().kind, c.kind);
        EXPECT_EQ(envelope.error().field, c.field);
    }
    // Unknown envelope types are kept for the caller to ack and ignore.
    auto other = parse_socket_envelope(R"({"type":"future_thing","envelope_id":"e"})");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->type, EnvelopeType::Other);
    EXPECT_EQ(other->envelope_id, "e");
}

}  // namespace
}  // namespace megatron::slack::interpreter
