// Issue 20 end to end, a real `megatron serve` against the Slack simulator: tokens encrypted
// at rest and rotated while the relay keeps working, redaction of what is copied into the
// support workspace (never of what reaches the customer), and the audit log of a takeover.
#include "e2e/slack_relay/slack_relay_fixture.hpp"

#include "jobs/db_queue.hpp"
#include "jobs/redis_queue.hpp"
#include "storage/audit_log.hpp"
#include "util/key_ring.hpp"

namespace megatron::test {
namespace {

const std::string kKeyA(64, 'a');
const std::string kKeyB(64, 'b');

class PrivacyStories : public SlackRelayTest {
  protected:
    void adjust_environment(std::map<std::string, std::string>& env) override {
        env["MEGATRON_SECRET_KEY"] = kKeyA;
        env["MEGATRON_REDACT"] = "cards,email";
        // A job claimed by a killed process comes back after its lease: keep that short.
        env["MEGATRON_JOB_LEASE_MS"] = "1000";
    }

    // Every stored token, as the columns hold it.
    std::vector<std::string> stored_tokens() {
        std::vector<std::string> out;
        for (const char* sql :
             {"SELECT verification_token FROM organizations", "SELECT bot_token FROM integrations",
              "SELECT bot_token FROM customer_workspaces"}) {
            auto r = db_->execute(sql);
            EXPECT_TRUE(r) << r.error().message;
            if (!r) continue;
            for (const auto& row : r->rows) out.push_back(row.text(0));
        }
        return out;
    }

    void expect_all_sealed_with(const std::string& raw_key) {
        auto id =
            crypto::key_id(std::string(32, static_cast<char>(raw_key == kKeyA ? 0xaa : 0xbb)));
        auto tokens = stored_tokens();
        EXPECT_EQ(tokens.size(), 3u);
        for (const auto& t : tokens) {
            EXPECT_EQ(crypto::sealed_key_id(t), id) << t.substr(0, 20);
            EXPECT_EQ(t.find("xoxb"), std::string::npos);
        }
    }

    // The agent says `text` in the channel; true once the customer has it from the bot.
    bool agent_reaches_customer(const std::string& channel_id, const std::string& text) {
        EXPECT_TRUE(sim_.user_says(channel_id, agent_, text).delivered());
        return eventually([&] {
            for (auto& m : dm_from_agent()) {
                if (m.text == text) return true;
            }
            return false;
        });
    }

    // A new Megatron process with `keys` (kill -9 of the old one), and Slack pointed at it.
    void restart_with_keys(const std::string& keys) {
        env_["MEGATRON_SECRET_KEY"] = keys;
        sim_.wait_for_echoes();  // nothing of the last step left in flight
        crash_and_restart_megatron();
        sim_.connect_app(support_team_,
                         {.events_url = megatron_->url("/megatron/slack/event/"),
                          .commands_url = megatron_->url("/megatron/slack/slash-command/"),
                          .interactive_url = megatron_->url("/megatron/slack/interactive-message/"),
                          .signing_secret = kSigningSecret});
    }

    // Every job the queue holds (the database's or Redis's), done ones included: payload and
    // result, as stored.
    std::string stored_job_texts() {
        SystemClock clock;
        std::unique_ptr<jobs::JobQueue> queue;
        if (env_.count("REDIS_URL") != 0) {
            queue = std::make_unique<jobs::RedisQueue>(env_["REDIS_URL"],
                                                       env_["MEGATRON_REDIS_PREFIX"], *db_, clock);
        } else {
            queue = std::make_unique<jobs::DbQueue>(*db_, clock);
        }
        auto listed = queue->list({}, 10'000);
        EXPECT_TRUE(listed) << listed.error().message;
        std::string texts;
        for (const auto& job : listed ? *listed : std::vector<jobs::Job>{}) {
            texts += job.payload + "\n" + job.result + "\n";
        }
        return texts;
    }

    ProcessResult megatron_admin(std::vector<std::string> args) {
        args.insert(args.begin(), "admin");
        return run(megatron_binary(), args, env_);
    }
};

TEST_P(PrivacyStories, TokensAreEncryptedAtRestAndRotationKeepsTheRelayWorking) {
    // The fixture stored the tokens before any key was in use: the next start seals them.
    restart_with_keys(kKeyA);
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    expect_all_sealed_with(kKeyA);
    ASSERT_TRUE(agent_reaches_customer(channel_id, "before the rotation"));

    // Rotation: servers run with the new key first and the old one after it...
    restart_with_keys(kKeyB + "," + kKeyA);
    auto rotated = megatron_admin({"rotate-secret-key"});
    ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
    EXPECT_NE(rotated.output.find("re-encrypted 3 secrets"), std::string::npos) << rotated.output;
    expect_all_sealed_with(kKeyB);
    ASSERT_TRUE(agent_reaches_customer(channel_id, "during the rotation"));

    // ...then the old key is dropped, and every token still works.
    restart_with_keys(kKeyB);
    ASSERT_TRUE(agent_reaches_customer(channel_id, "after the rotation"));
}

TEST_P(PrivacyStories, ImportedHistoryIsRedactedAndTheCustomerGetsTheAgentsWordsAsWritten) {
    sim_.post_as_user(customer_dm_, customer_,
                      "card 4111 1111 1111 1111, write to carla.private@customer.example");
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    ASSERT_TRUE(eventually([&] {
        for (auto& m : sim_.messages(channel_id)) {
            if (m.text.find("**** **** **** 1111, write to ***@customer.example") !=
                std::string::npos) {
                return true;
            }
        }
        return false;
    }));
    for (auto& m : sim_.messages(channel_id)) {
        EXPECT_EQ(m.text.find("carla.private"), std::string::npos) << m.text;
    }
    // Redaction never applies towards the customer.
    ASSERT_TRUE(agent_reaches_customer(channel_id, "mail agent.bob@support.example please"));
}

TEST_P(PrivacyStories, ATakeoverIsInTheAuditLogWithWhoWhenAndThroughWhat) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    bot_app_.answer("pause", 200, "{}");
    auto paused = sim_.slash_command(channel_id, agent_, "/megatron", "pause");
    EXPECT_EQ(paused.answer.status, 200);
    SystemClock clock;
    storage::AuditLog log(*db_, clock);
    std::vector<storage::AuditEntry> entries;
    ASSERT_TRUE(eventually([&] {
        auto listed = log.list({});
        if (listed) entries = *listed;
        return entries.size() == 2;
    }));
    EXPECT_EQ(entries[0].action, "open");
    EXPECT_EQ(entries[1].action, "pause");
    for (const auto& e : entries) {
        EXPECT_EQ(e.actor, agent_);
        EXPECT_EQ(e.via, "slash_command");
        EXPECT_EQ(e.channel, channel_id);
        EXPECT_EQ(e.workspace, customer_team_);
        EXPECT_EQ(e.customer, customer_);
        EXPECT_GT(e.at, 0);
    }
}

TEST_P(PrivacyStories, ForgettingACustomerArchivesTheChannelAndDeletesMegatronsMirrors) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    auto ts =
        sim_.post_as_user(customer_dm_, customer_, "I live at carla.private@customer.example");
    auto reported = megatron_->request(
        "POST", "/megatron/incoming/",
        boost::json::serialize(
            boost::json::object{{"message",
                                 {{"user", customer_},
                                  {"text", "I live at carla.private@customer.example"},
                                  {"ts", ts}}}}),
        {{"Authorization", "MegatronToken " + api_token_}, {"Content-Type", "application/json"}});
    ASSERT_EQ(reported.status, 200);
    auto mirrored = [&] {
        for (auto& m : sim_.messages(channel_id)) {
            if (m.text == "I live at ***@customer.example") return true;
        }
        return false;
    };
    ASSERT_TRUE(eventually(mirrored));
    // The relay's job keeps the customer's words (for MEGATRON_JOB_RETENTION_HOURS)...
    EXPECT_NE(stored_job_texts().find("carla.private"), std::string::npos);

    auto forgot = megatron_admin({"customer", "forget", "--workspace", customer_team_, "--user",
                                  customer_, "--delete-slack-messages"});
    ASSERT_EQ(forgot.exit_code, 0) << forgot.output;
    EXPECT_NE(forgot.output.find(channel_id), std::string::npos) << forgot.output;
    auto view = sim_.channel(channel_id);
    ASSERT_TRUE(view);
    EXPECT_TRUE(view->is_archived);
    EXPECT_FALSE(mirrored());
    EXPECT_FALSE(channel_of_customer());
    auto profiles = db_->execute("SELECT COUNT(*) FROM platform_users");
    ASSERT_TRUE(profiles);
    EXPECT_EQ(profiles->rows.at(0).integer(0), 0);
    // ...until the customer is forgotten, in the database queue and in Redis alike.
    EXPECT_EQ(stored_job_texts().find("carla.private"), std::string::npos);
    SystemClock clock;
    auto entries = storage::AuditLog(*db_, clock).list({});
    ASSERT_TRUE(entries);
    ASSERT_FALSE(entries->empty());
    EXPECT_EQ(entries->back().action, "forget");
    EXPECT_EQ(entries->back().customer, customer_);
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
