// Events API bodies: every fixture in tests/fixtures/slack/events and the spec and legacy docs
// examples in slack/events_spec, each mapped to the kind the relay acts on, plus malformed bodies.
#include "platforms/slack/interpreter/events.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>

namespace megatron::slack::interpreter {
namespace {

namespace json = boost::json;

std::string kind_of(const MessageEvent& e) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, AgentMessage>) return "agent";
            if constexpr (std::is_same_v<T, FileShare>) return "file_share";
            if constexpr (std::is_same_v<T, MessageChanged>) return "changed";
            if constexpr (std::is_same_v<T, MessageDeleted>) return "deleted";
            if constexpr (std::is_same_v<T, BotMessage>) return "bot";
            if constexpr (std::is_same_v<T, ReactionChanged>) return "reaction";
            return "ignored";
        },
        e);
}

// What each sample is; a new sample without an entry here fails the test.
const std::map<std::string, std::string> kExpected{
    {"inner_file_share_im__slack-docs.json", "file_share"},  // no subtype, bot_id null
    {"inner_message_changed_thread_reply__java-sdk.json", "changed"},
    // A bot's post deleted: Slack names the bot only in previous_message; never relayed.
    {"inner_message_deleted_bot__java-sdk.json", "bot"},
    {"inner_message_file_share_snippet__java-sdk.json", "file_share"},
    {"message_changed__bolt-python.json", "changed"},
    {"message_deleted__bolt-python.json", "deleted"},
    {"message_file_share_2__bolt-python.json", "file_share"},
    {"message_file_share__bolt-python.json", "file_share"},
    {"message_from_app_bot_no_subtype__bolt-python.json", "bot"},
    {"message_plain__bolt-python.json", "agent"},
    {"message_subtype_bot_message__bolt-python.json", "bot"},
    {"message_subtype_bot_message_other_app__bolt-python.json", "bot"},
    {"message_subtype_bot_message_self__bolt-python.json", "bot"},
    {"message_user__bolt-python.json", "agent"},
    {"url_verification__bolt-python.json", "url_verification"},
    // slack/events_spec
    {"legacy_bot_message.json", "bot"},
    {"legacy_message_changed.json", "changed"},
    {"legacy_message_deleted.json", "deleted"},
    {"legacy_message_deleted_hidden.json", "deleted"},
    {"legacy_message_edited.json", "agent"},
    {"legacy_message_simple.json", "agent"},
    {"wrapper_schema_example_1_resources_added.json", "ignored"},
    {"wrapper_schema_example_2_reaction_added.json", "reaction"},
    {"reaction_removed_example.json", "reaction"},
    {"wrapper_schema_inner_event_example_message_app_home.json", "agent"},
};

// Whole bodies go through parse_events_body; inner events alone through parse_inner_event.
std::string classify(const std::string& text) {
    auto object = json::parse(text).as_object();
    const auto* type = object.if_contains("type");
    if (type != nullptr && type->is_string() &&
        (type->as_string() == "event_callback" || type->as_string() == "url_verification")) {
        auto body = parse_events_body(text);
        if (!body) return "error: " + body.error().message();
        if (std::holds_alternative<UrlVerification>(*body)) return "url_verification";
        if (const auto* cb = std::get_if<EventCallback>(&*body)) return kind_of(cb->event);
        return "other";
    }
    auto event = parse_inner_event(object);
    return event ? kind_of(*event) : "error: " + event.error().message();
}

TEST(EventSamples, EverySampleParsesToItsKind) {
    auto files = test::fixture_files("slack/events");
    for (const auto& f : test::fixture_files("slack/events_spec")) files.push_back(f);
    ASSERT_EQ(files.size(), kExpected.size());
    for (const auto& file : files) {
        auto name = file.filename().string();
        SCOPED_TRACE(name);
        auto expected = kExpected.find(name);
        ASSERT_NE(expected, kExpected.end()) << "no expectation for " << name;
        EXPECT_EQ(classify(test::fixture_text(file)), expected->second);
    }
}

EventCallback callback(const std::string& sample) {
    auto body = parse_events_body(test::fixture_text("slack/events/" + sample));
    EXPECT_TRUE(body);
    if (!body) return {};  // the test fails on the empty callback instead of aborting here
    return std::get<EventCallback>(*body);
}

TEST(EventSamples, UrlVerificationChallenge) {
    auto body =
        parse_events_body(test::fixture_text("slack/events/url_verification__bolt-python.json"));
    ASSERT_TRUE(body);
    EXPECT_EQ(std::get<UrlVerification>(*body).challenge,
              "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
}

TEST(EventSamples, PlainMessage) {
    auto cb = callback("message_user__bolt-python.json");
    EXPECT_EQ(cb.event_id, "Ev111");
    EXPECT_EQ(cb.team_id, "T111");
    const auto& m = std::get<AgentMessage>(cb.event);
    EXPECT_EQ(m.channel, "C111");
    EXPECT_EQ(m.user, "W111");
    EXPECT_FALSE(m.ts.empty());
    EXPECT_TRUE(m.blocks.is_array());
    EXPECT_TRUE(m.attachments.is_null());
}

TEST(EventSamples, MessageChangedUsesThePreviousTs) {
    auto cb = callback("message_changed__bolt-python.json");
    const auto& m = std::get<MessageChanged>(cb.event);
    EXPECT_EQ(m.channel, "C111");
    EXPECT_EQ(m.previous_ts, "1665102338.901939");
    EXPECT_EQ(m.text, "updated message");
    EXPECT_EQ(m.user, "U111");
    EXPECT_TRUE(m.blocks.is_array());
}

TEST(EventSamples, MessageDeleted) {
    auto cb = callback("message_deleted__bolt-python.json");
    const auto& m = std::get<MessageDeleted>(cb.event);
    EXPECT_EQ(m.channel, "C111");
    EXPECT_FALSE(m.deleted_ts.empty());
}

TEST(EventSamples, FileShareListsTheFiles) {
    auto cb = callback("message_file_share__bolt-python.json");
    const auto& m = std::get<FileShare>(cb.event);
    ASSERT_FALSE(m.files.empty());
    EXPECT_FALSE(m.files.front().id.empty());
    EXPECT_TRUE(m.files.front().url_private.starts_with("https://"));
    EXPECT_FALSE(m.user.empty());
}

TEST(EventSamples, BotMessagesCarryTheBotId) {
    auto cb = callback("message_subtype_bot_message_self__bolt-python.json");
    const auto& m = std::get<BotMessage>(cb.event);
    EXPECT_FALSE(m.bot_id.empty());
    EXPECT_EQ(m.subtype, "bot_message");
}

json::object plain_body() {
    return test::fixture_json("slack/events/message_user__bolt-python.json").as_object();
}

TEST(EventEdges, EditByABotIsABotMessage) {
    auto body = plain_body();
    body["event"] = json::object{{"type", "message"},
                                 {"subtype", "message_changed"},
                                 {"channel", "C1"},
                                 {"message", json::object{{"bot_id", "B1"}, {"ts", "1.2"}}},
                                 {"previous_message", json::object{{"ts", "1.2"}}}};
    auto parsed = parse_events_body(json::serialize(body));
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(std::holds_alternative<BotMessage>(std::get<EventCallback>(*parsed).event));
}

TEST(EventEdges, OtherSubtypesAndEnvelopesAreIgnoredNotErrors) {
    auto body = plain_body();
    body["event"].as_object()["subtype"] = "channel_join";
    auto parsed = parse_events_body(json::serialize(body));
    ASSERT_TRUE(parsed);
    const auto& ignored = std::get<IgnoredEvent>(std::get<EventCallback>(*parsed).event);
    EXPECT_EQ(ignored.subtype, "channel_join");

    auto limited = parse_events_body(R"({"type":"app_rate_limited","token":"x"})");
    ASSERT_TRUE(limited);
    EXPECT_EQ(std::get<OtherEnvelope>(*limited).type, "app_rate_limited");
}

TEST(EventEdges, MalformedBodiesGiveTypedErrors) {
    struct Case {
        std::string body;
        ParseError::Kind kind;
        std::string field;
    };
    auto with_event = [](json::value event) {
        auto body = plain_body();
        body["event"] = std::move(event);
        return json::serialize(body);
    };
    auto without = [](std::string_view key) {
        auto body = plain_body();
        body.erase(key);
        return json::serialize(body);
    };
    auto event_without = [](std::string_view key) {
        auto body = plain_body();
        body["event"].as_object().erase(key);
        return json::serialize(body);
    };
    std::vector<Case> cases{
        {"", ParseError::Kind::InvalidJson, ""},
        {"{\"type\":", ParseError::Kind::InvalidJson, ""},
        {"[]", ParseError::Kind::InvalidJson, ""},
        {"{}", ParseError::Kind::MissingField, "type"},
        {R"({"type":true})", ParseError::Kind::WrongType, "type"},
        {R"({"type":"url_verification"})", ParseError::Kind::MissingField, "challenge"},
        {without("event_id"), ParseError::Kind::MissingField, "event_id"},
        {without("event"), ParseError::Kind::MissingField, "event"},
        {with_event("message"), ParseError::Kind::WrongType, "event"},
        {with_event(json::object{}), ParseError::Kind::MissingField, "event.type"},
        {event_without("channel"), ParseError::Kind::MissingField, "event.channel"},
        {event_without("user"), ParseError::Kind::MissingField, "event.user"},
        {event_without("ts"), ParseError::Kind::MissingField, "event.ts"},
        {with_event(json::object{{"type", "message"},
                                 {"channel", "C1"},
                                 {"user", "U1"},
                                 {"ts", "1.2"},
                                 {"text", json::array{}}}),
         ParseError::Kind::WrongType, "event.text"},
        {with_event(
             json::object{{"type", "message"}, {"subtype", "message_changed"}, {"channel", "C1"}}),
         ParseError::Kind::MissingField, "event.message"},
        {with_event(json::object{{"type", "message"},
                                 {"subtype", "message_changed"},
                                 {"channel", "C1"},
                                 {"message", json::object{}}}),
         ParseError::Kind::MissingField, "event.previous_message.ts"},
        {with_event(
             json::object{{"type", "message"}, {"subtype", "message_deleted"}, {"channel", "C1"}}),
         ParseError::Kind::MissingField, "event.deleted_ts"},
        {with_event(json::object{{"type", "message"},
                                 {"subtype", "file_share"},
                                 {"channel", "C1"},
                                 {"user", "U1"},
                                 {"ts", "1.2"},
                                 {"files", "f"}}),
         ParseError::Kind::WrongType, "event.files"},
        {with_event(json::object{{"type", "message"},
                                 {"subtype", "file_share"},
                                 {"channel", "C1"},
                                 {"user", "U1"},
                                 {"ts", "1.2"},
                                 {"files", json::array{json::object{{"name", "x"}}}}}),
         ParseError::Kind::MissingField, "event.files[].id"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.body);
        auto parsed = parse_events_body(c.body);
        ASSERT_FALSE(parsed);
        EXPECT_EQ(parsed.error().kind, c.kind);
        EXPECT_EQ(parsed.error().field, c.field);
        EXPECT_FALSE(parsed.error().message().empty());
    }
}

// The java-slack-sdk "shapes" merge every field ever seen in real payloads, values blanked.
// Filled with placeholder values (ids and subtypes set to fit), every field is tolerated.
void fill_blanks(json::value& v, std::string_view key = {}) {
    if (v.is_string() && v.as_string().empty() && key != "bot_id" && key != "subtype") {
        v = "v1";
    } else if (v.is_array()) {
        for (auto& item : v.as_array()) fill_blanks(item);
    } else if (v.is_object()) {
        for (auto& [k, item] : v.as_object()) fill_blanks(item, k);
    }
}

TEST(EventShapes, EveryFieldSeenInRealPayloadsIsTolerated) {
    const std::vector<std::pair<std::string, std::string>> shapes{
        {"events__MessagePayload.json", "agent"},
        {"events__MessageChangedPayload.json", "changed"},
        {"events__MessageDeletedPayload.json", "deleted"},
        {"events__MessageFileSharePayload.json", "file_share"},
        {"events__MessageBotPayload.json", "bot"},
    };
    const std::map<std::string, std::string> subtypes{{"changed", "message_changed"},
                                                      {"deleted", "message_deleted"},
                                                      {"file_share", "file_share"},
                                                      {"bot", "bot_message"}};
    for (const auto& [file, kind] : shapes) {
        SCOPED_TRACE(file);
        json::value body = test::fixture_json("slack/shapes/" + file);
        fill_blanks(body);
        auto& object = body.as_object();
        object["type"] = "event_callback";
        auto& event = object["event"].as_object();
        event["type"] = "message";
        if (auto it = subtypes.find(kind); it != subtypes.end()) {
            event["subtype"] = it->second;
        } else {
            event.erase("subtype");
        }
        if (kind == "bot") event["bot_id"] = "B1";
        auto parsed = parse_events_body(json::serialize(body));
        ASSERT_TRUE(parsed) << parsed.error().message();
        EXPECT_EQ(kind_of(std::get<EventCallback>(*parsed).event), kind);
    }
}

}  // namespace
}  // namespace megatron::slack::interpreter

namespace megatron::slack::interpreter {
namespace {

TEST(ReactionEvents, AddedAndRemovedNameTheMessageAndTheEmoji) {
    for (const auto* name :
         {"wrapper_schema_example_2_reaction_added.json", "reaction_removed_example.json"}) {
        auto parsed =
            parse_events_body(test::fixture_text(std::string("slack/events_spec/") + name));
        ASSERT_TRUE(parsed) << name;
        const auto& reaction = std::get<ReactionChanged>(std::get<EventCallback>(*parsed).event);
        EXPECT_EQ(reaction.channel, "C0G9QF9GZ");
        EXPECT_EQ(reaction.item_ts, "1360782400.498405");
        EXPECT_EQ(reaction.user, "U024BE7LH");
        EXPECT_EQ(reaction.reaction, "thumbsup");
        EXPECT_EQ(reaction.added, std::string(name).find("added") != std::string::npos);
    }
    // A reaction on a file is not about a message: ignored, not an error.
    auto on_file = parse_inner_event(json::parse(R"({"type":"reaction_added","user":"U1",
        "reaction":"eyes","item":{"type":"file","file":"F1"}})")
                                         .as_object());
    ASSERT_TRUE(on_file);
    EXPECT_TRUE(std::holds_alternative<IgnoredEvent>(*on_file));
}

}  // namespace
}  // namespace megatron::slack::interpreter
