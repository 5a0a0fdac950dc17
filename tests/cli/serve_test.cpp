// `megatron serve` as a user runs it: status page, the original's ping, health, readiness,
// bad input that must not hurt it, and a clean stop on SIGTERM.
#include "cli/megatron_process.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <csignal>

namespace megatron::test {
namespace {

void send_raw(unsigned short port, const std::string& bytes) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        char buf[512];
        (void)recv(fd, buf, sizeof buf, 0);
    }
    close(fd);
}

TEST(Serve, StatusPageAndPing) {
    MegatronServer server(
        std::map<std::string, std::string>{{"SLACK_SIGNING_SECRET", "sekrit-signing"}});
    auto page = server.request("GET", "/");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
    EXPECT_NE(page.body.find("Megatron is running"), std::string::npos);
    EXPECT_NE(page.body.find("sqlite"), std::string::npos);
    EXPECT_EQ(page.body.find("sekrit"), std::string::npos);

    auto ping = server.request("GET", "/megatron/");
    EXPECT_EQ(ping.status, 200);
    EXPECT_EQ(boost::json::parse(ping.body).at("ok").as_bool(), true);
    EXPECT_EQ(server.request("GET", "/healthz").status, 200);
    EXPECT_EQ(server.request("GET", "/readyz").status, 200);
}

TEST(Serve, ErrorsAreJson) {
    MegatronServer server;
    auto missing = server.request("GET", "/megatron/nothing-here/");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(boost::json::parse(missing.body).at("ok").as_bool(), false);
    auto wrong_method = server.request("DELETE", "/megatron/");
    EXPECT_EQ(wrong_method.status, 405);
    auto big = server.request("POST", "/megatron/incoming/", std::string(2 * 1024 * 1024, 'x'));
    EXPECT_EQ(big.status, 413);
}

TEST(Serve, SurvivesABatchOfMalformedAndOversizedRequests) {
    MegatronServer server;
    const std::vector<std::string> batch = {
        "HELLO\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "POST /megatron/incoming/ HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n",
        "POST /megatron/incoming/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
        "chunked\r\n\r\nfffffffff\r\n",
        "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\n\r\n",
        std::string(200000, '\0'),
        "POST /megatron/incoming/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{\"a\":",
        "GET / HTTP/1.1\r\nHost: x\r\n" + std::string(20000, 'h') + "\r\n\r\n",
    };
    for (int round = 0; round < 3; ++round) {
        for (const auto& bytes : batch) send_raw(server.port(), bytes);
    }
    EXPECT_TRUE(server.process().running()) << server.process().output();
    EXPECT_EQ(server.request("GET", "/healthz").status, 200);
}

TEST(Serve, SigtermStopsCleanlyWithExitCodeZero) {
    MegatronServer server;
    ASSERT_EQ(server.request("GET", "/healthz").status, 200);
    server.process().signal(SIGTERM);
    EXPECT_EQ(server.process().wait(std::chrono::seconds(20)), 0) << server.process().output();
}

TEST(Serve, SigintStopsCleanlyToo) {
    MegatronServer server;
    ASSERT_EQ(server.request("GET", "/healthz").status, 200);
    server.process().signal(SIGINT);
    EXPECT_EQ(server.process().wait(std::chrono::seconds(20)), 0) << server.process().output();
}

}  // namespace
}  // namespace megatron::test
