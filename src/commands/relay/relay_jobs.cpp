#include "commands/relay/relay_jobs.hpp"

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

}  // namespace megatron::commands::relay
