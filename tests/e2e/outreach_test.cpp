// The bot-app API's outreach end to end: broadcast, message/<user_id>, notify-user and
// get-a-human (with the "Open engagement channel" click), driven over HTTP against a real
// `megatron serve`, the simulator acting as both Slack workspaces.
#include "e2e/relay_world.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <memory>

namespace megatron::test {
namespace {

namespace json = boost::json;

constexpr const char* kSigningSecret = "e2e-outreach-signing-secret";
constexpr const char* kHelpDesk = "CHELPDESK";  // CUSTOMER_SERVICE_CHANNEL

class Outreach : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        world = std::make_unique<RelayWorld>(
            GetParam(),
            std::map<std::string, std::string>{{"SLACK_SIGNING_SECRET", kSigningSecret},
                                               {"CUSTOMER_SERVICE_CHANNEL", kHelpDesk}});
        ASSERT_FALSE(world->unavailable()) << world->unavailable_reason();
        dave = world->sim.add_user(world->customer_team, {.name = "dave", .real_name = "Dave D"});
        erin = world->sim.add_user(world->customer_team, {.name = "erin", .real_name = "Erin E"});
        alice =
            world->sim.add_user(world->support_team, {.name = "alice", .real_name = "Alice Agent"});
        world->sim.add_member(world->zz_carla, alice);
        // The bot is not in the customer-service channel until it first posts there.
        world->sim.add_channel(world->support_team, {.id = kHelpDesk,
                                                     .name = "customer-service",
                                                     .bot_is_member = false,
                                                     .members = {alice}});
    }
    void TearDown() override { world.reset(); }

    std::string dm_of(const std::string& user) {
        return world->sim.open_dm(world->customer_team, user);
    }
    std::vector<slack_sim::Message> dm_messages(const std::string& user) {
        return world->sim.messages(dm_of(user));
    }
    bool dm_count_is(const std::string& user, std::size_t n) {
        return RelayWorld::eventually([&] { return dm_messages(user).size() >= n; }) &&
               dm_messages(user).size() == n;
    }
    static std::string error_of(const ApiAnswer& answer) {
        const auto* e =
            answer.body.is_object() ? answer.body.as_object().if_contains("error") : nullptr;
        return e != nullptr && e->is_string() ? std::string(e->as_string()) : std::string();
    }
    static std::string field_of(const ApiAnswer& answer) {
        const auto* f =
            answer.body.is_object() ? answer.body.as_object().if_contains("field") : nullptr;
        return f != nullptr && f->is_string() ? std::string(f->as_string()) : std::string();
    }
    json::object broadcast_to(const json::array& user_ids, const std::string& text) {
        return {{"text", json::serialize(json::object{{"text", text}})},
                {"broadcasts", json::array{json::object{{"platform_type", "slack"},
                                                        {"org_id", world->customer_team},
                                                        {"user_ids", user_ids}}}}};
    }

    std::unique_ptr<RelayWorld> world;
    std::string dave;
    std::string erin;
    std::string alice;  // an agent in the support workspace
};

TEST_P(Outreach, BroadcastDmsEveryUserAndAnswersWhoCannotBeReached) {
    json::object body{
        {"text", json::serialize(json::object{{"text", "Our new card is here!"}})},
        {"broadcasts",
         json::array{
             json::object{{"platform_type", "slack"},
                          {"org_id", world->customer_team},
                          // 42 is malformed; UGHOST is unknown to Slack: neither stops erin.
                          {"user_ids", json::array{world->carla, dave, 42, "UGHOST", erin}}},
             json::object{
                 {"platform_type", "slack"}, {"org_id", "TNOWHERE"}, {"user_ids", {"U1", "U2"}}},
             json::object{
                 {"platform_type", "carrier-pigeon"}, {"org_id", "TBIRD"}, {"user_ids", {"U3"}}}}}};
    auto answer = world->post("/megatron/broadcast/", body);
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
    EXPECT_EQ(answer.body.at("ok"), false);
    EXPECT_EQ(answer.body.at("queued"), 4);
    const auto& errors = answer.body.at("errors").as_object();
    EXPECT_EQ(errors.at(world->customer_team),
              (json::array{json::object{{"42", "invalid_user_id"}}}));
    EXPECT_EQ(errors.at("TNOWHERE"), (json::array{json::object{{"U1", "unknown_workspace"}},
                                                  json::object{{"U2", "unknown_workspace"}}}));
    EXPECT_EQ(errors.at("TBIRD"), (json::array{json::object{{"U3", "unknown_platform_type"}}}));

    for (const auto& user : {world->carla, dave, erin}) {
        ASSERT_TRUE(dm_count_is(user, 1)) << user;
        EXPECT_EQ(dm_messages(user).front().text, "Our new card is here!");
    }
    // UGHOST's job failed at Slack (conversations.open: user_not_found) on its own.
    ASSERT_TRUE(RelayWorld::eventually([&] {
        for (const auto& call : world->sim.calls("conversations.open")) {
            if (call.args.count("users") && call.args.at("users") == "UGHOST" && !call.ok) {
                return true;
            }
        }
        return false;
    }));
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 3u);
}

TEST_P(Outreach, ABroadcastWithoutErrorsIsOkAndARepeatWithItsIdempotencyKeyIsSentOnce) {
    auto body = broadcast_to(json::array{world->carla, dave}, "Maintenance tonight");
    body["idempotency_key"] = "maintenance-2026-11-26";
    for (int i = 0; i < 3; ++i) {
        auto answer = world->post("/megatron/broadcast", body);
        ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
        EXPECT_EQ(answer.body.at("ok"), true);
        EXPECT_EQ(answer.body.at("queued"), 2);
        EXPECT_FALSE(answer.body.as_object().contains("errors"));
    }
    // Without a key, the same text is a new broadcast (e.g. the same reminder next week).
    auto again = broadcast_to(json::array{world->carla}, "Maintenance tonight");
    ASSERT_EQ(world->post("/megatron/broadcast/", again).status, 200);
    ASSERT_TRUE(dm_count_is(world->carla, 2));
    ASSERT_TRUE(dm_count_is(dave, 1));
}

TEST_P(Outreach, SlackFailuresAreRetriedByTheQueueAndEachCustomerGetsTheBroadcastOnce) {
    // The first post reaches Slack but its answer is lost; the next ones fail with a 503 and
    // a rate limit. Every job is retried, and a retry finds its earlier post in the DM.
    world->sim.inject(
        {.kind = slack_sim::FaultKind::DropAfterProcessing, .method = "chat.postMessage"});
    world->sim.inject(
        {.kind = slack_sim::FaultKind::ServerError, .method = "chat.postMessage", .status = 503});
    world->sim.inject({.kind = slack_sim::FaultKind::RateLimited,
                       .method = "conversations.open",
                       .retry_after_seconds = 1});
    auto answer = world->post("/megatron/broadcast/",
                              broadcast_to(json::array{world->carla, dave, erin}, "Outage over"));
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
    EXPECT_EQ(answer.body.at("ok"), true);
    // A second broadcast runs after the first one's jobs (one customer's DMs are in order),
    // so once it has arrived, any duplicate of the first would have too.
    ASSERT_EQ(world
                  ->post("/megatron/broadcast/",
                         broadcast_to(json::array{world->carla, dave, erin}, "Thanks"))
                  .status,
              200);
    for (const auto& user : {world->carla, dave, erin}) {
        ASSERT_TRUE(dm_count_is(user, 2)) << user;
        EXPECT_EQ(dm_messages(user)[0].text, "Outage over");
        EXPECT_EQ(dm_messages(user)[1].text, "Thanks");
    }
    EXPECT_TRUE(world->sim.active_faults().empty());
}

TEST_P(Outreach, CaptureFeedbackAppendsTheFeedbackButtonsAfterTheMessagesAttachments) {
    json::object message{{"text", "How did we do?"},
                         {"attachments", json::array{json::object{{"text", "Your case #12"}}}}};
    json::object body{{"text", json::serialize(message)},
                      {"broadcasts", json::array{json::object{{"platform_type", "slack"},
                                                              {"org_id", world->customer_team},
                                                              {"user_ids", {world->carla}}}}},
                      {"capture_feedback", true}};
    ASSERT_EQ(world->post("/megatron/broadcast/", body).status, 200);
    body["capture_feedback"] = false;
    body["broadcasts"].as_array()[0].as_object()["user_ids"] = json::array{dave};
    ASSERT_EQ(world->post("/megatron/broadcast/", body).status, 200);

    ASSERT_TRUE(dm_count_is(world->carla, 1));
    auto with = dm_messages(world->carla).front();
    EXPECT_EQ(with.text, "How did we do?");
    ASSERT_TRUE(with.attachments.is_array()) << json::serialize(with.attachments);
    const auto& attachments = with.attachments.as_array();
    ASSERT_EQ(attachments.size(), 2u);
    EXPECT_EQ(attachments[0].at("text"), "Your case #12");
    const auto& feedback = attachments[1].as_object();
    EXPECT_EQ(feedback.at("callback_id"), "BF");
    const auto& buttons = feedback.at("actions").as_array();
    ASSERT_EQ(buttons.size(), 2u);
    EXPECT_EQ(buttons[0].at("name"), "feedback-positive");
    EXPECT_EQ(buttons[0].at("type"), "button");
    EXPECT_EQ(buttons[0].at("value"), "positive");
    EXPECT_EQ(buttons[1].at("name"), "feedback-negative");
    EXPECT_EQ(buttons[1].at("value"), "negative");

    ASSERT_TRUE(dm_count_is(dave, 1));
    auto without = dm_messages(dave).front();
    ASSERT_TRUE(without.attachments.is_array());
    EXPECT_EQ(without.attachments.as_array().size(), 1u);
}

TEST_P(Outreach, BroadcastRequestErrorsAre400AndNothingIsSent) {
    auto good = broadcast_to(json::array{world->carla}, "hello");
    auto without_text = good;
    without_text.erase("text");
    auto answer = world->post("/megatron/broadcast/", without_text);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "missing_field");
    EXPECT_EQ(field_of(answer), "text");

    auto without_broadcasts = good;
    without_broadcasts.erase("broadcasts");
    answer = world->post("/megatron/broadcast/", without_broadcasts);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "missing_field");
    EXPECT_EQ(field_of(answer), "broadcasts");

    for (json::value text :
         {json::value("{not json"), json::value("[1, 2]"), json::value("\"just words\""),
          json::value("{}"), json::value(R"({"text": 7})"), json::value(12)}) {
        auto malformed = good;
        malformed["text"] = text;
        answer = world->post("/megatron/broadcast/", malformed);
        EXPECT_EQ(answer.status, 400) << json::serialize(text);
        EXPECT_EQ(error_of(answer), "malformed_broadcast") << json::serialize(text);
    }

    auto entry_without_users = good;
    entry_without_users["broadcasts"].as_array()[0].as_object().erase("user_ids");
    answer = world->post("/megatron/broadcast/", entry_without_users);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(field_of(answer), "broadcasts[0].user_ids");
    auto not_a_list = good;
    not_a_list["broadcasts"] = "everyone";
    answer = world->post("/megatron/broadcast/", not_a_list);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "invalid_field");
    EXPECT_EQ(field_of(answer), "broadcasts");
    auto odd_feedback = good;
    odd_feedback["capture_feedback"] = "yes";
    answer = world->post("/megatron/broadcast/", odd_feedback);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(field_of(answer), "capture_feedback");

    // The good one still goes out, and it is the only post.
    ASSERT_EQ(world->post("/megatron/broadcast/", good).status, 200);
    ASSERT_TRUE(dm_count_is(world->carla, 1));
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 1u);
}

TEST_P(Outreach, EveryOutreachPathWantsAValidToken) {
    std::vector<std::string> paths{"/megatron/broadcast", "/megatron/notify-user",
                                   "/megatron/get-a-human", "/megatron/message/" + world->carla};
    for (const auto& path : paths) {
        for (const auto& full : {path, path + "/"}) {
            auto none = world->post(full, "{}", "");
            EXPECT_EQ(none.status, 401) << full;
            EXPECT_EQ(error_of(none), "missing_authorization") << full;
            auto wrong = world->post(full, "{}", std::string(40, 'b'));
            EXPECT_EQ(wrong.status, 401) << full;
            EXPECT_EQ(error_of(wrong), "invalid_token") << full;
        }
    }
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 0u);
}

TEST_P(Outreach, AnOrganizationCannotReachAnotherOrganizationsCustomersOrChannels) {
    auto globex = world->create_organization("Globex");
    auto broadcast =
        world->post("/megatron/broadcast/",
                    json::serialize(broadcast_to(json::array{world->carla}, "spam")), globex);
    ASSERT_EQ(broadcast.status, 200) << json::serialize(broadcast.body);
    EXPECT_EQ(broadcast.body.at("ok"), false);
    EXPECT_EQ(broadcast.body.at("queued"), 0);
    EXPECT_EQ(broadcast.body.at("errors").at(world->customer_team),
              (json::array{json::object{{world->carla, "unknown_workspace"}}}));

    auto direct =
        world->post("/megatron/message/" + world->carla + "/", R"({"text": "spam"})", globex);
    EXPECT_EQ(direct.status, 400);
    EXPECT_EQ(error_of(direct), "user_not_found");
    auto named = world->post(
        "/megatron/message/" + world->carla + "/",
        json::serialize(json::object{{"text", "spam"}, {"workspace_id", world->customer_team}}),
        globex);
    EXPECT_EQ(named.status, 400);
    EXPECT_EQ(error_of(named), "unknown_workspace");

    auto notice = world->post("/megatron/notify-user/",
                              json::serialize(json::object{{"message", json::object{{"text", "x"}}},
                                                           {"user_id", alice},
                                                           {"channel_id", world->zz_carla},
                                                           {"platform_type", "slack"}}),
                              globex);
    EXPECT_EQ(notice.status, 400);
    EXPECT_EQ(error_of(notice), "channel_not_found");

    auto human = world->post(
        "/megatron/get-a-human/",
        json::serialize(json::object{{"requesting_user", json::object{{"slack_id", world->carla}}},
                                     {"workspace_id", world->customer_team}}),
        globex);
    EXPECT_EQ(human.status, 400);
    EXPECT_EQ(error_of(human), "unknown_workspace");

    // Acme's own broadcast, sent afterwards, is the only post: nothing of Globex's went out.
    ASSERT_EQ(world->post("/megatron/broadcast/", broadcast_to(json::array{dave}, "ours")).status,
              200);
    ASSERT_TRUE(dm_count_is(dave, 1));
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 1u);
    EXPECT_EQ(world->sim.call_count("chat.postEphemeral"), 0u);
    EXPECT_TRUE(dm_messages(world->carla).empty());
}

TEST_P(Outreach, NotifyUserShowsAnEphemeralMessageToTheAgentInTheEngagementChannel) {
    json::object body{
        {"message", json::object{{"text", "Carla is waiting for you"},
                                 {"attachments", json::serialize(json::array{
                                                     json::object{{"text", "since 10 min"}}})}}},
        {"user_id", alice},
        {"channel_id", world->zz_carla},
        {"platform_type", "slack"}};
    auto answer = world->post("/megatron/notify-user/", body);
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
    EXPECT_EQ(answer.body.at("ok"), true);
    ASSERT_TRUE(RelayWorld::eventually(
        [&] { return world->sim.ephemeral_messages(world->zz_carla).size() == 1; }));
    auto notice = world->sim.ephemeral_messages(world->zz_carla).front();
    EXPECT_EQ(notice.user, alice);
    EXPECT_EQ(notice.text, "Carla is waiting for you");
    ASSERT_TRUE(notice.attachments.is_array());
    EXPECT_EQ(notice.attachments.as_array().at(0).at("text"), "since 10 min");
    EXPECT_TRUE(world->sim.messages(world->zz_carla).empty());

    auto unknown = body;
    unknown["channel_id"] = "CNOTOURS";
    answer = world->post("/megatron/notify-user", unknown);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "channel_not_found");
    EXPECT_EQ(field_of(answer), "channel_id");
    for (const auto* field : {"message", "user_id", "channel_id"}) {
        auto missing = body;
        missing.erase(field);
        answer = world->post("/megatron/notify-user/", missing);
        EXPECT_EQ(answer.status, 400) << field;
        EXPECT_EQ(error_of(answer), "missing_field") << field;
        EXPECT_EQ(field_of(answer), field);
    }
    auto empty = body;
    empty["message"] = json::object{};
    answer = world->post("/megatron/notify-user/", empty);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(field_of(answer), "message.text");
    auto pigeon = body;
    pigeon["platform_type"] = "carrier-pigeon";
    answer = world->post("/megatron/notify-user/", pigeon);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "unknown_platform_type");
    EXPECT_EQ(world->sim.ephemeral_messages(world->zz_carla).size(), 1u);
}

TEST_P(Outreach, MessageUserDmsTheCustomerWithOrWithoutAnEngagementChannel) {
    json::object message{
        {"text", "Your refund is on its way"},
        {"blocks", json::array{json::object{
                       {"type", "section"},
                       {"text", json::object{{"type", "mrkdwn"}, {"text", "*Refund* sent"}}}}}}};
    auto answer = world->post("/megatron/message/" + world->carla + "/", message);
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
    EXPECT_EQ(answer.body.at("ok"), true);
    // dave has no engagement channel; Acme has one customer workspace, so it is his.
    answer = world->post("/megatron/message/" + dave, json::object{{"text", "Hi Dave"}});
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
    answer = world->post("/megatron/message/" + erin + "/",
                         json::object{{"text", "Hi Erin"}, {"workspace_id", world->customer_team}});
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);

    ASSERT_TRUE(dm_count_is(world->carla, 1));
    auto sent = dm_messages(world->carla).front();
    EXPECT_EQ(sent.text, "Your refund is on its way");
    ASSERT_TRUE(sent.blocks.is_array());
    EXPECT_EQ(sent.blocks.as_array().at(0).at("text").at("text"), "*Refund* sent");
    ASSERT_TRUE(dm_count_is(dave, 1));
    EXPECT_EQ(dm_messages(dave).front().text, "Hi Dave");
    ASSERT_TRUE(dm_count_is(erin, 1));

    answer = world->post("/megatron/message/" + world->carla + "/", json::object{});
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "missing_field");
    EXPECT_EQ(field_of(answer), "text");
    answer = world->post("/megatron/message/" + world->carla + "/", json::object{{"text", 5}});
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "invalid_field");
    EXPECT_EQ(field_of(answer), "text");
    answer = world->post("/megatron/message/" + world->carla + "/",
                         json::object{{"text", "x"}, {"workspace_id", "TNOWHERE"}});
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "unknown_workspace");
    answer = world->post("/megatron/message/U-1%20x/", json::object{{"text", "x"}});
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "user_not_found");
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 3u);
}

TEST_P(Outreach, GetAHumanPostsAHelpRequestWhoseButtonOpensTheEngagementChannel) {
    world->sim.connect_app(
        world->support_team,
        {.events_url = world->megatron_url("/megatron/slack/event/"),
         .commands_url = world->megatron_url("/megatron/slack/slash-command/"),
         .interactive_url = world->megatron_url("/megatron/slack/interactive-message/"),
         .signing_secret = kSigningSecret,
         .echo_bot_messages = false});
    auto answer = world->post(
        "/megatron/get-a-human/",
        json::object{{"requesting_user",
                      json::object{{"slack_id", dave}, {"with_team_domain", "dave@customer-co"}}},
                     {"workspace_id", world->customer_team}});
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
    EXPECT_EQ(answer.body.at("ok"), true);

    ASSERT_TRUE(RelayWorld::eventually([&] { return world->sim.messages(kHelpDesk).size() == 1; }));
    auto request = world->sim.messages(kHelpDesk).front();
    EXPECT_EQ(request.text, "🆘 *dave@customer-co* requested some help!");
    EXPECT_EQ(world->sim.call_count("conversations.join"), 1u);
    ASSERT_TRUE(request.blocks.is_array()) << json::serialize(request.blocks);
    // The button, as an agent sees it.
    std::optional<json::object> button;
    std::string block_id;
    for (const auto& block : request.blocks.as_array()) {
        if (block.at("type") != "actions") continue;
        button = block.at("elements").as_array().at(0).as_object();
        if (const auto* id = block.as_object().if_contains("block_id")) {
            block_id = std::string(id->as_string());
        }
    }
    ASSERT_TRUE(button.has_value());
    EXPECT_EQ(button->at("text").at("text"), "Open engagement channel");
    EXPECT_EQ(std::string(button->at("value").as_string()), world->customer_team + "-" + dave);

    // alice clicks it.
    json::object action = *button;
    action["block_id"] = block_id;
    action["action_ts"] = "1700000000.000900";
    auto click =
        world->sim.interactive(kHelpDesk, alice,
                               json::object{{"type", "block_actions"},
                                            {"container", json::object{{"type", "message"},
                                                                       {"message_ts", request.ts},
                                                                       {"channel_id", kHelpDesk}}},
                                            {"actions", json::array{action}}});
    ASSERT_TRUE(click.answer.acknowledged()) << click.answer.status << " " << click.answer.body;

    // dave's engagement channel now exists, in Megatron and in the support workspace, and
    // alice is told where it is.
    auto workspace =
        world->store().find_workspace(storage::PlatformType::Slack, world->customer_team);
    ASSERT_TRUE(workspace && *workspace);
    std::optional<storage::Channel> channel;
    ASSERT_TRUE(RelayWorld::eventually([&] {
        auto found = world->store().find_channel_for_customer((*workspace)->id, dave);
        if (found && *found) channel = **found;
        return channel.has_value();
    }));
    EXPECT_FALSE(channel->is_archived);
    auto in_slack = world->sim.channel(channel->platform_channel_id);
    ASSERT_TRUE(in_slack.has_value());
    EXPECT_EQ(in_slack->team_id, world->support_team);
    EXPECT_EQ(in_slack->name.rfind("zz-", 0), 0u) << in_slack->name;
    ASSERT_TRUE(RelayWorld::eventually([&] {
        for (const auto& post : world->sim.response_url_posts(click.response_url)) {
            const auto* text = post.as_object().if_contains("text");
            if (text && text->is_string() &&
                std::string(text->as_string()).find(channel->platform_channel_id) !=
                    std::string::npos) {
                return true;
            }
        }
        return false;
    }));
}

TEST_P(Outreach, GetAHumanRequestErrors) {
    json::object good{{"requesting_user", json::object{{"slack_id", dave}}},
                      {"workspace_id", world->customer_team}};
    auto without_user = good;
    without_user["requesting_user"] = json::object{{"with_team_domain", "dave@x"}};
    auto answer = world->post("/megatron/get-a-human/", without_user);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "missing_field");
    EXPECT_EQ(field_of(answer), "requesting_user.slack_id");
    auto without_workspace = good;
    without_workspace.erase("workspace_id");
    answer = world->post("/megatron/get-a-human/", without_workspace);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(field_of(answer), "workspace_id");
    auto unknown = good;
    unknown["workspace_id"] = "TNOWHERE";
    answer = world->post("/megatron/get-a-human/", unknown);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(error_of(answer), "unknown_workspace");

    // Without a name the request shows the user id; it is the only help request posted.
    ASSERT_EQ(world->post("/megatron/get-a-human", good).status, 200);
    ASSERT_TRUE(RelayWorld::eventually([&] { return world->sim.messages(kHelpDesk).size() == 1; }));
    EXPECT_EQ(world->sim.messages(kHelpDesk).front().text, "🆘 *" + dave + "* requested some help!");
}

// An empty CUSTOMER_SERVICE_CHANNEL is unset, as every variable here: the original's default
// "#customer-service", which this support workspace does not have.
TEST_P(Outreach, GetAHumanWithoutACustomerServiceChannelIs503) {
    world.reset();
    world = std::make_unique<RelayWorld>(
        GetParam(), std::map<std::string, std::string>{{"CUSTOMER_SERVICE_CHANNEL", ""}});
    ASSERT_FALSE(world->unavailable()) << world->unavailable_reason();
    auto answer = world->post("/megatron/get-a-human/",
                              json::object{{"requesting_user", json::object{{"slack_id", "U1"}}},
                                           {"workspace_id", world->customer_team}});
    EXPECT_EQ(answer.status, 503);
    EXPECT_EQ(error_of(answer), "customer_service_channel_not_found");
}

// CUSTOMER_SERVICE_CHANNEL unset: the original's default "#customer-service", a name, is found
// through conversations.list (on its second page here) once, and remembered.
TEST_P(Outreach, GetAHumanFindsTheDefaultChannelByNameOnceThroughConversationsList) {
    world.reset();
    world = std::make_unique<RelayWorld>(GetParam());
    ASSERT_FALSE(world->unavailable()) << world->unavailable_reason();
    for (int i = 0; i < 205; ++i) {
        world->sim.add_channel(world->support_team, {.name = "team-" + std::to_string(i)});
    }
    // Ids sort after the generated ones: the channel is on the last page.
    world->sim.add_channel(world->support_team, {.id = "CZZHELP", .name = "customer-service"});
    json::object body{{"requesting_user", json::object{{"slack_id", "U0DAVE"}}},
                      {"workspace_id", world->customer_team}};
    ASSERT_EQ(world->post("/megatron/get-a-human/", body).status, 200);
    body["requesting_user"] = json::object{{"slack_id", "U0ERIN"}};
    ASSERT_EQ(world->post("/megatron/get-a-human/", body).status, 200);
    ASSERT_TRUE(RelayWorld::eventually([&] { return world->sim.messages("CZZHELP").size() == 2; }));
    auto lists = world->sim.calls("conversations.list");
    ASSERT_EQ(lists.size(), 2u);  // two pages, the first request only
    EXPECT_FALSE(lists[1].args.at("cursor").empty());
}

// An unknown channel name: one clear error for the bot app, nothing queued.
TEST_P(Outreach, GetAHumanWithAnUnknownChannelNameIsOneClearError) {
    world.reset();
    world = std::make_unique<RelayWorld>(
        GetParam(), std::map<std::string, std::string>{{"CUSTOMER_SERVICE_CHANNEL", "#nowhere"}});
    ASSERT_FALSE(world->unavailable()) << world->unavailable_reason();
    auto answer = world->post("/megatron/get-a-human/",
                              json::object{{"requesting_user", json::object{{"slack_id", "U1"}}},
                                           {"workspace_id", world->customer_team}});
    EXPECT_EQ(answer.status, 503);
    EXPECT_EQ(error_of(answer), "customer_service_channel_not_found");
    EXPECT_EQ(world->sim.call_count("chat.postMessage"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Outreach, ::testing::ValuesIn(available_backends()),
                         [](const auto& param_info) { return to_string(param_info.param); });

}  // namespace
}  // namespace megatron::test
