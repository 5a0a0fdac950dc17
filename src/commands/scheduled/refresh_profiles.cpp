// scheduled.refresh_profiles: the cached profiles (names, avatars) of one customer workspace
// or one support integration that were not refreshed today are fetched again with users.info.
// Each refreshed profile is stored at once, so a retry (after a 429, say) only fetches the
// rest. A person Slack no longer knows keeps the cached profile. In threads mode the parent
// message of a refreshed customer's open thread is rewritten with the new name and avatar.
#include "commands/engagement_thread.hpp"
#include "commands/profiles.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <spdlog/spdlog.h>

#include <optional>

namespace megatron::commands::scheduled {
namespace {

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
    auto stored = store_profile(profile_from(*info));
    if (!stored) return retry_storage(stored.error());
    ++refreshed;
    return std::nullopt;
}

// Threads mode: the parent of the customer's open thread shows the refreshed name and avatar.
// The update is a job on the engagement's ordering key, so it runs in order with the
// engagement's close (a parent rewritten here could otherwise undo a "Closed" written meanwhile).
storage::StorageResult<std::optional<jobs::QueueError>> queue_thread_parent(
    storage::Store& store, jobs::JobQueue& queue, const jobs::Job& job,
    const storage::CustomerWorkspace& workspace, const storage::Profile& profile) {
    auto engagement = store.find_channel_for_customer(workspace.id, profile.platform_id);
    if (!engagement) return unexpected(engagement.error());
    if (!*engagement || !(*engagement)->is_thread() || (*engagement)->is_archived) {
        return std::optional<jobs::QueueError>{};
    }
    auto id = (*engagement)->id;
    auto enqueued = queue.enqueue({kRefreshThreadParentKind, channel_ordering_key(id),
                                   job.idempotency_key + ":parent:" + std::to_string(id),
                                   payload::write(ChannelTask{id})});
    if (!enqueued) return std::optional<jobs::QueueError>{enqueued.error()};
    return std::optional<jobs::QueueError>{};
}

// A workspace or integration deleted since the job was enqueued has nothing to refresh.
jobs::JobOutcome gone_or_retry(const storage::StorageError& error) {
    if (error.kind == storage::StorageError::Kind::NotFound) return skipped("gone");
    return retry_storage(error);
}

}  // namespace

jobs::JobOutcome refresh_profiles(CommandRun<ProfileRefresh>& run, jobs::JobQueue& queue) {
    const auto& request = run.request;
    auto& store = run.store;
    int refreshed = 0;
    // The people of one owner (a workspace's customers or an integration's agents), each
    // fetched with the owner's token and stored back under the owner.
    auto refresh_all = [&](const auto& stale, const slack::Credentials& credentials, auto owner_of,
                           auto save) -> std::optional<jobs::JobOutcome> {
        if (!stale) return retry_storage(stale.error());
        for (const auto& person : *stale) {
            if (owner_of(person) != request.id) continue;
            auto stop = refresh_one(
                run.clients.slack, credentials, person.profile.platform_id,
                [&](const storage::Profile& p) { return save(owner_of(person), p); }, refreshed);
            if (stop) return stop;
        }
        return std::nullopt;
    };
    std::optional<jobs::JobOutcome> stop;
    if (request.scope == ProfileRefresh::Scope::CustomerWorkspace) {
        auto workspace = store.workspace(request.id);
        if (!workspace) return gone_or_retry(workspace.error());
        stop = refresh_all(
            store.stale_platform_users(request.stale_before_ms),
            {workspace->bot_token, workspace->platform_id},
            [](const auto& user) { return user.workspace_id; },
            [&](std::int64_t id, const auto& p) -> storage::StorageResult<bool> {
                // Stored back only while still cached: one pruned by retention or forgotten
                // since the stale list was read stays gone.
                auto stored = store.refresh_platform_user(id, p);
                if (!stored || !*stored) return stored;
                auto queued = queue_thread_parent(store, queue, run.job, *workspace, p);
                if (!queued) return unexpected(queued.error());
                // The queue refused: retried with the rest (the profile is stored already).
                if (*queued) {
                    return unexpected(storage::StorageError{
                        storage::StorageError::Kind::Unavailable, "queue: " + (*queued)->message});
                }
                return true;
            });
    } else {
        auto integration = store.integration(request.id);
        if (!integration) return gone_or_retry(integration.error());
        stop = refresh_all(
            store.stale_platform_agents(request.stale_before_ms), {integration->bot_token, {}},
            [](const auto& agent) { return agent.integration_id; },
            [&](std::int64_t id, const auto& p) { return store.upsert_platform_agent(id, p); });
    }
    if (stop) return *stop;
    return done({{"refreshed", refreshed}});
}

jobs::JobOutcome refresh_thread_parent(ChannelRun<ChannelTask>& run) {
    const auto& context = run.context;  // an archived engagement never gets here
    if (!context.channel.is_thread()) return skipped("not a thread");
    auto profile = customer_profile_or_id(run.store, run.clients.slack, context.workspace,
                                          context.channel.platform_user_id);
    auto updated =
        update_thread_parent(run.clients.slack, context.integration, context.channel,
                             thread_parent_of(context.channel, context.workspace, profile));
    if (!updated && updated.error().code == slack::SlackErrorCode::MessageNotFound) {
        return skipped("parent gone");
    }
    if (!updated) return outcome_for(updated.error());
    return done({{"updated", context.channel.thread_ts}});
}

}  // namespace megatron::commands::scheduled
