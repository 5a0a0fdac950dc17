#pragma once
// The relay's job handlers (one per kind in relay_jobs.hpp) and their registration.
#include "jobs/handler.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <string>

namespace megatron::commands::relay {

struct RelaySettings {
    std::string api_url;       // SLACK_API_URL
    std::string bot_name;      // MEGATRON_BOT_NAME: how the bot's replies are shown
    std::string bot_icon_url;  // MEGATRON_BOT_ICON_URL
    // Asked for fresh customer-workspace credentials when Slack refuses a token; may be null.
    slack::CredentialRefresher* refresher = nullptr;
};

// Posts a customer's message into the engagement channel under the customer's display name
// and avatar (profile fetched with users.info and cached), exactly once; records the ts
// mapping and the channel's last activity together with the job's completion.
class MirrorCustomerMessageHandler final : public jobs::JobHandler {
  public:
    MirrorCustomerMessageHandler(storage::Database& db, const Clock& clock,
                                 const RelaySettings& settings);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    slack::WebApiClient client_;
};

// Posts the bot's reply (card data masked) into the engagement channel as the bot.
class MirrorBotMessageHandler final : public jobs::JobHandler {
  public:
    MirrorBotMessageHandler(storage::Database& db, const Clock& clock,
                            const RelaySettings& settings);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    RelaySettings settings_;
    slack::WebApiClient client_;
};

// A customer's edit: chat.update of the mirrored copy, and the mapping moved to the new ts.
class UpdateMirroredMessageHandler final : public jobs::JobHandler {
  public:
    UpdateMirroredMessageHandler(storage::Database& db, const Clock& clock,
                                 const RelaySettings& settings);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    slack::WebApiClient client_;
};

// Registers every relay kind. `db` and `clock` must outlive the workers.
void add_relay_handlers(jobs::HandlerRegistry& registry, storage::Database& db, const Clock& clock,
                        RelaySettings settings);

}  // namespace megatron::commands::relay
