// Socket Mode end to end: a real `megatron serve` with SLACK_APP_TOKEN takes Slack's events,
// slash commands and button clicks over the simulator's WebSockets (no HTTP request from
// Slack at all), keeps two connections, replaces one Slack asks to go before closing it,
// survives connections cut in the middle of a burst without losing or repeating anything,
// acts once on an envelope sent on both connections, and verifies the wss:// certificate.
#include "e2e/slack_relay/slack_relay_fixture.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <set>
#include <thread>

namespace megatron::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kAppToken = "xapp-1-A0MEGATRON-1-socketmodesecret";

class SocketModeStories : public SlackRelayTest {
  protected:
    void adjust_environment(std::map<std::string, std::string>& env) override {
        env["SLACK_APP_TOKEN"] = kAppToken;
        env["MEGATRON_SOCKET_MODE_BACKOFF_MS"] = "50";
        sim_.add_app_token(support_team_, kAppToken);
    }

    void SetUp() override {
        SlackRelayTest::SetUp();
        if (HasFatalFailure()) return;
        connect_over_socket_mode(false);
        ASSERT_TRUE(eventually([&] {
            return sim_.socket_mode_open_connections(support_team_) == 2;
        })) << megatron_->process().output();
    }

    // Slack delivers to the app's WebSockets from now on; redeliveries come quickly.
    void connect_over_socket_mode(bool duplicate_envelopes) {
        slack_sim::AppConnection app;
        app.socket_mode = true;
        app.duplicate_envelopes = duplicate_envelopes;
        app.event_retry.retry_delays = {100ms, 200ms, 400ms, 800ms};
        sim_.connect_app(support_team_, app);
    }

    std::vector<std::string> dm_texts_from_agent() {
        std::vector<std::string> found;
        for (auto& m : dm_from_agent()) found.push_back(m.text);
        return found;
    }

    // The Block Kit Pause button of the "Bot is not paused" warning, clicked in the channel.
    slack_sim::SentRequest click_pause(const std::string& channel_id) {
        auto target = customer_team_ + "-" + customer_;
        return sim_.interactive(
            channel_id, agent_,
            {{"type", "block_actions"},
             {"actions", json::array{json::object{{"type", "button"},
                                                  {"action_id", "pause|" + target},
                                                  {"block_id", "b"},
                                                  {"value", target}}}}});
    }

    // The simulator's control API (what a test driving the slack-sim binary would call).
    json::object sim_control(const std::string& method, const std::string& path,
                             const json::object& body = {}) {
        http::ClientRequest request;
        request.method = method;
        request.url = sim_.base_url() + path;
        if (method != "GET") request.body = json::serialize(body);
        request.headers = {{"Content-Type", "application/json"}};
        auto answer = http::Client().send(request);
        EXPECT_TRUE(answer && answer->status == 200) << path;
        return answer ? json::parse(answer->body).as_object() : json::object{};
    }

    http::ClientResponse bot_app_post(const std::string& path, const json::object& body) {
        return megatron_->request("POST", path, json::serialize(body),
                                  {{"Content-Type", "application/json"},
                                   {"Authorization", "MegatronToken " + api_token_}});
    }
};

TEST_P(SocketModeStories, TheRelayStoryRunsOverSocketMode) {
    // Two connections, each from its own apps.connections.open with the app token in the
    // Authorization header (never in the form or the URL).
    auto opens = sim_.calls("apps.connections.open");
    ASSERT_GE(opens.size(), 2u);
    for (const auto& call : opens) {
        EXPECT_TRUE(call.ok) << call.error;
        EXPECT_EQ(call.token_source, "header");
        EXPECT_EQ(call.workspace_id, support_team_);
    }

    // /megatron open carla, over the WebSocket.
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());

    // An unknown command is answered in the ack itself, as the HTTP route answers its body.
    auto help = sim_.slash_command(lobby_, agent_, "/megatron", "frobnicate");
    ASSERT_EQ(help.answer.status, 200);
    auto help_payload = json::parse(help.answer.body).as_object();
    EXPECT_EQ(help_payload.at("response_type"), "ephemeral");
    EXPECT_NE(std::string(help_payload.at("text").as_string()).find("open"), std::string::npos);

    // The customer writes (bot-app API): mirrored into the engagement channel.
    auto incoming = bot_app_post("/megatron/incoming/",
                                 {{"message", json::object{{"user", customer_},
                                                           {"text", "my card was declined"},
                                                           {"ts", "1700000000.000100"}}}});
    ASSERT_EQ(incoming.status, 200) << incoming.body;
    EXPECT_TRUE(eventually([&] {
        for (auto& m : sim_.messages(channel_id)) {
            if (m.text == "my card was declined") return true;
        }
        return false;
    }));

    // The agent answers in the channel: an events_api envelope, relayed to the customer.
    auto said = sim_.user_says(channel_id, agent_, "Hello Carla, over a WebSocket");
    ASSERT_TRUE(said.delivered());
    EXPECT_EQ(said.attempts.size(), 1u);
    ASSERT_TRUE(eventually([&] { return dm_texts_from_agent().size() == 1; }));
    EXPECT_EQ(dm_texts_from_agent().front(), "Hello Carla, over a WebSocket");

    // A button click (Block Kit Pause): an interactive envelope, the bot app is told.
    auto click = click_pause(channel_id);
    ASSERT_EQ(click.answer.status, 200);
    ASSERT_TRUE(
        eventually([&] { return replied(click.response_url, "Bot *paused* for user: carla."); }));
    EXPECT_EQ(bot_app_.commands("pause").size(), 1u);
    EXPECT_TRUE(channel_of_customer()->is_paused);

    // Every envelope was acknowledged by its id; nothing came over HTTP (no signing involved).
    auto acks = sim_.socket_mode_acks();
    EXPECT_GE(acks.size(), 4u);
    for (const auto& ack : acks) EXPECT_TRUE(ack.at("envelope_id").is_string());
    auto log = megatron_->process().output();
    EXPECT_EQ(log.find(kAppToken), std::string::npos) << "the app token is in the log";
    EXPECT_EQ(log.find("ticket="), std::string::npos) << "a connection URL is in the log";
}

TEST_P(SocketModeStories, ARefreshOpensTheNewConnectionBeforeTheOldOneCloses) {
    auto before = sim_.socket_mode_connections_accepted(support_team_);
    ASSERT_EQ(before, 2);
    sim_control("POST", "/_sim/socket_mode/" + support_team_ + "/disconnect",
                {{"reason", "refresh_requested"}});
    ASSERT_TRUE(eventually([&] {
        return sim_.socket_mode_connections_accepted(support_team_) == 4 &&
               sim_.socket_mode_open_connections(support_team_) == 2 &&
               sim_.socket_mode_history(support_team_).size() == 6;
    })) << megatron_->process().output();
    // No gap: once two were open, an old one closed only after its successor had opened,
    // so two stayed open throughout.
    auto history = sim_.socket_mode_history(support_team_);
    int live = 0;
    for (std::size_t i = 0; i < history.size(); ++i) {
        live += history[i].starts_with("open") ? 1 : -1;
        if (i >= 1) {
            EXPECT_GE(live, 2) << "after " << history[i];
        }
    }

    // The new connections serve.
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "after the refresh").delivered());
    EXPECT_TRUE(eventually([&] { return dm_texts_from_agent().size() == 1; }));
}

TEST_P(SocketModeStories, ConnectionsDroppedMidBurstLoseAndDuplicateNothing) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    constexpr int kBurst = 30;
    std::vector<std::string> sent;
    for (int i = 0; i < kBurst; ++i) {
        if (i == 8) sim_.socket_mode_drop(support_team_, 1);
        if (i == 16) {  // both (once the first is replaced): a gap until Megatron reconnects
            ASSERT_TRUE(
                eventually([&] { return sim_.socket_mode_open_connections(support_team_) == 2; }));
            sim_control("POST", "/_sim/socket_mode/" + support_team_ + "/drop", {{"count", 2}});
        }
        sent.push_back("burst message " + std::to_string(i));
        auto delivery = sim_.user_says(channel_id, agent_, sent.back());
        EXPECT_TRUE(delivery.delivered())
            << sent.back() << " after " << delivery.attempts.size() << " attempt(s)";
    }
    ASSERT_TRUE(eventually([&] { return dm_texts_from_agent().size() >= sent.size(); }))
        << dm_texts_from_agent().size() << " of " << sent.size();
    // Each exactly once, in the order the agent wrote them.
    EXPECT_EQ(dm_texts_from_agent(), sent);
    // Megatron reconnected: two connections again, more than two ever opened.
    EXPECT_TRUE(eventually([&] {
        return sim_control("GET", "/_sim/socket_mode/" + support_team_).at("open_connections") == 2;
    }));
    EXPECT_GE(sim_.socket_mode_connections_accepted(support_team_), 5);
}

TEST_P(SocketModeStories, AnEnvelopeOnBothConnectionsIsActedOnOnce) {
    connect_over_socket_mode(true);
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    EXPECT_EQ(bot_app_.commands("search_user").size(), 1u);
    for (const char* text : {"one", "two", "three"}) {
        EXPECT_TRUE(sim_.user_says(channel_id, agent_, text).delivered());
    }
    ASSERT_TRUE(eventually([&] { return dm_texts_from_agent().size() >= 3; }));
    auto click = click_pause(channel_id);
    ASSERT_EQ(click.answer.status, 200);
    ASSERT_TRUE(eventually([&] { return replied(click.response_url, "Bot *paused*"); }));
    // A later message proves the queue moved past any second copy.
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "four").delivered());
    ASSERT_TRUE(eventually([&] { return dm_texts_from_agent().size() >= 4; }));
    EXPECT_EQ(dm_texts_from_agent(), (std::vector<std::string>{"one", "two", "three", "four"}));
    EXPECT_EQ(bot_app_.commands("pause").size(), 1u);
    EXPECT_EQ(replies(click.response_url).size(), 1u);
    // Both copies of each envelope were acknowledged (each connection acks what it got).
    std::map<std::string, int> acked;
    for (const auto& ack : sim_.socket_mode_acks()) {
        ++acked[std::string(ack.at("envelope_id").as_string())];
    }
    int twice = 0;
    for (const auto& [id, n] : acked) twice += n == 2;
    EXPECT_GE(twice, 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, SocketModeStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

// --- wss:// -----------------------------------------------------------------------------

struct PemFiles {
    std::string cert, key;
};

// A self-signed certificate for 127.0.0.1 (subjectAltName IP), written as PEM files.
PemFiles self_signed_certificate(const std::string& dir) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    auto* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("slack-sim"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        std::unique_ptr<X509_EXTENSION, decltype(&X509_EXTENSION_free)> ext(
            X509V3_EXT_conf_nid(nullptr, &ctx, nid, value), X509_EXTENSION_free);
        X509_add_ext(cert.get(), ext.get(), -1);
    }
    X509_sign(cert.get(), key.get(), EVP_sha256());
    PemFiles files{dir + "/cert.pem", dir + "/key.pem"};
    std::unique_ptr<FILE, decltype(&fclose)> c(fopen(files.cert.c_str(), "w"), fclose);
    PEM_write_X509(c.get(), cert.get());
    std::unique_ptr<FILE, decltype(&fclose)> k(fopen(files.key.c_str(), "w"), fclose);
    PEM_write_PrivateKey(k.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return files;
}

bool wait_until(const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline && !done())
        std::this_thread::sleep_for(50ms);
    return done();
}

class SocketModeOverTls : public ::testing::Test {
  protected:
    void SetUp() override {
        pem_ = self_signed_certificate(dir_.path());
        slack_sim::SimulatorOptions options;
        options.socket_mode_tls = {pem_.cert, pem_.key};
        sim_ = std::make_unique<slack_sim::Simulator>(options);
        sim_->start();
        team_ = sim_->add_workspace({.id = "TSUPPORT", .bot_token = "xoxb-support"});
        sim_->add_app_token(team_, kAppToken);
        lobby_ = sim_->add_channel(team_, {.name = "lobby"});
        agent_ = sim_->add_user(team_, {.name = "alice"});
        slack_sim::AppConnection app;
        app.socket_mode = true;
        sim_->connect_app(team_, app);
    }

    std::map<std::string, std::string> environment() const {
        return {{"SLACK_API_URL", sim_->api_url()},
                {"SLACK_APP_TOKEN", kAppToken},
                {"MEGATRON_SOCKET_MODE_BACKOFF_MS", "50"},
                {"DATABASE_URL", "sqlite:///" + dir_.path() + "/megatron.db"}};
    }

    TempDir dir_;
    PemFiles pem_;
    std::unique_ptr<slack_sim::Simulator> sim_;
    std::string team_, lobby_, agent_;
};

TEST_F(SocketModeOverTls, WssWorksWithTheTrustedCertificate) {
    auto env = environment();
    env["MEGATRON_SOCKET_MODE_CA_FILE"] = pem_.cert;
    MegatronServer megatron(env);
    ASSERT_TRUE(wait_until([&] { return sim_->socket_mode_open_connections(team_) == 2; }))
        << megatron.process().output();
    auto help = sim_->slash_command(lobby_, agent_, "/megatron", "frobnicate");
    ASSERT_EQ(help.answer.status, 200);
    EXPECT_EQ(json::parse(help.answer.body).at("response_type"), "ephemeral");
}

TEST_F(SocketModeOverTls, AnUntrustedCertificateIsRefused) {
    MegatronServer megatron(environment());  // the system's CAs only
    ASSERT_TRUE(wait_until([&] {
        return megatron.process().output().find("TLS handshake failed") != std::string::npos;
    })) << megatron.process().output();
    EXPECT_EQ(sim_->socket_mode_open_connections(team_), 0);
    EXPECT_EQ(sim_->socket_mode_connections_accepted(team_), 0);
}

}  // namespace
}  // namespace megatron::test
