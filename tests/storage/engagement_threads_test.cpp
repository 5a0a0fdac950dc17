// Threads mode's storage (issue 21): an organization's engagement settings, and many thread
// engagements in one support channel, each found by its parent message and by its messages.
#include "storage/backend.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"

#include <gtest/gtest.h>

namespace megatron::storage::test {
namespace {

class EngagementThreadsTest : public BackendTest {
  protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(migrate(db(), core_migrations()));
        store_ = std::make_unique<Store>(db(), clock_);
        auto org = store_->create_organization("acme", std::nullopt);
        ASSERT_OK(org);
        org_ = org->organization.id;
        auto integration =
            store_->create_integration(org_, PlatformType::Slack, "TS", Secret("xoxb-s"));
        ASSERT_OK(integration);
        integration_ = integration->id;
        auto ws = store_->upsert_workspace(
            org_, {"customers", PlatformType::Slack, "TC", "customers", Secret("xoxb-c")});
        ASSERT_OK(ws);
        workspace_ = ws->id;
    }
    Channel thread_for(const std::string& user, const std::string& parent_ts) {
        NewChannel row{org_, integration_, workspace_, user, "CSUPPORT", user, 0, parent_ts};
        auto made = store_->upsert_channel(row);
        EXPECT_TRUE(made) << made.error().message;
        return made ? made->channel : Channel{};
    }

    ManualClock clock_;
    std::unique_ptr<Store> store_;
    std::int64_t org_ = 0;
    std::int64_t integration_ = 0;
    std::int64_t workspace_ = 0;
};

TEST_P(EngagementThreadsTest, AnOrganizationStartsInChannelModeAndCanSwitch) {
    auto settings = store_->engagement_settings(org_);
    ASSERT_OK(settings);
    EXPECT_EQ(settings->mode, EngagementMode::Channels);
    EXPECT_EQ(settings->support_channel, "");
    EXPECT_EQ(settings->note_prefix, "//");
    ASSERT_OK(store_->set_engagement_settings(org_, {EngagementMode::Threads, "#support", "%%"}));
    settings = store_->engagement_settings(org_);
    ASSERT_OK(settings);
    EXPECT_EQ(settings->mode, EngagementMode::Threads);
    EXPECT_EQ(settings->support_channel, "#support");
    EXPECT_EQ(settings->note_prefix, "%%");
    EXPECT_FALSE(store_->engagement_settings(org_ + 100));
}

TEST_P(EngagementThreadsTest, ManyThreadsShareOneSupportChannelAndAreFoundApart) {
    auto carla = thread_for("UCARLA", "100.000001");
    auto dave = thread_for("UDAVE", "100.000002");
    ASSERT_NE(carla.id, dave.id);
    EXPECT_EQ(carla.platform_channel_id, "CSUPPORT");
    EXPECT_EQ(carla.thread_ts, "100.000001");
    EXPECT_TRUE(carla.is_thread());

    auto found = store_->find_engagement_thread(integration_, "CSUPPORT", "100.000002");
    ASSERT_OK(found);
    ASSERT_TRUE(*found);
    EXPECT_EQ((*found)->id, dave.id);
    EXPECT_EQ((*found)->platform_channel_id, "CSUPPORT");
    // The support channel itself is not an engagement channel.
    auto channel = store_->find_channel_by_platform_channel(integration_, "CSUPPORT");
    ASSERT_OK(channel);
    EXPECT_FALSE(*channel);
    auto none = store_->find_engagement_thread(integration_, "CSUPPORT", "100.000009");
    ASSERT_OK(none);
    EXPECT_FALSE(*none);

    // A message of Carla's thread (a mirror, an agent's reply) leads to her engagement.
    ASSERT_OK(store_->create_message(carla.id, "100.000050", "9.1", MessageOrigin::Customer));
    auto of_message = store_->find_engagement_of_message(integration_, "CSUPPORT", "100.000050");
    ASSERT_OK(of_message);
    ASSERT_TRUE(*of_message);
    EXPECT_EQ((*of_message)->id, carla.id);
    auto of_parent = store_->find_engagement_of_message(integration_, "CSUPPORT", "100.000002");
    ASSERT_OK(of_parent);
    ASSERT_TRUE(*of_parent);
    EXPECT_EQ((*of_parent)->id, dave.id);
    auto elsewhere = store_->find_engagement_of_message(integration_, "COTHER", "100.000050");
    ASSERT_OK(elsewhere);
    EXPECT_FALSE(*elsewhere);
}

TEST_P(EngagementThreadsTest, AChannelEngagementMovesToAThreadAndBackAndRemembersWhoPaused) {
    NewChannel channel_row{org_, integration_, workspace_, "zz-carla", "CZZ", "UCARLA", 0, ""};
    auto made = store_->upsert_channel(channel_row);
    ASSERT_OK(made);
    EXPECT_FALSE(made->channel.is_thread());
    auto moved = thread_for("UCARLA", "200.000001");
    EXPECT_EQ(moved.id, made->channel.id);  // the customer keeps one engagement
    EXPECT_EQ(moved.thread_ts, "200.000001");
    ASSERT_OK(store_->set_paused(moved.id, true));
    ASSERT_OK(store_->set_paused_by(moved.id, "UALICE"));
    auto read = store_->channel(moved.id);
    ASSERT_OK(read);
    EXPECT_EQ(read->paused_by, "UALICE");
    ASSERT_OK(store_->set_paused(moved.id, false));
    read = store_->channel(moved.id);
    ASSERT_OK(read);
    EXPECT_EQ(read->paused_by, "");
    auto back = store_->upsert_channel(channel_row);
    ASSERT_OK(back);
    EXPECT_FALSE(back->channel.is_thread());
    EXPECT_EQ(back->channel.platform_channel_id, "CZZ");
}

MEGATRON_INSTANTIATE_BACKENDS(EngagementThreadsTest);

}  // namespace
}  // namespace megatron::storage::test
