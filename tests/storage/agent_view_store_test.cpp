// What agents see (issue 19) in storage: a help request's claim is decided by one conditional
// UPDATE, so of many agents claiming at once through two Database objects (two processes'
// pools) exactly one wins; closing is once; organization settings default and change;
// hand-back timers start with a pause, move with an agent's message and stop on unpause.
#include "backend.hpp"
#include "customer_world.hpp"
#include "storage/customer_data.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace megatron::storage::test {
namespace {

class AgentViewStore : public BackendTest {
  protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(migrate(db(), core_migrations()));
        Store store(db(), clock_);
        auto world = make_customer_world(store, {{"UCARLA", "carla"}});
        ASSERT_EQ(world.channels.size(), 1u);
        org_id_ = world.organization_id;
        integration_id_ = world.integration_id;
        workspace_id_ = world.workspace_id;
        channel_id_ = world.channels.front();
    }

    HelpRequest request(const std::string& ts) {
        HelpRequest r;
        r.organization_id = org_id_;
        r.integration_id = integration_id_;
        r.channel = "CHELP";
        r.message_ts = ts;
        r.workspace_platform_id = "TCUS";
        r.customer = "UCARLA";
        r.requester = "carla@cust";
        r.requested_at = clock_.now_millis();
        return r;
    }

    ManualClock clock_;
    std::int64_t org_id_ = 0;
    std::int64_t integration_id_ = 0;
    std::int64_t workspace_id_ = 0;
    std::int64_t channel_id_ = 0;  // carla's engagement channel, not paused
};

TEST_P(AgentViewStore, ManyAgentsClaimingAtOnceThroughTwoDatabasesExactlyOneWins) {
    Store store(db(), clock_);
    auto recorded = store.record_help_request(request("1.1"));
    ASSERT_OK(recorded);
    auto second = open_another();
    ASSERT_NE(second, nullptr);
    constexpr int kAgents = 8;
    std::atomic<int> wins{0};
    std::atomic<int> failures{0};
    std::latch start(kAgents);
    std::vector<std::thread> agents;
    for (int i = 0; i < kAgents; ++i) {
        Database& target = i % 2 == 0 ? db() : *second;
        agents.emplace_back([&, i] {
            Store mine(target, clock_);
            start.arrive_and_wait();  // all at once
            auto won = mine.claim_help_request(recorded->id, "UAGENT" + std::to_string(i), 1);
            if (!won) {
                ++failures;
            } else if (*won) {
                ++wins;
            }
        });
    }
    for (auto& agent : agents) agent.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(wins.load(), 1);
    auto now = store.help_request(recorded->id);
    ASSERT_OK(now);
    ASSERT_TRUE(now->claimed_by.has_value());
    // The winner's job running again still holds it; nobody else can take it.
    EXPECT_TRUE(*store.claim_help_request(recorded->id, *now->claimed_by, 2));
    EXPECT_FALSE(*store.claim_help_request(recorded->id, "ULATE", 3));
    EXPECT_EQ(store.help_request(recorded->id)->claimed_at, now->claimed_at);
}

TEST_P(AgentViewStore, AHelpRequestIsRecordedOnceClosedOnceAndThenNotClaimable) {
    Store store(db(), clock_);
    auto first = store.record_help_request(request("2.1"));
    ASSERT_OK(first);
    auto again = store.record_help_request(request("2.1"));
    ASSERT_OK(again);
    EXPECT_EQ(again->id, first->id);
    EXPECT_EQ(again->requester, "carla@cust");

    auto open = store.open_help_request_for("TCUS", "UCARLA");
    ASSERT_OK(open);
    ASSERT_TRUE(open->has_value());
    EXPECT_TRUE(*store.close_help_request(first->id, "UALICE", 5));
    EXPECT_FALSE(*store.close_help_request(first->id, "UBOB", 6));
    EXPECT_EQ(store.help_request(first->id)->closed_by, "UALICE");
    EXPECT_FALSE(*store.claim_help_request(first->id, "UBOB", 7));
    EXPECT_FALSE(store.open_help_request_for("TCUS", "UCARLA")->has_value());
}

TEST_P(AgentViewStore, UnclaimedRequestsAreThoseNeitherClaimedClosedNorEscalated) {
    Store store(db(), clock_);
    auto a = store.record_help_request(request("3.1"));
    auto b = store.record_help_request(request("3.2"));
    auto c = store.record_help_request(request("3.3"));
    ASSERT_OK(a);
    ASSERT_OK(b);
    ASSERT_OK(c);
    ASSERT_TRUE(*store.claim_help_request(b->id, "UALICE", 1));
    ASSERT_OK(store.mark_help_request_escalated(c->id, 1));
    auto due = store.unclaimed_help_requests(clock_.now_millis());
    ASSERT_OK(due);
    ASSERT_EQ(due->size(), 1u);
    EXPECT_EQ(due->front().id, a->id);
    // Not yet old enough: none.
    EXPECT_TRUE(store.unclaimed_help_requests(clock_.now_millis() - 1)->empty());
}

TEST_P(AgentViewStore, OrganizationSettingsDefaultOffAndChange) {
    Store store(db(), clock_);
    auto defaults = store.organization_settings(org_id_);
    ASSERT_OK(defaults);
    EXPECT_FALSE(defaults->auto_pause_on_claim);
    EXPECT_EQ(defaults->hand_back_minutes, 0);
    ASSERT_OK(store.set_organization_settings(org_id_, {true, 15}));
    ASSERT_OK(store.set_organization_settings(org_id_, {true, 20}));
    auto now = store.organization_settings(org_id_);
    ASSERT_OK(now);
    EXPECT_TRUE(now->auto_pause_on_claim);
    EXPECT_EQ(now->hand_back_minutes, 20);
}

TEST_P(AgentViewStore, HandBackTimersStartWithAPauseMoveWithAgentMessagesAndStopOnUnpause) {
    Store store(db(), clock_);
    const auto channel = store.channel(channel_id_);
    ASSERT_OK(channel);
    ASSERT_OK(store.set_paused(channel->id, true));
    // hand_back_minutes 0 (the default): no timers.
    EXPECT_TRUE(store.hand_back_timers()->empty());
    ASSERT_OK(store.set_organization_settings(org_id_, {false, 10}));
    auto timers = store.hand_back_timers();
    ASSERT_OK(timers);
    ASSERT_EQ(timers->size(), 1u);
    const auto paused_at = clock_.now_millis();
    EXPECT_EQ(timers->front().quiet_since, paused_at);
    EXPECT_EQ(timers->front().minutes, 10);
    EXPECT_FALSE(timers->front().warned_at);

    ASSERT_OK(store.mark_hand_back_warned(channel->id, paused_at + 1000));
    EXPECT_EQ(store.hand_back_timer(channel->id)->value().warned_at, paused_at + 1000);
    // An agent's message starts a new quiet period; a customer's does not.
    clock_.set_millis(paused_at + 5000);
    ASSERT_OK(store.create_message(channel->id, "9.1", "9.2", MessageOrigin::Customer));
    EXPECT_EQ(store.hand_back_timer(channel->id)->value().quiet_since, paused_at);
    clock_.set_millis(paused_at + 7000);
    ASSERT_OK(store.create_message(channel->id, "9.3", "9.4", MessageOrigin::Agent));
    EXPECT_EQ(store.hand_back_timer(channel->id)->value().quiet_since, paused_at + 7000);
    // Keep paused restarts it, without the warning.
    clock_.set_millis(paused_at + 9000);
    ASSERT_OK(store.restart_hand_back(channel->id, paused_at + 9000));
    auto kept = store.hand_back_timer(channel->id);
    ASSERT_OK(kept);
    EXPECT_EQ((*kept)->quiet_since, paused_at + 9000);
    EXPECT_FALSE((*kept)->warned_at);

    ASSERT_OK(store.set_paused(channel->id, false));
    EXPECT_TRUE(store.hand_back_timers()->empty());
    EXPECT_EQ(count("hand_backs"), 0);
}

// `admin customer forget` takes the customer's help requests too (their name is in them).
TEST_P(AgentViewStore, ForgettingTheCustomerDeletesTheirHelpRequests) {
    Store store(db(), clock_);
    ASSERT_OK(store.record_help_request(request("4.1")));
    AuditEntry entry;
    entry.actor = "admin";
    entry.action = "forget";
    entry.via = audit_via::kAdmin;
    ASSERT_OK(forget_customer(db(), clock_, workspace_id_, "UCARLA", entry));
    EXPECT_EQ(count("help_requests"), 0);
}

MEGATRON_INSTANTIATE_BACKENDS(AgentViewStore);

}  // namespace
}  // namespace megatron::storage::test
