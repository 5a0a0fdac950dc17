// The scheduled jobs' payloads survive the queue (and refuse what they cannot read).
#include "commands/scheduled/scheduled_jobs.hpp"

#include <gtest/gtest.h>

namespace megatron::commands::scheduled {
namespace {

TEST(ScheduledJobs, ChannelTaskRoundTrips) {
    auto back = channel_task_from(to_payload(ChannelTask{42}));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->channel_id, 42);
    EXPECT_FALSE(channel_task_from("{}"));
    EXPECT_FALSE(channel_task_from("not json"));
    EXPECT_FALSE(channel_task_from(R"({"channel_id":"42"})"));
}

TEST(ScheduledJobs, ProfileRefreshRoundTripsBothScopes) {
    for (auto scope :
         {ProfileRefresh::Scope::CustomerWorkspace, ProfileRefresh::Scope::SupportIntegration}) {
        auto back = profile_refresh_from(to_payload(ProfileRefresh{scope, 7, 1'700'000'000'000}));
        ASSERT_TRUE(back);
        EXPECT_EQ(back->scope, scope);
        EXPECT_EQ(back->id, 7);
        EXPECT_EQ(back->stale_before_ms, 1'700'000'000'000);
    }
    EXPECT_FALSE(profile_refresh_from(R"({"scope":"galaxy","id":1,"stale_before_ms":2})"));
    EXPECT_FALSE(profile_refresh_from(R"({"scope":"workspace","id":1})"));
}

TEST(ScheduledJobs, PeriodStartOfTheSchedulersPayload) {
    EXPECT_EQ(period_start_from(R"({"period_start_ms":1700000040000})"), 1700000040000);
    EXPECT_FALSE(period_start_from("{}"));
}

}  // namespace
}  // namespace megatron::commands::scheduled
