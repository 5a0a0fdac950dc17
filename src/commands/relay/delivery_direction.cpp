#include "commands/relay/delivery_direction.hpp"

#include "commands/relay/relay_jobs.hpp"

namespace megatron::commands::relay {

std::optional<std::string_view> delivery_direction(std::string_view kind) {
    if (kind == kMirrorCustomerMessageKind) return "incoming";
    if (kind == kMirrorBotMessageKind) return "outgoing";
    if (kind == kRelayAgentMessageKind || kind == kLegacyRelayAgentMessageKind) return "agent";
    return std::nullopt;
}

}  // namespace megatron::commands::relay
