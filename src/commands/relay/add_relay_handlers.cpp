#include "commands/relay/agent_relay.hpp"
#include "commands/relay/relay_handlers.hpp"
#include "commands/relay/relay_jobs.hpp"

#include <memory>

namespace megatron::commands::relay {

void add_relay_handlers(jobs::HandlerRegistry& registry, storage::Database& db, const Clock& clock,
                        RelaySettings settings) {
    auto shared = std::make_shared<const RelaySettings>(std::move(settings));
    registry.add(kMirrorCustomerMessageKind, [&db, &clock, shared] {
        return std::make_unique<MirrorCustomerMessageHandler>(db, clock, *shared);
    });
    registry.add(kMirrorBotMessageKind, [&db, &clock, shared] {
        return std::make_unique<MirrorBotMessageHandler>(db, clock, *shared);
    });
    registry.add(kUpdateMirroredMessageKind, [&db, &clock, shared] {
        return std::make_unique<UpdateMirroredMessageHandler>(db, clock, *shared);
    });
    // One DM cache for every worker's agent relay handlers (each worker builds its own
    // handlers), so a customer's DM is opened once per process, not once per worker.
    auto dms = std::make_shared<DmChannelCache>();
    for (const char* kind : {kRelayAgentMessageKind, kLegacyRelayAgentMessageKind}) {
        registry.add(kind, [&db, &clock, shared, dms] {
            return std::make_unique<RelayAgentMessageHandler>(db, clock, *shared, dms);
        });
    }
    for (const char* kind : {kRelayAgentEditKind, kLegacyRelayAgentEditKind}) {
        registry.add(kind, [&db, &clock, shared, dms] {
            return std::make_unique<RelayAgentEditHandler>(db, clock, *shared, dms);
        });
    }
    for (const char* kind : {kRelayAgentDeleteKind, kLegacyRelayAgentDeleteKind}) {
        registry.add(kind, [&db, &clock, shared, dms] {
            return std::make_unique<RelayAgentDeleteHandler>(db, clock, *shared, dms);
        });
    }
}

}  // namespace megatron::commands::relay
