// `megatron serve` and the playground: it runs (and its routes exist) with nothing configured
// or MEGATRON_PLAYGROUND=on, not when Slack is configured or it is off; its database is its
// own; its events stream is Server-Sent Events of the snapshot.
#include "cli/megatron_process.hpp"
#include "support/environment.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>

namespace megatron::test {
namespace {

namespace json = boost::json;
using Env = std::map<std::string, std::string>;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A database with an organization and its Slack integration, made with `megatron admin`.
std::string configured_database(const TempDir& dir) {
    auto url = "sqlite:///" + dir.path() + "/real.db";
    std::map<std::string, std::string> env{{"DATABASE_URL", url}};
    EXPECT_EQ(run(megatron_binary(), {"admin", "org", "create", "--name", "Acme"}, env).exit_code,
              0);
    auto added = run(megatron_binary(),
                     {"admin", "integration", "add", "--org", "Acme", "--team-id", "T0SUPPORT",
                      "--bot-token", "xoxb-support"},
                     env);
    EXPECT_EQ(added.exit_code, 0) << added.output;
    return url;
}

// Reads from a raw connection to GET `path` until `until` appears (or 10 s pass).
std::string read_stream(unsigned short port, const std::string& path, const std::string& until) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    timeval timeout{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string received;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        auto request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        char buffer[4096];
        for (int i = 0; i < 10 && !contains(received, until); ++i) {
            auto n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) received.append(buffer, static_cast<std::size_t>(n));
            if (n == 0) break;
        }
    }
    ::close(fd);
    return received;
}

TEST(ServePlayground, RunsWithNothingConfiguredAndTheStatusPageLinksToIt) {
    MegatronServer server(Env{{"MEGATRON_PLAYGROUND", "auto"}});
    auto status = server.request("GET", "/");
    EXPECT_TRUE(contains(status.body, "No Slack integration is configured")) << status.body;
    EXPECT_TRUE(contains(status.body, "href=\"/playground\"")) << status.body;

    auto page = server.request("GET", "/playground");
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Megatron playground"));
    auto script = server.request("GET", "/playground/playground.js");
    EXPECT_EQ(script.status, 200);
    EXPECT_TRUE(contains(script.header("content-type"), "text/javascript"));
    EXPECT_EQ(server.request("GET", "/playground/nothing.js").status, 404);

    auto state = json::parse(server.request("GET", "/playground/api/state").body).as_object();
    EXPECT_EQ(state.at("customers").as_array().size(), 3u);
    EXPECT_EQ(state.at("agents").as_array().size(), 2u);
    // Its own database beside the real one; the real one stays without any organization.
    EXPECT_TRUE(std::filesystem::exists(server.dir() + "/megatron-playground.db"));
    auto orgs = run(megatron_binary(), {"admin", "org", "list"},
                    {{"DATABASE_URL", "sqlite:///" + server.dir() + "/megatron.db"}});
    EXPECT_FALSE(contains(orgs.output, "Playground")) << orgs.output;
}

TEST(ServePlayground, BadActionsAreClearErrors) {
    MegatronServer server(Env{{"MEGATRON_PLAYGROUND", "on"}});
    std::vector<std::pair<std::string, std::string>> json_type{
        {"Content-Type", "application/json"}};
    auto fault =
        server.request("POST", "/playground/api/faults", R"({"kind":"meteor"})", json_type);
    EXPECT_EQ(fault.status, 400);
    EXPECT_EQ(json::parse(fault.body), json::parse(R"({"ok":false,"error":"unknown_fault"})"));
    auto broken =
        server.request("POST", "/playground/api/customers/carla/messages", "{", json_type);
    EXPECT_EQ(broken.status, 400);
    EXPECT_TRUE(contains(broken.body, "invalid_json"));
    auto nobody = server.request("POST", "/playground/api/customers/zoe/messages",
                                 R"({"text":"hi"})", json_type);
    EXPECT_EQ(nobody.status, 400);
    EXPECT_TRUE(contains(nobody.body, "unknown_customer"));
}

TEST(ServePlayground, EventsAreServerSentEventsOfTheSnapshot) {
    MegatronServer server(Env{{"MEGATRON_PLAYGROUND", "on"}});
    auto stream = read_stream(server.port(), "/playground/api/events", "\n\n");
    EXPECT_TRUE(contains(stream, "HTTP/1.1 200 OK")) << stream;
    EXPECT_TRUE(contains(stream, "Content-Type: text/event-stream")) << stream;
    auto data = stream.find("data: ");
    ASSERT_NE(data, std::string::npos) << stream;
    auto end = stream.find("\n\n", data);
    ASSERT_NE(end, std::string::npos);
    auto snapshot = json::parse(stream.substr(data + 6, end - data - 6)).as_object();
    EXPECT_EQ(snapshot.at("customers").as_array().size(), 3u);
}

TEST(ServePlayground, OffWhenSlackIsConfiguredUnlessAskedFor) {
    TempDir dir;
    auto url = configured_database(dir);
    {
        MegatronServer server(Env{{"DATABASE_URL", url}, {"MEGATRON_PLAYGROUND", "auto"}});
        EXPECT_EQ(server.request("GET", "/playground").status, 404);
        EXPECT_EQ(server.request("GET", "/playground/api/state").status, 404);
        EXPECT_FALSE(contains(server.request("GET", "/").body, "/playground"));
    }
    MegatronServer server(Env{{"DATABASE_URL", url}, {"MEGATRON_PLAYGROUND", "on"}});
    EXPECT_EQ(server.request("GET", "/playground").status, 200);
    EXPECT_FALSE(contains(server.request("GET", "/").body, "No Slack integration"));
}

TEST(ServePlayground, OffMeansNoRoutes) {
    MegatronServer server(Env{{"MEGATRON_PLAYGROUND", "off"}});
    EXPECT_EQ(server.request("GET", "/playground").status, 404);
    EXPECT_FALSE(contains(server.request("GET", "/").body, "/playground"));
}

}  // namespace
}  // namespace megatron::test
