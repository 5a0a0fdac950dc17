// Issue 20 through the `megatron` binary on a real SQLite file: tokens encrypted at rest
// (grep the file), key rotation, a wrong key, production without a key, `admin audit` and
// `admin customer forget`.
#include "config/database_url.hpp"
#include "jobs/db_queue.hpp"
#include "jobs/migrations.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"
#include "storage/store.hpp"
#include "support/environment.hpp"
#include "support/process.hpp"
#include "util/key_ring.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace megatron::test {
namespace {

const std::string kKeyA(64, 'a');
const std::string kKeyB(64, 'b');
const std::string kKeyC(64, 'c');

class AdminPrivacy : public ::testing::Test {
  protected:
    ProcessResult admin(std::vector<std::string> args,
                        std::map<std::string, std::string> env = {}) {
        args.insert(args.begin(), "admin");
        env.emplace("DATABASE_URL", "sqlite:///admin.db");
        return run(megatron_binary(), args, env, dir_.path());
    }
    ProcessResult keyed(std::vector<std::string> args, const std::string& keys = kKeyA) {
        return admin(std::move(args), {{"MEGATRON_SECRET_KEY", keys}});
    }
    std::string database_bytes() const {
        std::stringstream ss;
        for (const char* suffix : {"", "-wal"}) {
            std::ifstream in(dir_.path() + "/admin.db" + suffix, std::ios::binary);
            ss << in.rdbuf();
        }
        return ss.str();
    }
    static std::size_t lines(const std::string& s) {
        return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
    }
    void add_tokens(const std::string& keys) {
        ASSERT_EQ(
            admin({"org", "create", "--name", "Acme"}, {{"MEGATRON_SECRET_KEY", keys}}).exit_code,
            0);
        auto added = admin({"integration", "add", "--org", "Acme", "--team-id", "TSUP",
                            "--bot-token", "xoxb-support-secret-1"},
                           {{"MEGATRON_SECRET_KEY", keys}});
        ASSERT_EQ(added.exit_code, 0) << added.output;
    }
    TempDir dir_;
};

TEST_F(AdminPrivacy, WithAKeyTheFileHoldsNoTokenAndRotationKeepsThemUsable) {
    add_tokens(kKeyA);
    EXPECT_EQ(database_bytes().find("xoxb-support-secret-1"), std::string::npos);

    // New key first, old after it: what servers run with during a rotation.
    auto rotated = keyed({"rotate-secret-key"}, kKeyB + "," + kKeyA);
    ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
    EXPECT_NE(rotated.output.find("re-encrypted 2 secrets"), std::string::npos) << rotated.output;
    // The old key is gone and every token still reads.
    auto listed = keyed({"integration", "list", "--org", "Acme"}, kKeyB);
    EXPECT_EQ(listed.exit_code, 0) << listed.output;
    EXPECT_NE(listed.output.find("TSUP"), std::string::npos);
    EXPECT_EQ(database_bytes().find("xoxb-support-secret-1"), std::string::npos);
}

TEST_F(AdminPrivacy, AWrongKeyIsOneClearLine) {
    add_tokens(kKeyA);
    auto wrong = keyed({"org", "list"}, kKeyC);
    EXPECT_EQ(wrong.exit_code, 2);
    EXPECT_EQ(lines(wrong.output), 1u) << wrong.output;
    EXPECT_NE(wrong.output.find("MEGATRON_SECRET_KEY"), std::string::npos) << wrong.output;
    EXPECT_NE(wrong.output.find("does not hold"), std::string::npos) << wrong.output;
    auto none = admin({"org", "list"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_EQ(lines(none.output), 1u) << none.output;
    EXPECT_NE(none.output.find("MEGATRON_SECRET_KEY is not set"), std::string::npos) << none.output;
}

TEST_F(AdminPrivacy, PlainTokensFromBeforeTheKeyAreEncryptedOnStart) {
    add_tokens("");  // no key: stored as they are (dev mode)
    EXPECT_NE(database_bytes().find("xoxb-support-secret-1"), std::string::npos);
    auto listed = keyed({"integration", "list", "--org", "Acme"});
    ASSERT_EQ(listed.exit_code, 0) << listed.output;
    EXPECT_EQ(database_bytes().find("xoxb-support-secret-1"), std::string::npos);
}

TEST_F(AdminPrivacy, ProductionModeRefusesToRunWithoutAKey) {
    auto r = admin({"org", "list"}, {{"MEGATRON_APP_MODE", "megatron-production"}});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(lines(r.output), 1u) << r.output;
    EXPECT_NE(r.output.find("MEGATRON_SECRET_KEY: is required in megatron-production mode"),
              std::string::npos)
        << r.output;
    auto bad = admin({"org", "list"}, {{"MEGATRON_SECRET_KEY", "not-hex"}});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.output.find("not-hex"), std::string::npos) << bad.output;
}

TEST_F(AdminPrivacy, ABadRedactionRuleStopsStartUpWithOneLine) {
    std::ofstream(dir_.path() + "/rules") << "order=ORD-[0-9]{6}\nbroken=a(b\n";
    auto r = run(
        megatron_binary(), {"serve"},
        {{"DATABASE_URL", "sqlite:///admin.db"}, {"MEGATRON_REDACT_FILE", dir_.path() + "/rules"}},
        dir_.path());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(lines(r.output), 1u) << r.output;
    EXPECT_NE(r.output.find("MEGATRON_REDACT_FILE: rule 'broken' is not a valid regex"),
              std::string::npos)
        << r.output;
    auto unknown = run(megatron_binary(), {"serve"},
                       {{"DATABASE_URL", "sqlite:///admin.db"}, {"MEGATRON_REDACT", "cards,dna"}},
                       dir_.path());
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.output.find("MEGATRON_REDACT: must list"), std::string::npos)
        << unknown.output;
}

// A customer with an archived engagement channel, two mappings and a cached profile, written
// through the Store the way the relay writes them.
void seed_customer(const std::string& dir) {
    auto url = config::parse_database_url("sqlite:///" + dir + "/admin.db");
    auto db = storage::open_database(*url, 1);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(storage::migrate(**db, storage::core_migrations()));
    // The key of kKeyA ("aa..." in hex), as the admin commands hold it.
    auto ring = crypto::KeyRing::from_keys({Secret(std::string(32, static_cast<char>(0xaa)))});
    ASSERT_TRUE(ring);
    (*db)->set_key_ring(std::make_shared<const crypto::KeyRing>(std::move(*ring)));
    storage::Store store(**db);
    auto org = store.find_organization_by_name("Acme");
    ASSERT_TRUE(org && *org);
    auto integration = store.find_integration(storage::PlatformType::Slack, "TSUP");
    ASSERT_TRUE(integration && *integration);
    auto ws = store.upsert_workspace((*org)->id, {"Customer Co", storage::PlatformType::Slack,
                                                  "TCUS", "customer-co", Secret("xoxb-c")});
    ASSERT_TRUE(ws);
    storage::Profile carla{"UCARLA", "carla.uniquename", std::string("Carla Uniquename"),
                           std::nullopt, "https://img.example/carla.png"};
    ASSERT_TRUE(store.upsert_platform_user(ws->id, carla));
    auto channel =
        store.create_channel({(*org)->id, (*integration)->id, ws->id,
                              "zz-carla-uniquename_customer-co", "CZZCARLA", "UCARLA", 0});
    ASSERT_TRUE(channel);
    ASSERT_TRUE(store.create_message(channel->id, std::string("1700000000.000100"),
                                     std::string("1700000000.000001"),
                                     storage::MessageOrigin::Customer));
    ASSERT_TRUE(store.create_message(channel->id, std::string("1700000000.000200"),
                                     std::string("1700000000.000002"),
                                     storage::MessageOrigin::Agent));
    ASSERT_TRUE(store.set_archived(channel->id, true));

    // The work queue's jobs with the customer's texts: a relay done (its result too), one still
    // queued, a dead direct message; and another customer's job, which stays.
    ASSERT_TRUE(storage::migrate(**db, jobs::migrations()));
    SystemClock clock;
    jobs::DbQueue queue(**db, clock);
    const auto channel_key = "channel:" + std::to_string(channel->id);
    const auto dm_key = "dm:" + std::to_string(ws->id) + ":";
    auto run_job = [&](const jobs::NewJob& job, bool dies) {
        ASSERT_TRUE(queue.enqueue(job));
        auto claimed = queue.claim("w", std::chrono::seconds(60));
        ASSERT_TRUE(claimed && *claimed);
        ASSERT_TRUE(dies ? queue.dead_letter(**claimed, "fatal")
                         : queue.complete(**claimed, R"({"echo":"carla-done-result-text"})"));
    };
    run_job({"relay.test", channel_key, "c1", R"({"text":"carla-done-job-text"})"}, false);
    run_job({"outreach.test", dm_key + "UCARLA", "d1", R"({"text":"carla-dead-dm-text"})"}, true);
    ASSERT_TRUE(
        queue.enqueue({"relay.test", channel_key, "c2", R"({"text":"carla-queued-job-text"})"}));
    ASSERT_TRUE(
        queue.enqueue({"outreach.test", dm_key + "UDAVE", "d2", R"({"text":"dave-stays-text"})"}));
}

TEST_F(AdminPrivacy, ForgetShowsFirstThenErasesOnceAndTheAuditLogSaysSo) {
    add_tokens(kKeyA);
    seed_customer(dir_.path());
    if (HasFatalFailure()) return;
    const std::vector<std::string> forget = {"customer", "forget", "--workspace",
                                             "TCUS",     "--user", "UCARLA"};
    auto dry = keyed([&] {
        auto a = forget;
        a.push_back("--dry-run");
        return a;
    }());
    ASSERT_EQ(dry.exit_code, 0) << dry.output;
    EXPECT_NE(dry.output.find("would be archived"), std::string::npos) << dry.output;
    EXPECT_NE(dry.output.find("message mappings: 2"), std::string::npos) << dry.output;
    EXPECT_NE(database_bytes().find("carla.uniquename"), std::string::npos);  // nothing changed
    EXPECT_NE(database_bytes().find("carla-queued-job-text"), std::string::npos);

    auto done = keyed(forget);
    ASSERT_EQ(done.exit_code, 0) << done.output;
    EXPECT_NE(done.output.find("CZZCARLA"), std::string::npos) << done.output;
    auto bytes = database_bytes();
    EXPECT_NE(done.output.find("queued and finished jobs deleted: 3"), std::string::npos)
        << done.output;
    for (const char* gone :
         {"carla.uniquename", "Carla Uniquename", "img.example", "zz-carla-uniquename",
          "1700000000.000100", "carla-done-job-text", "carla-done-result-text",
          "carla-dead-dm-text", "carla-queued-job-text"}) {
        EXPECT_EQ(bytes.find(gone), std::string::npos) << gone;
    }
    EXPECT_NE(bytes.find("dave-stays-text"), std::string::npos);  // another customer's job
    auto again = keyed(forget);
    ASSERT_EQ(again.exit_code, 0) << again.output;
    EXPECT_NE(again.output.find("nothing stored for customer UCARLA"), std::string::npos);

    auto audit = keyed({"audit", "--org", "Acme", "--format", "json"});
    ASSERT_EQ(audit.exit_code, 0) << audit.output;
    auto rows = boost::json::parse(audit.output).as_array();
    ASSERT_EQ(rows.size(), 1u) << audit.output;  // the repeat recorded nothing
    EXPECT_EQ(rows[0].at("action").as_string(), "forget");
    EXPECT_EQ(rows[0].at("via").as_string(), "admin");
    EXPECT_EQ(rows[0].at("customer").as_string(), "UCARLA");
    EXPECT_EQ(audit.output.find("carla.uniquename"), std::string::npos);
    auto table = keyed({"audit", "--channel", "CZZCARLA", "--since", "1d"});
    ASSERT_EQ(table.exit_code, 0) << table.output;
    EXPECT_EQ(lines(table.output), 2u) << table.output;  // header and the forget row
    auto bad_since = keyed({"audit", "--since", "yesterday"});
    EXPECT_EQ(bad_since.exit_code, 2);
    EXPECT_EQ(lines(bad_since.output), 1u) << bad_since.output;
}

}  // namespace
}  // namespace megatron::test
