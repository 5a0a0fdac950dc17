// scheduled.refresh_profiles: the cached profiles (names, avatars) of one customer workspace
// or one support integration that were not refreshed today are fetched again with users.info.
// Each refreshed profile is stored at once, so a retry (after a 429, say) only fetches the
// rest. A person Slack no longer knows keeps the cached profile.
#include "commands/control/people.hpp"
#include "commands/relay/channel_context.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "commands/scheduled/scheduled_jobs.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "storage/store.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <optional>

namespace megatron::commands::scheduled {
namespace {

namespace json = boost::json;

// Refreshes one profile; an outcome when the job must stop here (rate limit, Slack down).
template <class Save>
std::optional<jobs::JobOutcome> refresh_one(slack::WebApiClient& client,
                                            const slack::Credentials& credentials,
                                            const std::string& user_id, Save&& store_profile,
                                            int& refreshed) {
    auto info = slack::user_info(client, credentials, user_id);
    if (!info) {
        const auto& error = info.error();
        if (error.code == slack::SlackErrorCode::RateLimited || error.is_transient() ||
            error.outcome_unknown) {
            return outcome_for(error);
        }
        spdlog::warn("profile refresh of {} failed: {}", user_id, error.describe());
        return std::nullopt;
    }
    auto stored = store_profile(control::profile_from(*info));
    if (!stored) return relay::retry_storage(stored.error());
    ++refreshed;
    return std::nullopt;
}

}  // namespace

RefreshProfilesHandler::RefreshProfilesHandler(storage::Database& db, const Clock& clock,
                                               const ScheduledSettings& settings)
    : db_(db),
      clock_(clock),
      client_(job_client_options(settings.slack_api_url), settings.refresher) {}

jobs::JobOutcome RefreshProfilesHandler::run(const jobs::Job& job) {
    auto request = profile_refresh_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not a profile refresh"};
    storage::Store store(db_, clock_);
    int refreshed = 0;

    if (request->scope == ProfileRefresh::Scope::CustomerWorkspace) {
        auto workspace = store.workspace(request->id);
        if (!workspace) {
            if (workspace.error().kind == storage::StorageError::Kind::NotFound) {
                return skipped("gone");
            }
            return relay::retry_storage(workspace.error());
        }
        auto users = store.stale_platform_users(request->stale_before_ms);
        if (!users) return relay::retry_storage(users.error());
        slack::Credentials credentials{workspace->bot_token, workspace->platform_id};
        for (const auto& user : *users) {
            if (user.workspace_id != workspace->id) continue;
            auto stop = refresh_one(
                client_, credentials, user.profile.platform_id,
                [&](const storage::Profile& p) {
                    return store.upsert_platform_user(user.workspace_id, p);
                },
                refreshed);
            if (stop) return *stop;
        }
    } else {
        auto integration = store.integration(request->id);
        if (!integration) {
            if (integration.error().kind == storage::StorageError::Kind::NotFound) {
                return skipped("gone");
            }
            return relay::retry_storage(integration.error());
        }
        auto agents = store.stale_platform_agents(request->stale_before_ms);
        if (!agents) return relay::retry_storage(agents.error());
        slack::Credentials credentials{integration->bot_token, {}};
        for (const auto& agent : *agents) {
            if (agent.integration_id != integration->id) continue;
            auto stop = refresh_one(
                client_, credentials, agent.profile.platform_id,
                [&](const storage::Profile& p) {
                    return store.upsert_platform_agent(agent.integration_id, p);
                },
                refreshed);
            if (stop) return *stop;
        }
    }
    return jobs::outcome::Done{json::serialize(json::object{{"refreshed", refreshed}}), {}};
}

}  // namespace megatron::commands::scheduled
