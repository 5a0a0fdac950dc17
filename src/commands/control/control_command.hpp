#pragma once
// Runs a slash command or a button click (open, close, pause, unpause, clear-context, do)
// after Slack already has its answer, and reports to the agent through the response_url.
// Failures of the bot app (timeouts, non-200 answers, bad JSON) become replies to the agent;
// they never crash or block a worker.
#include "commands/control/agent_relay.hpp"
#include "http/client.hpp"
#include "jobs/handler.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

namespace megatron::commands::control {

struct ControlCommandSettings {
    ControlSettings slack;
    std::string channel_prefix;  // CHANNEL_PREFIX
    int imported_messages = 20;  // how much of the customer's DM `open` shows
    Secret verification_token;   // MEGATRON_VERIFICATION_TOKEN (App Commands, see requests.hpp)
};

class ControlCommandHandler final : public jobs::JobHandler {
  public:
    ControlCommandHandler(storage::Database& db, const Clock& clock,
                          ControlCommandSettings settings);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    ControlCommandSettings settings_;
    slack::WebApiClient client_;
    http::Client http_;  // App Commands to the bot app
};

// Registers the agent relay and control kinds. `db` and `clock` must outlive the workers.
void add_control_handlers(jobs::HandlerRegistry& registry, storage::Database& db,
                          const Clock& clock, ControlCommandSettings settings);

}  // namespace megatron::commands::control
