// Issue #15, connections and descriptors, on the real `megatron serve` under a descriptor
// limit of 256 (as `ulimit -n 256`): 300 idle clients must neither make the accept loop spin
// (it used to re-arm at once on EMFILE: one thread at 100% CPU) nor keep /healthz from
// answering once they are gone; connections beyond the cap are closed at once, and idle ones
// are dropped after the header deadline.
#include "cli/megatron_process.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace megatron::test {
namespace {

using namespace std::chrono_literals;

// Starts Megatron with RLIMIT_NOFILE lowered to `limit` (the child inherits it at fork).
std::unique_ptr<MegatronServer> serve_with_descriptor_limit(
    rlim_t limit, std::map<std::string, std::string> env) {
    rlimit saved{};
    getrlimit(RLIMIT_NOFILE, &saved);
    rlimit lowered{std::min(limit, saved.rlim_max), saved.rlim_max};
    setrlimit(RLIMIT_NOFILE, &lowered);
    auto server =
        std::make_unique<MegatronServer>(std::move(env), std::vector<std::string>{"--no-workers"});
    setrlimit(RLIMIT_NOFILE, &saved);
    return server;
}

// utime + stime of a process, in clock ticks (/proc/<pid>/stat fields 14 and 15).
long cpu_ticks(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long utime = 0;
    long stime = 0;
    for (int i = 3; fields >> field; ++i) {
        if (i == 14) utime = std::stol(field);
        if (i == 15) {
            stime = std::stol(field);
            break;
        }
    }
    return utime + stime;
}

std::vector<int> open_idle_sockets(unsigned short port, int n) {
    std::vector<int> fds;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < n; ++i) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) break;
        if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            close(fd);
            continue;
        }
        fds.push_back(fd);
    }
    return fds;
}

// Sockets the server has hung up on (readable with EOF or an error, nothing sent).
int hung_up(const std::vector<int>& fds) {
    int count = 0;
    for (int fd : fds) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 0) == 1) {
            char c;
            if (recv(fd, &c, 1, MSG_DONTWAIT) <= 0) ++count;
        }
    }
    return count;
}

void close_all(std::vector<int>& fds) {
    for (int fd : fds) close(fd);
    fds.clear();
}

// /healthz answered 200 within `bound`, trying every 20 ms. The bound is generous (a
// liveness check on a shared, sanitized build, not a benchmark); the accept pause itself is
// at most 1 s.
bool healthy_within(MegatronServer& server, std::chrono::milliseconds bound) {
    http::Client client;
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (std::chrono::steady_clock::now() < deadline) {
        http::ClientRequest req;
        req.method = "GET";
        req.url = server.url("/healthz");
        req.total_timeout = 250ms;
        auto res = client.send(req);
        if (res && res->status == 200) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

TEST(ConnectionLimits, OutOfDescriptorsTheAcceptLoopWaitsInsteadOfSpinning) {
    // A cap above the descriptor limit: accepting runs into EMFILE.
    auto server = serve_with_descriptor_limit(256, {{"MEGATRON_MAX_CONNECTIONS", "1000"}});
    ASSERT_TRUE(server->process().running()) << server->process().output();
    auto fds = open_idle_sockets(server->port(), 300);
    ASSERT_EQ(fds.size(), 300u);
    std::this_thread::sleep_for(500ms);  // descriptors run out
    long before = cpu_ticks(server->process().pid());
    std::this_thread::sleep_for(2s);
    long used = cpu_ticks(server->process().pid()) - before;
    // A spinning accept loop burns ~2 s (about 200 ticks) here; waiting, next to nothing.
    EXPECT_LT(used, 50) << "CPU ticks in 2 s with descriptors exhausted";
    close_all(fds);
    EXPECT_TRUE(healthy_within(*server, 10s)) << "no /healthz once the clients left";
    EXPECT_NE(server->process().output().find("pausing accept"), std::string::npos);
}

TEST(ConnectionLimits, BeyondTheCapConnectionsAreClosedAndIdleOnesDropped) {
    // The default cap under 256 descriptors is 128.
    auto server = serve_with_descriptor_limit(256, {});
    ASSERT_TRUE(server->process().running()) << server->process().output();
    auto fds = open_idle_sockets(server->port(), 300);
    ASSERT_EQ(fds.size(), 300u);
    std::this_thread::sleep_for(1s);
    EXPECT_GE(hung_up(fds), 300 - 128) << "connections beyond the cap were kept";
    // Idle clients send no header: they are dropped after the header deadline (5 s).
    std::this_thread::sleep_for(6s);
    EXPECT_EQ(hung_up(fds), 300);
    EXPECT_TRUE(healthy_within(*server, 10s)) << "no /healthz after the idle clients were dropped";
    close_all(fds);
    EXPECT_TRUE(healthy_within(*server, 10s));
}

}  // namespace
}  // namespace megatron::test
