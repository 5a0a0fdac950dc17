#include "commands/outreach/outreach_handlers.hpp"

namespace megatron::commands::outreach {

void add_outreach_handlers(jobs::HandlerRegistry& registry, storage::Database& db,
                           const Clock& clock, OutreachSettings settings) {
    const CommandDeps deps{.db = db,
                           .clock = clock,
                           .slack_api_url = settings.api_url,
                           .refresher = settings.refresher,
                           .observers = settings.observers};
    add_command(registry, kDirectMessageKind, deps,
                PayloadReader<DirectMessageJob>{"a direct message"}, direct_message);
    add_command(registry, kEphemeralNoticeKind, deps,
                PayloadReader<EphemeralNoticeJob>{"an ephemeral notice"}, ephemeral_notice);
    add_command(registry, kHelpRequestKind, deps, PayloadReader<HelpRequestJob>{"a help request"},
                help_request);
}

}  // namespace megatron::commands::outreach
