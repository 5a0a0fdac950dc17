// The bot-app API end to end: a real `megatron serve` driven over HTTP, Slack simulated.
#include "e2e/relay_world.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <memory>

namespace megatron::test {
namespace {

namespace json = boost::json;

class BotAppApi : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        world = std::make_unique<RelayWorld>(GetParam());
        ASSERT_FALSE(world->unavailable()) << world->unavailable_reason();
    }
    void TearDown() override { world.reset(); }

    json::object incoming_body(const std::string& user, const std::string& text,
                               const std::string& ts) {
        return {{"message", json::object{{"user", user}, {"text", text}, {"ts", ts}}}};
    }
    std::vector<slack_sim::Message> mirrored() { return world->sim.messages(world->zz_carla); }
    bool mirrored_count_is(std::size_t n) {
        return RelayWorld::eventually([&] { return mirrored().size() >= n; }) &&
               mirrored().size() == n;
    }
    static std::string error_of(const ApiAnswer& answer) {
        const auto* e =
            answer.body.is_object() ? answer.body.as_object().if_contains("error") : nullptr;
        return e != nullptr && e->is_string() ? std::string(e->as_string()) : std::string();
    }
    static bool track_of(const ApiAnswer& answer) {
        const auto* t =
            answer.body.is_object() ? answer.body.as_object().if_contains("track") : nullptr;
        return t != nullptr && t->is_bool() && t->as_bool();
    }

    std::unique_ptr<RelayWorld> world;
};

TEST_P(BotAppApi, IncomingIsMirroredUnderTheCustomersNameAndAvatarAndAnEditUpdatesIt) {
    auto answer =
        world->post("/megatron/incoming/",
                    incoming_body(world->carla, "my card was declined", "1700000000.000100"));
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
    EXPECT_TRUE(track_of(answer));

    ASSERT_TRUE(mirrored_count_is(1));
    auto copy = mirrored().front();
    EXPECT_EQ(copy.text, "my card was declined");
    EXPECT_EQ(copy.username, "Carla C");
    EXPECT_EQ(copy.icon_url.rfind("https://avatars.example/carla", 0), 0u) << copy.icon_url;

    // The mapping (support ts <-> customer ts) is recorded with the job's completion.
    std::optional<storage::Message> mapping;
    ASSERT_TRUE(RelayWorld::eventually([&] {
        auto found =
            world->store().find_message_by_customer_id(world->channel_id, "1700000000.000100");
        if (found && *found) mapping = **found;
        return mapping.has_value();
    }));
    EXPECT_EQ(mapping->integration_msg_id, copy.ts);
    // The profile was cached from users.info in the customer's workspace.
    auto workspace =
        world->store().find_workspace(storage::PlatformType::Slack, world->customer_team);
    ASSERT_TRUE(workspace && *workspace);
    auto profile = world->store().find_platform_user((*workspace)->id, world->carla);
    ASSERT_TRUE(profile && *profile);
    EXPECT_EQ((*profile)->profile.best_name(), "Carla C");

    auto edited = world->post(
        "/megatron/edit/",
        json::object{{"message", json::object{{"user", world->carla},
                                              {"text", "my card was declined twice"},
                                              {"ts", "1700000000.000100"}}},
                     {"previous_message", json::object{{"ts", "1700000000.000100"},
                                                       {"text", "my card was declined"}}}});
    ASSERT_EQ(edited.status, 200) << json::serialize(edited.body);
    ASSERT_TRUE(RelayWorld::eventually(
        [&] { return mirrored().front().text == "my card was declined twice"; }));
    EXPECT_EQ(mirrored().size(), 1u);
    EXPECT_EQ(world->sim.call_count("chat.update"), 1u);
    EXPECT_FALSE(mirrored().front().edited_ts.empty());
}

TEST_P(BotAppApi, EditsOfMessagesMegatronSentAreIgnored) {
    auto edited = world->post(
        "/megatron/edit/",
        json::object{
            {"message",
             json::object{{"user", world->carla},
                          {"bot_id", "B1"},
                          {"text", "agent words"},
                          {"ts", "1.2"},
                          {"attachments", json::array{json::object{{"footer", "sent by Ann"}}}}}},
            {"previous_message", json::object{{"ts", "1.2"}}}});
    ASSERT_EQ(edited.status, 200);
    EXPECT_FALSE(track_of(edited));
}

TEST_P(BotAppApi, NoChannelOrAnArchivedOneAnswersTrackFalse) {
    auto stranger =
        world->post("/megatron/incoming/", incoming_body("UNOBODY", "hello?", "1700000000.000200"));
    ASSERT_EQ(stranger.status, 200);
    EXPECT_EQ(stranger.body.at("ok"), true);
    EXPECT_FALSE(track_of(stranger));

    ASSERT_TRUE(world->store().set_archived(world->channel_id, true));
    auto archived = world->post("/megatron/incoming/",
                                incoming_body(world->carla, "anyone?", "1700000000.000300"));
    ASSERT_EQ(archived.status, 200);
    EXPECT_FALSE(track_of(archived));
    auto outgoing =
        world->post("/megatron/outgoing/", json::object{{"user", world->carla},
                                                        {"message", json::object{{"text", "hi"}}},
                                                        {"ts", "1700000000.000301"}});
    ASSERT_EQ(outgoing.status, 200);
    EXPECT_FALSE(track_of(outgoing));
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 0u);
}

TEST_P(BotAppApi, OutgoingIsMirroredAsTheBotWithAttachmentsAsListOrJsonStringAndCardsMasked) {
    json::array attachments{
        json::object{{"text", "Your card 4111 1111 1111 1111 is active"},
                     {"fields", json::array{json::object{{"title", "CVV"}, {"value", "123"}}}}}};
    auto as_list = world->post("/megatron/outgoing/",
                               json::object{{"user", world->carla},
                                            {"message", json::object{{"text", "Here you go"},
                                                                     {"attachments", attachments}}},
                                            {"ts", "1700000000.000400"}});
    ASSERT_EQ(as_list.status, 200) << json::serialize(as_list.body);
    EXPECT_TRUE(track_of(as_list));
    auto as_string = world->post(
        "/megatron/outgoing/",
        json::object{{"user", world->carla},
                     {"message", json::object{{"text", "card 4111-1111-1111-1111 on file"},
                                              {"attachments", json::serialize(attachments)}}},
                     {"ts", "1700000000.000500"}});
    ASSERT_EQ(as_string.status, 200) << json::serialize(as_string.body);

    ASSERT_TRUE(mirrored_count_is(2));
    for (const auto& copy : mirrored()) {
        EXPECT_EQ(copy.username, "Acme Bot");
        EXPECT_EQ(copy.icon_url, "https://icons.example/bot.png");
        ASSERT_TRUE(copy.attachments.is_array()) << json::serialize(copy.attachments);
        auto serialized = json::serialize(copy.attachments);
        EXPECT_EQ(serialized.find("4111"), std::string::npos) << serialized;
        EXPECT_NE(serialized.find("**** **** **** 1111"), std::string::npos) << serialized;
        EXPECT_EQ(serialized.find("\"123\""), std::string::npos) << serialized;
    }
    EXPECT_EQ(mirrored()[0].text, "Here you go");
    EXPECT_EQ(mirrored()[1].text, "card ****-****-****-1111 on file");
}

TEST_P(BotAppApi, RequestsWithoutAValidTokenAre401) {
    auto body = json::serialize(incoming_body(world->carla, "hi", "1.1"));
    auto none = world->post("/megatron/incoming/", body, "");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(error_of(none), "missing_authorization");
    auto wrong = world->post("/megatron/incoming/", body, std::string(40, 'a'));
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(error_of(wrong), "invalid_token");
    for (auto path : {"/megatron/outgoing/", "/megatron/edit/", "/megatron/register-workspace/"}) {
        EXPECT_EQ(world->post(path, "{}", "").status, 401) << path;
    }
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 0u);
}

TEST_P(BotAppApi, AnOrganizationOnlyTouchesItsOwnWorkspacesAndChannels) {
    auto other_token = world->create_organization("Globex");
    auto incoming =
        world->post("/megatron/incoming/",
                    json::serialize(incoming_body(world->carla, "hi", "1.5")), other_token);
    ASSERT_EQ(incoming.status, 200);
    EXPECT_FALSE(track_of(incoming));
    auto outgoing = world->post(
        "/megatron/outgoing/",
        json::serialize(json::object{
            {"user", world->carla}, {"message", json::object{{"text", "x"}}}, {"ts", "1.6"}}),
        other_token);
    ASSERT_EQ(outgoing.status, 200);
    EXPECT_FALSE(track_of(outgoing));

    auto takeover = world->post("/megatron/register-workspace/",
                                json::serialize(json::object{{"platform_type", "slack"},
                                                             {"platform_id", world->customer_team},
                                                             {"name", "Stolen"},
                                                             {"domain", "stolen"},
                                                             {"connection_token", "xoxb-evil"}}),
                                other_token);
    EXPECT_EQ(takeover.status, 409);
    EXPECT_EQ(error_of(takeover), "workspace_taken");
    auto workspace =
        world->store().find_workspace(storage::PlatformType::Slack, world->customer_team);
    ASSERT_TRUE(workspace && *workspace);
    EXPECT_EQ((*workspace)->name, "Customer Co");
    EXPECT_EQ((*workspace)->organization_id, world->organization_id);
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 0u);
}

struct MissingCase {
    std::string path;
    std::string body;
    std::string field;
};

TEST_P(BotAppApi, EveryMissingOrMistypedFieldIs400NamingIt) {
    std::vector<MissingCase> cases{
        {"/megatron/incoming/", R"({})", "message"},
        {"/megatron/incoming/", R"({"message": {"text": "x", "ts": "1.1"}})", "message.user"},
        {"/megatron/incoming/", R"({"message": {"user": "U1", "text": "x"}})", "message.ts"},
        {"/megatron/incoming/", R"({"message": "hi"})", "message"},
        {"/megatron/incoming/", R"({"message": {"user": 7, "ts": "1.1"}})", "message.user"},
        {"/megatron/outgoing/", R"({"message": {"text": "x"}, "ts": "1.1"})", "user"},
        {"/megatron/outgoing/", R"({"user": "U1", "ts": "1.1"})", "message"},
        {"/megatron/outgoing/", R"({"user": "U1", "message": {"text": "x"}})", "ts"},
        {"/megatron/outgoing/",
         R"({"user": "U1", "message": {"text": "x", "attachments": "[not json"}, "ts": "1"})",
         "message.attachments"},
        {"/megatron/edit/", R"({"previous_message": {"ts": "1.1"}})", "message"},
        {"/megatron/edit/", R"({"message": {"user": "U1", "ts": "1.1"}})", "previous_message"},
        {"/megatron/edit/", R"({"message": {"user": "U1", "ts": "1.1"}, "previous_message": {}})",
         "previous_message.ts"},
        {"/megatron/register-workspace/",
         R"({"platform_id": "T9", "name": "n", "domain": "d", "connection_token": "x"})",
         "platform_type"},
        {"/megatron/register-workspace/",
         R"({"platform_type": "slack", "name": "n", "domain": "d", "connection_token": "x"})",
         "platform_id"},
        {"/megatron/register-workspace/",
         R"({"platform_type": "slack", "platform_id": "T9", "name": "n", "domain": "d"})",
         "connection_token"},
    };
    for (const auto& c : cases) {
        auto answer = world->post(c.path, c.body, world->token);
        EXPECT_EQ(answer.status, 400) << c.path << " " << c.body;
        ASSERT_TRUE(answer.body.is_object()) << c.path << " " << c.body;
        EXPECT_EQ(answer.body.at("ok"), false);
        EXPECT_TRUE(error_of(answer) == "missing_field" || error_of(answer) == "invalid_field")
            << json::serialize(answer.body);
        EXPECT_EQ(answer.body.at("field"), c.field.c_str()) << c.path << " " << c.body;
    }
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 0u);
}

TEST_P(BotAppApi, MalformedJsonIs400) {
    for (auto path : {"/megatron/incoming/", "/megatron/outgoing/", "/megatron/edit/",
                      "/megatron/register-workspace/"}) {
        for (auto body : {"{not json", "[1, 2]", ""}) {
            auto answer = world->post(path, body, world->token);
            EXPECT_EQ(answer.status, 400) << path << " " << body;
            EXPECT_EQ(error_of(answer), "malformed_json") << path << " " << body;
        }
    }
}

TEST_P(BotAppApi, RegisterWorkspaceCreatesUpdatesAndRejectsUnknownPlatforms) {
    json::object body{{"platform_type", "Slack"},
                      {"platform_id", "TNEW"},
                      {"name", "New Co"},
                      {"domain", "new-co"},
                      {"connection_token", "xoxb-new-1"}};
    auto created = world->post("/megatron/register-workspace/", body);
    ASSERT_EQ(created.status, 200) << json::serialize(created.body);
    body["name"] = "New Co Renamed";
    body["connection_token"] = "xoxb-new-2";
    auto updated = world->post("/megatron/register-workspace/", body);
    ASSERT_EQ(updated.status, 200) << json::serialize(updated.body);
    EXPECT_EQ(updated.body.at("workspace_id"), created.body.at("workspace_id"));
    auto stored = world->store().find_workspace(storage::PlatformType::Slack, "TNEW");
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->name, "New Co Renamed");
    EXPECT_EQ((*stored)->bot_token.reveal(), "xoxb-new-2");

    body["platform_type"] = "carrier-pigeon";
    auto unknown = world->post("/megatron/register-workspace/", body);
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(error_of(unknown), "unknown_platform_type");
}

TEST_P(BotAppApi, ABotAppRetryOfTheSameIncomingMessageIsMirroredOnce) {
    auto body = incoming_body(world->carla, "hello once", "1700000000.000600");
    for (int i = 0; i < 3; ++i) ASSERT_EQ(world->post("/megatron/incoming/", body).status, 200);
    auto marker = incoming_body(world->carla, "after", "1700000000.000700");
    ASSERT_EQ(world->post("/megatron/incoming/", marker).status, 200);
    // The later message is mirrored after the first (same channel, in order), so once it
    // is there, any duplicate would be too.
    ASSERT_TRUE(RelayWorld::eventually([&] {
        auto all = mirrored();
        return !all.empty() && all.back().text == "after";
    }));
    auto all = mirrored();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].text, "hello once");
}

TEST_P(BotAppApi, MessagesToOneChannelArriveInOrder) {
    constexpr int kMessages = 12;
    for (int i = 0; i < kMessages; ++i) {
        auto ts = "1700000001." + std::to_string(100000 + i);
        if (i % 3 == 2) {
            ASSERT_EQ(
                world
                    ->post("/megatron/outgoing/",
                           json::object{{"user", world->carla},
                                        {"message", json::object{{"text", std::to_string(i)}}},
                                        {"ts", ts}})
                    .status,
                200);
        } else {
            ASSERT_EQ(world
                          ->post("/megatron/incoming/",
                                 incoming_body(world->carla, std::to_string(i), ts))
                          .status,
                      200);
        }
    }
    ASSERT_TRUE(mirrored_count_is(kMessages));
    auto all = mirrored();
    for (int i = 0; i < kMessages; ++i) EXPECT_EQ(all[i].text, std::to_string(i));
}

INSTANTIATE_TEST_SUITE_P(Backends, BotAppApi, ::testing::ValuesIn(available_backends()),
                         [](const auto& param_info) { return to_string(param_info.param); });

}  // namespace
}  // namespace megatron::test
