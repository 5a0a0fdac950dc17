// The Slack side of the relay, end to end over HTTP: verification, agent -> customer relay
// (message, edit, delete, redelivery, bot messages), and the control commands.
#include "e2e/slack_relay/slack_relay_fixture.hpp"

#include "platforms/slack/interpreter/verification.hpp"

namespace megatron::test {
namespace {

namespace json = boost::json;

std::string event_body(const std::string& team, const std::string& event_id, json::object event) {
    return json::serialize(json::object{{"token", "legacy"},
                                        {"team_id", team},
                                        {"api_app_id", "A0MEGATRON"},
                                        {"type", "event_callback"},
                                        {"event_id", event_id},
                                        {"event_time", 1700000000},
                                        {"event", std::move(event)}});
}

class SlackRelayStories : public SlackRelayTest {
  protected:
    // The ts of the agent's message `text` in `channel_id`; empty when there is none.
    std::string agent_message_ts(const std::string& channel_id, const std::string& text) {
        for (auto& m : sim_.messages(channel_id)) {
            if (m.user == agent_ && m.text == text) return m.ts;
        }
        return {};
    }
};

TEST_P(SlackRelayStories, UnverifiedRequestsAre401AndDoNothing) {
    auto event = event_body(support_team_, "Ev0BAD",
                            {{"type", "message"},
                             {"channel", lobby_},
                             {"user", agent_},
                             {"text", "hi"},
                             {"ts", "1700000000.000100"}});
    for (const char* path : {"/megatron/slack/event/", "/megatron/slack/slash-command/",
                             "/megatron/slack/interactive-message/"}) {
        auto unsigned_answer = megatron_->request("POST", path, event);
        EXPECT_EQ(unsigned_answer.status, 401) << path;
        auto forged = megatron_->request(
            "POST", path, event,
            {{"X-Slack-Request-Timestamp", std::to_string(std::time(nullptr))},
             {"X-Slack-Signature",
              "v0=0000000000000000000000000000000000000000000000000000000000000000"}});
        EXPECT_EQ(forged.status, 401) << path;
        auto stale = std::to_string(std::time(nullptr) - 600);
        auto old = megatron_->request(
            "POST", path, event,
            {{"X-Slack-Request-Timestamp", stale},
             {"X-Slack-Signature",
              slack::interpreter::slack_signature(Secret(kSigningSecret), stale, event)}});
        EXPECT_EQ(old.status, 401) << path;
    }
    EXPECT_EQ(sim_.call_count("chat.postMessage"), 0u);
}

TEST_P(SlackRelayStories, UrlVerificationEchoesTheChallenge) {
    auto answer = signed_post("/megatron/slack/event/",
                              R"({"token":"x","challenge":"c-123","type":"url_verification"})",
                              "application/json");
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(json::parse(answer.body).at("challenge").as_string(), "c-123");
}

TEST_P(SlackRelayStories, OpenRelayEditDeletePauseUnpauseClose) {
    sim_.post_as_user(customer_dm_, customer_, "my card does not work");
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto view = sim_.channel(channel_id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->name, "zz-carla_acme");
    // The customer's earlier conversation is imported.
    EXPECT_TRUE(eventually([&] {
        for (auto& m : sim_.messages(channel_id)) {
            if (m.text.find("my card does not work") != std::string::npos) return true;
        }
        return false;
    }));

    // The agent writes: the customer gets it from the bot with the footer, the channel gets
    // the "Bot is not paused" warning.
    auto said = sim_.user_says(channel_id, agent_, "Hello Carla, I am here to help");
    EXPECT_TRUE(said.delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    auto copy = dm_from_agent().front();
    EXPECT_EQ(copy.text, "Hello Carla, I am here to help");
    EXPECT_FALSE(copy.bot_id.empty());
    auto warnings = [&] {
        int n = 0;
        for (auto& m : sim_.messages(channel_id)) n += m.text == "Bot is not paused." ? 1 : 0;
        return n;
    };
    EXPECT_TRUE(eventually([&] { return warnings() == 1; }));
    sim_.wait_for_echoes();  // Megatron's own posts come back as events and are ignored

    // Edit and delete follow the mapping.
    std::string agent_ts;
    for (auto& m : sim_.messages(channel_id)) {
        if (m.user == agent_) agent_ts = m.ts;
    }
    ASSERT_FALSE(agent_ts.empty());
    EXPECT_TRUE(sim_.user_edits(channel_id, agent_ts, "Hello Carla, edited").delivered());
    EXPECT_TRUE(eventually([&] {
        auto copies = dm_from_agent();
        return copies.size() == 1 && copies.front().text == "Hello Carla, edited";
    }));

    // A second message within the hour: no second warning.
    auto second = sim_.user_says(channel_id, agent_, "One more thing");
    EXPECT_TRUE(second.delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 2; }));
    EXPECT_EQ(warnings(), 1);

    EXPECT_TRUE(sim_.user_deletes(channel_id, agent_ts).delivered());
    EXPECT_TRUE(eventually([&] {
        auto copies = dm_from_agent();
        return copies.size() == 1 && copies.front().text == "One more thing";
    }));

    // Pause without a user, in the engagement channel.
    auto pause = sim_.slash_command(channel_id, agent_, "/megatron", "pause");
    EXPECT_EQ(pause.answer.status, 200);
    ASSERT_TRUE(
        eventually([&] { return replied(pause.response_url, "Bot *paused* for user: carla."); }));
    auto paused = bot_app_.commands("pause");
    ASSERT_EQ(paused.size(), 1u);
    EXPECT_EQ(paused[0].at("paused").as_bool(), true);
    EXPECT_EQ(paused[0].at("user_id").as_string(), customer_);
    EXPECT_EQ(paused[0].at("team_id").as_string(), customer_team_);
    EXPECT_EQ(paused[0].at("channel_id").as_string(), customer_dm_);
    EXPECT_TRUE(paused[0].contains("megatron_verification_token"));
    EXPECT_TRUE(channel_of_customer()->is_paused);
    EXPECT_TRUE(eventually([&] {
        for (auto& m : sim_.messages(customer_dm_)) {
            if (m.text.find("I've been paused so a support agent") != std::string::npos)
                return true;
        }
        return false;
    }));

    // Unpause with the button Megatron posted (Block Kit).
    auto click = sim_.interactive(
        channel_id, agent_,
        {{"type", "block_actions"},
         {"actions",
          json::array{json::object{{"type", "button"},
                                   {"action_id", "unpause|" + customer_team_ + "-" + customer_},
                                   {"block_id", "b"},
                                   {"value", customer_team_ + "-" + customer_}}}}});
    EXPECT_EQ(click.answer.status, 200);
    ASSERT_TRUE(
        eventually([&] { return replied(click.response_url, "Bot *unpaused* for user: carla."); }));
    EXPECT_FALSE(channel_of_customer()->is_paused);
    EXPECT_TRUE(eventually([&] {
        for (auto& m : sim_.messages(customer_dm_)) {
            if (m.text.find("I've been unpaused") != std::string::npos) return true;
        }
        return false;
    }));

    auto close = sim_.slash_command(channel_id, agent_, "/megatron", "close");
    ASSERT_TRUE(eventually([&] { return replied(close.response_url, "The channel was closed"); }));
    EXPECT_TRUE(sim_.channel(channel_id)->is_archived);
    EXPECT_TRUE(channel_of_customer()->is_archived);

    // Reopening unarchives the same channel.
    auto reopen = sim_.slash_command(lobby_, agent_, "/megatron", "open carla");
    ASSERT_TRUE(
        eventually([&] { return replied(reopen.response_url, "Go to slack conversation"); }));
    EXPECT_FALSE(sim_.channel(channel_id)->is_archived);
    EXPECT_FALSE(channel_of_customer()->is_archived);
}

TEST_P(SlackRelayStories, ARedeliveredEventIsActedOnOnce) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto body = event_body(support_team_, "Ev0TWICE",
                           {{"type", "message"},
                            {"channel", channel_id},
                            {"user", agent_},
                            {"text", "only once"},
                            {"ts", "1700000000.000200"}});
    EXPECT_EQ(signed_post("/megatron/slack/event/", body, "application/json").status, 200);
    EXPECT_EQ(signed_post("/megatron/slack/event/", body, "application/json").status, 200);
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    // A later message proves the queue moved past any second copy.
    sim_.user_says(channel_id, agent_, "after");
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 2; }));
    int once = 0;
    for (auto& m : dm_from_agent()) once += m.text == "only once" ? 1 : 0;
    EXPECT_EQ(once, 1);
}

// The customer's DM is opened once (conversations.open), then remembered: later messages,
// edits and deletions go straight to it.
TEST_P(SlackRelayStories, TheCustomerDmIsOpenedOncePerCustomer) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    sim_.wait_for_echoes();
    const auto opens_before = sim_.call_count("conversations.open");

    // Two in a row, without waiting in between: both arrive, in order.
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "first of two").delivered());
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "second of two").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 2; }));
    auto copies = dm_from_agent();
    EXPECT_EQ(copies[0].text, "first of two");
    EXPECT_EQ(copies[1].text, "second of two");
    EXPECT_EQ(sim_.call_count("conversations.open"), opens_before + 1);

    // An edit and a deletion after them use the same DM without opening it again.
    sim_.wait_for_echoes();
    auto first_ts = agent_message_ts(channel_id, "first of two");
    ASSERT_FALSE(first_ts.empty());
    EXPECT_TRUE(sim_.user_edits(channel_id, first_ts, "first, edited").delivered());
    ASSERT_TRUE(eventually([&] {
        auto now = dm_from_agent();
        return now.size() == 2 && now[0].text == "first, edited";
    }));
    EXPECT_TRUE(sim_.user_deletes(channel_id, first_ts).delivered());
    ASSERT_TRUE(eventually([&] {
        auto now = dm_from_agent();
        return now.size() == 1 && now[0].text == "second of two";
    }));
    EXPECT_EQ(sim_.call_count("conversations.open"), opens_before + 1);
    for (const auto& call : sim_.calls("conversations.open")) {
        EXPECT_EQ(call.args.at("users"), customer_);
    }
}

// Slack refuses the remembered DM id (channel_not_found): it is forgotten, the DM opened
// again, and the message delivered exactly once.
TEST_P(SlackRelayStories, AStaleRememberedDmIsOpenedAgain) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "before").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    sim_.wait_for_echoes();
    const auto opens_before = sim_.call_count("conversations.open");
    auto refused = [&](const std::string& method) {
        std::size_t n = 0;
        for (const auto& call : sim_.calls(method)) n += call.error == "channel_not_found";
        return n;
    };

    sim_.inject({.kind = slack_sim::FaultKind::SlackError,
                 .method = "chat.postMessage",
                 .token = "xoxb-customer",
                 .times = 1,
                 .error = "channel_not_found"});
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "after a stale id").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 2; }));
    EXPECT_EQ(refused("chat.postMessage"), 1u);
    EXPECT_EQ(sim_.call_count("conversations.open"), opens_before + 1);
    // A later message proves nothing else is on its way; "after a stale id" arrived once.
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "and then").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 3; }));
    int once = 0;
    for (auto& m : dm_from_agent()) once += m.text == "after a stale id" ? 1 : 0;
    EXPECT_EQ(once, 1);
    EXPECT_EQ(sim_.call_count("conversations.open"), opens_before + 1);

    // The same for an edit (chat.update).
    sim_.wait_for_echoes();
    auto edited_ts = agent_message_ts(channel_id, "and then");
    ASSERT_FALSE(edited_ts.empty());
    sim_.inject({.kind = slack_sim::FaultKind::SlackError,
                 .method = "chat.update",
                 .token = "xoxb-customer",
                 .times = 1,
                 .error = "channel_not_found"});
    EXPECT_TRUE(sim_.user_edits(channel_id, edited_ts, "and then, edited").delivered());
    ASSERT_TRUE(eventually([&] {
        auto now = dm_from_agent();
        return now.size() == 3 && now[2].text == "and then, edited";
    }));
    EXPECT_EQ(refused("chat.update"), 1u);
    EXPECT_EQ(sim_.call_count("conversations.open"), opens_before + 2);
}

TEST_P(SlackRelayStories, BotMessagesAreNotRelayed) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto body = event_body(support_team_, "Ev0BOT",
                           {{"type", "message"},
                            {"subtype", "bot_message"},
                            {"bot_id", "B0OTHER"},
                            {"channel", channel_id},
                            {"text", "from a bot"},
                            {"ts", "1700000000.000300"}});
    EXPECT_EQ(signed_post("/megatron/slack/event/", body, "application/json").status, 200);
    sim_.user_says(channel_id, agent_, "from a person");
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    EXPECT_EQ(dm_from_agent().front().text, "from a person");
}

TEST_P(SlackRelayStories, ErrorReplies) {
    // Outside an engagement channel a user must be named.
    auto nobody = sim_.slash_command(lobby_, agent_, "/megatron", "pause");
    EXPECT_EQ(nobody.answer.status, 200);
    EXPECT_TRUE(eventually(
        [&] { return replied(nobody.response_url, "Please specify a user for this command."); }));
    // An unknown command is answered at once with the list of commands.
    auto unknown = sim_.slash_command(lobby_, agent_, "/megatron", "dance");
    EXPECT_EQ(unknown.answer.status, 200);
    EXPECT_NE(unknown.answer.body.find("clear-context"), std::string::npos);
    // search_user finds nobody.
    bot_app_.answer("search_user", 200, R"({"users": []})");
    auto missing = sim_.slash_command(lobby_, agent_, "/megatron", "open zed");
    EXPECT_TRUE(
        eventually([&] { return replied(missing.response_url, "No user found matching *zed*"); }));
    // search_user finds two: a menu to pick one.
    bot_app_.answer(
        "search_user", 200,
        json::serialize(json::object{
            {"users", json::array{json::object{{"username", "carla"},
                                               {"platform_user_id", customer_},
                                               {"platform_team_id", customer_team_}},
                                  json::object{{"username", "carl"},
                                               {"platform_user_id", "U0CARL"},
                                               {"platform_team_id", customer_team_}}}}}));
    auto several = sim_.slash_command(lobby_, agent_, "/megatron", "open car");
    EXPECT_TRUE(
        eventually([&] { return replied(several.response_url, "Several users match *car*"); }));
    auto posts = sim_.response_url_posts(several.response_url);
    ASSERT_FALSE(posts.empty());
    EXPECT_NE(json::serialize(posts.back()).find("static_select"), std::string::npos);

    // The bot app fails a pause: the agent is told, nothing is paused.
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    bot_app_.answer("pause", 500, "oops");
    auto pause = sim_.slash_command(channel_id, agent_, "/megatron", "pause");
    EXPECT_TRUE(
        eventually([&] { return replied(pause.response_url, "Failed to pause bot for user"); }));
    EXPECT_FALSE(channel_of_customer()->is_paused);
    // Bad JSON from clear-context's bot app is reported, not crashed on.
    bot_app_.answer("clear-context", 200, "not json");
    auto clear = sim_.slash_command(channel_id, agent_, "/megatron", "clear-context");
    EXPECT_TRUE(eventually([&] { return !replies(clear.response_url).empty(); }));
    EXPECT_TRUE(megatron_->process().running());
}

TEST_P(SlackRelayStories, ClearContextAndDoReachTheBotApp) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto clear = sim_.slash_command(channel_id, agent_, "/megatron", "clear-context");
    EXPECT_TRUE(
        eventually([&] { return replied(clear.response_url, "Context cleared for *carla*."); }));
    auto cleared = bot_app_.commands("clear-context");
    ASSERT_EQ(cleared.size(), 1u);
    EXPECT_EQ(cleared[0].at("platform_user_id").as_string(), customer_);

    auto run = sim_.slash_command(channel_id, agent_, "/megatron", "do reset my password");
    EXPECT_TRUE(eventually([&] { return bot_app_.commands("push_message").size() == 1; }));
    auto pushed = bot_app_.commands("push_message")[0];
    EXPECT_EQ(pushed.at("message").at("text").as_string(), "reset my password");
    EXPECT_EQ(pushed.at("channel_id").as_string(), customer_dm_);
    EXPECT_EQ(pushed.at("platform_user_id").as_string(), customer_);
    EXPECT_EQ(pushed.at("platform_channel_id").as_string(), channel_id);
}

// --- Drop-in for bot apps of the original (issue 14) -------------------------------------

// As a team that ran the original: MEGATRON_VERIFICATION_TOKEN set, the bot app checks it.
class DropInStories : public SlackRelayStories {
  protected:
    static constexpr const char* kGlobalToken = "original-megatron-verification-token";

    void adjust_environment(std::map<std::string, std::string>& env) override {
        env["MEGATRON_VERIFICATION_TOKEN"] = kGlobalToken;
        // A job waiting for a bot app that answers refresh_workspace badly must outlive the
        // test's bad answers (8 attempts at 50-200 ms would not).
        env["MEGATRON_JOB_MAX_ATTEMPTS"] = "1000";
    }

    std::string organization_token() {
        storage::Store store(*db_);
        auto org = store.find_organization_by_name("acme-support");
        return org && *org ? (*org)->verification_token : std::string();
    }

    // The bot app reports a message of the customer's DM (/megatron/incoming/ or outgoing).
    int bot_app_reports(const std::string& path, const json::object& body) {
        return megatron_
            ->request("POST", path, json::serialize(body),
                      {{"Authorization", "MegatronToken " + api_token_},
                       {"Content-Type", "application/json"}})
            .status;
    }
    // Carla writes to the bot; the bot app reports it. Returns the DM message's ts.
    std::string customer_writes(const std::string& text) {
        auto ts = sim_.post_as_user(customer_dm_, customer_, text);
        EXPECT_EQ(bot_app_reports("/megatron/incoming/",
                                  {{"message", {{"user", customer_}, {"text", text}, {"ts", ts}}}}),
                  200);
        return ts;
    }
    // The bot answers Carla; the bot app reports it.
    std::string bot_replies(const std::string& text) {
        auto ts = sim_.post_as_user(customer_dm_, sim_.bot_user_id(customer_team_), text);
        EXPECT_EQ(bot_app_reports("/megatron/outgoing/",
                                  {{"user", customer_},
                                   {"ts", ts},
                                   {"message", {{"text", text}, {"attachments", json::array{}}}}}),
                  200);
        return ts;
    }
    // How many messages of `channel_id` contain `text`.
    std::size_t count_containing(const std::string& channel_id, const std::string& text) {
        std::size_t n = 0;
        for (const auto& m : sim_.messages(channel_id)) {
            n += m.text.find(text) != std::string::npos ? 1 : 0;
        }
        return n;
    }
    // The ts of the mirror (posted by Megatron's bot) of `text` in the engagement channel.
    std::string mirror_ts(const std::string& channel_id, const std::string& text) {
        for (const auto& m : sim_.messages(channel_id)) {
            if (!m.bot_id.empty() && m.text.find(text) != std::string::npos) return m.ts;
        }
        return {};
    }
    // The agent writes a message and deletes it: its copy leaves the customer's DM. Run after
    // the deletions under test, it also proves the channel's queue got past them.
    bool agent_takes_back_a_message(const std::string& channel_id) {
        if (!sim_.user_says(channel_id, agent_, "to be taken back").delivered()) return false;
        if (!eventually([&] { return dm_from_agent().size() == 1; })) return false;
        sim_.wait_for_echoes();
        auto ts = agent_message_ts(channel_id, "to be taken back");
        if (ts.empty() || !sim_.user_deletes(channel_id, ts).delivered()) return false;
        return eventually([&] { return dm_from_agent().empty(); });
    }
    // Slack reports that `deleted_ts` was deleted; `extra` adds bot_id or previous_message.
    int slack_reports_deletion(const std::string& channel_id, const std::string& event_id,
                               const std::string& deleted_ts, const json::object& extra) {
        json::object event{{"type", "message"},        {"subtype", "message_deleted"},
                           {"channel", channel_id},    {"hidden", true},
                           {"deleted_ts", deleted_ts}, {"ts", "1700000001.000100"}};
        for (const auto& [key, value] : extra) event[key] = value;
        return signed_post("/megatron/slack/event/", event_body(support_team_, event_id, event),
                           "application/json")
            .status;
    }
    // Waits until `text` is mirrored into the channel and Megatron's echoes are past; the
    // mirror's ts (empty when it never came).
    std::string mirrored(const std::string& channel_id, const std::string& text) {
        eventually([&] { return !mirror_ts(channel_id, text).empty(); });
        sim_.wait_for_echoes();
        return mirror_ts(channel_id, text);
    }
    bool dm_has(const std::string& ts) {
        for (const auto& m : sim_.messages(customer_dm_)) {
            if (m.ts == ts) return true;
        }
        return false;
    }
};

// pause, unpause, clear-context, search_user and push_message carry MEGATRON_VERIFICATION_TOKEN
// and are signed with it, as the original sent them; refresh_workspace carries the
// organization's own token.
TEST_P(DropInStories, AppCommandsCarryTheTokensTheOriginalSent) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto pause = sim_.slash_command(channel_id, agent_, "/megatron", "pause");
    ASSERT_TRUE(eventually([&] { return replied(pause.response_url, "Bot *paused*"); }));
    auto unpause = sim_.slash_command(channel_id, agent_, "/megatron", "unpause");
    ASSERT_TRUE(eventually([&] { return replied(unpause.response_url, "Bot *unpaused*"); }));
    auto clear = sim_.slash_command(channel_id, agent_, "/megatron", "clear-context");
    ASSERT_TRUE(eventually([&] { return replied(clear.response_url, "Context cleared"); }));
    sim_.slash_command(channel_id, agent_, "/megatron", "do say hello");
    ASSERT_TRUE(eventually([&] { return bot_app_.commands("push_message").size() == 1; }));

    for (const char* command : {"pause", "clear-context", "search_user", "push_message"}) {
        auto sent = bot_app_.commands(command);
        ASSERT_FALSE(sent.empty()) << command;
        for (const auto& body : sent) {
            EXPECT_EQ(body.at("megatron_verification_token").as_string(), kGlobalToken) << command;
        }
    }
    EXPECT_EQ(bot_app_.commands("pause").size(), 2u);  // pause and unpause

    // refresh_workspace (before re-opening the archived channel) carries the organization's.
    auto close = sim_.slash_command(channel_id, agent_, "/megatron", "close");
    ASSERT_TRUE(eventually([&] { return replied(close.response_url, "The channel was closed"); }));
    bot_app_.answer("refresh_workspace", 200,
                    R"({"ok": true, "data": {"name": "Acme", "domain": "acme",
                        "connection_token": "xoxb-customer"}})");
    auto reopen = sim_.slash_command(lobby_, agent_, "/megatron", "open carla");
    ASSERT_TRUE(
        eventually([&] { return replied(reopen.response_url, "Go to slack conversation"); }));
    auto refreshes = bot_app_.commands("refresh_workspace");
    ASSERT_EQ(refreshes.size(), 1u);
    EXPECT_EQ(refreshes[0].at("megatron_verification_token").as_string(), organization_token());
    EXPECT_EQ(refreshes[0].at("workspace_platform_id").as_string(), customer_team_);
}

// Before an archived engagement channel is re-opened, the bot app is asked for fresh
// credentials, and the answer is stored and used (here the old token no longer works).
TEST_P(DropInStories, ReopeningAnArchivedChannelRefreshesTheWorkspaceFirst) {
    sim_.post_as_user(customer_dm_, customer_, "earlier question");
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto close = sim_.slash_command(channel_id, agent_, "/megatron", "close");
    ASSERT_TRUE(eventually([&] { return replied(close.response_url, "The channel was closed"); }));

    sim_.invalidate_token("xoxb-customer", "token_expired");
    sim_.add_token(customer_team_, "xoxb-customer-renewed");
    bot_app_.answer("refresh_workspace", 200,
                    R"({"ok": true, "data": {"name": "Acme Renamed", "domain": "acme-2",
                        "connection_token": "xoxb-customer-renewed"}})");
    auto reopen = sim_.slash_command(lobby_, agent_, "/megatron", "open carla");
    ASSERT_TRUE(
        eventually([&] { return replied(reopen.response_url, "Go to slack conversation"); }));
    EXPECT_EQ(bot_app_.commands("refresh_workspace").size(), 1u);
    storage::Store store(*db_);
    auto workspace = store.workspace(workspace_id_);
    ASSERT_TRUE(workspace);
    EXPECT_EQ(workspace->bot_token.reveal(), "xoxb-customer-renewed");
    EXPECT_EQ(workspace->name, "Acme Renamed");
    EXPECT_EQ(workspace->domain, "acme-2");
    // The history import after re-opening ran with the new token, without another refresh.
    EXPECT_TRUE(eventually([&] { return count_containing(channel_id, "earlier question") == 2; }));
    for (const auto& call : sim_.calls("conversations.history")) EXPECT_TRUE(call.ok) << call.error;
}

// Slack revokes the customer workspace's token in mid-conversation: the bot app is asked once,
// the next customer message and the next agent reply each arrive exactly once.
TEST_P(DropInStories, ARevokedCustomerTokenIsRefreshedAndNothingIsLostOrDoubled) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    customer_writes("before the revocation");
    ASSERT_TRUE(eventually([&] { return count_containing(channel_id, "before the revocation"); }));

    sim_.invalidate_token("xoxb-customer", "token_revoked");
    sim_.add_token(customer_team_, "xoxb-customer-2");
    bot_app_.answer("refresh_workspace", 200,
                    R"({"ok": true, "data": {"name": "Acme", "domain": "acme",
                        "connection_token": "xoxb-customer-2"}})");

    customer_writes("customer line once revoked");
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "agent reply after the revocation").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    ASSERT_TRUE(eventually(
        [&] { return count_containing(channel_id, "customer line once revoked") >= 1; }));
    // Later traffic proves nothing else is on its way.
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "and one more").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 2; }));
    EXPECT_EQ(count_containing(channel_id, "customer line once revoked"), 1u);
    EXPECT_EQ(count_containing(customer_dm_, "agent reply after the revocation"), 1u);
    EXPECT_EQ(bot_app_.commands("refresh_workspace").size(), 1u);
    storage::Store store(*db_);
    EXPECT_EQ(store.workspace(workspace_id_)->bot_token.reveal(), "xoxb-customer-2");
    auto log = megatron_->process().output();
    EXPECT_EQ(log.find("xoxb-customer-2"), std::string::npos);
}

// A bot app that cannot answer refresh_workspace (malformed JSON, then ok:false) leaves the
// job retrying with one log line per attempt and no token; once it answers, the agent's
// message arrives exactly once.
TEST_P(DropInStories, ABadRefreshAnswerLeavesTheJobRetryingUntilTheBotAppAnswers) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    sim_.invalidate_token("xoxb-customer", "invalid_auth");
    sim_.add_token(customer_team_, "xoxb-customer-3");
    bot_app_.answer("refresh_workspace", 200, "this is not json");

    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "waiting for a token").delivered());
    ASSERT_TRUE(eventually([&] { return bot_app_.commands("refresh_workspace").size() >= 2; }));
    bot_app_.answer("refresh_workspace", 200, R"({"ok": false, "error": "unknown workspace"})");
    auto asked = bot_app_.commands("refresh_workspace").size();
    ASSERT_TRUE(eventually([&] { return bot_app_.commands("refresh_workspace").size() > asked; }));
    EXPECT_TRUE(dm_from_agent().empty());
    auto log = megatron_->process().output();
    EXPECT_NE(log.find("refresh_workspace for workspace " + customer_team_ + " failed"),
              std::string::npos)
        << log;
    EXPECT_TRUE(megatron_->process().running());

    bot_app_.answer("refresh_workspace", 200,
                    R"({"ok": true, "data": {"name": "Acme", "domain": "acme",
                        "connection_token": "xoxb-customer-3"}})");
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "and after it").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 2; }));
    EXPECT_EQ(count_containing(customer_dm_, "waiting for a token"), 1u);
    EXPECT_EQ(megatron_->process().output().find("xoxb-customer-3"), std::string::npos);
}

// Deleting the mirror of a customer's message (Slack names the bot only inside
// previous_message) changes nothing on the customer's side.
TEST_P(DropInStories, DeletingTheMirrorOfACustomersMessageDeletesNothingForTheCustomer) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto customer_ts = customer_writes("please keep this");
    auto mirror = mirrored(channel_id, "please keep this");
    ASSERT_FALSE(mirror.empty());
    EXPECT_TRUE(sim_.user_deletes(channel_id, mirror).delivered());

    // An agent's message deleted afterwards is deleted: the queue got past the first delete.
    ASSERT_TRUE(agent_takes_back_a_message(channel_id));
    EXPECT_TRUE(dm_has(customer_ts));
    EXPECT_EQ(sim_.call_count("chat.delete"), 1u);
}

// Deleting the mirror of the bot's own reply, whether the event carries the bot id at top
// level or only inside previous_message, never deletes the bot's reply in the customer's DM.
TEST_P(DropInStories, DeletingTheMirrorOfTheBotsReplyDeletesNothingForTheCustomer) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto reply_ts = bot_replies("the bot's answer");
    auto mirror = mirrored(channel_id, "the bot's answer");
    ASSERT_FALSE(mirror.empty());
    json::object previous{{"type", "message"}, {"text", "the bot's answer"}, {"ts", mirror}};
    auto with_bot = previous;
    with_bot["bot_id"] = "B0SUPPORT";
    with_bot["subtype"] = "bot_message";
    EXPECT_EQ(slack_reports_deletion(channel_id, "Ev0DEL1", mirror,
                                     {{"bot_id", "B0SUPPORT"}, {"previous_message", previous}}),
              200);
    EXPECT_EQ(
        slack_reports_deletion(channel_id, "Ev0DEL2", mirror, {{"previous_message", with_bot}}),
        200);

    ASSERT_TRUE(agent_takes_back_a_message(channel_id));
    EXPECT_TRUE(dm_has(reply_ts));
    EXPECT_EQ(sim_.call_count("chat.delete"), 1u);
}

// Even an event that names no bot at all deletes on the customer's side only a message that
// an agent sent through Megatron (the mapping records who wrote each message).
TEST_P(DropInStories, OnlyAnAgentsMessageIsDeletedEvenWhenTheEventNamesNoBot) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto customer_ts = customer_writes("keep me too");
    auto reply_ts = bot_replies("keep me as well");
    ASSERT_FALSE(mirrored(channel_id, "keep me too").empty());
    ASSERT_FALSE(mirrored(channel_id, "keep me as well").empty());
    int n = 0;
    for (const auto& text : {"keep me too", "keep me as well"}) {
        auto id = "Ev0NOBOT" + std::to_string(n++);
        EXPECT_EQ(slack_reports_deletion(
                      channel_id, id, mirror_ts(channel_id, text),
                      {{"previous_message", json::object{{"type", "message"}, {"text", text}}}}),
                  200);
    }
    ASSERT_TRUE(agent_takes_back_a_message(channel_id));
    EXPECT_TRUE(dm_has(customer_ts));
    EXPECT_TRUE(dm_has(reply_ts));
    EXPECT_EQ(sim_.call_count("chat.delete"), 1u);
}

// A thread reply is the agents' internal note; "also send to the channel" (thread_broadcast)
// is relayed like any agent message.
TEST_P(DropInStories, ThreadRepliesStayInternalAndBroadcastRepliesAreRelayed) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "start of a thread").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    auto parent = agent_message_ts(channel_id, "start of a thread");
    ASSERT_FALSE(parent.empty());
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "note: check her card", parent).delivered());
    EXPECT_TRUE(sim_.user_broadcasts_reply(channel_id, agent_, "Your card works again", parent)
                    .delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 2; }));
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "anything else?").delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 3; }));
    auto copies = dm_from_agent();
    EXPECT_EQ(copies[1].text, "Your card works again");
    EXPECT_EQ(count_containing(customer_dm_, "note: check her card"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DropInStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

INSTANTIATE_TEST_SUITE_P(Backends, SlackRelayStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

// Issue #15: a crash between conversations.create and storing the channel left the channel on
// Slack but not in Megatron's database; the next /megatron open made "zz-carla_acme-2", a
// second channel for the same customer. Here the interrupted run's channel exists (made by
// the bot, nothing stored): it is found by its name and used.
TEST_P(SlackRelayStories, AChannelLeftByAnInterruptedOpenIsUsedNotMadeTwice) {
    auto left = sim_.add_channel(support_team_, {.name = "zz-carla_acme"});
    auto channel_id = open_channel_for_carla();
    EXPECT_EQ(channel_id, left);
    EXPECT_FALSE(sim_.channel_by_name(support_team_, "zz-carla_acme-2"));
}

// Megatron crashes in the middle of a command; its job runs again after a short lease.
class CrashedCommands : public SlackRelayStories {
  protected:
    void adjust_environment(std::map<std::string, std::string>& env) override {
        env["MEGATRON_JOB_LEASE_MS"] = "1500";
    }
};

// Issue #15: `/megatron do` pushed the message to the bot app again when its job re-ran after
// a crash. Now at most once: the job marks the push before it sends, and the re-run tells the
// agent instead of pushing twice (docs/hardening.md).
TEST_P(CrashedCommands, DoIsPushedToTheBotAppOnceWhenItsJobRunsAgain) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    bot_app_.delay("push_message", std::chrono::seconds(5));
    auto run = sim_.slash_command(channel_id, agent_, "/megatron", "do reset my password");
    ASSERT_TRUE(eventually([&] { return bot_app_.commands("push_message").size() == 1; }));
    crash_and_restart_megatron();  // while the bot app still holds its answer
    EXPECT_TRUE(eventually([&] { return replied(run.response_url, "not sent again"); }))
        << "replies: " << replies(run.response_url).size();
    EXPECT_EQ(bot_app_.commands("push_message").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashedCommands,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
