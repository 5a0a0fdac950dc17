// After `megatron import-original`, the bot app and the agents carry on as with the original:
// the bot app's old key authenticates /megatron/incoming/, the imported engagement channel
// gets the mirror, an edit of a message relayed before the switch is followed, and an agent's
// reply in the imported channel reaches the customer. Real `megatron serve`, Slack simulated.
#include "cli/megatron_process.hpp"
#include "http/client.hpp"
#include "importer/original_world.hpp"
#include "slack_sim/simulator.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>

#include <unistd.h>

namespace megatron::test {
namespace {

namespace json = boost::json;

constexpr const char* kSigningSecret = "import-story-signing-secret";
// The fixture's ids (tests/fixtures/original/schema.sql).
constexpr const char* kSupportTeam = "T0SUPPORT";
constexpr const char* kCustomerTeam = "T0CUSTOMER";
constexpr const char* kCarla = "U0CARLA";
constexpr const char* kZzCarla = "C0ZZCARLA";
constexpr const char* kAnn = "U0ANN";
constexpr const char* kEarlierCustomerTs = "1714557600.000100";

bool eventually(const std::function<bool()>& predicate) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        if (predicate()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return predicate();
}

class ImportStory : public ::testing::TestWithParam<Target> {
  protected:
    void SetUp() override {
        world = std::make_unique<OriginalWorld>(GetParam());
        ASSERT_TRUE(world->unavailable().empty()) << world->unavailable();
        sim.start();
        sim.add_workspace({.id = kSupportTeam,
                           .name = "Acme Support",
                           .domain = "acme-support",
                           .bot_token = "xoxb-support-token"});
        sim.add_workspace({.id = kCustomerTeam,
                           .name = "Customer Co",
                           .domain = "customer-co",
                           .bot_token = "xoxb-customer-token"});
        sim.add_user(kCustomerTeam, {.id = kCarla, .name = "carla", .display_name = "Carla C"});
        sim.add_user(kSupportTeam, {.id = kAnn, .name = "ann", .real_name = "Ann Agent"});
        carla_dm = sim.open_dm(kCustomerTeam, kCarla);
        sim.add_channel(kSupportTeam,
                        {.id = kZzCarla, .name = "zz-carla_customer-co", .members = {kAnn}});
    }
    void TearDown() override {
        server.reset();
        sim.stop();
    }

    // What the original did before the switch: mirrored carla's message into her channel as
    // the support bot. The fixture's mapping 1 is pointed at that mirror's ts.
    void mirror_an_earlier_message() {
        http::Client client;
        auto posted =
            client.send({.method = "POST",
                         .url = sim.api_url() + "chat.postMessage",
                         .headers = {{"Authorization", "Bearer xoxb-support-token"},
                                     {"Content-Type", "application/json"}},
                         .body = R"({"channel":"C0ZZCARLA","text":"where is my order?"})"});
        ASSERT_TRUE(posted);
        auto answer = json::parse(posted->body);
        ASSERT_EQ(answer.at("ok"), true) << posted->body;
        earlier_mirror_ts = std::string(answer.at("ts").as_string());
        ASSERT_TRUE(world->original().execute(
            "UPDATE megatron_megatronmessage SET integration_msg_id = ? WHERE id = 1",
            {earlier_mirror_ts}));
    }

    void serve() {
        std::map<std::string, std::string> env{{"DATABASE_URL", world->target_url()},
                                               {"SLACK_API_URL", sim.api_url()},
                                               {"SLACK_SIGNING_SECRET", kSigningSecret},
                                               {"MEGATRON_JOB_POLL_MS", "20"},
                                               {"MEGATRON_JOB_BACKOFF_BASE_MS", "50"},
                                               {"MEGATRON_JOB_BACKOFF_MAX_MS", "200"},
                                               {"MEGATRON_WORKERS", "2"}};
        if (GetParam() == Target::PostgresRedis) {
            auto redis = redis_url();
            ASSERT_TRUE(redis) << "MEGATRON_TEST_REDIS_URL is not set: run through scripts/test.sh";
            env["REDIS_URL"] = *redis;
            env["MEGATRON_REDIS_PREFIX"] = "import-story-" + std::to_string(::getpid());
        }
        server = std::make_unique<MegatronServer>(env);
        ASSERT_TRUE(server->process().running());
        sim.connect_app(kSupportTeam, {.events_url = server->url("/megatron/slack/event/"),
                                       .signing_secret = kSigningSecret});
    }

    long post(const std::string& path, const json::value& body, const std::string& key) {
        auto response = server->request(
            "POST", path, json::serialize(body),
            {{"Content-Type", "application/json"}, {"Authorization", "MegatronToken " + key}});
        return response.status;
    }

    // The imported channel was paused and quiet for long, so the scheduled tasks may post
    // their "Paused" reminder in it too: look for messages by text and ts, not by position.
    long with_text(const std::string& text) {
        auto messages = sim.messages(kZzCarla);
        return std::count_if(messages.begin(), messages.end(),
                             [&](const auto& m) { return m.text == text; });
    }
    std::string text_of(const std::string& ts) {
        for (const auto& m : sim.messages(kZzCarla)) {
            if (m.ts == ts) return m.text;
        }
        return {};
    }

    std::unique_ptr<OriginalWorld> world;
    slack_sim::Simulator sim;
    std::unique_ptr<MegatronServer> server;
    std::string carla_dm;
    std::string earlier_mirror_ts;
};

TEST_P(ImportStory, TheBotAppsOldKeyAndTheImportedChannelAndMessagesKeepWorking) {
    mirror_an_earlier_message();
    auto imported = world->import();
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
    serve();

    // A key the original never issued is refused; the imported one is the bot app's own.
    EXPECT_EQ(post("/megatron/incoming/", json::object{}, std::string(40, '0')), 401);
    ASSERT_EQ(post("/megatron/incoming/",
                   json::object{{"message", json::object{{"user", kCarla},
                                                         {"text", "any news?"},
                                                         {"ts", "1714560000.000100"}}}},
                   kAcmeKey),
              200);
    ASSERT_TRUE(eventually([&] { return with_text("any news?") == 1; }));
    // The customer edits the message relayed before the switch: the imported mapping finds
    // its mirror, which is updated in place.
    ASSERT_EQ(post("/megatron/edit/",
                   json::object{{"message", json::object{{"user", kCarla},
                                                         {"text", "where is my parcel?"},
                                                         {"ts", kEarlierCustomerTs}}},
                                {"previous_message", json::object{{"ts", kEarlierCustomerTs},
                                                                  {"text", "where is my order?"}}}},
                   kAcmeKey),
              200);
    ASSERT_TRUE(eventually([&] { return text_of(earlier_mirror_ts) == "where is my parcel?"; }));
    EXPECT_EQ(with_text("where is my parcel?"), 1);
    EXPECT_EQ(with_text("where is my order?"), 0);
    EXPECT_EQ(with_text("any news?"), 1);

    // The agent answers in the imported channel; carla gets it from the bot.
    EXPECT_TRUE(sim.user_says(kZzCarla, kAnn, "It ships today").delivered());
    ASSERT_TRUE(eventually([&] {
        for (const auto& m : sim.messages(carla_dm)) {
            if (m.text.find("It ships today") != std::string::npos) return true;
        }
        return false;
    }));
}

INSTANTIATE_TEST_SUITE_P(Targets, ImportStory,
                         ::testing::Values(Target::Sqlite, Target::Postgres, Target::PostgresRedis),
                         target_name);

}  // namespace
}  // namespace megatron::test
