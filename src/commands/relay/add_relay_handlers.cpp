#include "commands/relay/agent_relay.hpp"
#include "commands/relay/relay_handlers.hpp"

#include <memory>

namespace megatron::commands::relay {

void add_relay_handlers(jobs::HandlerRegistry& registry, storage::Database& db, const Clock& clock,
                        RelaySettings settings) {
    auto shared = std::make_shared<const RelaySettings>(std::move(settings));
    // One cache of channel contexts and profiles for every relay handler of the process.
    const CommandDeps deps{db,
                           clock,
                           shared->api_url,
                           shared->refresher,
                           shared->redactor,
                           shared->observers,
                           std::make_shared<ContextCache>()};
    add_channel_command(registry, kMirrorCustomerMessageKind, deps,
                        PayloadReader<MirrorCustomerMessage>{"a customer message"},
                        mirror_customer_message);
    add_channel_command(registry, kMirrorBotMessageKind, deps,
                        PayloadReader<MirrorBotMessage>{"a bot message"},
                        [shared](auto& run) { return mirror_bot_message(run, *shared); });
    add_channel_command(registry, kUpdateMirroredMessageKind, deps,
                        PayloadReader<UpdateMirroredMessage>{"an edit"}, update_mirrored_message);

    // One DM cache for every worker's agent relay handlers (each worker builds its own
    // handlers), so a customer's DM is opened once per process, not once per worker. The
    // kinds' older names run the same commands.
    auto dms = std::make_shared<DmChannelCache>();
    const PayloadReader<AgentMessageJob> agent_message{"an agent message"};
    for (const char* kind : {kRelayAgentMessageKind, kLegacyRelayAgentMessageKind}) {
        add_channel_command(
            registry, kind, deps, agent_message,
            [shared, dms](auto& run) { return relay_agent_message(run, *dms, *shared); },
            delivery_mark_hooks(shared, true));
    }
    for (const char* kind : {kRelayAgentEditKind, kLegacyRelayAgentEditKind}) {
        add_channel_command(
            registry, kind, deps, agent_message,
            [shared, dms](auto& run) { return relay_agent_edit(run, *dms, *shared); },
            delivery_mark_hooks(shared, true));
    }
    add_channel_command(registry, kRelayAgentReactionKind, deps,
                        PayloadReader<AgentReactionJob>{"an agent's reaction"},
                        [dms](auto& run) { return relay_agent_reaction(run, *dms); });
    for (const char* kind : {kRelayAgentDeleteKind, kLegacyRelayAgentDeleteKind}) {
        add_channel_command(
            registry, kind, deps, agent_message,
            [shared, dms](auto& run) { return relay_agent_delete(run, *dms, *shared); },
            delivery_mark_hooks(shared, false));
    }
}

}  // namespace megatron::commands::relay
