// ClientRequest::never_resend: kept-alive connections are reused for requests that must not
// run twice (Slack posts), and libcurl's silent re-send on a reused connection that died
// before the answer is turned into an error. A scripted raw-socket server over loopback
// plays the connection that dies.
#include "http/client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace megatron::http {
namespace {

// What the server does with the n-th request (0-based) it reads on the c-th connection.
enum class Act { Answer, AnswerThenClose, CloseWithoutAnswer };
using Script = std::function<Act(int connection, int request)>;

// Reads one HTTP request (headers + Content-Length body); empty on EOF.
std::string read_request(int fd) {
    std::string data;
    char buf[4096];
    std::size_t header_end = std::string::npos;
    std::size_t wanted = 0;
    while (true) {
        if (header_end == std::string::npos) {
            header_end = data.find("\r\n\r\n");
            if (header_end != std::string::npos) {
                std::size_t length = 0;
                auto at = data.find("Content-Length: ");
                if (at != std::string::npos && at < header_end) {
                    length = std::stoul(data.substr(at + 16));
                }
                wanted = header_end + 4 + length;
            }
        }
        if (header_end != std::string::npos && data.size() >= wanted) return data;
        auto n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return {};
        data.append(buf, static_cast<std::size_t>(n));
    }
}

class ScriptedServer {
  public:
    explicit ScriptedServer(Script script) : script_(std::move(script)) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        listen(listener_, 16);
        socklen_t len = sizeof addr;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~ScriptedServer() {
        stop_ = true;
        thread_.join();
        close(listener_);
    }
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/post"; }
    // How many times a request whose body is exactly `body` reached the server.
    int times_received(const std::string& body) {
        std::lock_guard lock(mutex_);
        int n = 0;
        for (const auto& request : requests_) {
            if (request.ends_with("\r\n\r\n" + body)) ++n;
        }
        return n;
    }

  private:
    // One connection at a time is enough: the client under test is blocking.
    void serve() {
        int connection = 0;
        while (!stop_) {
            pollfd p{listener_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            int fd = accept(listener_, nullptr, nullptr);
            if (fd < 0) continue;
            ++connection;
            for (int request = 0;; ++request) {
                auto text = read_request(fd);
                if (text.empty()) break;
                {
                    std::lock_guard lock(mutex_);
                    requests_.push_back(text);
                }
                auto act = script_(connection - 1, request);
                if (act == Act::CloseWithoutAnswer) break;
                std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
                if (act == Act::AnswerThenClose) break;
            }
            close(fd);
        }
    }

    Script script_;
    int listener_ = -1;
    unsigned short port_ = 0;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<std::string> requests_;
    std::thread thread_;
};

ClientRequest post(const std::string& url, const std::string& body, bool never_resend) {
    ClientRequest req;
    req.method = "POST";
    req.url = url;
    req.body = body;
    req.total_timeout = std::chrono::milliseconds(5000);
    req.never_resend = never_resend;
    return req;
}

// The first connection answers the first request, then reads the second in full (it may have
// acted on it) and closes without a byte of answer; later connections answer everything.
Act dies_after_second_request(int connection, int request) {
    return connection == 0 && request == 1 ? Act::CloseWithoutAnswer : Act::Answer;
}

TEST(HttpClientResend, PlainPostIsResentByLibcurlWhenAReusedConnectionDies) {
    // Why never_resend exists: without it libcurl repeats the request on a new connection.
    ScriptedServer server(dies_after_second_request);
    Client client;
    ASSERT_TRUE(client.send(post(server.url(), "first", false)));
    auto second = client.send(post(server.url(), "second", false));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->status, 200);
    EXPECT_EQ(server.times_received("second"), 2);
}

TEST(HttpClientResend, NeverResendFailsInsteadOfSendingTwice) {
    ScriptedServer server(dies_after_second_request);
    Client client;
    auto first = client.send(post(server.url(), "first", true));
    ASSERT_TRUE(first);
    EXPECT_EQ(first->body, "ok");
    auto second = client.send(post(server.url(), "second", true));
    ASSERT_FALSE(second);
    // Not a refused connection: the caller must treat the outcome as unknown.
    EXPECT_NE(second.error().kind, TransportError::Kind::Connect);
    EXPECT_EQ(server.times_received("second"), 1);
    // The client is usable afterwards, on a new connection.
    auto third = client.send(post(server.url(), "third", true));
    ASSERT_TRUE(third);
    EXPECT_EQ(server.times_received("third"), 1);
}

TEST(HttpClientResend, NeverResendReusesTheKeptAliveConnection) {
    std::atomic<int> connections{0};
    ScriptedServer server([&](int connection, int) {
        connections = std::max(connections.load(), connection + 1);
        return Act::Answer;
    });
    Client client;
    for (int i = 0; i < 5; ++i) {
        auto body = "message " + std::to_string(i);
        auto res = client.send(post(server.url(), body, true));
        ASSERT_TRUE(res);
        EXPECT_EQ(server.times_received(body), 1);
    }
    EXPECT_EQ(connections.load(), 1);
}

TEST(HttpClientResend, ConnectionClosedWhileIdleIsReplacedAndTheRequestSentOnce) {
    ScriptedServer server(
        [](int connection, int) { return connection == 0 ? Act::AnswerThenClose : Act::Answer; });
    Client client;
    ASSERT_TRUE(client.send(post(server.url(), "first", true)));
    // Let the server's close reach the client's connection cache.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto second = client.send(post(server.url(), "second", true));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->body, "ok");
    EXPECT_EQ(server.times_received("second"), 1);
}

}  // namespace
}  // namespace megatron::http
