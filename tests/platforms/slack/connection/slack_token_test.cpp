// Tokens: the customer workspace's token refresh through the bot app's refresh_workspace
// App Command, and a run at trace level proving no token reaches a log line or an error.
#include "http/client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "platforms/slack/connection/file_transfer.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/connection/response_url.hpp"
#include "sim_fixture.hpp"
#include "support/process.hpp"
#include "util/json_fields.hpp"

#include <gtest/gtest.h>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>

#include <map>

namespace megatron::slack::testing {
namespace {

using namespace std::chrono_literals;
using slack_sim::FaultKind;

constexpr const char* kFreshToken = "xoxb-3333-4444-fresh-token-987654";
constexpr const char* kVerificationToken = "megatron-verification-secret-55";

// A stand-in for the company's bot app: answers the refresh_workspace App Command with the
// documented shape {"ok": true, "data": {"name", "domain", "connection_token"}}.
class FakeBotApp {
  public:
    FakeBotApp() {
        router_.add(http::Verb::post, "/megatron/command/",
                    [this](const http::Request& req, http::RequestContext&) {
                        std::lock_guard lock(mutex_);
                        commands_.push_back(boost::json::parse(req.body()).as_object());
                        if (!answer_) return http::error_response(http::Status::ok, "no_workspace");
                        return http::json_response(
                            http::Status::ok,
                            boost::json::object{{"ok", true},
                                                {"data",
                                                 {{"name", "Customer Co"},
                                                  {"domain", "customer"},
                                                  {"connection_token", kFreshToken}}}});
                    });
        server_ = std::make_unique<http::Server>(http::ServerOptions{"127.0.0.1", 0, 1}, router_);
        server_->start();
    }
    std::string command_url() const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + "/megatron/command/";
    }
    std::vector<boost::json::object> commands() {
        std::lock_guard lock(mutex_);
        return commands_;
    }
    void refuse() { answer_ = false; }

  private:
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::mutex mutex_;
    std::vector<boost::json::object> commands_;
    std::atomic<bool> answer_{true};
};

// What the app wires in: send the App Command, store the new token, hand it back.
class AppCommandRefresher : public CredentialRefresher {
  public:
    AppCommandRefresher(std::string url, std::map<std::string, Secret>& stored)
        : url_(std::move(url)), stored_(stored) {}

    std::optional<Secret> refresh(const std::string& workspace_id, const Secret&) override {
        http::ClientRequest req;
        req.method = "POST";
        req.url = url_;
        req.headers = {{"Content-Type", "application/json"}};
        req.body = boost::json::serialize(
            boost::json::object{{"command", "refresh_workspace"},
                                {"megatron_verification_token", kVerificationToken},
                                {"workspace_platform_id", workspace_id}});
        auto res = client_.send(req);
        if (!res || res->status != 200) return std::nullopt;
        auto body = boost::json::parse(res->body).as_object();
        if (!json_fields::flag(body, "ok")) return std::nullopt;
        Secret token(json_fields::string_or_empty(body.at("data").as_object(), "connection_token"));
        stored_[workspace_id] = token;
        return token;
    }

  private:
    std::string url_;
    std::map<std::string, Secret>& stored_;
    http::Client client_;
};

class SlackTokenTest : public SimFixture {
  protected:
    void rotate_token_in_slack() {
        sim_.invalidate_token(kToken, "invalid_auth");
        sim_.add_token(team_, kFreshToken);
    }
    FakeBotApp bot_app_;
    std::map<std::string, Secret> stored_;
    AppCommandRefresher refresher_{bot_app_.command_url(), stored_};
};

TEST_F(SlackTokenTest, InvalidAuthOnACustomerWorkspaceRefreshesOnceAndRetriesWithTheNewToken) {
    rotate_token_in_slack();
    auto client = make_client(default_policy(), &refresher_);
    auto posted =
        post_message(*client, {Secret(kToken), team_}, {.channel = dm_, .text = "hi again"});
    ASSERT_TRUE(posted) << posted.error().describe();

    auto commands = bot_app_.commands();
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0].at("command"), "refresh_workspace");
    EXPECT_EQ(commands[0].at("workspace_platform_id").as_string(), team_);
    EXPECT_EQ(commands[0].at("megatron_verification_token"), kVerificationToken);
    ASSERT_TRUE(stored_.contains(team_));
    EXPECT_EQ(stored_.at(team_).reveal(), kFreshToken);

    auto calls = sim_.calls("chat.postMessage");
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].error, "invalid_auth");
    EXPECT_TRUE(calls[1].ok);
    EXPECT_EQ(sim_.messages(dm_).size(), 1u);
}

TEST_F(SlackTokenTest, TheSupportWorkspaceIsNotRefreshed) {
    rotate_token_in_slack();
    auto client = make_client(default_policy(), &refresher_);
    auto posted = post_message(*client, {Secret(kToken), {}}, {.channel = dm_, .text = "x"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, SlackErrorCode::InvalidAuth);
    EXPECT_TRUE(bot_app_.commands().empty());
}

TEST_F(SlackTokenTest, ARefreshThatGivesNothingLeavesInvalidAuthAndIsTriedOnlyOnce) {
    rotate_token_in_slack();
    bot_app_.refuse();
    auto client = make_client(default_policy(), &refresher_);
    auto user = user_info(*client, {Secret(kToken), team_}, carla_);
    ASSERT_FALSE(user);
    EXPECT_EQ(user.error().code, SlackErrorCode::InvalidAuth);
    EXPECT_EQ(bot_app_.commands().size(), 1u);
    EXPECT_EQ(sim_.call_count("users.info"), 1u);
}

TEST_F(SlackTokenTest, AStillInvalidFreshTokenIsNotRefreshedAgain) {
    sim_.invalidate_token(kToken);  // the fresh token is unknown to Slack too
    auto client = make_client(default_policy(), &refresher_);
    auto user = user_info(*client, {Secret(kToken), team_}, carla_);
    ASSERT_FALSE(user);
    EXPECT_EQ(user.error().code, SlackErrorCode::InvalidAuth);
    EXPECT_EQ(bot_app_.commands().size(), 1u);
    EXPECT_EQ(sim_.call_count("users.info"), 2u);
}

// Collects every formatted log line.
class CapturingSink : public spdlog::sinks::base_sink<std::mutex> {
  public:
    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(msg, formatted);
        lines_.push_back(fmt::to_string(formatted));
    }
    void flush_() override {}

  private:
    std::vector<std::string> lines_;
};

TEST_F(SlackTokenTest, NoTokenAppearsInAnyLogLineOrErrorAtTraceLevel) {
    auto sink = std::make_shared<CapturingSink>();
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(logger);

    std::vector<std::string> errors;
    auto note = [&](const auto& result) {
        if (!result) errors.push_back(result.error().describe() + " " + result.error().error);
    };
    auto client = make_client(default_policy(), &refresher_, 1000ms);
    Credentials customer{Secret(kToken), team_};

    // Successes, Slack errors, every retry path, a refresh, files and response_urls.
    note(post_message(*client, customer, {.channel = dm_, .text = "hello"}));
    note(post_message(*client, customer, {.channel = "C0NOPE", .text = "x"}));
    sim_.inject({.kind = FaultKind::RateLimited, .method = "users.info", .retry_after_seconds = 1});
    note(user_info(*client, customer, carla_));
    sim_.inject({.kind = FaultKind::ServerError, .method = "conversations.history", .times = 2});
    note(conversation_history(*client, customer, {.channel = dm_}));
    sim_.inject({.kind = FaultKind::Slow, .method = "chat.postMessage", .delay = 2500ms});
    note(post_message(*client, customer, {.channel = dm_, .text = "slow"}));
    sim_.inject({.kind = FaultKind::DropAfterProcessing, .method = "chat.postMessage"});
    note(post_message(*client, customer, {.channel = dm_, .text = "dropped"}));
    note(create_conversation(*client, customer, {.name = "Bad Name"}));
    auto file_id = sim_.add_file(team_, {.name = "a.txt", .content = "abc"});
    auto info = file_info(*client, customer, file_id);
    ASSERT_TRUE(info);
    test::TempDir dir;
    note(download_private_file(*client, customer, info->url_private, dir.path() + "/a", 1000));
    note(download_private_file(*client, {Secret("xoxb-not-this-one-1234"), {}}, info->url_private,
                               dir.path() + "/b", 1000));
    std::ofstream(dir.path() + "/upload.txt") << "xyz";
    note(upload_file(*client, customer,
                     {.path = dir.path() + "/upload.txt", .filename = "b.txt", .channel_id = dm_}));
    auto url = sim_.new_response_url(team_, channel_, carla_);
    note(post_to_response_url(*client, url, {.text = "ack"}));
    rotate_token_in_slack();
    note(post_message(*client, customer, {.channel = dm_, .text = "after refresh"}));
    note(user_info(*client, {Secret("xoxb-not-this-one-1234"), team_}, carla_));

    spdlog::set_default_logger(previous);
    auto lines = sink->lines();
    ASSERT_FALSE(lines.empty());
    ASSERT_FALSE(errors.empty());
    bool saw_trace_of_a_method = false;
    for (const auto& line : lines) {
        for (const char* secret : {kToken, kFreshToken, "xoxb-not-this-one-1234", "xoxb"}) {
            EXPECT_EQ(line.find(secret), std::string::npos) << line;
        }
        if (line.find("chat.postMessage") != std::string::npos) saw_trace_of_a_method = true;
        // The response_url is a bearer secret of its own.
        EXPECT_EQ(line.find(url.substr(url.rfind('/') + 1)), std::string::npos) << line;
    }
    EXPECT_TRUE(saw_trace_of_a_method);
    for (const auto& e : errors) {
        for (const char* secret : {kToken, kFreshToken, "xoxb"}) {
            EXPECT_EQ(e.find(secret), std::string::npos) << e;
        }
    }
    // Nor does the simulator's record of what was sent hold a token in any argument.
    for (const auto& call : sim_.calls()) {
        for (const auto& [key, value] : call.args) {
            EXPECT_EQ(value.find("xoxb"), std::string::npos) << call.method << " " << key;
        }
        if (call.method != "file_upload" && call.method != "response_url") {
            EXPECT_NE(call.token_source, "query") << call.method;
            EXPECT_NE(call.token_source, "body") << call.method;
        }
    }
}

}  // namespace
}  // namespace megatron::slack::testing
