#include "platforms/slack/routes/engagement_jobs.hpp"

#include "commands/channel_context.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "platforms/slack/routes/verified.hpp"

#include <spdlog/spdlog.h>

namespace megatron::slack::routes {

storage::StorageResult<std::optional<storage::Channel>> engagement_channel(
    storage::Store& store, const std::string& team_id, const std::string& channel_id) {
    auto integration = store.find_integration(storage::PlatformType::Slack, team_id);
    if (!integration) return unexpected(integration.error());
    if (!*integration) return std::optional<storage::Channel>{};
    return store.find_channel_by_platform_channel((*integration)->id, channel_id);
}

storage::StorageResult<std::optional<storage::Channel>> engagement_of(
    storage::Store& store, const std::string& team_id, const std::string& channel_id,
    const std::string& thread_ts) {
    auto integration = store.find_integration(storage::PlatformType::Slack, team_id);
    if (!integration) return unexpected(integration.error());
    if (!*integration) return std::optional<storage::Channel>{};
    if (!thread_ts.empty()) {
        auto thread = store.find_engagement_thread((*integration)->id, channel_id, thread_ts);
        if (!thread || *thread) return thread;
    }
    return store.find_channel_by_platform_channel((*integration)->id, channel_id);
}

namespace {

// The engagement a control job is about when it names its customer (a button, a shortcut):
// its jobs are ordered with the engagement's messages, and two threads' clicks in one
// support channel do not wait for each other.
storage::StorageResult<std::optional<storage::Channel>> engagement_of_target(
    storage::Store& store, const commands::control::ControlJob& job) {
    if (job.target_workspace_id.empty() || job.target_user_id.empty()) {
        return std::optional<storage::Channel>{};
    }
    auto workspace = store.find_workspace(storage::PlatformType::Slack, job.target_workspace_id);
    if (!workspace) return unexpected(workspace.error());
    if (!*workspace) return std::optional<storage::Channel>{};
    return store.find_channel_for_customer((*workspace)->id, job.target_user_id);
}

}  // namespace

IntakeAnswer enqueue_control(SlackRouteContext& context, const std::string& team_id,
                             commands::control::ControlJob job,
                             const std::string& idempotency_key) {
    auto integration = context.store.find_integration(storage::PlatformType::Slack, team_id);
    if (!integration) return IntakeAnswer::failed("storage_unavailable");
    if (!*integration) {
        return IntakeAnswer::ephemeral("This workspace is not connected to Megatron.");
    }
    job.integration_id = (*integration)->id;
    auto channel = context.store.find_channel_by_platform_channel(job.integration_id, job.channel);
    if (!channel) return IntakeAnswer::failed("storage_unavailable");
    if (!*channel) channel = engagement_of_target(context.store, job);
    if (!channel) return IntakeAnswer::failed("storage_unavailable");
    auto ordering = *channel ? commands::engagement_ordering_key(**channel)
                             : "slack-command:" + team_id + ":" + job.channel;
    auto enqueued = context.queue.enqueue({commands::control::kControlCommandKind, ordering,
                                           idempotency_key, commands::payload::write(job)});
    if (!enqueued) {
        spdlog::error("cannot enqueue a Slack command: {}", enqueued.error().message);
        return IntakeAnswer::ephemeral(
            "Megatron cannot take commands right now; please try again.");
    }
    return IntakeAnswer::acknowledged();
}

}  // namespace megatron::slack::routes
