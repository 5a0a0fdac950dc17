#pragma once
// Runs a slash command or a button click (open, close, pause, unpause, clear-context, do)
// after Slack already has its answer, and reports to the agent through the response_url.
// Failures of the bot app (timeouts, non-200 answers, bad JSON) become replies to the agent;
// they never crash or block a worker.
#include "commands/command_handler.hpp"
#include "commands/control/control_jobs.hpp"
#include "jobs/handler.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <string>

namespace megatron::commands::control {

struct ControlCommandSettings {
    std::string api_url;         // SLACK_API_URL
    std::string bot_name;        // MEGATRON_BOT_NAME: how imported bot messages are shown
    std::string channel_prefix;  // CHANNEL_PREFIX
    int imported_messages = 20;  // how much of the customer's DM `open` shows
    Secret verification_token;   // MEGATRON_VERIFICATION_TOKEN (App Commands, see requests.hpp)
    // Asked for fresh customer-workspace credentials when Slack refuses a token, and before an
    // archived channel is re-opened; may be null.
    slack::CredentialRefresher* refresher = nullptr;
    // MEGATRON_REDACT's rules for the imported history (must outlive the workers); null: cards.
    const text::Redactor* redactor = nullptr;
};

// Carries out the command and answers the agent through its response_url.
jobs::JobOutcome control_command(CommandRun<ControlJob>& run,
                                 const ControlCommandSettings& settings);

// Registers the control kind. `db` and `clock` must outlive the workers.
void add_control_handlers(jobs::HandlerRegistry& registry, storage::Database& db,
                          const Clock& clock, ControlCommandSettings settings);

}  // namespace megatron::commands::control
