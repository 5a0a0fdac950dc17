#pragma once
// Agent -> customer: an agent's message in an engagement channel is posted into the
// customer's DM with the bot (customer workspace token) with a "sent by <agent>" footer, and
// the ts pair recorded with the job's completion so edits and deletions can follow.
#include "commands/control/dm_channel_cache.hpp"
#include "jobs/handler.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace megatron::commands::control {

struct ControlSettings {
    std::string api_url;  // SLACK_API_URL
    std::string bot_name;
    std::chrono::milliseconds not_paused_warning_every{std::chrono::hours(1)};
    // Asked for fresh customer-workspace credentials when Slack refuses a token; may be null.
    slack::CredentialRefresher* refresher = nullptr;
};

// Posts the agent's message to the customer; while the bot is not paused, also warns the
// channel (with a Pause button) at most once per `not_paused_warning_every`.
class RelayAgentMessageHandler final : public jobs::JobHandler {
  public:
    RelayAgentMessageHandler(storage::Database& db, const Clock& clock, ControlSettings settings,
                             std::shared_ptr<DmChannelCache> dms);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    ControlSettings settings_;
    slack::WebApiClient client_;
    std::shared_ptr<DmChannelCache> dms_;  // shared by every worker's handlers
};

// An agent's edit: chat.update of the customer's copy.
class RelayAgentEditHandler final : public jobs::JobHandler {
  public:
    RelayAgentEditHandler(storage::Database& db, const Clock& clock, ControlSettings settings,
                          std::shared_ptr<DmChannelCache> dms);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    slack::WebApiClient client_;
    std::shared_ptr<DmChannelCache> dms_;  // shared by every worker's handlers
};

// An agent's deletion: chat.delete of the customer's copy.
class RelayAgentDeleteHandler final : public jobs::JobHandler {
  public:
    RelayAgentDeleteHandler(storage::Database& db, const Clock& clock, ControlSettings settings,
                            std::shared_ptr<DmChannelCache> dms);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    slack::WebApiClient client_;
    std::shared_ptr<DmChannelCache> dms_;  // shared by every worker's handlers
};

}  // namespace megatron::commands::control
