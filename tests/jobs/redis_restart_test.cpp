// The Redis server is killed and restarted (same data directory, append-only file) in the
// middle of a burst: every post the producer got an acknowledgement for reaches Slack once,
// in order. The test runs its own redis-server so it can restart it.
#include "commands/post_message/post_message_job.hpp"
#include "redis_server.hpp"
#include "worker_fixture.hpp"

#include <csignal>
#include <filesystem>
#include <thread>

namespace megatron::jobs::test {
namespace {

using namespace std::chrono_literals;

class RedisRestartTest : public WorkerFixture {};

TEST_P(RedisRestartTest, RedisRestartedMidBurstLosesNothing) {
    RedisServer redis;
    database_.use_redis(redis.url());
    queue_ = database_.queue(*db_, clock_);
    auto channels = add_channels(10);
    constexpr int kPosts = 300;

    auto worker = start_worker();
    std::atomic<int> accepted{0};
    std::atomic<int> refused{0};
    std::thread producer([&] {
        for (int n = 0; n < kPosts; ++n) {
            const auto& channel = channels[n % channels.size()];
            NewJob job{
                commands::kPostMessageKind, channel, "post-" + std::to_string(n),
                commands::post_message_payload({team_, channel, std::to_string(n), {}, {}, {}})};
            // Not acknowledged means not accepted: the producer tries again (same key).
            while (!queue_->enqueue(job)) {
                ++refused;
                std::this_thread::sleep_for(20ms);
            }
            ++accepted;
            std::this_thread::sleep_for(2ms);
        }
    });
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (accepted < kPosts / 3 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    redis.kill();
    std::this_thread::sleep_for(500ms);
    redis.start();
    producer.join();
    EXPECT_GT(refused.load(), 0) << "the restart should have refused some enqueues";

    ASSERT_TRUE(wait_for_done(kPosts, 120s)) << worker->output();
    worker->signal(SIGTERM);
    EXPECT_EQ(worker->wait(), 0);
    expect_posts_exactly_once_in_order(channels, kPosts);
}

INSTANTIATE_TEST_SUITE_P(Redis, RedisRestartTest,
                         ::testing::Values(::megatron::jobs::test::Backend::PostgresRedis),
                         ::megatron::jobs::test::backend_name);

}  // namespace
}  // namespace megatron::jobs::test
