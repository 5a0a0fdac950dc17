// REDIS_URL parsing: host, port, database and credentials; malformed URLs are refused
// without echoing the URL (it may hold a password).
#include "jobs/redis_client.hpp"

#include <gtest/gtest.h>

namespace megatron::jobs::test {
namespace {

TEST(RedisUrlTest, PlainHostPortAndDatabase) {
    auto a = parse_redis_url("redis://cache.internal:6380/2");
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->host, "cache.internal");
    EXPECT_EQ(a->port, 6380);
    EXPECT_EQ(a->db, 2);
    EXPECT_TRUE(a->password.empty());
    auto d = parse_redis_url("redis://localhost");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->host, "localhost");
    EXPECT_EQ(d->port, 6379);
    EXPECT_EQ(d->db, 0);
}

TEST(RedisUrlTest, CredentialsWithAndWithoutUser) {
    auto no_user = parse_redis_url("redis://:p%40ss@w0rd@10.0.0.5:6379/1");
    ASSERT_TRUE(no_user) << no_user.error().message;
    EXPECT_EQ(no_user->user, "");
    EXPECT_EQ(no_user->password.reveal(), "p@ss@w0rd");
    EXPECT_EQ(no_user->host, "10.0.0.5");
    EXPECT_EQ(no_user->db, 1);
    auto user = parse_redis_url("redis://megatron:hunter2@redis:6379");
    ASSERT_TRUE(user);
    EXPECT_EQ(user->user, "megatron");
    EXPECT_EQ(user->password.reveal(), "hunter2");
    EXPECT_EQ(fmt::format("{}", user->password), "***");
}

TEST(RedisUrlTest, MalformedUrlsAreRefusedWithoutShowingThem) {
    for (const char* bad : {"http://:hunter2@redis:6379", "redis://:hunter2@redis:port",
                            "redis://:hunter2@redis:6379/zero"}) {
        auto a = parse_redis_url(bad);
        ASSERT_FALSE(a) << bad;
        EXPECT_EQ(a.error().message.find("hunter2"), std::string::npos);
    }
}

// Found by fuzzing (fuzz/corpus/connection_urls/redis_port_out_of_range): five digits were
// taken as a port whatever their value.
TEST(RedisUrlTest, APortOutsideTcpsRangeIsRefused) {
    for (const char* bad : {"redis://h:99999", "redis://h:65536", "redis://h:0/1"}) {
        EXPECT_FALSE(parse_redis_url(bad)) << bad;
    }
    auto highest = parse_redis_url("redis://h:65535");
    ASSERT_TRUE(highest);
    EXPECT_EQ(highest->port, 65535);
}

}  // namespace
}  // namespace megatron::jobs::test
