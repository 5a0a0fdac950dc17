// The App Command client against a real HTTP server on loopback playing the bot app: exact
// JSON bodies, the signature headers, answers parsed into structs, and every failure (timeout,
// refused connection, non-200, bad JSON) as a typed error.
#include "app_commands/client.hpp"
#include "app_commands/signature.hpp"
#include "http/server.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <mutex>
#include <thread>

namespace megatron::app_commands {
namespace {

namespace json = boost::json;

constexpr std::int64_t kNow = 1700000000;

class FixedClock final : public Clock {
  public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
    }
};

struct Received {
    std::string target;
    std::string content_type;
    std::optional<std::string> timestamp;
    std::optional<std::string> signature;
    std::string body;
};

std::optional<std::string> header(const http::Request& req, std::string_view name) {
    auto it = req.find(name);
    if (it == req.end()) return std::nullopt;
    return std::string(it->value());
}

// The bot app: records what arrives and answers what the test set for the path.
class BotApp {
  public:
    BotApp() {
        for (const char* path : {"/ok/", "/users/", "/refresh/", "/status500/", "/status404/",
                                 "/html/", "/slow/", "/refused/", "/shapeless/"}) {
            router_.add(
                http::Verb::post, path,
                [this](const http::Request& req, http::RequestContext&) { return answer(req); });
        }
        http::ServerOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.threads = 2;
        server_ = std::make_unique<http::Server>(options, router_);
        server_->start();
    }
    ~BotApp() { server_->stop(); }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
    }

    void set_answer(std::string path, http::Status status, std::string body) {
        std::lock_guard lock(mutex_);
        answers_[std::move(path)] = {status, std::move(body)};
    }

    std::vector<Received> received() const {
        std::lock_guard lock(mutex_);
        return received_;
    }

  private:
    http::Response answer(const http::Request& req) {
        std::pair<http::Status, std::string> reply{http::Status::ok, "{}"};
        std::string path(http::path_of(req.target()));
        {
            std::lock_guard lock(mutex_);
            received_.push_back({path, header(req, "Content-Type").value_or(""),
                                 header(req, kTimestampHeader), header(req, kSignatureHeader),
                                 req.body()});
            if (auto it = answers_.find(path); it != answers_.end()) reply = it->second;
        }
        if (path == "/slow/") std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        return http::text_response(reply.first, reply.second, "application/json");
    }

    http::Router router_;
    std::unique_ptr<http::Server> server_;
    mutable std::mutex mutex_;
    std::map<std::string, std::pair<http::Status, std::string>> answers_;
    std::vector<Received> received_;
};

class AppCommandClientTest : public ::testing::Test {
  protected:
    Endpoint endpoint(const std::string& path) const {
        return {bot_.url(path), Secret("org-verification-token")};
    }

    json::object only_body() const {
        auto all = bot_.received();
        EXPECT_EQ(all.size(), 1u);
        if (all.empty()) return {};
        const auto& r = all.back();
        EXPECT_EQ(r.content_type, "application/json");
        EXPECT_EQ(r.timestamp, std::to_string(kNow));
        EXPECT_TRUE(signature_valid(Secret("org-verification-token"), r.timestamp, r.signature,
                                    r.body, kNow));
        return json::parse(r.body).as_object();
    }

    BotApp bot_;
    FixedClock clock_;
    http::Client http_;
    AppCommandClient client_{
        http_, clock_,
        ClientOptions{std::chrono::milliseconds(2000), std::chrono::milliseconds(5000)}};
};

TEST_F(AppCommandClientTest, PauseSendsTheOriginalsFieldsSigned) {
    auto result = client_.pause(endpoint("/ok/"), {"D0DM", "T0CUST", "U0CUST", true});
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(only_body(),
              (json::object{{"command", "pause"},
                            {"channel_id", "D0DM"},
                            {"team_id", "T0CUST"},
                            {"user_id", "U0CUST"},
                            {"paused", true},
                            {"megatron_verification_token", "org-verification-token"}}));
}

TEST_F(AppCommandClientTest, UnpauseIsPauseWithFalse) {
    ASSERT_TRUE(client_.pause(endpoint("/ok/"), {"D1", "T1", "U1", false}));
    EXPECT_FALSE(only_body().at("paused").as_bool());
}

TEST_F(AppCommandClientTest, ClearContext) {
    ASSERT_TRUE(client_.clear_context(endpoint("/ok/"), {"U0CUST"}));
    EXPECT_EQ(only_body(),
              (json::object{{"command", "clear-context"},
                            {"platform_user_id", "U0CUST"},
                            {"megatron_verification_token", "org-verification-token"}}));
}

TEST_F(AppCommandClientTest, PushMessage) {
    ASSERT_TRUE(client_.push_message(
        endpoint("/ok/"), {json::object{{"text", "reset the flow"}}, "D0DM", "U0CUST", "C0ENG"}));
    EXPECT_EQ(only_body(),
              (json::object{{"command", "push_message"},
                            {"message", json::object{{"text", "reset the flow"}}},
                            {"channel_id", "D0DM"},
                            {"platform_user_id", "U0CUST"},
                            {"platform_channel_id", "C0ENG"},
                            {"megatron_verification_token", "org-verification-token"}}));
}

TEST_F(AppCommandClientTest, SearchUserParsesTheUsers) {
    bot_.set_answer("/users/", http::Status::ok, R"({"users": [
        {"username": "alice", "platform_user_id": "U1", "platform_team_id": "T1"},
        {"username": "alicia", "platform_user_id": "U2", "platform_team_id": "T2", "extra": 1}
    ]})");
    auto users = client_.search_user(endpoint("/users/"), {"ali"});
    ASSERT_TRUE(users) << users.error().message();
    ASSERT_EQ(users->size(), 2u);
    EXPECT_EQ((*users)[0].username, "alice");
    EXPECT_EQ((*users)[0].platform_user_id, "U1");
    EXPECT_EQ((*users)[0].platform_team_id, "T1");
    EXPECT_EQ((*users)[1].platform_team_id, "T2");
    auto body = only_body();
    EXPECT_EQ(body.at("command").as_string(), "search_user");
    EXPECT_EQ(body.at("targeted_user_name").as_string(), "ali");
}

TEST_F(AppCommandClientTest, SearchUserWithNoMatches) {
    bot_.set_answer("/users/", http::Status::ok, R"({"users": []})");
    auto users = client_.search_user(endpoint("/users/"), {"nobody"});
    ASSERT_TRUE(users);
    EXPECT_TRUE(users->empty());
}

TEST_F(AppCommandClientTest, RefreshWorkspaceParsesCredentials) {
    bot_.set_answer("/refresh/", http::Status::ok,
                    R"({"ok": true, "data": {"name": "Acme", "domain": "acme",
                        "connection_token": "xoxb-new"}})");
    auto credentials = client_.refresh_workspace(endpoint("/refresh/"), {"T0CUST"});
    ASSERT_TRUE(credentials) << credentials.error().message();
    EXPECT_EQ(credentials->name, "Acme");
    EXPECT_EQ(credentials->domain, "acme");
    EXPECT_EQ(credentials->connection_token.reveal(), "xoxb-new");
    auto body = only_body();
    EXPECT_EQ(body.at("command").as_string(), "refresh_workspace");
    EXPECT_EQ(body.at("workspace_platform_id").as_string(), "T0CUST");
}

TEST_F(AppCommandClientTest, RefreshWorkspaceRefused) {
    bot_.set_answer("/refresh/", http::Status::ok, R"({"ok": false, "error": "unknown_team"})");
    auto credentials = client_.refresh_workspace(endpoint("/refresh/"), {"T0"});
    ASSERT_FALSE(credentials);
    EXPECT_EQ(credentials.error().kind, AppCommandError::Kind::Refused);
    EXPECT_EQ(credentials.error().detail, "unknown_team");
    EXPECT_FALSE(credentials.error().retryable());
}

TEST_F(AppCommandClientTest, ServerErrorIsRetryableClientErrorIsNot) {
    bot_.set_answer("/status500/", http::Status::internal_server_error, R"({"oops":1})");
    auto failed = client_.clear_context(endpoint("/status500/"), {"U1"});
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind, AppCommandError::Kind::HttpStatus);
    EXPECT_EQ(failed.error().status, 500);
    EXPECT_TRUE(failed.error().retryable());

    bot_.set_answer("/status404/", http::Status::not_found, "");
    auto missing = client_.pause(endpoint("/status404/"), {"D", "T", "U", true});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().status, 404);
    EXPECT_FALSE(missing.error().retryable());
}

TEST_F(AppCommandClientTest, BadJsonAnswersAreTypedErrors) {
    bot_.set_answer("/html/", http::Status::ok, "<html>hi</html>");
    auto users = client_.search_user(endpoint("/html/"), {"x"});
    ASSERT_FALSE(users);
    EXPECT_EQ(users.error().kind, AppCommandError::Kind::BadAnswer);
    auto credentials = client_.refresh_workspace(endpoint("/html/"), {"T"});
    ASSERT_FALSE(credentials);
    EXPECT_EQ(credentials.error().kind, AppCommandError::Kind::BadAnswer);
}

TEST_F(AppCommandClientTest, WrongShapesAreTypedErrors) {
    for (const std::string body :
         {R"([])", R"({})", R"({"users": {}})", R"({"users": [1]})",
          R"({"users": [{"username": "a", "platform_user_id": "U1"}]})",
          R"({"users": [{"username": 5, "platform_user_id": "U1", "platform_team_id": "T"}]})"}) {
        SCOPED_TRACE(body);
        bot_.set_answer("/shapeless/", http::Status::ok, body);
        auto users = client_.search_user(endpoint("/shapeless/"), {"x"});
        ASSERT_FALSE(users);
        EXPECT_EQ(users.error().kind, AppCommandError::Kind::BadAnswer);
    }
    for (const std::string body :
         {R"({"data": {}})", R"({"ok": "yes"})", R"({"ok": true})", R"({"ok": true, "data": []})",
          R"({"ok": true, "data": {"name": "A", "domain": "a"}})",
          R"({"ok": true, "data": {"name": "A", "domain": "a", "connection_token": ""}})"}) {
        SCOPED_TRACE(body);
        bot_.set_answer("/shapeless/", http::Status::ok, body);
        auto credentials = client_.refresh_workspace(endpoint("/shapeless/"), {"T"});
        ASSERT_FALSE(credentials);
        EXPECT_EQ(credentials.error().kind, AppCommandError::Kind::BadAnswer);
    }
}

TEST_F(AppCommandClientTest, SlowBotAppTimesOut) {
    AppCommandClient impatient(
        http_, clock_,
        ClientOptions{std::chrono::milliseconds(1000), std::chrono::milliseconds(200)});
    auto result = impatient.clear_context(endpoint("/slow/"), {"U1"});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, AppCommandError::Kind::Timeout);
    EXPECT_TRUE(result.error().retryable());
}

TEST_F(AppCommandClientTest, NobodyListening) {
    std::string url;
    {
        BotApp gone;
        url = gone.url("/refused/");
    }
    auto result = client_.pause({url, Secret("t")}, {"D", "T", "U", true});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, AppCommandError::Kind::Unreachable);
    EXPECT_TRUE(result.error().retryable());
}

TEST_F(AppCommandClientTest, NoCommandUrlConfigured) {
    auto result = client_.pause({"", Secret("t")}, {"D", "T", "U", true});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, AppCommandError::Kind::NoCommandUrl);
    EXPECT_TRUE(bot_.received().empty());
}

TEST_F(AppCommandClientTest, ErrorsNeverShowTheTokenOrUrl) {
    bot_.set_answer("/status500/", http::Status::internal_server_error,
                    "org-verification-token echoed");
    auto failed = client_.clear_context(endpoint("/status500/?key=s3cret"), {"U1"});
    ASSERT_FALSE(failed);
    auto text = failed.error().message();
    EXPECT_EQ(text.find("org-verification-token"), std::string::npos) << text;
    EXPECT_EQ(text.find("s3cret"), std::string::npos) << text;
}

TEST(AppCommandSignature, MatchesTheDocumentedConstruction) {
    // docs/app-commands.md: exactly Slack's construction, so Slack's published vector holds.
    auto docs_body =
        test::fixture_text("slack/slash_commands/slash_command_body__slack-signing-docs.json");
    ASSERT_FALSE(docs_body.empty());
    EXPECT_EQ(sign(Secret("8f742231b10e8888abcd99yyyzzz85a5"), "1531420618", docs_body),
              "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    // The example in docs/app-commands.md.
    EXPECT_EQ(
        sign(
            Secret("org-verification-token"), "1700000000",
            R"({"command":"clear-context","platform_user_id":"U0CUST","megatron_verification_token":"org-verification-token"})"),
        "v0=a95a789e3e60c9f2e758af2be050c6b45bb775902d647e0b3fc8faa12dca4e24");
    auto sig = sign(Secret("tok"), "100", R"({"command":"pause"})");
    EXPECT_TRUE(sig.starts_with("v0="));
    EXPECT_EQ(sig.size(), 3u + 64u);
    EXPECT_TRUE(signature_valid(Secret("tok"), "100", sig, R"({"command":"pause"})", 100));
    EXPECT_TRUE(signature_valid(Secret("tok"), "100", sig, R"({"command":"pause"})", 400));
    EXPECT_FALSE(signature_valid(Secret("tok"), "100", sig, R"({"command":"pause"})", 401));
    EXPECT_FALSE(signature_valid(Secret("tok"), "100", sig, R"({"command":"pausE"})", 100));
    EXPECT_FALSE(signature_valid(Secret("other"), "100", sig, R"({"command":"pause"})", 100));
    EXPECT_FALSE(signature_valid(Secret("tok"), "101", sig, R"({"command":"pause"})", 100));
    EXPECT_FALSE(signature_valid(Secret("tok"), std::nullopt, sig, "{}", 100));
    EXPECT_FALSE(signature_valid(Secret("tok"), "100", std::nullopt, "{}", 100));
    EXPECT_FALSE(signature_valid(Secret("tok"), "1e2", sig, R"({"command":"pause"})", 100));
    EXPECT_FALSE(signature_valid(Secret(), "100", sig, R"({"command":"pause"})", 100));
}

}  // namespace
}  // namespace megatron::app_commands
