// The scheduled jobs' payloads survive the queue (and refuse what they cannot read).
#include "commands/scheduled/scheduled_jobs.hpp"

#include <gtest/gtest.h>

namespace megatron::commands::scheduled {
namespace {

TEST(ScheduledJobs, ChannelTaskRoundTrips) {
    auto back = payload::read<ChannelTask>(payload::write(ChannelTask{42}));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->channel_id, 42);
    EXPECT_FALSE(payload::read<ChannelTask>("{}"));
    EXPECT_FALSE(payload::read<ChannelTask>("not json"));
    EXPECT_FALSE(payload::read<ChannelTask>(R"({"channel_id":"42"})"));
}

TEST(ScheduledJobs, ProfileRefreshRoundTripsBothScopes) {
    for (auto scope :
         {ProfileRefresh::Scope::CustomerWorkspace, ProfileRefresh::Scope::SupportIntegration}) {
        auto back = payload::read<ProfileRefresh>(
            payload::write(ProfileRefresh{scope, 7, 1'700'000'000'000}));
        ASSERT_TRUE(back);
        EXPECT_EQ(back->scope, scope);
        EXPECT_EQ(back->id, 7);
        EXPECT_EQ(back->stale_before_ms, 1'700'000'000'000);
    }
    EXPECT_FALSE(payload::read<ProfileRefresh>(R"({"scope":"galaxy","id":1,"stale_before_ms":2})"));
    EXPECT_FALSE(payload::read<ProfileRefresh>(R"({"scope":"workspace","id":1})"));
}

TEST(ScheduledJobs, PeriodStartOfTheSchedulersPayload) {
    EXPECT_EQ(period_start_from(R"({"period_start_ms":1700000040000})"), 1700000040000);
    EXPECT_FALSE(period_start_from("{}"));
}

}  // namespace
}  // namespace megatron::commands::scheduled
