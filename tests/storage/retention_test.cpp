// Retention (issue 20) on both back ends: old mappings, profiles of long-closed channels and
// old event ids go in bounded batches; recent data, open channels' profiles and the audit log
// stay.
#include "storage/retention.hpp"
#include "backend.hpp"
#include "customer_world.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"

#include <gtest/gtest.h>

namespace megatron::storage::test {
namespace {

constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;

class RetentionTest : public BackendTest {
  protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(migrate(db(), core_migrations()));
        Store store(db(), clock_);
        channels_ = make_customer_world(store, {{"UOLD", "old"}, {"UOPEN", "open"}}).channels;
        ASSERT_EQ(channels_.size(), 2u);
        AuditEntry entry;
        entry.actor = "UAGENT";
        entry.action = "open";
        entry.via = audit_via::kSlashCommand;
        ASSERT_OK(store.record_audit(entry));
    }

    ManualClock clock_;
    std::vector<std::int64_t> channels_;
};

TEST_P(RetentionTest, OldRowsGoInBatchesAndRecentOnesStay) {
    Store store(db(), clock_);
    const auto start = clock_.now_millis();
    for (int i = 0; i < 5; ++i) {
        ASSERT_OK(store.create_message(channels_[0], "old-" + std::to_string(i), std::nullopt));
    }
    ASSERT_OK(store.mark_event_processed("Ev-old"));
    ASSERT_OK(store.set_archived(channels_[0], true));  // closed at `start`
    clock_.set_millis(start + 100 * kDay);
    ASSERT_OK(store.create_message(channels_[1], "recent", std::nullopt));
    const auto cutoff = clock_.now_millis() - 90 * kDay;

    auto first = prune_batch(db(), cutoff, 2);
    ASSERT_OK(first);
    EXPECT_EQ(first->message_mappings, 2);
    EXPECT_EQ(first->profiles, 1);  // UOLD's channel closed 100 days ago; UOPEN's is open
    EXPECT_EQ(first->processed_events, 1);
    std::int64_t rounds = 1;
    for (;; ++rounds) {
        auto next = prune_batch(db(), cutoff, 2);
        ASSERT_OK(next);
        if (next->total() == 0) break;
    }
    EXPECT_EQ(rounds, 3);  // 5 old mappings in batches of 2
    EXPECT_EQ(count("messages"), 1);
    EXPECT_EQ(count("platform_users"), 1);
    EXPECT_EQ(count("audit_log"), 1);
    EXPECT_EQ(count("channels"), 2);  // channels themselves stay (their ids are in the audit)
}

// Oldest first by date, not by id: imported history is stored after newer mappings (higher
// ids, older dates) and goes before them.
TEST_P(RetentionTest, TheOldestMappingsGoFirstWhateverTheirIds) {
    Store store(db(), clock_);
    const auto start = clock_.now_millis();
    ASSERT_OK(store.create_message(channels_[0], "first-stored", std::nullopt));
    clock_.set_millis(start - 30 * kDay);  // the original's message, imported afterwards
    ASSERT_OK(store.create_message(channels_[0], "imported", std::nullopt));
    clock_.set_millis(start + 100 * kDay);
    auto pruned = prune_batch(db(), clock_.now_millis() - 90 * kDay, 1);
    ASSERT_OK(pruned);
    EXPECT_EQ(pruned->message_mappings, 1);
    auto left = db().execute("SELECT integration_msg_id FROM messages");
    ASSERT_OK(left);
    ASSERT_EQ(left->rows.size(), 1u);
    EXPECT_EQ(left->rows[0].text(0), "first-stored");
}

TEST_P(RetentionTest, AChannelArchivedRecentlyKeepsItsProfile) {
    Store store(db(), clock_);
    clock_.set_millis(clock_.now_millis() + 100 * kDay);  // idle for 100 days...
    ASSERT_OK(store.set_archived(channels_[0], true));    // ...but closed only now
    auto pruned = prune_batch(db(), clock_.now_millis() - 90 * kDay, 100);
    ASSERT_OK(pruned);
    EXPECT_EQ(pruned->profiles, 0);
}

MEGATRON_INSTANTIATE_BACKENDS(RetentionTest);

}  // namespace
}  // namespace megatron::storage::test
