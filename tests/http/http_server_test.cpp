// The HTTP layer on its own: routing, limits, bad input, keep-alive and graceful stop,
// over real loopback sockets.
#include "http/client.hpp"
#include "http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <atomic>
#include <future>
#include <thread>

namespace megatron::http {
namespace {

// Sends raw bytes and returns whatever the server answers before closing (or a timeout).
std::string raw_exchange(unsigned short port, const std::string& bytes) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return {};
    }
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        auto n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    shutdown(fd, SHUT_WR);
    std::string out;
    char buf[4096];
    while (true) {
        auto n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    close(fd);
    return out;
}

class HttpServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        router_.add(Verb::get, "/hello/", [](const Request&, RequestContext&) {
            return json_response(Status::ok, boost::json::object{{"ok", true}});
        });
        router_.add(Verb::post, "/echo/", [](const Request& req, RequestContext&) {
            return text_response(Status::ok, req.body(), "text/plain");
        });
        router_.add(Verb::get, "/message/{user_id}/", [](const Request&, RequestContext& ctx) {
            return json_response(Status::ok, boost::json::object{{"user", ctx.params["user_id"]}});
        });
        router_.add(Verb::get, "/throws/", [](const Request&, RequestContext&) -> Response {
            throw std::runtime_error("boom");
        });
        router_.add(Verb::get, "/slow/", [this](const Request&, RequestContext&) {
            slow_started_ = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            return json_response(Status::ok, boost::json::object{{"ok", true}});
        });
        ServerOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.threads = 2;
        server_ = std::make_unique<Server>(options, router_);
        server_->start();
    }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
    }

    ClientResponse get(const std::string& path, const std::string& method = "GET",
                       const std::string& body = {}) {
        Client client;
        ClientRequest req;
        req.method = method;
        req.url = url(path);
        req.body = body;
        auto res = client.send(req);
        EXPECT_TRUE(res) << (res ? "" : res.error().message);
        return res ? *res : ClientResponse{};
    }

    Router router_;
    std::unique_ptr<Server> server_;
    std::atomic<bool> slow_started_{false};
};

TEST_F(HttpServerTest, RoutesAndCapturesPathSegments) {
    auto res = get("/message/U123/");
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(boost::json::parse(res.body).at("user").as_string(), "U123");
}

TEST_F(HttpServerTest, UnknownPathIs404AndWrongMethod405AsJson) {
    auto missing = get("/nope/");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(boost::json::parse(missing.body).at("ok").as_bool(), false);
    auto wrong = get("/hello/", "POST", "x");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(boost::json::parse(wrong.body).at("error").as_string(), "method_not_allowed");
    // The trailing slash is part of the URL, as in the original.
    EXPECT_EQ(get("/hello").status, 404);
}

TEST_F(HttpServerTest, HandlerExceptionIs500NotACrash) {
    auto res = get("/throws/");
    EXPECT_EQ(res.status, 500);
    EXPECT_EQ(get("/hello/").status, 200);
}

TEST_F(HttpServerTest, BodyOverOneMebibyteIs413) {
    auto res = get("/echo/", "POST", std::string(1024 * 1024 + 1, 'a'));
    EXPECT_EQ(res.status, 413);
    EXPECT_EQ(boost::json::parse(res.body).at("ok").as_bool(), false);
    EXPECT_EQ(get("/echo/", "POST", std::string(1024, 'a')).status, 200);
}

TEST_F(HttpServerTest, MalformedRequestsGet400AndTheServerStaysUp) {
    const std::vector<std::string> garbage = {
        "NOT HTTP AT ALL\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET /hello/ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST /echo/ HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n",
        "POST /echo/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
        std::string("GET /\0/ HTTP/1.1\r\n\r\n", 20),
        "GET /hello/ HTTP/1.1\r\n" + std::string(70000, 'X') + ": y\r\n\r\n",
        std::string(100000, '\xff'),
    };
    for (const auto& bytes : garbage) {
        auto answer = raw_exchange(server_->port(), bytes);
        if (!answer.empty()) {
            EXPECT_TRUE(answer.starts_with("HTTP/1.1 4")) << answer.substr(0, 80);
        }
    }
    EXPECT_EQ(get("/hello/").status, 200);
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
    Client client;
    for (int i = 0; i < 50; ++i) {
        ClientRequest req;
        req.url = url("/hello/");
        auto res = client.send(req);
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200);
    }
}

TEST_F(HttpServerTest, StopFinishesTheRequestInFlight) {
    auto slow = std::async(std::launch::async, [this] { return get("/slow/"); });
    while (!slow_started_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server_->stop();
    EXPECT_EQ(slow.get().status, 200);
    Client client;
    ClientRequest req;
    req.url = url("/hello/");
    req.connect_timeout = std::chrono::milliseconds(500);
    EXPECT_FALSE(client.send(req));  // no longer accepting
}

}  // namespace
}  // namespace megatron::http
