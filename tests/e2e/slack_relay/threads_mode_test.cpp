// Threads mode (issue 21) end to end: the organization's engagements are threads in one
// support channel. The channel-mode stories (open, relay both ways, edit, delete, files,
// reactions and marks, pause/unpause, close, clear-context, do, reminders, idle close,
// profile refresh) run here in a thread, through the parent's buttons and the message
// shortcuts, on SQLite and on PostgreSQL + Redis.
#include "e2e/slack_relay/clocked_relay_test.hpp"

namespace megatron::test {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;

class ThreadsMode : public ClockedRelayTest {
  protected:
    void SetUp() override {
        ClockedRelayTest::SetUp();
        if (HasFatalFailure()) return;
        support_ = sim_.add_channel(support_team_, {.name = "support", .members = {agent_}});
        storage::Store store(*db_);
        auto org = store.find_organization_by_name("acme-support");
        ASSERT_TRUE(org && *org);
        org_id_ = (*org)->id;
        // By name, as an admin would type it: the first open resolves it.
        ASSERT_TRUE(store.set_engagement_settings(
            org_id_, {storage::EngagementMode::Threads, "#support", "//"}));
    }

    // /megatron open carla in the support channel; the new thread's parent ts ("" on failure).
    std::string open_thread_for_carla() {
        search_finds_carla();
        auto sent = sim_.slash_command(support_, agent_, "/megatron", "open carla");
        EXPECT_EQ(sent.answer.status, 200);
        EXPECT_TRUE(eventually([&] {
            return replied(sent.response_url, "the engagement is a thread in <#" + support_);
        })) << "replies: "
            << replies(sent.response_url).size();
        auto channel = channel_of_customer();
        EXPECT_TRUE(channel && channel->is_thread());
        return channel ? channel->thread_ts : std::string();
    }

    std::optional<slack_sim::Message> message_at(const std::string& ts) {
        for (auto& m : sim_.messages(support_)) {
            if (m.ts == ts) return m;
        }
        return std::nullopt;
    }
    // The parent's text (its fallback text says the state).
    std::string parent_text(const std::string& parent) {
        auto m = message_at(parent);
        return m ? m->text : std::string();
    }
    // The replies in the thread under `parent`, oldest first.
    std::vector<slack_sim::Message> thread(const std::string& parent) {
        std::vector<slack_sim::Message> out;
        for (auto& m : sim_.messages(support_)) {
            if (m.thread_ts == parent && m.ts != parent) out.push_back(m);
        }
        return out;
    }
    bool thread_has(const std::string& parent, const std::string& part) {
        for (auto& m : thread(parent)) {
            if (m.text.find(part) != std::string::npos) return true;
        }
        return false;
    }
    std::string reply_ts(const std::string& parent, const std::string& text) {
        for (auto& m : thread(parent)) {
            if (m.user == agent_ && m.text == text) return m.ts;
        }
        return {};
    }
    // The parent's button whose action_id starts with `prefix`.
    std::optional<FoundAction> parent_button(const std::string& parent, const std::string& prefix) {
        auto m = message_at(parent);
        if (!m || !m->blocks.is_array()) return std::nullopt;
        for (const auto& block : m->blocks.as_array()) {
            const auto* elements = block.as_object().if_contains("elements");
            if (elements == nullptr) continue;
            for (const auto& e : elements->as_array()) {
                std::string id(e.as_object().at("action_id").as_string());
                if (id.rfind(prefix, 0) == 0) {
                    return FoundAction{id, "actions",
                                       std::string(e.as_object().at("value").as_string())};
                }
            }
        }
        return std::nullopt;
    }
    slack_sim::SentRequest click_on_parent(const std::string& parent, const std::string& prefix) {
        auto button = parent_button(parent, prefix);
        EXPECT_TRUE(button) << prefix;
        if (!button) return {};
        return click(support_, *button);
    }
    int dm_has(const std::string& part) {
        int n = 0;
        for (auto& m : sim_.messages(customer_dm_)) n += m.text.find(part) != std::string::npos;
        return n;
    }

    std::string support_;
    std::int64_t org_id_ = 0;
};

TEST_P(ThreadsMode, OpenRelayEditDeleteNotesPauseUnpauseCloseInAThread) {
    sim_.post_as_user(customer_dm_, customer_, "my card does not work");
    auto parent = open_thread_for_carla();
    ASSERT_FALSE(parent.empty());
    // The parent: the customer, the workspace, the bot's state and the buttons.
    EXPECT_NE(parent_text(parent).find("carla (Acme)"), std::string::npos) << parent_text(parent);
    EXPECT_NE(parent_text(parent).find("The bot is answering"), std::string::npos);
    EXPECT_TRUE(parent_button(parent, "pause|"));
    EXPECT_TRUE(parent_button(parent, "close|"));
    EXPECT_TRUE(parent_button(parent, "clear-context|"));
    EXPECT_EQ(sim_.call_count("conversations.create"), 0u);
    // The imported history is in the thread; the "#support" name was resolved and kept.
    EXPECT_TRUE(eventually([&] { return thread_has(parent, "my card does not work"); }));
    storage::Store store(*db_);
    EXPECT_EQ(store.engagement_settings(org_id_)->support_channel, support_);

    // The customer writes: mirrored into the thread.
    ASSERT_EQ(customer_writes("are you there?", "1700000100.000100").status, 200);
    ASSERT_TRUE(eventually([&] { return thread_has(parent, "are you there?"); }));

    // The agent replies in the thread: relayed as the bot, with the footer.
    ASSERT_TRUE(sim_.user_says(support_, agent_, "Hello Carla, I am here", parent).delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    EXPECT_EQ(dm_from_agent().front().text, "Hello Carla, I am here");
    EXPECT_TRUE(eventually([&] { return thread_has(parent, "Bot is not paused."); }));
    // A note (the prefix) stays internal; the next reply proves it was taken and passed over.
    ASSERT_TRUE(sim_.user_says(support_, agent_, "// she is a VIP", parent).delivered());
    ASSERT_TRUE(sim_.user_says(support_, agent_, "One more thing", parent).delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 2; }));
    EXPECT_EQ(dm_has("VIP"), 0);
    sim_.wait_for_echoes();

    // Edit and delete follow the mapping, in the thread as in a channel.
    auto first = reply_ts(parent, "Hello Carla, I am here");
    ASSERT_FALSE(first.empty());
    ASSERT_TRUE(sim_.user_edits(support_, first, "Hello Carla, edited").delivered());
    ASSERT_TRUE(eventually([&] { return dm_has("Hello Carla, edited") == 1; }));
    ASSERT_TRUE(sim_.user_deletes(support_, first).delivered());
    ASSERT_TRUE(eventually([&] { return dm_from_agent().size() == 1; }));
    EXPECT_EQ(dm_from_agent().front().text, "One more thing");

    // Pause with the parent's button: the bot app is told, the parent says who paused.
    auto pause = click_on_parent(parent, "pause|");
    ASSERT_TRUE(eventually([&] { return replied(pause.response_url, "Bot *paused*"); }));
    ASSERT_EQ(bot_app_.commands("pause").size(), 1u);
    EXPECT_TRUE(bot_app_.commands("pause")[0].at("paused").as_bool());
    ASSERT_TRUE(eventually([&] {
        return parent_text(parent).find("Bot paused by <@" + agent_ + ">") != std::string::npos;
    }));
    EXPECT_TRUE(parent_button(parent, "unpause|"));
    EXPECT_TRUE(eventually([&] { return dm_has("I've been paused") == 1; }));

    // Unpause with the message shortcut on a message of the thread.
    auto shortcut = sim_.message_shortcut(support_, agent_, "megatron_unpause",
                                          reply_ts(parent, "One more thing"));
    EXPECT_EQ(shortcut.answer.status, 200);
    ASSERT_TRUE(eventually([&] { return replied(shortcut.response_url, "Bot *unpaused*"); }));
    EXPECT_FALSE(channel_of_customer()->is_paused);
    ASSERT_TRUE(eventually(
        [&] { return parent_text(parent).find("The bot is answering") != std::string::npos; }));

    // Close with the parent's button: the thread is closed in place, nothing is archived.
    auto close = click_on_parent(parent, "close|");
    ASSERT_TRUE(eventually([&] { return replied(close.response_url, "The thread was closed"); }));
    EXPECT_TRUE(channel_of_customer()->is_archived);
    ASSERT_TRUE(
        eventually([&] { return parent_text(parent).find("Closed") != std::string::npos; }));
    EXPECT_EQ(sim_.call_count("conversations.archive"), 0u);
    EXPECT_FALSE(sim_.channel(support_)->is_archived);
    // A reply in a closed thread reaches nobody.
    ASSERT_TRUE(sim_.user_says(support_, agent_, "after closing", parent).delivered());

    // Opening again makes a new thread for the same engagement.
    auto reopened = open_thread_for_carla();
    ASSERT_FALSE(reopened.empty());
    EXPECT_NE(reopened, parent);
    EXPECT_FALSE(channel_of_customer()->is_archived);
    ASSERT_TRUE(sim_.user_says(support_, agent_, "Back again", reopened).delivered());
    ASSERT_TRUE(eventually([&] { return dm_has("Back again") == 1; }));
    EXPECT_EQ(dm_has("after closing"), 0);
}

TEST_P(ThreadsMode, ManyThreadsInOneChannelAreSeparateEngagements) {
    auto dave = sim_.add_user(customer_team_, {.name = "dave", .real_name = "Dave Customer"});
    auto dave_dm = sim_.open_dm(customer_team_, dave);
    auto carla_parent = open_thread_for_carla();
    ASSERT_FALSE(carla_parent.empty());
    bot_app_.answer(
        "search_user", 200,
        json::serialize(json::object{
            {"users", json::array{json::object{{"username", "dave"},
                                               {"platform_user_id", dave},
                                               {"platform_team_id", customer_team_}}}}}));
    auto sent = sim_.slash_command(support_, agent_, "/megatron", "open dave");
    ASSERT_TRUE(
        eventually([&] { return replied(sent.response_url, "the engagement is a thread"); }));
    storage::Store store(*db_);
    auto dave_engagement = store.find_channel_for_customer(workspace_id_, dave);
    ASSERT_TRUE(dave_engagement && *dave_engagement);
    auto dave_parent = (*dave_engagement)->thread_ts;
    auto carla_engagement = channel_of_customer();
    ASSERT_NE(dave_parent, carla_parent);
    // One channel, two engagements (each its own row, so its own ordering key).
    EXPECT_EQ((*dave_engagement)->platform_channel_id, carla_engagement->platform_channel_id);
    EXPECT_NE((*dave_engagement)->id, carla_engagement->id);

    ASSERT_TRUE(sim_.user_says(support_, agent_, "for dave", dave_parent).delivered());
    ASSERT_TRUE(sim_.user_says(support_, agent_, "for carla", carla_parent).delivered());
    ASSERT_TRUE(eventually([&] { return dm_has("for carla") == 1; }));
    ASSERT_TRUE(eventually([&] {
        for (auto& m : sim_.messages(dave_dm)) {
            if (m.text == "for dave") return true;
        }
        return false;
    }));
    EXPECT_EQ(dm_has("for dave"), 0);
    for (auto& m : sim_.messages(dave_dm)) EXPECT_NE(m.text, "for carla");
    // The two replies were queued on two ordering keys (the engagements'), not on the one
    // Slack channel's: the database queue shows them (Redis keeps no table).
    if (GetParam() == Backend::Sqlite) {
        auto keys = db_->execute(
            "SELECT COUNT(DISTINCT ordering_key) FROM jobs WHERE kind = 'relay.agent_message'");
        ASSERT_TRUE(keys) << keys.error().message;
        EXPECT_EQ(keys->rows.at(0).integer(0), 2);
    }
}

TEST_P(ThreadsMode, FilesReactionsAndDeliveryMarksInAThread) {
    auto parent = open_thread_for_carla();
    ASSERT_FALSE(parent.empty());
    // The agent shares a file in the thread: the customer gets it from the bot.
    ASSERT_TRUE(
        sim_.user_shares_files(
                support_, agent_, "the form",
                {{.name = "form.pdf", .mimetype = "application/pdf", .content = "%PDF-1.4 form"}},
                nullptr, parent)
            .delivered());
    ASSERT_TRUE(eventually([&] {
        for (auto& f : sim_.shared_files(customer_dm_)) {
            if (f.name == "form.pdf" && f.content == "%PDF-1.4 form") return true;
        }
        return false;
    }));

    // The agent's reply gets the delivered mark.
    ASSERT_TRUE(sim_.user_says(support_, agent_, "Got it", parent).delivered());
    ASSERT_TRUE(eventually([&] {
        auto m = message_at(reply_ts(parent, "Got it"));
        if (!m) return false;
        for (const auto& [name, who] : m->reactions) {
            if (name == "white_check_mark") return true;
        }
        return false;
    }));

    // A reaction on the mirror of the customer's message reaches her original in the DM.
    auto original = sim_.post_as_user(customer_dm_, customer_, "thanks!");
    ASSERT_EQ(customer_writes("thanks!", original).status, 200);
    ASSERT_TRUE(eventually([&] { return thread_has(parent, "thanks!"); }));
    std::string mirror;
    for (auto& m : thread(parent)) {
        if (m.text == "thanks!") mirror = m.ts;
    }
    // Known limit (docs/agent-guide.md): in a thread, the reaction names only the message, and
    // the engagement is found through the mirror's mapping, which the mirror job records just
    // after Slack shows the mirror; a reaction in that gap is not relayed. The story reacts
    // once the mapping is recorded, as any agent's reaction in practice does.
    ASSERT_TRUE(eventually([&] {
        auto engagement = channel_of_customer();
        if (!engagement) return false;
        auto mapped = storage::Store(*db_).find_message_by_integration_id(engagement->id, mirror);
        return mapped && mapped->has_value();
    }));
    ASSERT_TRUE(sim_.user_reacts(support_, agent_, mirror, "heart").delivered());
    auto reactions_on_original = [&] {
        std::vector<std::string> names;
        for (auto& m : sim_.messages(customer_dm_)) {
            if (m.ts != original) continue;
            for (const auto& [name, who] : m.reactions) names.push_back(name);
        }
        return names;
    };
    ASSERT_TRUE(
        eventually([&] { return reactions_on_original() == std::vector<std::string>{"heart"}; }));
    ASSERT_TRUE(sim_.user_reacts(support_, agent_, mirror, "heart", false).delivered());
    ASSERT_TRUE(eventually([&] { return reactions_on_original().empty(); }));
}

// A relay that failed for good: the failed mark on the reply, the note in the same thread,
// and its Retry button (clicked in the support channel) delivers it once.
TEST_P(ThreadsMode, AFailedReplyIsNotedInTheThreadAndRetryDeliversItOnce) {
    auto parent = open_thread_for_carla();
    ASSERT_FALSE(parent.empty());
    sim_.inject({.kind = slack_sim::FaultKind::SlackError,
                 .method = "chat.postMessage",
                 .token = "xoxb-customer",
                 .times = 1,
                 .error = "msg_too_long"});
    ASSERT_TRUE(sim_.user_says(support_, agent_, "a very long answer", parent).delivered());
    auto note_text =
        std::string("Not delivered to the customer: the message is too long for Slack.");
    ASSERT_TRUE(eventually([&] { return thread_has(parent, note_text); }));
    for (auto& m : sim_.messages(support_)) {
        if (m.text == note_text) EXPECT_EQ(m.thread_ts, parent);
    }
    EXPECT_EQ(dm_has("a very long answer"), 0);
    auto retry = button_in(support_, note_text, "retry_delivery|");
    ASSERT_TRUE(retry);
    auto clicked = click(support_, *retry);
    EXPECT_EQ(clicked.answer.status, 200);
    EXPECT_EQ(clicked.answer.body.find("no failed delivery"), std::string::npos)
        << clicked.answer.body;
    ASSERT_TRUE(eventually([&] { return dm_has("a very long answer") == 1; }));
}

TEST_P(ThreadsMode, ClearContextAndDoFromTheParentAndShortcuts) {
    auto parent = open_thread_for_carla();
    ASSERT_FALSE(parent.empty());
    auto clear = click_on_parent(parent, "clear-context|");
    ASSERT_TRUE(eventually([&] { return replied(clear.response_url, "Context cleared"); }));
    ASSERT_EQ(bot_app_.commands("clear-context").size(), 1u);

    // "Megatron: do" hands the bot a note's text, without its prefix.
    ASSERT_TRUE(sim_.user_says(support_, agent_, "// refund 20", parent).delivered());
    auto note = reply_ts(parent, "// refund 20");
    ASSERT_FALSE(note.empty());
    auto done = sim_.message_shortcut(support_, agent_, "megatron_do", note);
    EXPECT_EQ(done.answer.status, 200);
    ASSERT_TRUE(eventually([&] { return replied(done.response_url, "Sent to the bot"); }));
    auto pushed = bot_app_.commands("push_message");
    ASSERT_EQ(pushed.size(), 1u);
    EXPECT_EQ(pushed[0].at("message").at("text").as_string(), "refund 20");
    EXPECT_EQ(dm_has("refund"), 0);

    // A shortcut outside any engagement is answered, not acted on.
    auto elsewhere = sim_.post_as_user(lobby_, agent_, "hello");
    auto refused = sim_.message_shortcut(lobby_, agent_, "megatron_pause", elsewhere);
    EXPECT_EQ(refused.answer.status, 200);
    EXPECT_NE(refused.answer.body.find("open engagement"), std::string::npos)
        << refused.answer.body;
    EXPECT_TRUE(bot_app_.commands("pause").empty());
}

TEST_P(ThreadsMode, RemindersGoIntoTheThreadAndAnIdleThreadIsClosedInPlace) {
    auto parent = open_thread_for_carla();
    ASSERT_FALSE(parent.empty());
    auto pause = click_on_parent(parent, "pause|");
    ASSERT_TRUE(eventually([&] { return replied(pause.response_url, "Bot *paused*"); }));

    // 3 quiet minutes: the "Paused" reminder is in the thread, not in the channel.
    advance_clock(4 * kMinute);
    ASSERT_TRUE(eventually([&] {
        for (auto& m : thread(parent)) {
            if (m.text == "Paused") return true;
        }
        return false;
    }));
    for (auto& m : sim_.messages(support_)) {
        if (m.text == "Paused") EXPECT_EQ(m.thread_ts, parent);
    }

    // 36 idle hours: unpaused through the bot app and closed; the parent says so.
    advance_clock(37 * kHour);
    ASSERT_TRUE(eventually([&] { return channel_of_customer()->is_archived; }));
    EXPECT_FALSE(channel_of_customer()->is_paused);
    auto pauses = bot_app_.commands("pause");
    ASSERT_EQ(pauses.size(), 2u);
    EXPECT_FALSE(pauses[1].at("paused").as_bool());
    ASSERT_TRUE(eventually([&] { return parent_text(parent).find("Closed") != std::string::npos; }))
        << parent_text(parent) << "; chat.update calls: " << sim_.call_count("chat.update");
    EXPECT_EQ(sim_.call_count("conversations.archive"), 0u);
    EXPECT_FALSE(sim_.channel(support_)->is_archived);
}

TEST_P(ThreadsMode, TheDailyProfileRefreshUpdatesTheParent) {
    auto parent = open_thread_for_carla();
    ASSERT_FALSE(parent.empty());
    ASSERT_NE(parent_text(parent).find("carla (Acme)"), std::string::npos) << parent_text(parent);
    sim_.add_user(customer_team_, {.id = customer_,
                                   .name = "carla",
                                   .real_name = "Carla Customer",
                                   .display_name = "Carla Renamed"});
    advance_clock(25 * kHour);
    ASSERT_TRUE(eventually(
        [&] { return parent_text(parent).find("Carla Renamed (Acme)") != std::string::npos; }));
}

TEST_P(ThreadsMode, ChannelEngagementsKeepWorkingUntilClosedThenReopenAsThreads) {
    storage::Store store(*db_);
    ASSERT_TRUE(
        store.set_engagement_settings(org_id_, {storage::EngagementMode::Channels, "", "//"}));
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    ASSERT_TRUE(
        store.set_engagement_settings(org_id_, {storage::EngagementMode::Threads, support_, "//"}));

    // The open channel stays the engagement: messages there still reach the customer.
    ASSERT_TRUE(sim_.user_says(channel_id, agent_, "still in the channel").delivered());
    ASSERT_TRUE(eventually([&] { return dm_has("still in the channel") == 1; }));
    auto close = sim_.slash_command(channel_id, agent_, "/megatron", "close");
    ASSERT_TRUE(eventually([&] { return replied(close.response_url, "The channel was closed"); }));
    EXPECT_TRUE(sim_.channel(channel_id)->is_archived);

    // Opened again: a thread in the support channel now.
    auto parent = open_thread_for_carla();
    ASSERT_FALSE(parent.empty());
    ASSERT_TRUE(sim_.user_says(support_, agent_, "now in a thread", parent).delivered());
    ASSERT_TRUE(eventually([&] { return dm_has("now in a thread") == 1; }));
    EXPECT_TRUE(sim_.channel(channel_id)->is_archived);
}

INSTANTIATE_TEST_SUITE_P(Backends, ThreadsMode,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
