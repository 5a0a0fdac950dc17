#include "commands/relay/relay_jobs.hpp"

#include "commands/job_payload.hpp"

namespace megatron::commands::relay {

bool complete(const MirrorCustomerMessage& job) {
    return job.channel_id != 0 && !job.user.empty() && !job.ts.empty();
}
bool complete(const MirrorBotMessage& job) {
    return job.channel_id != 0;
}
bool complete(const UpdateMirroredMessage& job) {
    return job.channel_id != 0 && !job.previous_ts.empty() && !job.ts.empty();
}
bool complete(const AgentMessageJob& job) {
    return job.channel_id != 0;
}
bool complete(const AgentReactionJob& job) {
    return job.channel_id != 0 && !job.ts.empty() && !job.reaction.empty() &&
           (job.change == kReactionAdded || job.change == kReactionRemoved);
}

std::string to_payload(const MirrorCustomerMessage& job) {
    return payload::write(job);
}
std::string to_payload(const MirrorBotMessage& job) {
    return payload::write(job);
}
std::string to_payload(const UpdateMirroredMessage& job) {
    return payload::write(job);
}
std::string to_payload(const AgentMessageJob& job) {
    return payload::write(job);
}
std::string to_payload(const AgentReactionJob& job) {
    return payload::write(job);
}

std::optional<MirrorCustomerMessage> mirror_customer_message_from(const std::string& payload) {
    return payload::read<MirrorCustomerMessage>(payload);
}
std::optional<MirrorBotMessage> mirror_bot_message_from(const std::string& payload) {
    return payload::read<MirrorBotMessage>(payload);
}
std::optional<UpdateMirroredMessage> update_mirrored_message_from(const std::string& payload) {
    return payload::read<UpdateMirroredMessage>(payload);
}
std::optional<AgentMessageJob> agent_message_from(const std::string& payload) {
    return payload::read<AgentMessageJob>(payload);
}
std::optional<AgentReactionJob> agent_reaction_from(const std::string& payload) {
    return payload::read<AgentReactionJob>(payload);
}

}  // namespace megatron::commands::relay
