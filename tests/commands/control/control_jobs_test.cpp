// commands/control on its own: the control job's payload, and a control command carried out
// against a real (SQLite) database where its answer needs no Slack call.
#include "commands/control/control_jobs.hpp"
#include "commands/control/control_command.hpp"
#include "commands/sqlite_database.hpp"
#include "storage/store.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace megatron::commands::control {
namespace {

ControlJob sample_job() {
    ControlJob job;
    job.verb = "pause";
    job.integration_id = 7;
    job.channel = "C0ENGAGE";
    job.agent_id = "U0AGENT";
    job.response_url = "https://hooks.slack.com/actions/T0/1/abc";
    job.target_workspace_id = "T0CUST";
    job.target_user_id = "U0CUST";
    job.target_name = "carla";
    job.text = "hello";
    return job;
}

TEST(ControlJobPayload, RoundTrips) {
    auto job = sample_job();
    auto back = payload::read<ControlJob>(payload::write(job));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->verb, job.verb);
    EXPECT_EQ(back->integration_id, job.integration_id);
    EXPECT_EQ(back->channel, job.channel);
    EXPECT_EQ(back->agent_id, job.agent_id);
    EXPECT_EQ(back->response_url, job.response_url);
    EXPECT_EQ(back->target_workspace_id, job.target_workspace_id);
    EXPECT_EQ(back->target_user_id, job.target_user_id);
    EXPECT_EQ(back->target_name, job.target_name);
    EXPECT_EQ(back->text, job.text);
}

// Jobs queued by an older Megatron carry exactly these keys; they must still read.
TEST(ControlJobPayload, ReadsTheKeysQueuedJobsCarry) {
    auto payload = boost::json::parse(payload::write(sample_job())).as_object();
    for (const char* key : {"verb", "integration_id", "channel", "agent_id", "response_url",
                            "target_workspace_id", "target_user_id", "target_name", "text"}) {
        EXPECT_TRUE(payload.contains(key)) << key;
    }
    auto old = payload::read<ControlJob>(R"({"verb":"close","integration_id":3,"channel":"C1"})");
    ASSERT_TRUE(old.has_value());
    EXPECT_EQ(old->verb, "close");
    EXPECT_EQ(old->integration_id, 3);
    EXPECT_EQ(old->target_user_id, "");
}

TEST(ControlJobPayload, RefusesWhatItCannotRun) {
    EXPECT_FALSE(payload::read<ControlJob>("not json"));
    EXPECT_FALSE(payload::read<ControlJob>("[]"));
    EXPECT_FALSE(payload::read<ControlJob>(R"({"verb":"pause"})"));  // no integration
    EXPECT_FALSE(
        payload::read<ControlJob>(R"({"verb":"pause","integration_id":"7"})"));    // not a number
    EXPECT_FALSE(payload::read<ControlJob>(R"({"integration_id":7})"));            // no verb
    EXPECT_FALSE(payload::read<ControlJob>(R"({"verb":"","integration_id":7})"));  // empty verb
}

// The control handler with a real database and no Slack: only answers that need no Slack
// call are driven here (the Slack side is covered end to end in tests/e2e/slack_relay).
class ControlCommandRun : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = test::migrated_sqlite(dir_.path());
        ASSERT_NE(db_, nullptr);
        storage::Store store(*db_, clock_);
        auto org = store.create_organization("Acme", std::nullopt);
        ASSERT_TRUE(org);
        auto integration =
            store.create_integration(org->organization.id, storage::PlatformType::Slack,
                                     "T0SUPPORT", Secret("xoxb-support"));
        ASSERT_TRUE(integration);
        integration_id_ = integration->id;
        add_control_handlers(registry_, *db_, clock_,
                             {"http://127.0.0.1:9/api/", "Megatron", "zz-", 20});
    }

    jobs::JobOutcome run(const std::string& payload) {
        return registry_.factories().at(kControlCommandKind)()->run(
            test::first_run(kControlCommandKind, payload));
    }

    // The agent's answer a Done outcome recorded.
    static std::string reply_of(const jobs::JobOutcome& outcome) {
        const auto* done = std::get_if<jobs::outcome::Done>(&outcome);
        if (done == nullptr) return "<not done>";
        return std::string(boost::json::parse(done->result).at("reply").as_string());
    }

    ControlJob job_for(std::string verb) {
        ControlJob job;
        job.verb = std::move(verb);
        job.integration_id = integration_id_;
        job.channel = "C0SOMEWHERE";
        job.agent_id = "U0AGENT";
        return job;
    }

    megatron::test::TempDir dir_;
    SystemClock clock_;
    std::unique_ptr<storage::Database> db_;
    jobs::HandlerRegistry registry_;
    std::int64_t integration_id_ = 0;
};

TEST_F(ControlCommandRun, RegistersOnlyTheControlKind) {
    ASSERT_EQ(registry_.factories().size(), 1u);
    EXPECT_EQ(registry_.factories().begin()->first, kControlCommandKind);
}

TEST_F(ControlCommandRun, AnUnreadablePayloadIsFatal) {
    auto outcome = run(R"({"verb":"pause"})");
    const auto* fatal = std::get_if<jobs::outcome::Fatal>(&outcome);
    ASSERT_NE(fatal, nullptr);
    EXPECT_EQ(fatal->error, "payload is not a control command");
}

TEST_F(ControlCommandRun, NoUserAndNotInAnEngagementChannelAsksForOne) {
    EXPECT_EQ(reply_of(run(payload::write(job_for("pause")))),
              "Please specify a user for this command.");
}

TEST_F(ControlCommandRun, AnUnknownCustomerWorkspaceIsSaid) {
    auto job = job_for("open");
    job.target_workspace_id = "T0NOBODY";
    job.target_user_id = "U0NOBODY";
    EXPECT_EQ(reply_of(run(payload::write(job))), "Customer workspace not found.");
}

TEST_F(ControlCommandRun, SearchWithoutACommandUrlIsSaid) {
    auto job = job_for("open");
    job.target_name = "carla";
    EXPECT_EQ(reply_of(run(payload::write(job))),
              "No command_url is configured, so users cannot be searched.");
}

TEST_F(ControlCommandRun, ClosingACustomerWithoutAChannelIsSaid) {
    storage::Store store(*db_, clock_);
    auto org = store.find_organization_by_name("Acme");
    ASSERT_TRUE(org && *org);
    auto workspace =
        store.upsert_workspace((*org)->id, {"Customer Co", storage::PlatformType::Slack, "T0CUST",
                                            "customer-co", Secret("xoxb-customer")});
    ASSERT_TRUE(workspace);
    auto job = job_for("close");
    job.target_workspace_id = "T0CUST";
    job.target_user_id = "U0CUST";
    EXPECT_EQ(reply_of(run(payload::write(job))), "Couldn't find an open channel.");
}

TEST_F(ControlCommandRun, AnUnknownVerbIsSaid) {
    storage::Store store(*db_, clock_);
    auto org = store.find_organization_by_name("Acme");
    ASSERT_TRUE(org && *org);
    ASSERT_TRUE(
        store.upsert_workspace((*org)->id, {"Customer Co", storage::PlatformType::Slack, "T0CUST",
                                            "customer-co", Secret("xoxb-customer")}));
    auto job = job_for("dance");
    job.target_workspace_id = "T0CUST";
    job.target_user_id = "U0CUST";
    EXPECT_EQ(reply_of(run(payload::write(job))), "Unknown command: dance");
}

// Known customer, no engagement channel, no command_url: each verb says what is missing
// before it would call Slack or the bot app.
class ControlCommandForACustomer : public ControlCommandRun {
  protected:
    void SetUp() override {
        ControlCommandRun::SetUp();
        storage::Store store(*db_, clock_);
        auto org = store.find_organization_by_name("Acme");
        ASSERT_TRUE(org && *org);
        ASSERT_TRUE(
            store.upsert_workspace((*org)->id, {"Customer Co", storage::PlatformType::Slack,
                                                "T0CUST", "customer-co", Secret("xoxb-customer")}));
    }

    std::string reply_to(std::string verb, std::string text = {}) {
        auto job = job_for(std::move(verb));
        job.target_workspace_id = "T0CUST";
        job.target_user_id = "U0CUST";
        job.text = std::move(text);
        return reply_of(run(payload::write(job)));
    }
};

TEST_F(ControlCommandForACustomer, PauseAndUnpauseNeedAnOpenChannel) {
    EXPECT_EQ(reply_to("pause"), "Couldn't find an open channel.");
    EXPECT_EQ(reply_to("unpause"), "Couldn't find an open channel.");
}

TEST_F(ControlCommandForACustomer, ClearContextWithoutACommandUrlIsSaid) {
    EXPECT_EQ(reply_to("clear-context"), "No command_url is configured for this organization.");
}

TEST_F(ControlCommandForACustomer, DoWithoutACommandUrlIsSaid) {
    EXPECT_EQ(reply_to("do", "hello bot"), "No command_url is configured for this organization.");
}

}  // namespace
}  // namespace megatron::commands::control
