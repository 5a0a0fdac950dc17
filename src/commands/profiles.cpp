#include "commands/profiles.hpp"

#include "commands/channel_context.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"

namespace megatron::commands {
namespace {

// Who a person is when nothing more is known: their user id as the name.
storage::Profile id_only_profile(const std::string& user_id) {
    storage::Profile profile;
    profile.platform_id = user_id;
    profile.username = user_id;
    return profile;
}

}  // namespace

storage::Profile profile_from(const slack::UserProfile& user) {
    storage::Profile profile;
    profile.platform_id = user.id;
    profile.username = user.name.empty() ? user.id : user.name;
    if (!user.display_name.empty()) profile.display_name = user.display_name;
    if (!user.real_name.empty()) profile.real_name = user.real_name;
    profile.profile_image = !user.image_72.empty() ? user.image_72 : user.image_48;
    return profile;
}

std::string agent_name(storage::Store& store, slack::WebApiClient& client,
                       const storage::Integration& integration, const std::string& agent_id,
                       CachedAt at) {
    using Person = ContextCache::Person;
    if (at.cache != nullptr) {
        if (auto kept = at.cache->profile(at.generation, Person::Agent, integration.id, agent_id)) {
            return kept->best_name();
        }
    }
    auto cached = store.find_platform_agent(integration.id, agent_id);
    if (cached && *cached) {
        if (at.cache != nullptr) {
            at.cache->keep(at.generation, Person::Agent, integration.id, (*cached)->profile);
        }
        return (*cached)->profile.best_name();
    }
    auto info = slack::user_info(client, {integration.bot_token, {}}, agent_id);
    if (!info) return agent_id;
    auto profile = profile_from(*info);
    (void)store.upsert_platform_agent(integration.id, profile);  // only a cache
    return profile.best_name();
}

Expected<storage::Profile, jobs::JobOutcome> customer_profile(
    storage::Store& store, slack::WebApiClient& client, const storage::CustomerWorkspace& workspace,
    const std::string& user_id, CachedAt at) {
    using Person = ContextCache::Person;
    if (at.cache != nullptr) {
        if (auto kept = at.cache->profile(at.generation, Person::Customer, workspace.id, user_id)) {
            return std::move(*kept);
        }
    }
    auto cached = store.find_platform_user(workspace.id, user_id);
    if (!cached) return unexpected(retry_storage(cached.error()));
    if (*cached) {
        if (at.cache != nullptr) {
            at.cache->keep(at.generation, Person::Customer, workspace.id, (*cached)->profile);
        }
        return (*cached)->profile;
    }

    auto fetched = slack::user_info(client, {workspace.bot_token, workspace.platform_id}, user_id);
    if (!fetched) {
        if (fetched.error().code != slack::SlackErrorCode::UserNotFound) {
            return unexpected(outcome_for(fetched.error()));
        }
        return id_only_profile(user_id);
    }
    auto profile = profile_from(*fetched);
    auto stored = store.upsert_platform_user(workspace.id, profile);
    if (!stored) return unexpected(retry_storage(stored.error()));
    return profile;
}

storage::Profile customer_profile_or_id(storage::Store& store, slack::WebApiClient& client,
                                        const storage::CustomerWorkspace& workspace,
                                        const std::string& user_id) {
    return customer_profile(store, client, workspace, user_id).value_or(id_only_profile(user_id));
}

}  // namespace megatron::commands
