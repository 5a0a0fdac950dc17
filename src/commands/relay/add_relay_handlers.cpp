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
}

}  // namespace megatron::commands::relay
