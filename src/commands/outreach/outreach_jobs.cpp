#include "commands/outreach/outreach_jobs.hpp"

#include "commands/job_payload.hpp"

namespace megatron::commands::outreach {

std::string dm_ordering_key(std::int64_t workspace_id, const std::string& user) {
    return "dm:" + std::to_string(workspace_id) + ":" + user;
}

bool complete(const DirectMessageJob& job) {
    return job.workspace_id != 0 && !job.user.empty();
}
bool complete(const EphemeralNoticeJob& job) {
    return job.integration_id != 0 && !job.channel.empty() && !job.user.empty();
}
bool complete(const HelpRequestJob& job) {
    return job.integration_id != 0 && !job.channel.empty() && !job.workspace_platform_id.empty() &&
           !job.user.empty();
}

std::string to_payload(const DirectMessageJob& job) {
    return payload::write(job);
}
std::string to_payload(const EphemeralNoticeJob& job) {
    return payload::write(job);
}
std::string to_payload(const HelpRequestJob& job) {
    return payload::write(job);
}

std::optional<DirectMessageJob> direct_message_from(const std::string& payload) {
    return payload::read<DirectMessageJob>(payload);
}
std::optional<EphemeralNoticeJob> ephemeral_notice_from(const std::string& payload) {
    return payload::read<EphemeralNoticeJob>(payload);
}
std::optional<HelpRequestJob> help_request_from(const std::string& payload) {
    return payload::read<HelpRequestJob>(payload);
}

}  // namespace megatron::commands::outreach
