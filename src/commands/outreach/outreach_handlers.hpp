#pragma once
// The outreach job handlers (one per kind in outreach_jobs.hpp) and their registration.
#include "jobs/handler.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <string>

namespace megatron::commands::outreach {

struct OutreachSettings {
    std::string api_url;  // SLACK_API_URL
    // Asked for fresh customer-workspace credentials when Slack refuses a token; may be null.
    slack::CredentialRefresher* refresher = nullptr;
};

// Opens the bot's DM with the customer (conversations.open) and posts into it exactly once.
// A user Slack does not know ends the job as dead (a retry would fail the same way); the
// other recipients of a broadcast are separate jobs and are not affected.
class DirectMessageHandler final : public jobs::JobHandler {
  public:
    DirectMessageHandler(storage::Database& db, const Clock& clock,
                         const OutreachSettings& settings);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    slack::WebApiClient client_;
};

// chat.postEphemeral in the support workspace. Ephemeral messages leave no history to look
// for, so a retry after an unknown outcome may show the notice twice (it is fleeting anyway).
class EphemeralNoticeHandler final : public jobs::JobHandler {
  public:
    EphemeralNoticeHandler(storage::Database& db, const Clock& clock,
                           const OutreachSettings& settings);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    slack::WebApiClient client_;
};

// Posts the help request into the customer-service channel exactly once.
class HelpRequestHandler final : public jobs::JobHandler {
  public:
    HelpRequestHandler(storage::Database& db, const Clock& clock, const OutreachSettings& settings);
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
    slack::WebApiClient client_;
};

// Registers every outreach kind. `db` and `clock` must outlive the workers.
void add_outreach_handlers(jobs::HandlerRegistry& registry, storage::Database& db,
                           const Clock& clock, OutreachSettings settings);

}  // namespace megatron::commands::outreach
