#include "commands/outreach/outreach_jobs.hpp"

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

}  // namespace megatron::commands::outreach
