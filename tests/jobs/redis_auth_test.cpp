// REDIS_URL with a password: the queue authenticates (AUTH) on every connection, a wrong or
// missing password fails cleanly, and the password never appears in errors or in the output
// of a `megatron worker` process.
#include "commands/post_message/post_message_job.hpp"
#include "jobs/redis_client.hpp"
#include "jobs/redis_queue.hpp"
#include "redis_server.hpp"
#include "worker_fixture.hpp"

namespace megatron::jobs::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPassword = "s3cret-redis-pass-7f2a";

std::string url_with(const RedisServer& redis, const std::string& credentials) {
    return "redis://" + credentials + "@127.0.0.1:" + std::to_string(redis.port()) + "/0";
}

class RedisAuthTest : public WorkerFixture {};

TEST_P(RedisAuthTest, PasswordInRedisUrlAuthenticatesAndIsNeverShown) {
    RedisServer redis({"--requirepass", kPassword});

    for (const std::string& credentials : {std::string(":wrong-password"), std::string()}) {
        std::string url = credentials.empty() ? redis.url() : url_with(redis, credentials);
        RedisQueue refused(url, "auth-test", *db_, clock_);
        auto enqueued = refused.enqueue(NewJob{"test.kind", "k", "refused", "{}"});
        ASSERT_FALSE(enqueued) << "Redis accepted a client without the right password";
        EXPECT_EQ(enqueued.error().message.find(kPassword), std::string::npos);
        EXPECT_EQ(enqueued.error().message.find("wrong-password"), std::string::npos)
            << enqueued.error().message;
    }

    // The right password, as ":password@" and as "default:password@".
    database_.use_redis(url_with(redis, std::string(":") + kPassword));
    queue_ = database_.queue(*db_, clock_);
    RedisQueue named_user(url_with(redis, std::string("default:") + kPassword), "auth-user", *db_,
                          clock_);
    auto named = named_user.enqueue(NewJob{"test.kind", "k", "named-user", "{}"});
    ASSERT_TRUE(named) << named.error().message;

    auto channels = add_channels(3);
    enqueue_posts(channels, 30);
    auto worker = start_worker({{"MEGATRON_LOG_LEVEL", "debug"}});
    ASSERT_TRUE(wait_for_done(30, 60s)) << worker->output();
    worker->signal(SIGTERM);
    EXPECT_EQ(worker->wait(), 0);
    expect_posts_exactly_once_in_order(channels, 30);
    EXPECT_EQ(worker->output().find(kPassword), std::string::npos)
        << "the Redis password appeared in the worker's output";
}

INSTANTIATE_TEST_SUITE_P(Backends, RedisAuthTest,
                         ::testing::Values(::megatron::jobs::test::Backend::PostgresRedis),
                         ::megatron::jobs::test::backend_name);

}  // namespace
}  // namespace megatron::jobs::test
