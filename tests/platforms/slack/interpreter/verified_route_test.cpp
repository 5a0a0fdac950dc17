// The verification wrapper in front of a real route on a loopback server: signed requests reach
// the handler, everything else gets 401 and the handler never runs.
#include "http/client.hpp"
#include "http/server.hpp"
#include "platforms/slack/interpreter/verification_http.hpp"

#include <gtest/gtest.h>

#include <atomic>

namespace megatron::slack::interpreter {
namespace {

class VerifiedRoute : public ::testing::Test {
  protected:
    void SetUp() override {
        VerificationConfig config;
        config.signing_secret = Secret("route-secret");
        router_.add(http::Verb::post, "/megatron/slack/event/",
                    verified(
                        [this](const http::Request& req, http::RequestContext&) {
                            ++calls_;
                            return http::text_response(http::Status::ok, req.body(), "text/plain");
                        },
                        config, clock_));
        http::ServerOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.threads = 1;
        server_ = std::make_unique<http::Server>(options, router_);
        server_->start();
    }
    void TearDown() override { server_->stop(); }

    http::ClientResponse post(const std::string& body,
                              std::vector<std::pair<std::string, std::string>> headers) {
        http::ClientRequest request;
        request.method = "POST";
        request.url =
            "http://127.0.0.1:" + std::to_string(server_->port()) + "/megatron/slack/event/";
        request.body = body;
        request.headers = std::move(headers);
        auto response = client_.send(request);
        EXPECT_TRUE(response);
        return response ? *response : http::ClientResponse{};
    }

    std::string now() const { return std::to_string(clock_.now_seconds()); }

    SystemClock clock_;
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    http::Client client_;
    std::atomic<int> calls_{0};
};

TEST_F(VerifiedRoute, SignedRequestReachesTheHandler) {
    std::string body = R"({"type":"url_verification","challenge":"c"})";
    auto ts = now();
    auto response =
        post(body, {{"X-Slack-Request-Timestamp", ts},
                    {"X-Slack-Signature", slack_signature(Secret("route-secret"), ts, body)}});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, body);
    EXPECT_EQ(calls_, 1);
}

TEST_F(VerifiedRoute, EverythingElseIs401AndTheHandlerNeverRuns) {
    std::string body = R"({"type":"event_callback"})";
    auto ts = now();
    auto old = std::to_string(clock_.now_seconds() - 301);
    std::vector<std::vector<std::pair<std::string, std::string>>> cases{
        {},
        {{"X-Slack-Request-Timestamp", ts}},
        {{"X-Slack-Request-Timestamp", ts},
         {"X-Slack-Signature", slack_signature(Secret("other-secret"), ts, body)}},
        {{"X-Slack-Request-Timestamp", old},
         {"X-Slack-Signature", slack_signature(Secret("route-secret"), old, body)}},
        {{"X-Slack-Request-Timestamp", ts},
         {"X-Slack-Signature", slack_signature(Secret("route-secret"), ts, body + " ")}},
    };
    for (const auto& headers : cases) {
        auto response = post(body, headers);
        EXPECT_EQ(response.status, 401);
        EXPECT_EQ(response.body.find("route-secret"), std::string::npos);
    }
    EXPECT_EQ(calls_, 0);
}

}  // namespace
}  // namespace megatron::slack::interpreter
