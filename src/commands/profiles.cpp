#include "commands/profiles.hpp"

#include "platforms/slack/connection/methods.hpp"

namespace megatron::commands {

storage::Profile profile_from(const slack::UserProfile& user) {
    storage::Profile profile;
    profile.platform_id = user.id;
    profile.username = user.name.empty() ? user.id : user.name;
    if (!user.display_name.empty()) profile.display_name = user.display_name;
    if (!user.real_name.empty()) profile.real_name = user.real_name;
    profile.profile_image = user.image_72;
    return profile;
}

std::string agent_name(storage::Store& store, slack::WebApiClient& client,
                       const storage::Integration& integration, const std::string& agent_id) {
    auto cached = store.find_platform_agent(integration.id, agent_id);
    if (cached && *cached) return (*cached)->profile.best_name();
    auto info = slack::user_info(client, {integration.bot_token, {}}, agent_id);
    if (!info) return agent_id;
    auto profile = profile_from(*info);
    (void)store.upsert_platform_agent(integration.id, profile);  // only a cache
    return profile.best_name();
}

storage::Profile customer_profile(storage::Store& store, slack::WebApiClient& client,
                                  const storage::CustomerWorkspace& workspace,
                                  const std::string& user_id) {
    auto cached = store.find_platform_user(workspace.id, user_id);
    if (cached && *cached) return (*cached)->profile;
    auto info = slack::user_info(client, {workspace.bot_token, workspace.platform_id}, user_id);
    if (!info) {
        storage::Profile fallback;
        fallback.platform_id = user_id;
        fallback.username = user_id;
        return fallback;
    }
    auto profile = profile_from(*info);
    (void)store.upsert_platform_user(workspace.id, profile);  // only a cache
    return profile;
}

}  // namespace megatron::commands
