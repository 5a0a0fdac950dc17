// The slack-sim binary: loads a --config file, serves the Web API, and is driven through its
// control API by tests in other processes.
#include "http/client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "support/environment.hpp"
#include "support/process.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <csignal>
#include <fstream>
#include <mutex>
#include <thread>

namespace megatron::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kConfig = R"({"workspaces":[{"id":"T0BIN","name":"Bin Co","domain":"bin",
  "bot_token":"xoxb-bin-token","bot_user_id":"U0BOT","tokens":["xoxb-bin-second"],
  "users":[{"id":"U0ANN","name":"ann","real_name":"Ann A"}],
  "channels":[{"id":"C0GEN","name":"general","is_general":true,"members":["U0ANN"]}],
  "dms":["U0ANN"]}]})";

class SlackSimBinaryTest : public ::testing::Test {
  protected:
    void SetUp() override {
        config_path_ = dir_.path() + "/sim.json";
        std::ofstream(config_path_) << kConfig;
        sim_ = std::make_unique<ChildProcess>(
            SLACK_SIM_PATH, std::vector<std::string>{"--port", "0", "--config", config_path_});
        for (int i = 0; i < 200 && base_.empty(); ++i) {
            auto out = sim_->output();
            auto at = out.find("listening on ");
            if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
                base_ = out.substr(at + 13, out.find('\n', at) - at - 13);
            } else {
                std::this_thread::sleep_for(50ms);
            }
        }
        ASSERT_FALSE(base_.empty()) << sim_->output();
    }

    boost::json::object call(const std::string& method, const std::string& path,
                             const std::string& body = {},
                             const std::string& content_type = "application/json",
                             const std::string& token = {}) {
        http::ClientRequest req;
        req.method = method;
        req.url = base_ + path;
        req.body = body;
        req.headers.emplace_back("Content-Type", content_type);
        if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
        auto res = client_.send(req);
        if (!res) return {{"transport_error", res.error().message}};
        boost::system::error_code ec;
        auto v = boost::json::parse(res->body, ec);
        if (ec || !v.is_object()) return {{"raw", res->body}, {"status", res->status}};
        auto o = v.as_object();
        o["_status"] = res->status;
        return o;
    }

    boost::json::object post_message(const std::string& token, const std::string& channel,
                                     const std::string& text) {
        return call("POST", "/api/chat.postMessage",
                    strings::encode_form({{"channel", channel}, {"text", text}}),
                    "application/x-www-form-urlencoded", token);
    }

    TempDir dir_;
    std::string config_path_;
    std::unique_ptr<ChildProcess> sim_;
    std::string base_;
    http::Client client_;
};

TEST_F(SlackSimBinaryTest, ServesTheConfiguredWorkspaceAndShowsMessagesAndCalls) {
    auto posted = post_message("xoxb-bin-token", "C0GEN", "hello from another process");
    ASSERT_EQ(posted.at("ok"), true) << boost::json::serialize(posted);
    EXPECT_EQ(post_message("xoxb-bin-second", "C0GEN", "second token").at("ok"), true);

    auto messages = call("GET", "/_sim/channels/C0GEN/messages");
    ASSERT_EQ(messages.at("messages").as_array().size(), 2u);
    EXPECT_EQ(messages.at("messages").at(0).at("text"), "hello from another process");

    auto calls = call("GET", "/_sim/calls?method=chat.postMessage");
    ASSERT_EQ(calls.at("calls").as_array().size(), 2u);
    EXPECT_EQ(calls.at("calls").at(0).at("workspace_id"), "T0BIN");
    EXPECT_EQ(calls.at("calls").at(0).at("args").at("channel"), "C0GEN");
    EXPECT_EQ(boost::json::serialize(calls).find("xoxb"), std::string::npos);

    auto dm = call("POST", "/api/conversations.open", "users=U0ANN",
                   "application/x-www-form-urlencoded", "xoxb-bin-token");
    EXPECT_EQ(dm.at("already_open"), true);
}

TEST_F(SlackSimBinaryTest, FaultsTokensAndResetThroughTheControlApi) {
    auto injected = call("POST", "/_sim/faults",
                         R"({"kind":"rate_limited","method":"chat.postMessage","retry_after":4})");
    ASSERT_EQ(injected.at("ok"), true);
    EXPECT_EQ(call("GET", "/_sim/faults").at("faults").as_array().size(), 1u);
    auto limited = post_message("xoxb-bin-token", "C0GEN", "x");
    EXPECT_EQ(limited.at("_status"), 429);
    EXPECT_EQ(post_message("xoxb-bin-token", "C0GEN", "x").at("ok"), true);

    EXPECT_EQ(call("POST", "/_sim/faults", R"({"kind":"nonsense"})").at("_status"), 400);

    ASSERT_EQ(call("POST", "/_sim/tokens/invalidate", R"({"token":"xoxb-bin-token"})").at("ok"),
              true);
    EXPECT_EQ(post_message("xoxb-bin-token", "C0GEN", "x").at("error"), "invalid_auth");
    ASSERT_EQ(
        call("POST", "/_sim/tokens", R"({"team_id":"T0BIN","token":"xoxb-bin-fresh"})").at("ok"),
        true);
    EXPECT_EQ(post_message("xoxb-bin-fresh", "C0GEN", "x").at("ok"), true);

    auto user = call("POST", "/_sim/workspaces/T0BIN/users", R"({"name":"bob"})");
    auto bob = std::string(user.at("id").as_string());
    auto dm = call("POST", "/_sim/workspaces/T0BIN/dms", R"({"user":")" + bob + R"("})");
    auto dm_id = std::string(dm.at("id").as_string());
    auto typed = call("POST", "/_sim/channels/" + dm_id + "/messages",
                      R"({"user":")" + bob + R"(","text":"hi bot"})");
    EXPECT_FALSE(typed.at("ts").as_string().empty());
    EXPECT_EQ(call("GET", "/_sim/channels/" + dm_id).at("channel").at("is_im"), true);

    ASSERT_EQ(call("POST", "/_sim/reset", kConfig).at("ok"), true);
    EXPECT_TRUE(call("GET", "/_sim/calls").at("calls").as_array().empty());
    EXPECT_TRUE(call("GET", "/_sim/channels/C0GEN/messages").at("messages").as_array().empty());
    EXPECT_EQ(post_message("xoxb-bin-token", "C0GEN", "restored").at("ok"), true);
    EXPECT_EQ(post_message("xoxb-bin-fresh", "C0GEN", "gone").at("error"), "invalid_auth");
}

TEST_F(SlackSimBinaryTest, ActsAsSlackTowardAnAppThroughTheControlApi) {
    std::mutex mutex;
    std::vector<std::string> received;
    http::Router router;
    for (const char* path : {"/event/", "/command/"}) {
        router.add(http::Verb::post, path,
                   [&, path](const http::Request& req, http::RequestContext&) {
                       std::lock_guard lock(mutex);
                       received.push_back(std::string(path) + " " + req.body());
                       return http::text_response(http::Status::ok, "", "text/plain");
                   });
    }
    http::Server app(http::ServerOptions{"127.0.0.1", 0, 2}, router);
    app.start();
    auto base = "http://127.0.0.1:" + std::to_string(app.port());
    auto connect =
        boost::json::serialize(boost::json::object{{"events_url", base + "/event/"},
                                                   {"commands_url", base + "/command/"},
                                                   {"signing_secret", "s3cret"},
                                                   {"retry_delays_ms", boost::json::array{}}});
    ASSERT_EQ(call("POST", "/_sim/apps/T0BIN", connect).at("ok"), true);

    auto said =
        call("POST", "/_sim/channels/C0GEN/say", R"({"user":"U0ANN","text":"hello megatron"})");
    ASSERT_EQ(said.at("attempts").as_array().size(), 1u) << boost::json::serialize(said);
    EXPECT_EQ(said.at("attempts").at(0).at("status"), 200);
    auto command = call("POST", "/_sim/channels/C0GEN/slash_command",
                        R"({"user":"U0ANN","command":"/megatron","text":"pause"})");
    EXPECT_EQ(command.at("attempt").at("status"), 200);
    EXPECT_TRUE(command.at("response_url").as_string().starts_with(base_));

    // Any signed request toward any URL: an event through /_sim/send.
    auto sent = call("POST", "/_sim/send",
                     boost::json::serialize(boost::json::object{
                         {"kind", "event"},
                         {"url", base + "/event/"},
                         {"signing_secret", "s3cret"},
                         {"body", {{"type", "url_verification"}, {"challenge", "c-123"}}},
                         {"retry_delays_ms", boost::json::array{}}}));
    ASSERT_EQ(sent.at("attempts").as_array().size(), 1u) << boost::json::serialize(sent);
    EXPECT_EQ(sent.at("attempts").at(0).at("status"), 200);

    std::lock_guard lock(mutex);
    ASSERT_EQ(received.size(), 3u);
    EXPECT_NE(received[2].find("c-123"), std::string::npos);
    EXPECT_TRUE(received[0].starts_with("/event/ "));
    EXPECT_NE(received[0].find("hello megatron"), std::string::npos);
    EXPECT_TRUE(received[1].starts_with("/command/ "));
    EXPECT_NE(received[1].find("text=pause"), std::string::npos);
}

TEST(SlackSimBinaryConfigTest, RefusesAnUnreadableConfig) {
    TempDir dir;
    std::ofstream(dir.path() + "/bad.json") << "{not json";
    auto result = run(SLACK_SIM_PATH, {"--port", "0", "--config", dir.path() + "/bad.json"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.output.find("not JSON"), std::string::npos) << result.output;
    auto missing = run(SLACK_SIM_PATH, {"--port", "0", "--config", dir.path() + "/absent.json"});
    EXPECT_EQ(missing.exit_code, 2);
}

TEST_F(SlackSimBinaryTest, StopsCleanlyOnSigterm) {
    sim_->signal(SIGTERM);
    EXPECT_EQ(sim_->wait(10s), 0);
}

}  // namespace
}  // namespace megatron::test
