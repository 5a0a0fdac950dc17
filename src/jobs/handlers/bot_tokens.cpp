#include "jobs/handlers/bot_tokens.hpp"

#include "storage/store.hpp"

namespace megatron::jobs {

storage::StorageResult<std::optional<Secret>> StoredBotTokens::bot_token(
    const std::string& team_id) {
    storage::Store store(db_);
    auto workspace = store.find_workspace(storage::PlatformType::Slack, team_id);
    if (!workspace) return unexpected(workspace.error());
    if (*workspace) return std::optional<Secret>{(*workspace)->bot_token};
    auto integration = store.find_integration(storage::PlatformType::Slack, team_id);
    if (!integration) return unexpected(integration.error());
    if (*integration) return std::optional<Secret>{(*integration)->bot_token};
    return std::optional<Secret>{};
}

}  // namespace megatron::jobs
