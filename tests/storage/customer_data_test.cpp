// Forgetting a customer and the audit log (issue 20), on both back ends: nothing of the
// customer's stored data survives, the audit row names ids only, repeating is a no-op, and the
// audit log keeps its rows.
#include "storage/customer_data.hpp"
#include "backend.hpp"
#include "customer_world.hpp"
#include "storage/audit_log.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"

#include <gtest/gtest.h>

namespace megatron::storage::test {
namespace {

class CustomerDataTest : public BackendTest {
  protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(migrate(db(), core_migrations()));
        Store store(db(), clock_);
        auto world =
            make_customer_world(store, {{"UCARLA", "carla.private"}, {"UDAVE", "dave.stays"}});
        ASSERT_EQ(world.channels.size(), 2u);
        org_id_ = world.organization_id;
        workspace_id_ = world.workspace_id;
        for (std::size_t i = 0; i < 2; ++i) {
            const std::string name = i == 0 ? "carla.private" : "dave.stays";
            ASSERT_OK(store.create_message(world.channels[i], name + "-support-ts", name + "-dm-ts",
                                           MessageOrigin::Customer));
            ASSERT_OK(store.create_message(world.channels[i], name + "-agent-ts", std::nullopt,
                                           MessageOrigin::Agent));
        }
    }

    AuditEntry forget_entry() const {
        AuditEntry e;
        e.organization_id = org_id_;
        e.actor = "admin";
        e.action = "forget";
        e.via = audit_via::kAdmin;
        e.workspace = "TCUS";
        e.customer = "UCARLA";
        return e;
    }

    ManualClock clock_;
    std::int64_t org_id_ = 0;
    std::int64_t workspace_id_ = 0;
};

TEST_P(CustomerDataTest, FindShowsWhatWouldGoAndChangesNothing) {
    auto found = find_customer_data(db(), workspace_id_, "UCARLA");
    ASSERT_OK(found);
    ASSERT_TRUE(found->channel);
    EXPECT_EQ(found->channel->platform_channel_id, "CUCARLA");
    EXPECT_EQ(found->message_mappings, 2);
    EXPECT_TRUE(found->profile);
    // Only Megatron's own mirrors, not the agent's message.
    EXPECT_EQ(found->mirrored_ts, std::vector<std::string>{"carla.private-support-ts"});
    EXPECT_NE(all_stored_text().find("carla.private"), std::string::npos);
}

TEST_P(CustomerDataTest, ForgetLeavesNoStoredTextOfTheCustomerAndIsSafeToRepeat) {
    auto forgotten = forget_customer(db(), clock_, workspace_id_, "UCARLA", forget_entry());
    ASSERT_OK(forgotten);
    EXPECT_EQ(forgotten->message_mappings, 2);
    ASSERT_OK(flush_erased(db()));
    auto text = all_stored_text();
    EXPECT_EQ(text.find("carla.private"), std::string::npos);
    EXPECT_EQ(raw_copy().find("carla.private"), std::string::npos);
    EXPECT_NE(text.find("dave.stays"), std::string::npos);  // another customer is untouched

    auto again = forget_customer(db(), clock_, workspace_id_, "UCARLA", forget_entry());
    ASSERT_OK(again);
    EXPECT_TRUE(again->empty());
    auto log = AuditLog(db(), clock_).list({});
    ASSERT_OK(log);
    ASSERT_EQ(log->size(), 1u);  // the repeat recorded nothing
    EXPECT_EQ(log->front().action, "forget");
    EXPECT_EQ(log->front().customer, "UCARLA");
    EXPECT_EQ(log->front().at, clock_.now_millis());
}

TEST_P(CustomerDataTest, AuditRowsAreAppendedOnceAndFilteredAndOutliveTheirOrganization) {
    Store store(db(), clock_);
    AuditEntry pause;
    pause.organization_id = org_id_;
    pause.actor = "UAGENT";
    pause.action = "pause";
    pause.via = audit_via::kSlashCommand;
    pause.channel = "CUCARLA";
    ASSERT_OK(store.record_audit(pause, "job-1:pause"));
    ASSERT_OK(store.record_audit(pause, "job-1:pause"));  // a retried job
    clock_.set_millis(clock_.now_millis() + 60'000);
    pause.action = "unpause";
    pause.via = audit_via::kButton;
    pause.channel = "CUDAVE";
    ASSERT_OK(store.record_audit(pause, "job-2:unpause"));

    AuditLog log(db(), clock_);
    auto all = log.list({});
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 2u);
    auto in_channel = log.list({std::nullopt, "CUDAVE", std::nullopt, 100});
    ASSERT_OK(in_channel);
    ASSERT_EQ(in_channel->size(), 1u);
    EXPECT_EQ(in_channel->front().via, "button");
    auto recent = log.list({org_id_, "", clock_.now_millis(), 100});
    ASSERT_OK(recent);
    ASSERT_EQ(recent->size(), 1u);
    EXPECT_EQ(recent->front().action, "unpause");

    ASSERT_OK(store.delete_organization(org_id_));
    EXPECT_EQ(count("audit_log"), 2);
}

MEGATRON_INSTANTIATE_BACKENDS(CustomerDataTest);

}  // namespace
}  // namespace megatron::storage::test
