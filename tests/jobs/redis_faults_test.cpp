// Redis faults that used to end the process (issue #15):
// - a connection reset in the middle of a large command killed it with SIGPIPE (hiredis
//   writes with plain write()). A fake Redis reads part of the command, half-closes and then
//   resets; the real client runs in a child process set up as main() sets up the binary, and
//   must come back with an error, alive;
// - a corrupted number in a job's hash threw from std::stoll inside claim and find.
#include "cli/signals.hpp"
#include "job_backend.hpp"
#include "jobs/redis_client.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <thread>

namespace megatron::jobs::test {
namespace {

// A listening socket on a free loopback port.
int listen_loopback(unsigned short& port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd, 4);
    timeval wait{5, 0};  // accept() gives up after this (a child that died connects no more)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return fd;
}

// Takes one connection, reads ~64 KiB of whatever comes, then closes its sending side (the
// client's socket goes to CLOSE_WAIT) and resets the connection (SO_LINGER 0 + close).
void reset_midway(int listener) {
    int conn = accept(listener, nullptr, nullptr);
    if (conn < 0) return;
    std::array<char, 16 * 1024> buf{};
    std::size_t seen = 0;
    while (seen < 64 * 1024) {
        auto n = recv(conn, buf.data(), buf.size(), 0);
        if (n <= 0) break;
        seen += static_cast<std::size_t>(n);
    }
    shutdown(conn, SHUT_WR);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    linger hard{1, 0};
    setsockopt(conn, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    close(conn);
}

// Exit codes of the child: 0 the command failed cleanly, 1 it claimed success.
int run_large_command(unsigned short port) {
    cli::ignore_broken_pipe();
    RedisClient redis("redis://127.0.0.1:" + std::to_string(port), 1);
    std::string value(8 * 1024 * 1024, 'x');
    // A second command on a fresh connection after the reset, as a worker would retry.
    for (int i = 0; i < 2; ++i) {
        auto reply = redis.command({"SET", "big", value});
        if (reply && reply->type != RedisReply::Type::Error) return 1;
    }
    return 0;
}

TEST(RedisReset, AResetInTheMiddleOfALargeCommandIsAnErrorNotADeadProcess) {
    unsigned short port = 0;
    int listener = listen_loopback(port);
    ASSERT_GE(listener, 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(listener);
        _exit(run_large_command(port));
    }
    reset_midway(listener);
    reset_midway(listener);  // the retry's connection
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    close(listener);
    ASSERT_FALSE(WIFSIGNALED(status)) << "killed by signal " << WTERMSIG(status);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the command did not report the reset";
}

TEST(RedisCorruption, ACorruptedNumberInAJobIsAnErrorNotAnException) {
    TestDatabase database(Backend::PostgresRedis);
    auto db = database.open();
    SystemClock clock;
    auto queue = database.queue(*db, clock);
    auto enqueued = queue->enqueue(NewJob{"test.kind", "k", "corrupt-1", "{}"});
    ASSERT_TRUE(enqueued) << enqueued.error().message;
    RedisClient redis(database.redis_url(), 1);
    auto prefix = database.env().at("MEGATRON_REDIS_PREFIX");
    auto job_key = prefix + ":job:" + std::to_string(enqueued->id);
    auto corrupted = redis.command({"HSET", job_key, "failures", "not-a-number"});
    ASSERT_TRUE(corrupted) << corrupted.error().message;

    auto found = queue->find(enqueued->id);
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, QueueError::Kind::Invalid);
    EXPECT_NE(found.error().message.find("failures"), std::string::npos);
    auto claimed = queue->claim("worker-1", std::chrono::seconds(30));
    ASSERT_FALSE(claimed);
    EXPECT_EQ(claimed.error().kind, QueueError::Kind::Invalid);
}

}  // namespace
}  // namespace megatron::jobs::test
