// The agent relay's DM cache on its own: lookups, the bound, forgetting only a still-current
// id, and many threads at once (the relay's workers share one cache).
#include "commands/relay/dm_channel_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace megatron::commands::relay {
namespace {

TEST(DmChannelCache, RemembersPerWorkspaceAndUser) {
    DmChannelCache cache;
    EXPECT_FALSE(cache.find("T1", "U1"));
    cache.remember("T1", "U1", "D1");
    cache.remember("T2", "U1", "D2");
    EXPECT_EQ(cache.find("T1", "U1"), "D1");
    EXPECT_EQ(cache.find("T2", "U1"), "D2");
    EXPECT_FALSE(cache.find("T1", "U2"));
    // Workspace and user are not run together ("T1"+"1U" is not "T11"+"U").
    cache.remember("T1", "1U", "D3");
    EXPECT_FALSE(cache.find("T11", "U"));
}

TEST(DmChannelCache, ForgetsOnlyTheIdItWasToldAbout) {
    DmChannelCache cache;
    cache.remember("T1", "U1", "DOLD");
    // Another worker already replaced the stale id: a late forget of the old one keeps it.
    cache.remember("T1", "U1", "DNEW");
    cache.forget("T1", "U1", "DOLD");
    EXPECT_EQ(cache.find("T1", "U1"), "DNEW");
    cache.forget("T1", "U1", "DNEW");
    EXPECT_FALSE(cache.find("T1", "U1"));
}

TEST(DmChannelCache, StaysWithinItsBound) {
    DmChannelCache cache(3);
    for (int i = 0; i < 3; ++i) cache.remember("T", "U" + std::to_string(i), "D");
    EXPECT_EQ(cache.size(), 3u);
    // Updating a known customer does not count as a new one.
    cache.remember("T", "U0", "D0");
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_EQ(cache.find("T", "U0"), "D0");
    cache.remember("T", "U3", "D3");
    EXPECT_LE(cache.size(), 3u);
    EXPECT_EQ(cache.find("T", "U3"), "D3");
    for (int i = 4; i < 100; ++i) cache.remember("T", "U" + std::to_string(i), "D");
    EXPECT_LE(cache.size(), 3u);
}

TEST(DmChannelCache, SharedByManyThreads) {
    DmChannelCache cache(50);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&cache, t] {
            for (int i = 0; i < 2000; ++i) {
                auto user = "U" + std::to_string((i * 7 + t) % 80);
                if (auto found = cache.find("T", user)) {
                    EXPECT_EQ(*found, "D" + user);
                    if (i % 5 == 0) cache.forget("T", user, *found);
                } else {
                    cache.remember("T", user, "D" + user);
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_LE(cache.size(), 50u);
}

TEST(DmChannelCache, StaleChannelErrors) {
    slack::SlackError error;
    for (auto code : {slack::SlackErrorCode::ChannelNotFound, slack::SlackErrorCode::IsArchived,
                      slack::SlackErrorCode::NotInChannel}) {
        error.code = code;
        EXPECT_TRUE(is_stale_channel_error(error));
    }
    for (auto code : {slack::SlackErrorCode::MessageNotFound, slack::SlackErrorCode::RateLimited,
                      slack::SlackErrorCode::InvalidAuth, slack::SlackErrorCode::Timeout}) {
        error.code = code;
        EXPECT_FALSE(is_stale_channel_error(error));
    }
}

}  // namespace
}  // namespace megatron::commands::relay
