#pragma once
// The outreach commands (one per kind in outreach_jobs.hpp) and their registration.
#include "commands/command_handler.hpp"
#include "commands/outreach/outreach_jobs.hpp"

#include <string>

namespace megatron::commands::outreach {

struct OutreachSettings {
    std::string api_url;  // SLACK_API_URL
    // Asked for fresh customer-workspace credentials when Slack refuses a token; may be null.
    slack::CredentialRefresher* refresher = nullptr;
    // Told of the handlers' Slack calls and App Commands (the metrics); empty: nobody.
    CallObservers observers;
};

// Opens the bot's DM with the customer (conversations.open) and posts into it exactly once.
// A user Slack does not know ends the job as dead (a retry would fail the same way); the
// other recipients of a broadcast are separate jobs and are not affected.
jobs::JobOutcome direct_message(CommandRun<DirectMessageJob>& run);

// chat.postEphemeral in the support workspace. Ephemeral messages leave no history to look
// for, so a retry after an unknown outcome may show the notice twice (it is fleeting anyway).
jobs::JobOutcome ephemeral_notice(CommandRun<EphemeralNoticeJob>& run);

// Posts the help request into the customer-service channel exactly once.
jobs::JobOutcome help_request(CommandRun<HelpRequestJob>& run);

// Registers every outreach kind. `db` and `clock` must outlive the workers.
void add_outreach_handlers(jobs::HandlerRegistry& registry, storage::Database& db,
                           const Clock& clock, OutreachSettings settings);

}  // namespace megatron::commands::outreach
