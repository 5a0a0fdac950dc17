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
            auto gone = run(k, payload::write(job));
            const auto* done = std::get_if<jobs::outcome::Done>(&gone);
            ASSERT_NE(done, nullptr) << k;
            EXPECT_EQ(boost::json::parse(done->result).at("skipped"), "gone") << k;
        }
    }
}

// Every member of the relay's requests survives the payload (a member missing from a
// request's description would come back empty).
TEST(RelayPayloads, RoundTripEveryMember) {
    namespace json = boost::json;
    MirrorCustomerMessage customer{
        1, "U0CUST", "hi", "1.1", json::parse(R"([{"t":1}])"), json::parse(R"([{"id":"F1"}])")};
    auto c = payload::read<MirrorCustomerMessage>(payload::write(customer));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->channel_id, 1);
    EXPECT_EQ(c->user, "U0CUST");
    EXPECT_EQ(c->text, "hi");
    EXPECT_EQ(c->ts, "1.1");
    EXPECT_EQ(c->attachments, customer.attachments);
    EXPECT_EQ(c->files, customer.files);

    MirrorBotMessage bot{2, "reply", json::parse("[]"), json::parse(R"([{"type":"divider"}])"),
                         "2.2"};
    auto b = payload::read<MirrorBotMessage>(payload::write(bot));
    ASSERT_TRUE(b);
    EXPECT_EQ(b->channel_id, 2);
    EXPECT_EQ(b->text, "reply");
    EXPECT_EQ(b->attachments, bot.attachments);
    EXPECT_EQ(b->blocks, bot.blocks);
    EXPECT_EQ(b->ts, "2.2");

    UpdateMirroredMessage edit{3, "3.0", "3.1", "edited", nullptr};
    auto e = payload::read<UpdateMirroredMessage>(payload::write(edit));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->channel_id, 3);
    EXPECT_EQ(e->previous_ts, "3.0");
    EXPECT_EQ(e->ts, "3.1");
    EXPECT_EQ(e->text, "edited");
    EXPECT_TRUE(e->attachments.is_null());

    AgentMessageJob agent{4, "U0AGENT", "4.1", "4.0", "hello", nullptr, json::parse("[]")};
    auto a = payload::read<AgentMessageJob>(payload::write(agent));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->channel_id, 4);
    EXPECT_EQ(a->agent_id, "U0AGENT");
    EXPECT_EQ(a->ts, "4.1");
    EXPECT_EQ(a->previous_ts, "4.0");
    EXPECT_EQ(a->text, "hello");
    EXPECT_EQ(a->blocks, agent.blocks);
}

TEST(RelayPayloads, RefuseWhatTheyCannotRun) {
    EXPECT_FALSE(payload::read<MirrorCustomerMessage>(R"({"channel_id":1,"user":"U1"})"));  // no ts
    EXPECT_FALSE(
        payload::read<MirrorCustomerMessage>(R"({"channel_id":"1","user":"U1","ts":"1"})"));
    EXPECT_FALSE(payload::read<MirrorBotMessage>(R"({"text":"no channel"})"));
    EXPECT_FALSE(
        payload::read<UpdateMirroredMessage>(R"({"channel_id":1,"ts":"2"})"));  // no previous
    EXPECT_FALSE(payload::read<AgentMessageJob>("[1,2]"));
    EXPECT_TRUE(payload::read<MirrorBotMessage>(R"({"channel_id":1})"));
}

}  // namespace
}  // namespace megatron::commands::relay
