// Jobs already queued must still run after an upgrade: payloads written by the hand-written
// to_payload functions that job_payload.hpp (Boost.JSON value_from / try_value_to) replaced
// are read by the new code, and the new code writes the same bytes. The texts below are what
// those functions wrote (same keys, same order), one per kind family.
#include "commands/control/control_jobs.hpp"
#include "commands/files/file_jobs.hpp"
#include "commands/job_payload.hpp"
#include "commands/outreach/outreach_jobs.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "commands/scheduled/scheduled_jobs.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace megatron::commands {
namespace {

TEST(JobPayloadCompat, ReadsAndRewritesAnOldCustomerMessage) {
    const std::string old =
        R"({"channel_id":7,"user":"U0CUST","text":"hi","ts":"1700000000.000100",)"
        R"("attachments":null,"files":[{"id":"F1"}]})";
    auto job = payload::read<relay::MirrorCustomerMessage>(old);
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->channel_id, 7);
    EXPECT_EQ(job->user, "U0CUST");
    EXPECT_EQ(job->text, "hi");
    EXPECT_EQ(job->ts, "1700000000.000100");
    EXPECT_TRUE(job->attachments.is_null());
    EXPECT_EQ(job->files, boost::json::parse(R"([{"id":"F1"}])"));
    EXPECT_EQ(payload::write(*job), old);
}

TEST(JobPayloadCompat, ReadsAndRewritesAnOldAgentMessage) {
    const std::string old =
        R"({"channel_id":9,"agent_id":"U0AGENT","ts":"1.2","previous_ts":"","text":"hello",)"
        R"("attachments":null,"blocks":[{"type":"section"}]})";
    auto job = payload::read<relay::AgentMessageJob>(old);
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->channel_id, 9);
    EXPECT_EQ(job->agent_id, "U0AGENT");
    EXPECT_EQ(job->ts, "1.2");
    EXPECT_EQ(job->text, "hello");
    EXPECT_EQ(job->blocks, boost::json::parse(R"([{"type":"section"}])"));
    EXPECT_EQ(payload::write(*job), old);
}

TEST(JobPayloadCompat, ReadsAndRewritesAnOldFileTransfer) {
    const std::string old =
        R"({"direction":"to_support","channel_id":7,"user":"U0CUST","ts":"1.2","text":"",)"
        R"("files":[{"id":"F1","name":"a.pdf","title":"A","mimetype":"application/pdf",)"
        R"("url_private":"https://files.slack.test/F1",)"
        R"("url_private_download":"https://files.slack.test/F1/download","size":1234}]})";
    auto job = payload::read<files::TransferFilesJob>(old);
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->direction, files::Direction::ToSupport);
    ASSERT_EQ(job->files.size(), 1u);
    EXPECT_EQ(job->files[0].id, "F1");
    EXPECT_EQ(job->files[0].mimetype, "application/pdf");
    EXPECT_EQ(job->files[0].size, 1234);
    EXPECT_EQ(payload::write(*job), old);
}

TEST(JobPayloadCompat, ReadsAndRewritesAnOldDirectMessage) {
    const std::string old =
        R"({"workspace_id":3,"user":"U0CUST","message":{"text":"hello","attachments":null,)"
        R"("blocks":null}})";
    auto job = payload::read<outreach::DirectMessageJob>(old);
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->workspace_id, 3);
    EXPECT_EQ(job->user, "U0CUST");
    EXPECT_EQ(job->message.text, "hello");
    EXPECT_EQ(payload::write(*job), old);
}

TEST(JobPayloadCompat, ReadsAndRewritesAnOldProfileRefresh) {
    const std::string old = R"({"scope":"integration","id":5,"stale_before_ms":1700000000000})";
    auto job = payload::read<scheduled::ProfileRefresh>(old);
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->scope, scheduled::ProfileRefresh::Scope::SupportIntegration);
    EXPECT_EQ(job->id, 5);
    EXPECT_EQ(job->stale_before_ms, 1700000000000);
    EXPECT_EQ(payload::write(*job), old);
}

TEST(JobPayloadCompat, ReadsAndRewritesAnOldControlCommand) {
    const std::string old =
        R"({"verb":"open","integration_id":2,"channel":"C0ENGAGE","agent_id":"U0AGENT",)"
        R"("response_url":"https://hooks.slack.test/1","target_workspace_id":"T0CUST",)"
        R"("target_user_id":"U0CUST","target_name":"","text":""})";
    auto job = payload::read<control::ControlJob>(old);
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->verb, "open");
    EXPECT_EQ(job->integration_id, 2);
    EXPECT_EQ(job->target_user_id, "U0CUST");
    // `via` (the audit log's route, issue 20) and `message_ts` (the clicked post, issue 19)
    // came after this form: they read as empty and are written after the older fields, which
    // keep their text.
    EXPECT_EQ(job->via, "");
    EXPECT_EQ(job->message_ts, "");
    EXPECT_EQ(payload::write(*job),
              old.substr(0, old.size() - 1) + R"(,"via":"","message_ts":""})");
}

// Key order and absent optional keys do not matter to the reader; what a kind cannot run
// without still refuses the payload, and an enum word it does not know too.
TEST(JobPayloadCompat, ReadsKeysInAnyOrderAndRefusesWhatCannotRun) {
    auto job = payload::read<relay::MirrorBotMessage>(R"({"ts":"1.1","channel_id":4})");
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->channel_id, 4);
    EXPECT_EQ(job->ts, "1.1");
    EXPECT_TRUE(job->blocks.is_null());
    EXPECT_FALSE(payload::read<relay::MirrorBotMessage>(R"({"ts":"1.1"})"));
    EXPECT_FALSE(payload::read<files::TransferFilesJob>(
        R"({"direction":"upwards","channel_id":1,"files":[{"id":"F1"}]})"));
    EXPECT_FALSE(
        payload::read<files::TransferFilesJob>(R"({"channel_id":1,"files":[{"id":"F1"}]})"));
}

}  // namespace
}  // namespace megatron::commands
