#include "e2e/slack_relay/slack_relay_fixture.hpp"

#include "config/database_url.hpp"
#include "platforms/slack/interpreter/verification.hpp"
#include "storage/open.hpp"
#include "util/crypto.hpp"

#include <csignal>
#include <thread>

namespace megatron::test {

namespace json = boost::json;

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::Sqlite ? "Sqlite" : "PostgresRedis";
}

TestBotApp::TestBotApp() {
    router_.add(http::Verb::post, "/commands/",
                [this](const http::Request& request, http::RequestContext&) {
                    auto body = json::parse(request.body()).as_object();
                    std::pair<int, std::string> reply{200, R"({"ok": true})"};
                    std::chrono::milliseconds wait{0};
                    {
                        std::lock_guard lock(mutex_);
                        received_.push_back(body);
                        std::string command(body["command"].as_string());
                        if (auto it = answers_.find(command); it != answers_.end()) {
                            reply = it->second;
                        }
                        if (auto it = delays_.find(command); it != delays_.end()) wait = it->second;
                    }
                    std::this_thread::sleep_for(wait);
                    return http::text_response(static_cast<http::Status>(reply.first), reply.second,
                                               "application/json");
                });
    http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<http::Server>(options, router_);
    server_->start();
}

TestBotApp::~TestBotApp() {
    server_->stop();
}

std::string TestBotApp::url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/commands/";
}

std::vector<json::object> TestBotApp::commands(const std::string& name) const {
    std::lock_guard lock(mutex_);
    std::vector<json::object> matching;
    for (const auto& body : received_) {
        if (body.at("command").as_string() == name) matching.push_back(body);
    }
    return matching;
}

void TestBotApp::delay(const std::string& command, std::chrono::milliseconds by) {
    std::lock_guard lock(mutex_);
    delays_[command] = by;
}

void SlackRelayTest::crash_and_restart_megatron() {
    megatron_->process().signal(SIGKILL);
    megatron_->process().wait();
    megatron_ = std::make_unique<MegatronServer>(env_);
}

void TestBotApp::answer(const std::string& command, int status, std::string body) {
    std::lock_guard lock(mutex_);
    answers_[command] = {status, std::move(body)};
}

void SlackRelayTest::SetUp() {
    std::map<std::string, std::string> env{{"SLACK_SIGNING_SECRET", kSigningSecret},
                                           {"MEGATRON_JOB_POLL_MS", "20"},
                                           {"MEGATRON_JOB_BACKOFF_BASE_MS", "50"},
                                           {"MEGATRON_JOB_BACKOFF_MAX_MS", "200"},
                                           {"MEGATRON_LOG_LEVEL", "debug"}};
    if (GetParam() == Backend::PostgresRedis) {
        auto admin = postgres_admin_url();
        auto redis = redis_url();
        if (!admin || !redis) {
            FAIL() << "MEGATRON_TEST_POSTGRES_URL and MEGATRON_TEST_REDIS_URL must be set: run "
                      "through "
                      "scripts/test-services.sh";
        }
        postgres_ = std::make_unique<PostgresDatabase>(*admin);
        database_url_ = postgres_->url();
        env["REDIS_URL"] = *redis;
        // Random, like the database's name: the seed and this fixture's address were the same
        // in every process (ASan's allocator is deterministic), so two stories running at once
        // shared one queue, and each ran the other's jobs with its own Slack and clock.
        env["MEGATRON_REDIS_PREFIX"] = "slackrelay-" + crypto::random_hex(6);
    } else {
        sqlite_dir_ = std::make_unique<TempDir>();
        database_url_ = "sqlite:///" + sqlite_dir_->path() + "/megatron.db";
    }
    env["DATABASE_URL"] = database_url_;

    sim_.start();
    env["SLACK_API_URL"] = sim_.api_url();
    sim_.add_workspace(
        {.id = support_team_, .name = "Support", .domain = "support", .bot_token = "xoxb-support"});
    sim_.add_workspace(
        {.id = customer_team_, .name = "Acme", .domain = "acme", .bot_token = "xoxb-customer"});
    agent_ =
        sim_.add_user(support_team_,
                      {.name = "alice", .real_name = "Alice Agent", .display_name = "Alice Agent"});
    customer_ = sim_.add_user(customer_team_, {.name = "carla", .real_name = "Carla Customer"});
    customer_dm_ = sim_.open_dm(customer_team_, customer_);
    lobby_ = sim_.add_channel(support_team_, {.name = "lobby", .members = {agent_}});

    adjust_environment(env);
    env_ = env;
    megatron_ = std::make_unique<MegatronServer>(env);
    ASSERT_TRUE(megatron_->process().running());

    db_ = open_db();
    ASSERT_TRUE(db_);
    storage::Store store(*db_);
    auto organization = store.create_organization("acme-support", bot_app_.url());
    ASSERT_TRUE(organization);
    api_token_ = organization->api_token.reveal();
    ASSERT_TRUE(store.create_integration(organization->organization.id,
                                         storage::PlatformType::Slack, support_team_,
                                         Secret("xoxb-support")));
    auto workspace = store.upsert_workspace(
        organization->organization.id,
        {"Acme", storage::PlatformType::Slack, customer_team_, "acme", Secret("xoxb-customer")});
    ASSERT_TRUE(workspace);
    workspace_id_ = workspace->id;

    sim_.connect_app(support_team_,
                     {.events_url = megatron_->url("/megatron/slack/event/"),
                      .commands_url = megatron_->url("/megatron/slack/slash-command/"),
                      .interactive_url = megatron_->url("/megatron/slack/interactive-message/"),
                      .signing_secret = kSigningSecret});
}

void SlackRelayTest::TearDown() {
    megatron_.reset();
    db_.reset();
    sim_.stop();
}

std::unique_ptr<storage::Database> SlackRelayTest::open_db() {
    auto url = config::parse_database_url(database_url_);
    if (!url) return nullptr;
    auto db = storage::open_database(*url, 2);
    if (!db) return nullptr;
    return std::move(*db);
}

bool SlackRelayTest::eventually(const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

http::ClientResponse SlackRelayTest::signed_post(const std::string& path, const std::string& body,
                                                 const std::string& content_type) {
    auto timestamp = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
    auto signature = slack::interpreter::slack_signature(Secret(kSigningSecret), timestamp, body);
    return megatron_->request("POST", path, body,
                              {{"Content-Type", content_type},
                               {"X-Slack-Request-Timestamp", timestamp},
                               {"X-Slack-Signature", signature}});
}

std::optional<storage::Channel> SlackRelayTest::channel_of_customer() {
    storage::Store store(*db_);
    auto found = store.find_channel_for_customer(workspace_id_, customer_);
    if (!found || !*found) return std::nullopt;
    return **found;
}

std::vector<std::string> SlackRelayTest::replies(const std::string& response_url) {
    std::vector<std::string> texts;
    for (const auto& post : sim_.response_url_posts(response_url)) {
        if (const auto* text = post.as_object().if_contains("text"); text && text->is_string()) {
            texts.emplace_back(text->as_string());
        }
    }
    return texts;
}

bool SlackRelayTest::replied(const std::string& response_url, const std::string& text_part) {
    for (const auto& text : replies(response_url)) {
        if (text.find(text_part) != std::string::npos) return true;
    }
    return false;
}

namespace {

bool has_footer(const slack_sim::Message& message, const std::string& footer) {
    if (!message.attachments.is_array()) return false;
    for (const auto& a : message.attachments.as_array()) {
        const auto* f = a.as_object().if_contains("footer");
        if (f && f->is_string() && f->as_string() == footer) return true;
    }
    return false;
}

}  // namespace

std::string SlackRelayTest::open_channel_for_carla() {
    bot_app_.answer(
        "search_user", 200,
        json::serialize(json::object{
            {"users", json::array{json::object{{"username", "carla"},
                                               {"platform_user_id", customer_},
                                               {"platform_team_id", customer_team_}}}}}));
    auto sent = sim_.slash_command(lobby_, agent_, "/megatron", "open carla");
    EXPECT_EQ(sent.answer.status, 200);
    EXPECT_TRUE(eventually([&] { return replied(sent.response_url, "Go to slack conversation"); }))
        << "replies: " << replies(sent.response_url).size();
    auto channel = channel_of_customer();
    EXPECT_TRUE(channel);
    return channel ? channel->platform_channel_id : std::string();
}

std::vector<slack_sim::Message> SlackRelayTest::dm_from_agent() {
    std::vector<slack_sim::Message> found;
    for (auto& m : sim_.messages(customer_dm_)) {
        if (has_footer(m, "sent by Alice Agent")) found.push_back(m);
    }
    return found;
}

}  // namespace megatron::test
