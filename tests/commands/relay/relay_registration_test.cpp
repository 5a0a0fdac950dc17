// commands/relay's registration: both directions under relay.*, and the agent kinds' older
// names (control.relay_agent_*) still run the same commands, so jobs queued before an
// upgrade are not parked as dead for want of a handler.
#include "commands/relay/relay_handlers.hpp"
#include "commands/sqlite_database.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace megatron::commands::relay {
namespace {

class RelayRegistration : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = test::migrated_sqlite(dir_.path());
        ASSERT_NE(db_, nullptr);
        add_relay_handlers(registry_, *db_, clock_,
                           {"http://127.0.0.1:9/api/", "Megatron", "", std::chrono::hours(1)});
    }

    jobs::JobOutcome run(const std::string& kind, const std::string& payload) {
        return registry_.factories().at(kind)()->run(test::first_run(kind, payload));
    }

    megatron::test::TempDir dir_;
    SystemClock clock_;
    std::unique_ptr<storage::Database> db_;
    jobs::HandlerRegistry registry_;
};

TEST_F(RelayRegistration, EveryKindOfBothDirections) {
    for (const char* kind :
         {kMirrorCustomerMessageKind, kMirrorBotMessageKind, kUpdateMirroredMessageKind,
          kRelayAgentMessageKind, kRelayAgentEditKind, kRelayAgentDeleteKind}) {
        EXPECT_EQ(registry_.factories().count(kind), 1u) << kind;
    }
    EXPECT_EQ(std::string(kRelayAgentMessageKind), "relay.agent_message");
    EXPECT_EQ(std::string(kRelayAgentEditKind), "relay.agent_edit");
    EXPECT_EQ(std::string(kRelayAgentDeleteKind), "relay.agent_delete");
}

TEST_F(RelayRegistration, OlderAgentKindNamesRunTheSameCommands) {
    const std::pair<const char*, const char*> kinds[] = {
        {"control.relay_agent_message", kRelayAgentMessageKind},
        {"control.relay_agent_edit", kRelayAgentEditKind},
        {"control.relay_agent_delete", kRelayAgentDeleteKind}};
    for (const auto& [old_kind, kind] : kinds) {
        ASSERT_EQ(registry_.factories().count(old_kind), 1u) << old_kind;
        // The same reading of the payload...
        auto unreadable = run(old_kind, R"({"text":"no channel"})");
        const auto* fatal = std::get_if<jobs::outcome::Fatal>(&unreadable);
        ASSERT_NE(fatal, nullptr) << old_kind;
        EXPECT_EQ(fatal->error, "payload is not an agent message");
        // ...and the same channel rule: a channel that is gone ends the job as done.
        AgentMessageJob job;
        job.channel_id = 404;
        job.agent_id = "U0AGENT";
        job.ts = "1700000000.000100";
        job.text = "hello";
        for (const char* k : {old_kind, kind}) {
            auto gone = run(k, to_payload(job));
            const auto* done = std::get_if<jobs::outcome::Done>(&gone);
            ASSERT_NE(done, nullptr) << k;
            EXPECT_EQ(boost::json::parse(done->result).at("skipped"), "gone") << k;
        }
    }
}

}  // namespace
}  // namespace megatron::commands::relay
