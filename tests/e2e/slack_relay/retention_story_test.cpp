// Retention end to end (issue 20): Megatron in megatron-test mode, its clock moved forward, the
// hourly scheduled job prunes what MEGATRON_RETAIN_DAYS allows and nothing more; the audit log
// stays.
#include "e2e/slack_relay/clocked_relay_test.hpp"

#include "storage/audit_log.hpp"

namespace megatron::test {
namespace {

constexpr std::int64_t kDay = 24 * 3600;

class RetentionStories : public ClockedRelayTest {
  protected:
    std::int64_t rows(const std::string& table) {
        auto r = db_->execute("SELECT COUNT(*) FROM " + table);
        EXPECT_TRUE(r) << r.error().message;
        return r ? r->rows.at(0).integer(0) : -1;
    }
};

TEST_P(RetentionStories, TheHourlyJobPrunesOldMappingsThenProfilesAndKeepsTheAuditLog) {
    auto channel_id = open_channel_for_carla();
    ASSERT_FALSE(channel_id.empty());
    EXPECT_TRUE(sim_.user_says(channel_id, agent_, "Hello Carla").delivered());
    ASSERT_TRUE(eventually([&] { return rows("messages") == 1; }));
    ASSERT_EQ(rows("platform_users"), 1);

    // 91 days on: the idle channel is archived (now) and the mapping is past retention; the
    // profile stays, its channel was closed only now.
    advance_clock(91 * kDay);
    ASSERT_TRUE(eventually([&] { return rows("messages") == 0; }));
    ASSERT_TRUE(eventually([&] { return channel_of_customer()->is_archived; }));
    EXPECT_EQ(rows("platform_users"), 1);

    // 91 more days: the profile of the channel closed that long ago goes too.
    advance_clock(91 * kDay);
    ASSERT_TRUE(eventually([&] { return rows("platform_users") == 0; }));

    SystemClock clock;
    auto entries = storage::AuditLog(*db_, clock).list({});
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ(entries->at(0).action, "open");
    EXPECT_EQ(entries->at(1).action, "archive");
    EXPECT_EQ(entries->at(1).via, "scheduled_task");
    EXPECT_EQ(entries->at(1).actor, "megatron");
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionStories,
                         ::testing::Values(Backend::Sqlite, Backend::PostgresRedis), backend_name);

}  // namespace
}  // namespace megatron::test
