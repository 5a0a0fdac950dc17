#include "commands/outreach/outreach_handlers.hpp"
#include "commands/outreach/outreach_jobs.hpp"

#include <memory>

namespace megatron::commands::outreach {

void add_outreach_handlers(jobs::HandlerRegistry& registry, storage::Database& db,
                           const Clock& clock, OutreachSettings settings) {
    auto shared = std::make_shared<const OutreachSettings>(std::move(settings));
    registry.add(kDirectMessageKind, [&db, &clock, shared] {
        return std::make_unique<DirectMessageHandler>(db, clock, *shared);
    });
    registry.add(kEphemeralNoticeKind, [&db, &clock, shared] {
        return std::make_unique<EphemeralNoticeHandler>(db, clock, *shared);
    });
    registry.add(kHelpRequestKind, [&db, &clock, shared] {
        return std::make_unique<HelpRequestHandler>(db, clock, *shared);
    });
}

}  // namespace megatron::commands::outreach
